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
