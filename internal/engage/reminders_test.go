package engage

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
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
