package engage

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/notify"
	"github.com/ssmcontacts/ssmcontacts/internal/rotation"
)

func TestDecideReminders(t *testing.T) {
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	at := func(h, m int) time.Time { return now.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	shift := func(start, end time.Time, members ...string) contacts.Shift {
		return contacts.Shift{Start: start, End: end, Members: members, Type: rotation.Regular}
	}
	ptr := func(t time.Time) *time.Time { return &t }
	for _, tc := range []struct {
		name   string
		shifts []contacts.Shift
		lead   time.Duration
		want   reminderDecision
	}{
		{"nothing ahead: run again at the horizon", nil, 30 * time.Minute,
			reminderDecision{Next: ptr(now.Add(reminderHorizon))}},
		{"due exactly now", []contacts.Shift{shift(at(0, 30), at(8, 0), "a")}, 30 * time.Minute,
			reminderDecision{Send: []reminderDue{{shift(at(0, 30), at(8, 0), "a"), "a"}}, Next: ptr(now.Add(reminderHorizon))}},
		{"inside the lead (a run that came late or after a change)", []contacts.Shift{shift(at(0, 10), at(8, 0), "a", "b")}, 30 * time.Minute,
			reminderDecision{Send: []reminderDue{{shift(at(0, 10), at(8, 0), "a", "b"), "a"}, {shift(at(0, 10), at(8, 0), "a", "b"), "b"}}, Next: ptr(now.Add(reminderHorizon))}},
		{"started already: no late reminder", []contacts.Shift{shift(at(-1, 0), at(1, 0), "a"), shift(at(1, 0), at(9, 0), "b")}, 30 * time.Minute,
			reminderDecision{Next: ptr(at(0, 30))}},
		{"the earliest reminder ahead is next", []contacts.Shift{shift(at(3, 0), at(4, 0), "a"), shift(at(4, 0), at(5, 0), "b")}, 2 * time.Hour,
			reminderDecision{Next: ptr(at(1, 0))}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := decideReminders(tc.shifts, tc.lead, now)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestReminderText(t *testing.T) {
	r := &contacts.Rotation{Name: "payments", Current: contacts.RotationSettings{TimeZoneID: "Europe/London"}}
	// 1 April is in British Summer Time: 08:00 UTC is 09:00 in London.
	s := contacts.Shift{Start: time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC), End: time.Date(2026, 4, 1, 16, 0, 0, 0, time.UTC), Type: rotation.Regular}
	_, body := reminderText(r, s)
	if want := "You are on call for payments from 09:00 to 17:00 Europe/London on Wed 1 Apr 2026."; body != want {
		t.Errorf("body %q, want %q", body, want)
	}
}

// The worker, left to itself on a clock that moves by itself, sends a
// shift reminder on time through the member's activated EMAIL channel
// (not the SMS one), and records it once.
func TestShiftReminderGoesOutOnTimeOnAClockThatMovesByItself(t *testing.T) {
	f := newFixture(t)
	fast := clock.NewScaled(t0, 60) // a minute a second
	sender := timedSends{clock: fast, sent: make(chan notify.Message, 4), at: make(chan time.Time, 4)}
	f.engine = f.newEngine(sender, func(c *Config) { c.Clock = fast })
	alice := f.contact("alice", contacts.Personal)
	bob := f.contact("bob", contacts.Personal)
	f.channel("bob", contacts.SMS, "+12065550100", true)
	f.channel("bob", contacts.Email, "bob@example.com", true)
	// Daily hand-offs at 09:02 UTC: bob's shift starts at t0+2m, so his
	// reminder (1m ahead) is due at t0+1m.
	start := time.Date(2026, 1, 4, 9, 2, 0, 0, time.UTC)
	rot := &contacts.Rotation{Scope: scope, ID: "r1", Name: "payments", CreatedAt: t0, UpdatedAt: t0, Current: contacts.RotationSettings{
		ContactIDs: []string{alice, bob}, StartTime: &start, TimeZoneID: "UTC", From: t0,
		Recurrence: contacts.Recurrence{DailySettings: []contacts.HandOffTime{{HourOfDay: 9, MinuteOfHour: 2}}, NumberOfOnCalls: 1, RecurrenceMultiplier: 1},
	}}
	f.write(func(tx contacts.Tx) error {
		if err := tx.RotationInsert(f.ctx, rot); err != nil {
			return err
		}
		if err := tx.TagsReplace(f.ctx, scope, rot.ARN(), []contacts.Tag{{Key: contacts.ShiftReminderTag, Value: "1m"}}); err != nil {
			return err
		}
		return contacts.ScheduleReminders(f.ctx, tx, scope, rot.ID, t0)
	})
	ctx, stop := context.WithCancel(f.ctx)
	done := make(chan error, 1)
	go func() { done <- f.engine.Run(ctx) }()
	defer func() { stop(); <-done }()

	const slack = 30 * time.Second // half a second of the test's time
	select {
	case m := <-sender.sent:
		at := <-sender.at
		if due := t0.Add(time.Minute); at.Before(due) || at.Sub(due) > slack {
			t.Errorf("the reminder went out at %v, want %v", at, due)
		}
		if m.Kind != notify.KindReminder || m.Address != "bob@example.com" || m.Code != "" {
			t.Errorf("reminder %+v: want a REMINDER to bob's email", m)
		}
		if want := "You are on call for payments from 09:02 Mon 5 Jan to 09:02 Tue 6 Jan 2026 UTC."; m.Body != want {
			t.Errorf("body %q, want %q", m.Body, want)
		}
	case <-f.ctx.Done():
		t.Fatal("the reminder never went out")
	}
	// The run that recorded it set the rotation's timer at the next
	// reminder, tomorrow's, in the same transaction.
	if got, want := slices.DeleteFunc(f.timers(), func(s string) bool { return strings.HasPrefix(s, "DELIVER@") }), []string{"SHIFT_REMINDERS@24h1m0s"}; !slices.Equal(got, want) {
		t.Errorf("timers %v, want %v", got, want)
	}
	select {
	case m := <-sender.sent:
		t.Errorf("a second message: %+v", m)
	default:
	}
}
