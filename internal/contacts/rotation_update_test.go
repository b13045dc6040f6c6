package contacts_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// cutAt is what an update at instant at does to the shifts listed before
// it: the shift in progress ends at the update, earlier ones are kept
// exactly and later ones are gone.
func cutAt(shifts []contacts.Shift, at time.Time) []contacts.Shift {
	var out []contacts.Shift
	for _, s := range shifts {
		if !s.Start.Before(at) {
			break
		}
		if s.End.After(at) {
			s.End = at
		}
		out = append(out, s)
	}
	return out
}

// startAt is the other half: shifts from instant at on, the one in
// progress starting at at.
func startAt(shifts []contacts.Shift, at time.Time) []contacts.Shift {
	var out []contacts.Shift
	for _, s := range shifts {
		if !s.End.After(at) {
			continue
		}
		if s.Start.Before(at) {
			s.Start = at
		}
		out = append(out, s)
	}
	return out
}

// preview lists the shifts settings would give from start, with members
// named by their ARNs, over [from, to).
func (f *rotationFixture) preview(t *testing.T, start time.Time, members []string, zone string, r contacts.Recurrence, from, to time.Time) []contacts.Shift {
	t.Helper()
	max := contacts.MaxPageSize
	got, next, err := f.svc.ListPreviewRotationShifts(context.Background(), f.scope, contacts.PreviewInput{
		RotationStartTime: &start, Members: members, TimeZoneID: zone, Recurrence: r,
		ShiftsInput: contacts.ShiftsInput{StartTime: &from, EndTime: to, MaxResults: &max},
	})
	if err != nil || next != "" {
		t.Fatalf("ListPreviewRotationShifts: %v (token %q)", err, next)
	}
	return got
}

func TestUpdateRotationKeepsPastShifts(t *testing.T) {
	f := newRotationFixture(t)
	ctx := context.Background()
	people := f.people(t, "akuam", "bokang", "chen", "dmitri")
	start := rotationEpoch
	arn := f.rotation(t, daily("primary", 9, 0, &start, people[:3]...))
	f.override(t, arn, onDay(1, 3*time.Hour), onDay(1, 5*time.Hour), people[2])
	f.clock.Set(onDay(3, 3*time.Hour)) // Thursday 12:00
	now := f.clock.Now()
	before := f.shifts(t, arn, rotationEpoch, onDay(10, 0))

	next := contacts.Recurrence{
		DailySettings:   []contacts.HandOffTime{{HourOfDay: 18}},
		NumberOfOnCalls: 2, RecurrenceMultiplier: 1,
	}
	reordered := []string{people[2], people[1], people[0], people[3]}
	tokyo := "Asia/Tokyo"
	if err := f.svc.UpdateRotation(ctx, f.scope, contacts.UpdateRotationInput{
		RotationID: arn, ContactIDs: reordered, TimeZoneID: &tokyo, Recurrence: next,
	}); err != nil {
		t.Fatal(err)
	}
	after := f.shifts(t, arn, rotationEpoch, onDay(10, 0))

	// Up to the update, the shifts are those listed before it.
	if diff := cmp.Diff(shiftRows(cutAt(before, now)), shiftRows(cutAt(after, now))); diff != "" {
		t.Errorf("shifts before the update changed (-before +after):\n%s", diff)
	}
	// From the update on, they are those of the new settings, counted
	// from the rotation's own start.
	want := startAt(f.preview(t, start, reordered, tokyo, next, now, onDay(10, 0)), now)
	if diff := cmp.Diff(shiftRows(want), shiftRows(startAt(after, now))); diff != "" {
		t.Errorf("shifts after the update (-preview of the new settings +got):\n%s", diff)
	}

	r, err := f.svc.GetRotation(ctx, f.scope, arn)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(next, r.Current.Recurrence); diff != "" {
		t.Errorf("GetRotation recurrence (-want +got):\n%s", diff)
	}
	if r.Current.TimeZoneID != tokyo || !cmp.Equal(r.Current.ContactIDs, reordered) || !r.Current.StartTime.Equal(start) {
		t.Errorf("GetRotation after update = %+v", r.Current)
	}
}

// TestUpdateRotationWithoutStartTime: a rotation created without a
// StartTime went into effect when it was created, and an update that
// gives none keeps it so: the rotation carries on rather than starting
// over from its first member.
func TestUpdateRotationWithoutStartTime(t *testing.T) {
	f := newRotationFixture(t)
	ctx := context.Background()
	people := f.people(t, "akuam", "bokang", "chen", "dmitri")
	arn := f.rotation(t, daily("primary", 9, 0, nil, people[:3]...))
	f.clock.Set(onDay(2, 3*time.Hour)) // Wednesday 12:00, chen's shift
	if err := f.svc.UpdateRotation(ctx, f.scope, contacts.UpdateRotationInput{
		RotationID: arn, ContactIDs: people, Recurrence: daily("", 9, 0, nil).Recurrence,
	}); err != nil {
		t.Fatal(err)
	}
	want := []shiftRow{
		{"Mon 01-05 09:00", "Tue 01-06 09:00", "REGULAR", "akuam", ""},
		{"Tue 01-06 09:00", "Wed 01-07 09:00", "REGULAR", "bokang", ""},
		{"Wed 01-07 09:00", "Wed 01-07 12:00", "REGULAR", "chen", ""},
		{"Wed 01-07 12:00", "Thu 01-08 09:00", "REGULAR", "chen", ""},
		{"Thu 01-08 09:00", "Fri 01-09 09:00", "REGULAR", "dmitri", ""},
		{"Fri 01-09 09:00", "Sat 01-10 09:00", "REGULAR", "akuam", ""},
	}
	if diff := cmp.Diff(want, shiftRows(f.shifts(t, arn, rotationEpoch, onDay(4, 12*time.Hour)))); diff != "" {
		t.Errorf("shifts (-want +got):\n%s", diff)
	}
	r, err := f.svc.GetRotation(ctx, f.scope, arn)
	if err != nil {
		t.Fatal(err)
	}
	if r.Current.StartTime != nil {
		t.Errorf("StartTime = %v after an update without one, want none", r.Current.StartTime)
	}

	// An update that gives a StartTime restarts the count there.
	restart := onDay(3, 12*time.Hour) // Thursday 21:00
	f.clock.Set(onDay(3, 0))
	if err := f.svc.UpdateRotation(ctx, f.scope, contacts.UpdateRotationInput{
		RotationID: arn, StartTime: &restart, Recurrence: daily("", 9, 0, nil).Recurrence,
	}); err != nil {
		t.Fatal(err)
	}
	want = []shiftRow{
		{"Wed 01-07 12:00", "Thu 01-08 09:00", "REGULAR", "chen", ""},
		// Nobody between the update and the new start.
		{"Thu 01-08 21:00", "Fri 01-09 09:00", "REGULAR", "akuam", ""},
		{"Fri 01-09 09:00", "Sat 01-10 09:00", "REGULAR", "bokang", ""},
	}
	if diff := cmp.Diff(want, shiftRows(f.shifts(t, arn, onDay(2, 4*time.Hour), onDay(4, 12*time.Hour)))); diff != "" {
		t.Errorf("shifts after a restart (-want +got):\n%s", diff)
	}
}

func TestUpdateRotationOverrides(t *testing.T) {
	f := newRotationFixture(t)
	ctx := context.Background()
	people := f.people(t, "akuam", "bokang", "chen")
	a, b, c := people[0], people[1], people[2]
	arn := f.rotation(t, daily("primary", 9, 0, nil, people...))
	type override struct {
		name       string
		start, end time.Time
		members    []string
		want       *time.Time // its end after the update; nil: deleted
	}
	update := onDay(2, 3*time.Hour) // Wednesday 12:00
	h := func(d int, hour int) time.Time { return onDay(d, time.Duration(hour-9)*time.Hour) }
	overrides := []override{
		{"ended, naming a leaver", h(0, 10), h(0, 11), []string{b}, instant(h(0, 11))},
		{"in progress, naming a leaver", h(2, 10), h(2, 14), []string{b}, &update},
		{"in progress, members only", h(2, 11), h(2, 13), []string{c}, instant(h(2, 13))},
		{"ahead, naming a leaver", h(3, 10), h(3, 11), []string{b}, nil},
		{"ahead, naming a leaver among members", h(3, 12), h(3, 13), []string{a, b}, nil},
		{"ahead, members only", h(3, 14), h(3, 15), []string{c, a}, instant(h(3, 15))},
		{"ahead, nobody", h(4, 10), h(4, 11), []string{}, instant(h(4, 11))},
		{"starting at the update, naming a leaver", update, h(2, 15), []string{b}, nil},
	}
	ids := make([]string, len(overrides))
	for i, o := range overrides {
		ids[i] = f.override(t, arn, o.start, o.end, o.members...)
	}
	f.clock.Set(update)
	before := f.shifts(t, arn, rotationEpoch, onDay(6, 0))
	if err := f.svc.UpdateRotation(ctx, f.scope, contacts.UpdateRotationInput{
		RotationID: arn, ContactIDs: []string{a, c}, Recurrence: daily("", 9, 0, nil).Recurrence,
	}); err != nil {
		t.Fatal(err)
	}
	for i, o := range overrides {
		_, got, err := f.svc.GetRotationOverride(ctx, f.scope, arn, ids[i])
		if o.want == nil {
			wantError(t, o.name, err, contacts.KindNotFound, ids[i])
			continue
		}
		if err != nil {
			t.Errorf("%s: %v, want it kept", o.name, err)
			continue
		}
		want := &contacts.Override{Scope: f.scope, RotationID: got.RotationID, ID: ids[i], NewContactIDs: o.members,
			Start: o.start, End: *o.want, CreatedAt: rotationEpoch}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", o.name, diff)
		}
	}
	// What was on call before the update, overrides included, still was.
	after := f.shifts(t, arn, rotationEpoch, onDay(6, 0))
	if diff := cmp.Diff(shiftRows(cutAt(before, update)), shiftRows(cutAt(after, update))); diff != "" {
		t.Errorf("shifts before the update changed (-before +after):\n%s", diff)
	}
	// The new members count from the rotation's start too: shift 2
	// (Wednesday) is akuam's now.
	wantAfter := []shiftRow{
		{"Wed 01-07 12:00", "Wed 01-07 13:00", "OVERRIDDEN", "chen", "akuam"},
		{"Wed 01-07 13:00", "Thu 01-08 09:00", "REGULAR", "akuam", ""},
		{"Thu 01-08 09:00", "Thu 01-08 14:00", "REGULAR", "chen", ""},
		{"Thu 01-08 14:00", "Thu 01-08 15:00", "OVERRIDDEN", "chen akuam", "chen"},
		{"Thu 01-08 15:00", "Fri 01-09 09:00", "REGULAR", "chen", ""},
		{"Fri 01-09 09:00", "Fri 01-09 10:00", "REGULAR", "akuam", ""},
		{"Fri 01-09 10:00", "Fri 01-09 11:00", "OVERRIDDEN", "", "akuam"},
		{"Fri 01-09 11:00", "Sat 01-10 09:00", "REGULAR", "akuam", ""},
	}
	if diff := cmp.Diff(wantAfter, shiftRows(startAt(f.shifts(t, arn, update, onDay(5, 0)), update))); diff != "" {
		t.Errorf("shifts from the update on (-want +got):\n%s", diff)
	}
}

// TestUpdateRotationTwiceInOneInstant: the second of two updates made in
// the same instant replaces the first, which never governed any time.
func TestUpdateRotationTwiceInOneInstant(t *testing.T) {
	f := newRotationFixture(t)
	ctx := context.Background()
	people := f.people(t, "akuam", "bokang")
	arn := f.rotation(t, daily("primary", 9, 0, nil, people...))
	f.clock.Set(onDay(1, 3*time.Hour))
	for _, hh := range []int{18, 21} {
		if err := f.svc.UpdateRotation(ctx, f.scope, contacts.UpdateRotationInput{RotationID: arn, Recurrence: daily("", hh, 0, nil).Recurrence}); err != nil {
			t.Fatal(err)
		}
	}
	r, err := f.svc.GetRotation(ctx, f.scope, arn)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Past) != 1 || r.Current.Recurrence.DailySettings[0].HourOfDay != 21 {
		t.Errorf("history = %d earlier versions, current hand-off %v; want 1 and 21:00", len(r.Past), r.Current.Recurrence.DailySettings)
	}
	want := []shiftRow{
		{"Mon 01-05 09:00", "Tue 01-06 09:00", "REGULAR", "akuam", ""},
		{"Tue 01-06 09:00", "Tue 01-06 12:00", "REGULAR", "bokang", ""},
		{"Tue 01-06 12:00", "Tue 01-06 21:00", "REGULAR", "bokang", ""},
		{"Tue 01-06 21:00", "Wed 01-07 21:00", "REGULAR", "akuam", ""},
	}
	if diff := cmp.Diff(want, shiftRows(f.shifts(t, arn, rotationEpoch, onDay(2, 0)))); diff != "" {
		t.Errorf("shifts (-want +got):\n%s", diff)
	}
}

// TestUpdateRotationAfterTheClockWentBack: settings that would govern
// only from a later instant than an update (the clock was set back, as
// the controllable clock allows and a stepped system clock does) never
// governed anything yet; the update replaces them instead of making a
// history out of order, which no shift could be computed from.
func TestUpdateRotationAfterTheClockWentBack(t *testing.T) {
	f := newRotationFixture(t)
	ctx := context.Background()
	arn := f.rotation(t, daily("primary", 9, 0, nil, f.people(t, "akuam", "bokang")...))
	update := func(at time.Time, hh int) {
		t.Helper()
		f.clock.Set(at)
		if err := f.svc.UpdateRotation(ctx, f.scope, contacts.UpdateRotationInput{RotationID: arn, Recurrence: daily("", hh, 0, nil).Recurrence}); err != nil {
			t.Fatal(err)
		}
	}
	update(onDay(1, 3*time.Hour), 18) // Tuesday 12:00
	update(onDay(1, time.Hour), 21)   // Tuesday 10:00: the 18:00 settings never applied
	want := []shiftRow{
		{"Mon 01-05 09:00", "Tue 01-06 09:00", "REGULAR", "akuam", ""},
		{"Tue 01-06 09:00", "Tue 01-06 10:00", "REGULAR", "bokang", ""},
		{"Tue 01-06 10:00", "Tue 01-06 21:00", "REGULAR", "bokang", ""},
		{"Tue 01-06 21:00", "Wed 01-07 21:00", "REGULAR", "akuam", ""},
	}
	if diff := cmp.Diff(want, shiftRows(f.shifts(t, arn, rotationEpoch, onDay(2, 0)))); diff != "" {
		t.Errorf("shifts (-want +got):\n%s", diff)
	}

	// Back before the creation: the first settings are replaced in place.
	update(rotationEpoch.Add(-time.Hour), 12)
	want = []shiftRow{
		{"Mon 01-05 09:00", "Mon 01-05 12:00", "REGULAR", "akuam", ""},
		{"Mon 01-05 12:00", "Tue 01-06 12:00", "REGULAR", "bokang", ""},
	}
	if diff := cmp.Diff(want, shiftRows(f.shifts(t, arn, rotationEpoch, onDay(0, 12*time.Hour)))); diff != "" {
		t.Errorf("shifts after an update before the creation (-want +got):\n%s", diff)
	}
	r, err := f.svc.GetRotation(ctx, f.scope, arn)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Past) != 0 || !r.Current.From.Equal(rotationEpoch) {
		t.Errorf("history = %d versions, current from %v; want none and the creation", len(r.Past), r.Current.From)
	}
}
