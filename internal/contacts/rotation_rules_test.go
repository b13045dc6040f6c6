package contacts_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

func TestCreateRotationRules(t *testing.T) {
	f := newRotationFixture(t)
	ctx := context.Background()
	people := f.people(t, "akuam", "bokang")
	a, b := people[0], people[1]
	escalation := f.contactIn(t, f.scope, "escalate", contacts.Escalation)
	schedule := f.contactIn(t, f.scope, "oncall", contacts.OnCallSchedule)
	theirs := f.contactIn(t, contacts.Scope{Account: "111122223333", Region: "us-east-2"}, "akuam", contacts.Personal)
	otherRegion := f.contactIn(t, contacts.Scope{Account: f.scope.Account, Region: "eu-west-1"}, "akuam", contacts.Personal)
	var thirty []string
	for i := range 31 {
		thirty = append(thirty, f.people(t, fmt.Sprintf("member%02d", i))...)
	}
	hhmm := func(h, m int) *contacts.HandOffTime { return &contacts.HandOffTime{HourOfDay: h, MinuteOfHour: m} }
	coverage := func(day string, from, to *contacts.HandOffTime) func(*contacts.CreateRotationInput) {
		return func(in *contacts.CreateRotationInput) {
			in.Recurrence.ShiftCoverages = map[string][]contacts.CoverageTime{day: {{Start: from, End: to}}}
		}
	}
	zone := func(z string) func(*contacts.CreateRotationInput) {
		return func(in *contacts.CreateRotationInput) { in.TimeZoneID = z }
	}
	members := func(ids ...string) func(*contacts.CreateRotationInput) {
		return func(in *contacts.CreateRotationInput) { in.ContactIDs = ids }
	}
	tests := []struct {
		name     string
		change   func(*contacts.CreateRotationInput)
		kind     contacts.Kind // KindInternal: accepted
		fragment string
	}{
		{"a member does not exist", members(a, f.scope.ContactARN("ghost")), contacts.KindNotFound, f.scope.ContactARN("ghost")},
		{"a member of another account", members(a, theirs), contacts.KindNotFound, theirs},
		{"a member of another region", members(otherRegion), contacts.KindNotFound, otherRegion},
		{"a member that is not an ARN", members("akuam"), contacts.KindNotFound, "akuam"},
		{"an escalation plan as a member", members(a, escalation), contacts.KindValidation, "PERSONAL"},
		{"an on-call schedule as a member", members(schedule), contacts.KindValidation, "PERSONAL"},
		{"no members", members(), contacts.KindValidation, "between 1 and 30"},
		{"31 members", members(thirty...), contacts.KindValidation, "between 1 and 30"},
		{"30 members", members(thirty[:30]...), 0, ""},
		{"a member twice", members(a, b, a), contacts.KindValidation, "more than once"},

		{"no hand-off settings", func(in *contacts.CreateRotationInput) { in.Recurrence.DailySettings = nil }, contacts.KindValidation, "Exactly one of"},
		{"empty hand-off lists", func(in *contacts.CreateRotationInput) {
			in.Recurrence.DailySettings, in.Recurrence.WeeklySettings = []contacts.HandOffTime{}, []contacts.WeeklySetting{}
		}, contacts.KindValidation, "Exactly one of"},
		{"daily and weekly", func(in *contacts.CreateRotationInput) {
			in.Recurrence.WeeklySettings = []contacts.WeeklySetting{{DayOfWeek: "MON", HandOffTime: *hhmm(9, 0)}}
		}, contacts.KindValidation, "Exactly one of"},
		{"daily and monthly", func(in *contacts.CreateRotationInput) {
			in.Recurrence.MonthlySettings = []contacts.MonthlySetting{{DayOfMonth: 1, HandOffTime: *hhmm(9, 0)}}
		}, contacts.KindValidation, "Exactly one of"},
		{"weekly only", func(in *contacts.CreateRotationInput) {
			in.Recurrence.DailySettings = nil
			in.Recurrence.WeeklySettings = []contacts.WeeklySetting{{DayOfWeek: "SUN", HandOffTime: *hhmm(23, 59)}}
		}, 0, ""},
		{"monthly on the 31st only", func(in *contacts.CreateRotationInput) {
			in.Recurrence.DailySettings = nil
			in.Recurrence.MonthlySettings = []contacts.MonthlySetting{{DayOfMonth: 31, HandOffTime: *hhmm(0, 0)}}
		}, 0, ""},
		{"a day of the week that is not one", func(in *contacts.CreateRotationInput) {
			in.Recurrence.DailySettings = nil
			in.Recurrence.WeeklySettings = []contacts.WeeklySetting{{DayOfWeek: "MONDAY", HandOffTime: *hhmm(9, 0)}}
		}, contacts.KindValidation, "MONDAY"},
		{"day of month 32", func(in *contacts.CreateRotationInput) {
			in.Recurrence.DailySettings = nil
			in.Recurrence.MonthlySettings = []contacts.MonthlySetting{{DayOfMonth: 32, HandOffTime: *hhmm(9, 0)}}
		}, contacts.KindValidation, "DayOfMonth"},
		{"hour 24", func(in *contacts.CreateRotationInput) {
			in.Recurrence.DailySettings = []contacts.HandOffTime{*hhmm(24, 0)}
		}, contacts.KindValidation, "24:00"},
		{"minute 60", func(in *contacts.CreateRotationInput) {
			in.Recurrence.DailySettings = []contacts.HandOffTime{*hhmm(9, 60)}
		}, contacts.KindValidation, "09:60"},
		{"nobody on call", func(in *contacts.CreateRotationInput) { in.Recurrence.NumberOfOnCalls = 0 }, contacts.KindValidation, "NumberOfOnCalls"},
		{"more on call than members", func(in *contacts.CreateRotationInput) { in.Recurrence.NumberOfOnCalls = 3 }, contacts.KindValidation, "NumberOfOnCalls"},
		{"everybody on call", func(in *contacts.CreateRotationInput) { in.Recurrence.NumberOfOnCalls = 2 }, 0, ""},
		{"multiplier 0", func(in *contacts.CreateRotationInput) { in.Recurrence.RecurrenceMultiplier = 0 }, contacts.KindValidation, "RecurrenceMultiplier"},
		{"multiplier 101", func(in *contacts.CreateRotationInput) { in.Recurrence.RecurrenceMultiplier = 101 }, contacts.KindValidation, "RecurrenceMultiplier"},
		{"multiplier 100", func(in *contacts.CreateRotationInput) { in.Recurrence.RecurrenceMultiplier = 100 }, 0, ""},

		{"an empty time zone", zone(""), contacts.KindValidation, "TimeZoneId"},
		{"the machine's Local zone", zone("Local"), contacts.KindValidation, `"Local"`},
		{"an abbreviation", zone("PST"), contacts.KindValidation, `"PST"`},
		{"an unknown zone", zone("America/Gotham"), contacts.KindValidation, "America/Gotham"},
		{"a path", zone("../../etc/passwd"), contacts.KindValidation, "TimeZoneId"},
		{"UTC", zone("UTC"), 0, ""},
		{"Asia/Seoul", zone("Asia/Seoul"), 0, ""},
		{"a three-part zone", zone("America/Argentina/Buenos_Aires"), 0, ""},

		{"coverage of 29 minutes", coverage("MON", hhmm(9, 0), hhmm(9, 29)), contacts.KindValidation, "shorter than 30 minutes"},
		{"coverage of 29 minutes across midnight", coverage("FRI", hhmm(23, 50), hhmm(0, 19)), contacts.KindValidation, "shorter than 30 minutes"},
		{"coverage of 30 minutes", coverage("MON", hhmm(9, 0), hhmm(9, 30)), 0, ""},
		{"coverage across midnight", coverage("SAT", hhmm(22, 0), hhmm(6, 0)), 0, ""},
		{"coverage without an end", coverage("MON", hhmm(9, 0), nil), contacts.KindValidation, "Start and an End"},
		{"coverage without a start", coverage("MON", nil, hhmm(9, 0)), contacts.KindValidation, "Start and an End"},
		{"coverage on a day that is not one", coverage("FUNDAY", hhmm(9, 0), hhmm(17, 0)), contacts.KindValidation, "FUNDAY"},
		{"coverage ending at 24:00", coverage("MON", hhmm(9, 0), hhmm(24, 0)), contacts.KindValidation, "24:00"},
	}
	var accepted []string
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := daily(tc.name, 9, 0, nil, a, b)
			tc.change(&in)
			arn, err := f.svc.CreateRotation(ctx, f.scope, in)
			if tc.kind == 0 {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				accepted = append(accepted, arn)
				return
			}
			wantError(t, "CreateRotation", err, tc.kind, tc.fragment)
		})
	}
	// A rejected request stores nothing.
	list, _, err := f.svc.ListRotations(ctx, f.scope, contacts.ListRotationsInput{})
	if err != nil {
		t.Fatal(err)
	}
	var stored []string
	for _, r := range list {
		stored = append(stored, r.ARN())
	}
	slices.Sort(stored)
	slices.Sort(accepted)
	if diff := cmp.Diff(accepted, stored); diff != "" {
		t.Errorf("stored rotations are not the accepted ones (-want +got):\n%s", diff)
	}
}

func TestUpdateRotationRules(t *testing.T) {
	f := newRotationFixture(t)
	ctx := context.Background()
	people := f.people(t, "akuam", "bokang")
	escalation := f.contactIn(t, f.scope, "escalate", contacts.Escalation)
	arn := f.rotation(t, daily("primary", 9, 0, nil, people...))
	before, err := f.svc.GetRotation(ctx, f.scope, arn)
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Hour)
	zone := func(z string) *string { return &z }
	rec := before.Current.Recurrence
	tests := []struct {
		name     string
		in       contacts.UpdateRotationInput
		kind     contacts.Kind
		fragment string
	}{
		{"an unknown rotation", contacts.UpdateRotationInput{RotationID: f.scope.RotationARN("00000000-0000-0000-0000-000000000000"), Recurrence: rec},
			contacts.KindNotFound, "00000000-0000-0000-0000-000000000000"},
		{"a rotation of another account", contacts.UpdateRotationInput{RotationID: contacts.Scope{Account: "111122223333", Region: "us-east-2"}.RotationARN(before.ID), Recurrence: rec},
			contacts.KindNotFound, "111122223333"},
		{"a member that does not exist", contacts.UpdateRotationInput{RotationID: arn, ContactIDs: []string{f.scope.ContactARN("ghost")}, Recurrence: rec},
			contacts.KindNotFound, "ghost"},
		{"an escalation plan as a member", contacts.UpdateRotationInput{RotationID: arn, ContactIDs: []string{escalation}, Recurrence: rec},
			contacts.KindValidation, "PERSONAL"},
		{"a zone that is not one", contacts.UpdateRotationInput{RotationID: arn, TimeZoneID: zone("Local"), Recurrence: rec},
			contacts.KindValidation, "TimeZoneId"},
		{"no recurrence", contacts.UpdateRotationInput{RotationID: arn},
			contacts.KindValidation, "Exactly one of"},
		{"more on call than the new members", contacts.UpdateRotationInput{RotationID: arn, ContactIDs: people[:1],
			Recurrence: contacts.Recurrence{DailySettings: rec.DailySettings, NumberOfOnCalls: 2, RecurrenceMultiplier: 1}},
			contacts.KindValidation, "NumberOfOnCalls"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, "UpdateRotation", f.svc.UpdateRotation(ctx, f.scope, tc.in), tc.kind, tc.fragment)
		})
	}
	after, err := f.svc.GetRotation(ctx, f.scope, arn)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("rejected updates changed the rotation (-before +after):\n%s", diff)
	}
}

func TestCreateRotationOverrideRules(t *testing.T) {
	f := newRotationFixture(t)
	ctx := context.Background()
	people := f.people(t, "akuam", "bokang", "chen")
	outsider := f.people(t, "dmitri")[0]
	arn := f.rotation(t, daily("primary", 9, 0, nil, people...))
	other := contacts.Scope{Account: "111122223333", Region: "us-east-2"}
	now := f.clock.Now()
	horizon := now.AddDate(0, 6, 0)
	tests := []struct {
		name       string
		rotation   string
		members    []string
		start, end time.Time
		kind       contacts.Kind // KindInternal: accepted
		fragment   string
	}{
		{"29 minutes", arn, people[:1], now, now.Add(29 * time.Minute), contacts.KindValidation, "at least 30 minutes"},
		{"30 minutes", arn, people[:1], now, now.Add(30 * time.Minute), 0, ""},
		{"ending before it starts", arn, people[:1], now.Add(time.Hour), now, contacts.KindValidation, "before its end"},
		{"ending as it starts", arn, people[:1], now, now, contacts.KindValidation, "before its end"},
		{"starting six months ahead", arn, people[:1], horizon, horizon.Add(time.Hour), 0, ""},
		{"starting later than six months ahead", arn, people[:1], horizon.Add(time.Millisecond), horizon.Add(time.Hour), contacts.KindValidation, "6 months"},
		{"in the past", arn, people[:1], now.AddDate(0, -1, 0), now.AddDate(0, -1, 1), 0, ""},
		{"someone outside the rotation", arn, []string{people[0], outsider}, now, now.Add(time.Hour), contacts.KindValidation, outsider},
		{"someone twice", arn, []string{people[1], people[1]}, now, now.Add(time.Hour), contacts.KindValidation, "more than once"},
		{"nobody", arn, []string{}, now, now.Add(time.Hour), 0, ""},
		{"all three", arn, people, now, now.Add(time.Hour), 0, ""},
		{"an unknown rotation", f.scope.RotationARN("00000000-0000-0000-0000-000000000000"), people[:1], now, now.Add(time.Hour), contacts.KindNotFound, "00000000"},
		{"through another account", other.RotationARN(arn[len(arn)-36:]), people[:1], now, now.Add(time.Hour), contacts.KindNotFound, "111122223333"},
	}
	var accepted []string
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id, err := f.svc.CreateRotationOverride(ctx, f.scope, contacts.CreateRotationOverrideInput{
				RotationID: tc.rotation, NewContactIDs: tc.members, Start: tc.start, End: tc.end,
			})
			if tc.kind == 0 {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				accepted = append(accepted, id)
				return
			}
			wantError(t, "CreateRotationOverride", err, tc.kind, tc.fragment)
		})
	}
	_, list, _, err := f.svc.ListRotationOverrides(ctx, f.scope, arn, now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0), nil, "")
	if err != nil {
		t.Fatal(err)
	}
	var stored []string
	for _, o := range list {
		stored = append(stored, o.ID)
	}
	slices.Sort(stored)
	slices.Sort(accepted)
	if diff := cmp.Diff(accepted, stored); diff != "" {
		t.Errorf("stored overrides are not the accepted ones (-want +got):\n%s", diff)
	}
}

func TestCreateRotationOverrideIdempotency(t *testing.T) {
	f := newRotationFixture(t)
	ctx := context.Background()
	people := f.people(t, "akuam", "bokang")
	arn := f.rotation(t, daily("primary", 9, 0, nil, people...))
	in := contacts.CreateRotationOverrideInput{RotationID: arn, NewContactIDs: people[1:], Start: onDay(1, 0), End: onDay(1, time.Hour), IdempotencyToken: "retry-1"}
	first, err := f.svc.CreateRotationOverride(ctx, f.scope, in)
	if err != nil {
		t.Fatal(err)
	}
	again, err := f.svc.CreateRotationOverride(ctx, f.scope, in)
	if err != nil || again != first {
		t.Errorf("retry with the same token = %q, %v; want %q", again, err, first)
	}
	in.End = onDay(1, 2*time.Hour)
	_, err = f.svc.CreateRotationOverride(ctx, f.scope, in)
	wantError(t, "same token, other input", err, contacts.KindConflict, "retry-1")
	_, list, _, err := f.svc.ListRotationOverrides(ctx, f.scope, arn, onDay(0, 0), onDay(2, 0), nil, "")
	if err != nil || len(list) != 1 {
		t.Errorf("overrides after retries: %d, %v; want 1", len(list), err)
	}
}

func TestDeleteContactThatIsARotationMember(t *testing.T) {
	f := newRotationFixture(t)
	ctx := context.Background()
	people := f.people(t, "akuam", "bokang", "chen")
	first := f.rotation(t, daily("first", 9, 0, nil, people[0], people[1]))
	second := f.rotation(t, daily("second", 9, 0, nil, people[1], people[2]))

	err := f.svc.DeleteContact(ctx, f.scope, people[1])
	wantError(t, "DeleteContact of a member of two rotations", err, contacts.KindConflict, "")
	if e, ok := err.(*contacts.Error); ok {
		if e.ResourceID != people[1] || e.ResourceType != contacts.ResourceContact {
			t.Errorf("conflict names %s %s, want %s %s", e.ResourceType, e.ResourceID, contacts.ResourceContact, people[1])
		}
		if len(e.DependentEntities) != 1 {
			t.Fatalf("DependentEntities = %+v, want one entry", e.DependentEntities)
		}
		dep := e.DependentEntities[0]
		got := slices.Sorted(slices.Values(dep.DependentResourceIDs))
		want := slices.Sorted(slices.Values([]string{first, second}))
		if dep.RelationType != contacts.RelationRotationMember || !slices.Equal(got, want) {
			t.Errorf("DependentEntities = %+v, want %s of %v", dep, contacts.RelationRotationMember, want)
		}
	}
	if _, err := f.svc.GetContact(ctx, f.scope, people[1]); err != nil {
		t.Errorf("the refused delete removed the contact: %v", err)
	}

	// Out of one rotation, still in the other.
	if err := f.svc.UpdateRotation(ctx, f.scope, contacts.UpdateRotationInput{
		RotationID: first, ContactIDs: people[:1], Recurrence: daily("", 9, 0, nil).Recurrence,
	}); err != nil {
		t.Fatal(err)
	}
	err = f.svc.DeleteContact(ctx, f.scope, people[1])
	if e, ok := err.(*contacts.Error); !ok || len(e.DependentEntities) != 1 || !slices.Equal(e.DependentEntities[0].DependentResourceIDs, []string{second}) {
		t.Errorf("after leaving %s: err = %v, want a conflict naming only %s", first, err, second)
	}

	// Out of both: the contact can go, though the first rotation's past
	// shifts still name it.
	if err := f.svc.DeleteRotation(ctx, f.scope, second); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.DeleteContact(ctx, f.scope, people[1]); err != nil {
		t.Errorf("DeleteContact of a former member: %v", err)
	}
	// A contact in no rotation was never in question.
	if err := f.svc.DeleteContact(ctx, f.scope, people[2]); err != nil {
		t.Errorf("DeleteContact of a contact in no rotation: %v", err)
	}
}

func TestDeleteRotation(t *testing.T) {
	f := newRotationFixture(t)
	ctx := context.Background()
	people := f.people(t, "akuam", "bokang")
	gone := f.rotation(t, daily("gone", 9, 0, nil, people...))
	kept := f.rotation(t, daily("kept", 21, 0, nil, people...))
	both := f.schedule(t, "both", gone, kept)
	only := f.schedule(t, "only", gone)
	untouched := f.schedule(t, "untouched", kept)
	if err := f.svc.TagResource(ctx, f.scope, gone, []contacts.Tag{{Key: "team", Value: "sre"}}); err != nil {
		t.Fatal(err)
	}
	override := f.override(t, gone, onDay(1, 0), onDay(1, time.Hour), people[1])

	f.clock.Advance(time.Minute)
	if err := f.svc.DeleteRotation(ctx, f.scope, gone); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		schedule string
		want     []string
		updated  bool
	}{
		{both, []string{kept}, true},
		{only, []string{}, true},
		{untouched, []string{kept}, false},
	} {
		c, err := f.svc.GetContact(ctx, f.scope, tc.schedule)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, c.Plan.RotationIDs); diff != "" {
			t.Errorf("%s RotationIds (-want +got):\n%s", c.Alias, diff)
		}
		if got := c.UpdatedAt.Equal(f.clock.Now()); got != tc.updated {
			t.Errorf("%s UpdatedAt = %v, touched = %v, want %v", c.Alias, c.UpdatedAt, got, tc.updated)
		}
	}
	_, err := f.svc.GetRotation(ctx, f.scope, gone)
	wantError(t, "GetRotation after delete", err, contacts.KindNotFound, gone)
	_, _, err = f.svc.GetRotationOverride(ctx, f.scope, gone, override)
	wantError(t, "GetRotationOverride after delete", err, contacts.KindNotFound, gone)
	_, err = f.svc.ListTagsForResource(ctx, f.scope, gone)
	wantError(t, "ListTagsForResource after delete", err, contacts.KindNotFound, gone)
	wantError(t, "second DeleteRotation", f.svc.DeleteRotation(ctx, f.scope, gone), contacts.KindNotFound, gone)
	// Nobody is on call through the deleted rotation any more.
	if got := f.onCall(t, only, onDay(2, time.Hour)); len(got) != 0 {
		t.Errorf("on call through a deleted rotation: %v", got)
	}
}

func TestOnCallScheduleRotationIDs(t *testing.T) {
	f := newRotationFixture(t)
	ctx := context.Background()
	people := f.people(t, "akuam")
	var rotations []string
	for i := range 9 {
		rotations = append(rotations, f.rotation(t, daily(fmt.Sprintf("r%d", i), 9, 0, nil, people...)))
	}
	theirs := contacts.Scope{Account: "111122223333", Region: "us-east-2"}
	tests := []struct {
		name     string
		plan     contacts.Plan
		kind     contacts.Kind // KindInternal: accepted
		fragment string
	}{
		{"eight rotations", contacts.Plan{RotationIDs: rotations[:8]}, 0, ""},
		{"nine rotations", contacts.Plan{RotationIDs: rotations}, contacts.KindValidation, "at most 8"},
		{"no rotations", contacts.Plan{RotationIDs: []string{}}, 0, ""},
		{"a rotation that does not exist", contacts.Plan{RotationIDs: []string{rotations[0], f.scope.RotationARN("00000000-0000-0000-0000-000000000000")}},
			contacts.KindValidation, "00000000-0000-0000-0000-000000000000"},
		{"a rotation of another account", contacts.Plan{RotationIDs: []string{theirs.RotationARN(rotations[0][len(rotations[0])-36:])}},
			contacts.KindValidation, "111122223333"},
		{"a contact instead of a rotation", contacts.Plan{RotationIDs: people}, contacts.KindValidation, people[0]},
		{"a rotation twice", contacts.Plan{RotationIDs: []string{rotations[1], rotations[1]}}, contacts.KindValidation, "twice"},
		{"stages", contacts.Plan{RotationIDs: rotations[:1], Stages: []contacts.Stage{{DurationInMinutes: 5}}}, contacts.KindValidation, "stages"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			alias := fmt.Sprintf("schedule%d", i)
			_, err := f.svc.CreateContact(ctx, f.scope, contacts.CreateContactInput{Alias: alias, Type: contacts.OnCallSchedule, Plan: tc.plan})
			if tc.kind == 0 {
				if err != nil {
					t.Fatalf("CreateContact rejected: %v", err)
				}
			} else {
				wantError(t, "CreateContact", err, tc.kind, tc.fragment)
			}
			// UpdateContact applies the same rules to an existing schedule.
			existing := f.schedule(t, "u"+alias, rotations[0])
			err = f.svc.UpdateContact(ctx, f.scope, contacts.UpdateContactInput{ContactID: existing, Plan: &tc.plan})
			if tc.kind == 0 {
				if err != nil {
					t.Fatalf("UpdateContact rejected: %v", err)
				}
			} else {
				wantError(t, "UpdateContact", err, tc.kind, tc.fragment)
			}
		})
	}
	// Rotations belong to on-call schedules only.
	_, err := f.svc.CreateContact(ctx, f.scope, contacts.CreateContactInput{Alias: "person", Type: contacts.Personal,
		Plan: contacts.Plan{Stages: []contacts.Stage{}, RotationIDs: rotations[:1]}})
	wantError(t, "a personal contact with rotations", err, contacts.KindValidation, "ONCALL_SCHEDULE")
}
