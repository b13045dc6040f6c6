package contacts_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/rotation"
)

func TestRotationWithoutStartTimeStartsAtCreation(t *testing.T) {
	f := newRotationFixture(t)
	f.clock.Advance(30 * time.Minute) // created between two hand-offs
	arn := f.rotation(t, daily("primary", 9, 0, nil, f.people(t, "akuam", "bokang")...))
	r, err := f.svc.GetRotation(context.Background(), f.scope, arn)
	if err != nil {
		t.Fatal(err)
	}
	if r.Current.StartTime != nil {
		t.Errorf("StartTime = %v, want none: none was given", r.Current.StartTime)
	}
	want := []shiftRow{
		{"Mon 01-05 09:30", "Tue 01-06 09:00", "REGULAR", "akuam", ""},
		{"Tue 01-06 09:00", "Wed 01-07 09:00", "REGULAR", "bokang", ""},
		{"Wed 01-07 09:00", "Thu 01-08 09:00", "REGULAR", "akuam", ""},
	}
	if diff := cmp.Diff(want, shiftRows(f.shifts(t, arn, rotationEpoch, onDay(2, 12*time.Hour)))); diff != "" {
		t.Errorf("shifts (-want +got):\n%s", diff)
	}
}

// TestOverlappingOverridesNewestWins creates overlapping overrides in one
// instant with ids that sort against their creation order: the one
// created last must still win where they overlap.
func TestOverlappingOverridesNewestWins(t *testing.T) {
	n := 0
	f := newRotationFixtureWith(t, func(c *contacts.Config) {
		c.NewID = func() string { n++; return fmt.Sprintf("%08d-0000-4000-8000-000000000000", 99999999-n) }
	})
	people := f.people(t, "akuam", "bokang", "chen")
	arn := f.rotation(t, daily("primary", 9, 0, nil, people...))
	f.override(t, arn, onDay(0, time.Hour), onDay(0, 3*time.Hour), people[1])
	f.override(t, arn, onDay(0, 2*time.Hour), onDay(0, 4*time.Hour), people[2])
	want := []shiftRow{
		{"Mon 01-05 09:00", "Mon 01-05 10:00", "REGULAR", "akuam", ""},
		{"Mon 01-05 10:00", "Mon 01-05 11:00", "OVERRIDDEN", "bokang", "akuam"},
		{"Mon 01-05 11:00", "Mon 01-05 13:00", "OVERRIDDEN", "chen", "akuam"},
		{"Mon 01-05 13:00", "Tue 01-06 09:00", "REGULAR", "akuam", ""},
	}
	if diff := cmp.Diff(want, shiftRows(f.shifts(t, arn, rotationEpoch, onDay(0, 5*time.Hour)))); diff != "" {
		t.Errorf("shifts (-want +got):\n%s", diff)
	}
}

func TestListRotationShiftsWindow(t *testing.T) {
	f := newRotationFixture(t)
	ctx := context.Background()
	arn := f.rotation(t, daily("primary", 9, 0, nil, f.people(t, "akuam", "bokang")...))
	f.clock.Set(onDay(2, 3*time.Hour))
	from := rotationEpoch
	tests := []struct {
		name     string
		rotation string
		in       contacts.ShiftsInput
		kind     contacts.Kind // KindInternal: accepted
		fragment string
	}{
		{"366 days", arn, contacts.ShiftsInput{StartTime: &from, EndTime: from.Add(rotation.MaxWindow)}, 0, ""},
		{"366 days and a millisecond", arn, contacts.ShiftsInput{StartTime: &from, EndTime: from.Add(rotation.MaxWindow + time.Millisecond)},
			contacts.KindValidation, "366 days"},
		{"ending as it starts", arn, contacts.ShiftsInput{StartTime: &from, EndTime: from}, contacts.KindValidation, "EndTime"},
		{"ending before it starts", arn, contacts.ShiftsInput{StartTime: &from, EndTime: from.Add(-time.Hour)}, contacts.KindValidation, "EndTime"},
		{"from now, ending before now", arn, contacts.ShiftsInput{EndTime: f.clock.Now().Add(-time.Minute)}, contacts.KindValidation, "EndTime"},
		{"from now, over the maximum", arn, contacts.ShiftsInput{EndTime: f.clock.Now().Add(rotation.MaxWindow + time.Millisecond)}, contacts.KindValidation, "366 days"},
		{"an unknown rotation", f.scope.RotationARN("00000000-0000-0000-0000-000000000000"), contacts.ShiftsInput{StartTime: &from, EndTime: from.Add(time.Hour)},
			contacts.KindNotFound, "00000000-0000-0000-0000-000000000000"},
		{"a forged token", arn, contacts.ShiftsInput{StartTime: &from, EndTime: from.Add(time.Hour), NextToken: "eyJhIjoiMCJ9AAAAAAAAAAAAAAAAAAAAAA"},
			contacts.KindValidation, "pagination token"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := f.svc.ListRotationShifts(ctx, f.scope, tc.rotation, tc.in)
			if tc.kind == 0 {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			wantError(t, "ListRotationShifts", err, tc.kind, tc.fragment)
		})
	}

	// Without a StartTime the window starts now, and the shift in
	// progress is listed whole.
	got, _, err := f.svc.ListRotationShifts(ctx, f.scope, arn, contacts.ShiftsInput{EndTime: f.clock.Now().Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	want := []shiftRow{{"Wed 01-07 09:00", "Thu 01-08 09:00", "REGULAR", "akuam", ""}}
	if diff := cmp.Diff(want, shiftRows(got)); diff != "" {
		t.Errorf("shifts from now (-want +got):\n%s", diff)
	}
}

func TestListRotationShiftsPages(t *testing.T) {
	f := newRotationFixture(t)
	ctx := context.Background()
	arn := f.rotation(t, daily("primary", 9, 0, nil, f.people(t, "akuam", "bokang", "chen")...))
	other := f.rotation(t, daily("other", 9, 0, nil, f.people(t, "dmitri")...))
	from, to := rotationEpoch, onDay(5, 0)
	whole, next, err := f.svc.ListRotationShifts(ctx, f.scope, arn, contacts.ShiftsInput{StartTime: &from, EndTime: to})
	if err != nil || next != "" || len(whole) != 5 {
		t.Fatalf("one call: %d shifts, token %q, %v; want 5 shifts and no token", len(whole), next, err)
	}
	two := 2
	var pages [][]contacts.Shift
	in := contacts.ShiftsInput{StartTime: &from, EndTime: to, MaxResults: &two}
	for {
		page, next, err := f.svc.ListRotationShifts(ctx, f.scope, arn, in)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, page)
		if next == "" {
			break
		}
		// A token belongs to its rotation and window.
		_, _, err = f.svc.ListRotationShifts(ctx, f.scope, other, contacts.ShiftsInput{StartTime: &from, EndTime: to, NextToken: next})
		wantError(t, "a token on another rotation", err, contacts.KindValidation, "pagination token")
		_, _, err = f.svc.ListRotationShifts(ctx, f.scope, arn, contacts.ShiftsInput{StartTime: &from, EndTime: to.Add(time.Hour), NextToken: next})
		wantError(t, "a token with another EndTime", err, contacts.KindValidation, "pagination token")
		in.NextToken = next
	}
	if got := []int{len(pages[0]), len(pages[1]), len(pages[2])}; len(pages) != 3 || !slices.Equal(got, []int{2, 2, 1}) {
		t.Errorf("page sizes = %v (%d pages), want [2 2 1]", got, len(pages))
	}
	if diff := cmp.Diff(shiftRows(whole), shiftRows(slices.Concat(pages...))); diff != "" {
		t.Errorf("pages joined differ from one call (-want +got):\n%s", diff)
	}
}

// TestOnCallResolverAgreesWithShifts walks a week in 15-minute steps: the
// engine's "who is on call" for an on-call schedule must be, at every
// step, the members of the shift each of its rotations lists around that
// instant, in the schedule's rotation order, each person once.
func TestOnCallResolverAgreesWithShifts(t *testing.T) {
	f := newRotationFixture(t)
	people := f.people(t, "akuam", "bokang", "chen", "dmitri")
	a, b, c, d := people[0], people[1], people[2], people[3]
	weekdays := map[string][]contacts.CoverageTime{}
	for _, day := range []string{"MON", "TUE", "WED", "THU", "FRI"} {
		weekdays[day] = []contacts.CoverageTime{{Start: &contacts.HandOffTime{HourOfDay: 8}, End: &contacts.HandOffTime{HourOfDay: 18}}}
	}
	nights := map[string][]contacts.CoverageTime{}
	for _, day := range []string{"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"} {
		nights[day] = []contacts.CoverageTime{{Start: &contacts.HandOffTime{HourOfDay: 17}, End: &contacts.HandOffTime{HourOfDay: 9}}}
	}
	days := f.rotation(t, contacts.CreateRotationInput{
		Name: "days", ContactIDs: []string{a, b, c}, TimeZoneID: "America/New_York",
		Recurrence: contacts.Recurrence{
			WeeklySettings: []contacts.WeeklySetting{
				{DayOfWeek: "THU", HandOffTime: contacts.HandOffTime{HourOfDay: 17, MinuteOfHour: 30}},
				{DayOfWeek: "MON", HandOffTime: contacts.HandOffTime{HourOfDay: 9}},
			},
			NumberOfOnCalls: 2, RecurrenceMultiplier: 1, ShiftCoverages: weekdays,
		},
	})
	nightsRotation := f.rotation(t, contacts.CreateRotationInput{
		Name: "nights", ContactIDs: []string{c, d}, TimeZoneID: "Europe/London",
		Recurrence: contacts.Recurrence{
			DailySettings:   []contacts.HandOffTime{{HourOfDay: 20}},
			NumberOfOnCalls: 1, RecurrenceMultiplier: 1, ShiftCoverages: nights,
		},
	})
	f.override(t, days, onDay(2, 5*time.Hour), onDay(2, 7*time.Hour), a)
	f.override(t, nightsRotation, onDay(3, 10*time.Hour), onDay(3, 11*time.Hour))
	schedule := f.schedule(t, "follow-the-sun", days, nightsRotation)

	from, to := rotationEpoch, onDay(8, 0)
	shifts := [][]contacts.Shift{f.shifts(t, days, from, to), f.shifts(t, nightsRotation, from, to)}
	sizes := map[int]int{}
	for x := from; x.Before(to); x = x.Add(15 * time.Minute) {
		want := []string{}
		for _, list := range shifts {
			for _, s := range list {
				if !x.Before(s.Start) && x.Before(s.End) {
					for _, m := range s.Members {
						if !slices.Contains(want, m) {
							want = append(want, m)
						}
					}
				}
			}
		}
		got := f.onCall(t, schedule, x)
		if diff := cmp.Diff(aliasesOf(want), aliasesOf(prefixAll(f.scope, got))); diff != "" {
			t.Fatalf("on call at %v (-shifts +resolver):\n%s", x, diff)
		}
		sizes[len(want)]++
	}
	// The walk must have seen gaps, one, two and three people on call.
	for n := range 4 {
		if sizes[n] == 0 {
			t.Errorf("no instant with %d people on call: the walk proves less than it should (%v)", n, sizes)
		}
	}
}

func prefixAll(sc contacts.Scope, aliases []string) []string {
	out := make([]string, len(aliases))
	for i, a := range aliases {
		out[i] = sc.ContactARN(a)
	}
	return out
}
