package e2e

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/google/go-cmp/cmp"
)

// newPagedPerson creates a personal contact with an activated email
// channel (activated with the code from the outbox) and a plan that pages
// it twice, five minutes apart: stages 0 and 1.
func newPagedPerson(t *testing.T, s *server, c *ssmcontacts.Client, alias string) string {
	t.Helper()
	arn := newPerson(t, c, alias)
	ch, err := c.CreateContactChannel(ctx(t), &ssmcontacts.CreateContactChannelInput{ContactId: &arn, Name: aws.String("email"),
		Type: types.ChannelTypeEmail, DeliveryAddress: &types.ContactChannelAddress{SimpleAddress: aws.String(alias + "@example.com")}})
	if err != nil {
		t.Fatalf("CreateContactChannel %s: %v", alias, err)
	}
	if _, err := c.ActivateContactChannel(ctx(t), &ssmcontacts.ActivateContactChannelInput{ContactChannelId: ch.ContactChannelArn,
		ActivationCode: aws.String(s.lastCode(aws.ToString(ch.ContactChannelArn)))}); err != nil {
		t.Fatalf("ActivateContactChannel %s: %v", alias, err)
	}
	stage := types.Stage{DurationInMinutes: aws.Int32(5), Targets: []types.Target{{ChannelTargetInfo: &types.ChannelTargetInfo{ContactChannelId: ch.ContactChannelArn}}}}
	if _, err := c.UpdateContact(ctx(t), &ssmcontacts.UpdateContactInput{ContactId: &arn, Plan: &types.Plan{Stages: []types.Stage{stage, stage}}}); err != nil {
		t.Fatalf("UpdateContact %s: %v", alias, err)
	}
	return arn
}

func newSchedule(t *testing.T, c *ssmcontacts.Client, alias string, rotations ...string) string {
	t.Helper()
	out, err := c.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{Alias: aws.String(alias), Type: types.ContactTypeOncallSchedule,
		Plan: &types.Plan{RotationIds: rotations}})
	if err != nil {
		t.Fatalf("CreateContact %s: %v", alias, err)
	}
	return aws.ToString(out.ContactArn)
}

// engage starts an engagement and returns once the work it made due now
// is done (the clock endpoint waits for it).
func engage(t *testing.T, s *server, c *ssmcontacts.Client, contactARN string) string {
	t.Helper()
	out, err := c.StartEngagement(ctx(t), &ssmcontacts.StartEngagementInput{ContactId: &contactARN, Sender: aws.String("monitoring"),
		Subject: aws.String("Checkout is down"), Content: aws.String("Error rate above 5% for 10 minutes")})
	if err != nil {
		t.Fatalf("StartEngagement %s: %v", contactARN, err)
	}
	s.advance(0)
	return aws.ToString(out.EngagementArn)
}

// pagedPath is one page as the test reads it: who, and the resolution
// path that led to them.
type pagedPath struct {
	Contact string
	Path    []string // "alias TYPE stage", stage "-" when absent
}

// pagedPathsOf lists the pages of an engagement with their resolution paths,
// ordered by path (pages made in one instant have no order of their own).
func pagedPathsOf(t *testing.T, c *ssmcontacts.Client, engagementARN string) []pagedPath {
	t.Helper()
	pages, err := c.ListPagesByEngagement(ctx(t), &ssmcontacts.ListPagesByEngagementInput{EngagementId: &engagementARN})
	if err != nil {
		t.Fatalf("ListPagesByEngagement: %v", err)
	}
	out := []pagedPath{}
	for _, p := range pages.Pages {
		res, err := c.ListPageResolutions(ctx(t), &ssmcontacts.ListPageResolutionsInput{PageId: p.PageArn})
		if err != nil {
			t.Fatalf("ListPageResolutions: %v", err)
		}
		row := pagedPath{Contact: lastParts([]string{aws.ToString(p.ContactArn)})}
		for _, r := range res.PageResolutions {
			stage := "-"
			if r.StageIndex != nil {
				stage = string(rune('0' + *r.StageIndex))
			}
			row.Path = append(row.Path, lastParts([]string{aws.ToString(r.ContactArn)})+" "+string(r.Type)+" "+stage)
		}
		out = append(out, row)
	}
	return sortedPaths(out)
}

func sortedPaths(paths []pagedPath) []pagedPath {
	out := slices.Clone(paths)
	slices.SortFunc(out, func(a, b pagedPath) int { return strings.Compare(strings.Join(a.Path, ","), strings.Join(b.Path, ",")) })
	return out
}

// pagedAddresses lists, sorted, the addresses the outbox has pages of an
// engagement for.
func pagedAddresses(s *server, engagementARN string) []string {
	var out []string
	for _, m := range s.outbox("kind=PAGE&limit=1000") {
		if m.EngagementArn == engagementARN {
			out = append(out, m.Address)
		}
	}
	slices.Sort(out)
	return out
}

func TestEngagingAnOnCallSchedulePagesWhoeverIsOnCall(t *testing.T) {
	s := start(t, options{clockStart: "2026-01-05T08:30:00Z"}) // a Monday
	c := s.client(account)
	akuam, bokang := newPagedPerson(t, s, c, "akuam"), newPagedPerson(t, s, c, "bokang")
	chen, dmitri := newPagedPerson(t, s, c, "chen"), newPagedPerson(t, s, c, "dmitri")
	daily := newRotation(t, c, &ssmcontacts.CreateRotationInput{Name: aws.String("daily"), ContactIds: []string{akuam, bokang},
		StartTime: aws.Time(time.Date(2026, 1, 4, 9, 0, 0, 0, time.UTC)), TimeZoneId: aws.String("UTC"), Recurrence: dailyAt(9, 0)})
	weekly := newRotation(t, c, &ssmcontacts.CreateRotationInput{Name: aws.String("weekly"), ContactIds: []string{chen, dmitri, akuam},
		StartTime: aws.Time(time.Date(2025, 12, 29, 9, 0, 0, 0, time.UTC)), TimeZoneId: aws.String("Europe/London"),
		Recurrence: &types.RecurrenceSettings{WeeklySettings: []types.WeeklySetting{{DayOfWeek: types.DayOfWeekMon, HandOffTime: hhmm(9, 0)}},
			NumberOfOnCalls: aws.Int32(1), RecurrenceMultiplier: aws.Int32(1)}})
	schedule := newSchedule(t, c, "checkout-oncall", daily, weekly)
	if _, err := c.CreateRotationOverride(ctx(t), &ssmcontacts.CreateRotationOverrideInput{RotationId: &daily, NewContactIds: []string{akuam},
		StartTime: aws.Time(time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)), EndTime: aws.Time(time.Date(2026, 1, 5, 13, 0, 0, 0, time.UTC))}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		at        string
		wantPaged []string // in the schedule's rotation order, each person once
	}{
		{"before Monday's hand-offs", "2026-01-05T08:30:00Z", []string{"akuam", "chen"}},
		{"after Monday's hand-offs", "2026-01-05T09:30:00Z", []string{"bokang", "dmitri"}},
		{"during an override", "2026-01-05T12:15:00Z", []string{"akuam", "dmitri"}},
		{"the same person on call in both rotations", "2026-01-12T09:30:00Z", []string{"akuam"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s.postClock(`{"set": "` + tc.at + `"}`)
			eng := engage(t, s, c, schedule)
			var want []pagedPath
			var addresses []string
			for _, who := range tc.wantPaged {
				want = append(want, pagedPath{who, []string{"checkout-oncall ONCALL_SCHEDULE -", who + " PERSONAL 0"}})
				addresses = append(addresses, who+"@example.com")
			}
			if diff := cmp.Diff(sortedPaths(want), pagedPathsOf(t, c, eng)); diff != "" {
				t.Errorf("pages and their resolution paths (-want +got):\n%s", diff)
			}
			slices.Sort(addresses)
			if diff := cmp.Diff(addresses, pagedAddresses(s, eng)); diff != "" {
				t.Errorf("pages in the outbox (-want +got):\n%s", diff)
			}
			// Each person goes on through their own plan: stage 1 five
			// minutes later, then the engagement is complete.
			s.advance(5 * time.Minute)
			for _, who := range tc.wantPaged {
				want = append(want, pagedPath{who, []string{"checkout-oncall ONCALL_SCHEDULE -", who + " PERSONAL 1"}})
			}
			if diff := cmp.Diff(sortedPaths(want), pagedPathsOf(t, c, eng)); diff != "" {
				t.Errorf("pages after five minutes (-want +got):\n%s", diff)
			}
			s.advance(5 * time.Minute)
			d, err := c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: &eng})
			if err != nil || d.StopTime == nil {
				t.Errorf("engagement after both stages: StopTime %v, %v; want it complete", d.StopTime, err)
			}
		})
	}
}

// TestEscalationToAnOnCallSchedule: each stage of an escalation plan that
// targets an on-call schedule pages whoever is on call when that stage
// starts.
func TestEscalationToAnOnCallSchedule(t *testing.T) {
	s := start(t, options{clockStart: "2026-01-05T08:55:00Z"})
	c := s.client(account)
	akuam, bokang := newPagedPerson(t, s, c, "akuam"), newPagedPerson(t, s, c, "bokang")
	daily := newRotation(t, c, &ssmcontacts.CreateRotationInput{Name: aws.String("daily"), ContactIds: []string{akuam, bokang},
		StartTime: aws.Time(time.Date(2026, 1, 4, 9, 0, 0, 0, time.UTC)), TimeZoneId: aws.String("UTC"), Recurrence: dailyAt(9, 0)})
	schedule := newSchedule(t, c, "checkout-oncall", daily)
	target := []types.Target{{ContactTargetInfo: &types.ContactTargetInfo{ContactId: &schedule, IsEssential: aws.Bool(false)}}}
	plan, err := c.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{Alias: aws.String("checkout-escalation"), Type: types.ContactTypeEscalation,
		Plan: &types.Plan{Stages: []types.Stage{{DurationInMinutes: aws.Int32(10), Targets: target}, {DurationInMinutes: aws.Int32(5), Targets: target}}}})
	if err != nil {
		t.Fatal(err)
	}
	eng := engage(t, s, c, aws.ToString(plan.ContactArn))
	path := func(stage, who, personalStage string) pagedPath {
		return pagedPath{who, []string{"checkout-escalation ESCALATION " + stage, "checkout-oncall ONCALL_SCHEDULE -", who + " PERSONAL " + personalStage}}
	}
	// 08:55: stage 0 pages akuam, on call until 09:00.
	if diff := cmp.Diff([]pagedPath{path("0", "akuam", "0")}, pagedPathsOf(t, c, eng)); diff != "" {
		t.Errorf("pages at 08:55 (-want +got):\n%s", diff)
	}
	// 09:00 akuam's own plan pages again; 09:05 stage 1 pages bokang, on
	// call since 09:00; 09:10 bokang's plan pages again.
	s.advance(20 * time.Minute)
	want := []pagedPath{path("0", "akuam", "0"), path("0", "akuam", "1"), path("1", "bokang", "0"), path("1", "bokang", "1")}
	if diff := cmp.Diff(want, pagedPathsOf(t, c, eng)); diff != "" {
		t.Errorf("pages by 09:15 (-want +got):\n%s", diff)
	}
	d, err := c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: &eng})
	if err != nil || d.StopTime == nil || !d.StopTime.Equal(time.Date(2026, 1, 5, 9, 15, 0, 0, time.UTC)) {
		t.Errorf("engagement StopTime = %v, %v; want 09:15, when bokang's plan ended", d.StopTime, err)
	}
}

// TestNobodyOnCall: engaging an on-call schedule in a coverage gap pages
// nobody and is not an error; an escalation plan goes on to its next
// stage.
func TestNobodyOnCall(t *testing.T) {
	s := start(t, options{clockStart: "2026-01-10T10:00:00Z"}) // a Saturday
	c := s.client(account)
	akuam, backup := newPagedPerson(t, s, c, "akuam"), newPagedPerson(t, s, c, "backup")
	weekdays := map[string][]types.CoverageTime{}
	for _, day := range []string{"MON", "TUE", "WED", "THU", "FRI"} {
		weekdays[day] = []types.CoverageTime{{Start: hhmm(9, 0), End: hhmm(17, 0)}}
	}
	rotation := newRotation(t, c, &ssmcontacts.CreateRotationInput{Name: aws.String("business hours"), ContactIds: []string{akuam},
		TimeZoneId: aws.String("UTC"), Recurrence: &types.RecurrenceSettings{DailySettings: []types.HandOffTime{{HourOfDay: 9}},
			NumberOfOnCalls: aws.Int32(1), RecurrenceMultiplier: aws.Int32(1), ShiftCoverages: weekdays}})
	schedule := newSchedule(t, c, "business-hours", rotation)

	eng := engage(t, s, c, schedule)
	if got := pagedPathsOf(t, c, eng); len(got) != 0 {
		t.Errorf("pages in a coverage gap: %v, want none", got)
	}
	d, err := c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: &eng})
	if err != nil || d.StopTime == nil || !d.StopTime.Equal(time.Date(2026, 1, 10, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("engagement StopTime = %v, %v; want it complete at once", d.StopTime, err)
	}

	plan, err := c.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{Alias: aws.String("escalation"), Type: types.ContactTypeEscalation,
		Plan: &types.Plan{Stages: []types.Stage{
			{DurationInMinutes: aws.Int32(5), Targets: []types.Target{{ContactTargetInfo: &types.ContactTargetInfo{ContactId: &schedule, IsEssential: aws.Bool(true)}}}},
			{DurationInMinutes: aws.Int32(5), Targets: []types.Target{{ContactTargetInfo: &types.ContactTargetInfo{ContactId: &backup, IsEssential: aws.Bool(true)}}}},
		}}})
	if err != nil {
		t.Fatal(err)
	}
	escalation := engage(t, s, c, aws.ToString(plan.ContactArn))
	s.advance(5 * time.Minute)
	want := []pagedPath{{"backup", []string{"escalation ESCALATION 1", "backup PERSONAL 0"}}}
	if diff := cmp.Diff(want, pagedPathsOf(t, c, escalation)); diff != "" {
		t.Errorf("escalation past a coverage gap (-want +got):\n%s", diff)
	}

	// Monday 09:30 the rotation covers again.
	s.postClock(`{"set": "2026-01-12T09:30:00Z"}`)
	eng = engage(t, s, c, schedule)
	if diff := cmp.Diff([]string{"akuam@example.com"}, pagedAddresses(s, eng)); diff != "" {
		t.Errorf("pages once covered (-want +got):\n%s", diff)
	}
	if msgs := s.outbox("kind=PAGE&address=" + url.QueryEscape("akuam@example.com")); len(msgs) != 1 {
		t.Errorf("akuam was paged %d times in all, want once", len(msgs))
	}
}
