package e2e

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/google/go-cmp/cmp"
)

var rotationARNPattern = regexp.MustCompile(`^arn:aws:ssm-contacts:us-east-2:000000000000:rotation/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func TestRotationEchoesItsSettings(t *testing.T) {
	s := start(t, options{clockStart: "2026-01-05T09:00:00Z"})
	c := s.client(account)
	people := newPeople(t, c, "akuam", "bokang", "chen")
	weekly := &types.RecurrenceSettings{
		// Not in week order: the order given is the order echoed.
		WeeklySettings: []types.WeeklySetting{
			{DayOfWeek: types.DayOfWeekFri, HandOffTime: hhmm(15, 57)},
			{DayOfWeek: types.DayOfWeekMon, HandOffTime: hhmm(4, 25)},
			{DayOfWeek: types.DayOfWeekWed, HandOffTime: hhmm(7, 34)},
		},
		NumberOfOnCalls: aws.Int32(2), RecurrenceMultiplier: aws.Int32(3),
		ShiftCoverages: map[string][]types.CoverageTime{
			"MON": {{Start: hhmm(1, 0), End: hhmm(23, 0)}},
			"WED": {{Start: hhmm(22, 0), End: hhmm(6, 0)}, {Start: hhmm(8, 0), End: hhmm(9, 0)}},
		},
	}
	monthly := &types.RecurrenceSettings{
		MonthlySettings: []types.MonthlySetting{
			{DayOfMonth: aws.Int32(20), HandOffTime: hhmm(8, 0)},
			{DayOfMonth: aws.Int32(13), HandOffTime: hhmm(12, 34)},
			{DayOfMonth: aws.Int32(1), HandOffTime: hhmm(4, 58)},
		},
		NumberOfOnCalls: aws.Int32(1), RecurrenceMultiplier: aws.Int32(1),
	}
	startTime := time.Date(2026, 1, 7, 12, 34, 56, 789e6, time.UTC)
	members := []string{people[2], people[0], people[1]}
	withStart := newRotation(t, c, &ssmcontacts.CreateRotationInput{
		Name: aws.String("business hours"), ContactIds: members, StartTime: &startTime,
		TimeZoneId: aws.String("Australia/Sydney"), Recurrence: weekly,
	})
	withoutStart := newRotation(t, c, &ssmcontacts.CreateRotationInput{
		Name: aws.String("monthly"), ContactIds: people[:1], TimeZoneId: aws.String("America/Los_Angeles"), Recurrence: monthly,
	})
	for _, arn := range []string{withStart, withoutStart} {
		if !rotationARNPattern.MatchString(arn) {
			t.Errorf("RotationArn %s is not rotation/<uuid> of the caller's account and region", arn)
		}
	}

	want := []types.Rotation{
		{Name: aws.String("business hours"), RotationArn: aws.String(withStart), ContactIds: members, StartTime: &startTime,
			TimeZoneId: aws.String("Australia/Sydney"), Recurrence: weekly},
		{Name: aws.String("monthly"), RotationArn: aws.String(withoutStart), ContactIds: people[:1],
			TimeZoneId: aws.String("America/Los_Angeles"), Recurrence: monthly}, // no StartTime was given: none is echoed
	}
	for _, w := range want {
		got, err := c.GetRotation(ctx(t), &ssmcontacts.GetRotationInput{RotationId: w.RotationArn})
		if err != nil {
			t.Fatal(err)
		}
		gotAsItem := types.Rotation{Name: got.Name, RotationArn: got.RotationArn, ContactIds: got.ContactIds,
			StartTime: got.StartTime, TimeZoneId: got.TimeZoneId, Recurrence: got.Recurrence}
		if diff := cmp.Diff(w, gotAsItem, ignoreSDKInternals); diff != "" {
			t.Errorf("GetRotation %s (-want +got):\n%s", aws.ToString(w.Name), diff)
		}
	}
	list, err := c.ListRotations(ctx(t), &ssmcontacts.ListRotationsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, list.Rotations, ignoreSDKInternals); diff != "" {
		t.Errorf("ListRotations (-want +got):\n%s", diff)
	}

	// An update replaces the recurrence and keeps what it does not name.
	if _, err := c.UpdateRotation(ctx(t), &ssmcontacts.UpdateRotationInput{RotationId: aws.String(withStart), Recurrence: monthly}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetRotation(ctx(t), &ssmcontacts.GetRotationInput{RotationId: aws.String(withStart)})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(monthly, got.Recurrence, ignoreSDKInternals); diff != "" {
		t.Errorf("recurrence after UpdateRotation (-want +got):\n%s", diff)
	}
	if !slices.Equal(got.ContactIds, members) || !aws.ToTime(got.StartTime).Equal(startTime) || aws.ToString(got.TimeZoneId) != "Australia/Sydney" {
		t.Errorf("UpdateRotation changed what it did not name: %v %v %v", got.ContactIds, got.StartTime, aws.ToString(got.TimeZoneId))
	}
}

func TestListRotationsByPrefixAndPage(t *testing.T) {
	s := start(t, options{clockStart: "2026-01-05T09:00:00Z"})
	c := s.client(account)
	person := newPerson(t, c, "akuam")
	for _, name := range []string{"prod-b", "prod-a", "production", "staging", "prod-a", "pre"} {
		newRotation(t, c, &ssmcontacts.CreateRotationInput{Name: aws.String(name), ContactIds: []string{person},
			TimeZoneId: aws.String("UTC"), Recurrence: dailyAt(9, 0)})
	}
	list := func(prefix *string, pageSize int32) (names []string, sizes []int) {
		t.Helper()
		p := ssmcontacts.NewListRotationsPaginator(c, &ssmcontacts.ListRotationsInput{RotationNamePrefix: prefix, MaxResults: aws.Int32(pageSize)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx(t))
			if err != nil {
				t.Fatalf("ListRotations: %v", err)
			}
			sizes = append(sizes, len(page.Rotations))
			for _, r := range page.Rotations {
				names = append(names, aws.ToString(r.Name))
			}
		}
		return names, sizes
	}
	tests := []struct {
		name      string
		prefix    *string
		pageSize  int32
		wantNames []string
		wantSizes []int
	}{
		{"prod in pages of two", aws.String("prod"), 2, []string{"prod-a", "prod-a", "prod-b", "production"}, []int{2, 2}},
		{"prod in pages of three", aws.String("prod"), 3, []string{"prod-a", "prod-a", "prod-b", "production"}, []int{3, 1}},
		{"all in one page", nil, 100, []string{"pre", "prod-a", "prod-a", "prod-b", "production", "staging"}, []int{6}},
		{"all one by one", nil, 1, []string{"pre", "prod-a", "prod-a", "prod-b", "production", "staging"}, []int{1, 1, 1, 1, 1, 1}},
		{"no match", aws.String("dev"), 10, nil, []int{0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			names, sizes := list(tc.prefix, tc.pageSize)
			if diff := cmp.Diff(tc.wantNames, names); diff != "" {
				t.Errorf("names (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantSizes, sizes); diff != "" {
				t.Errorf("page sizes (-want +got):\n%s", diff)
			}
		})
	}
	first, err := c.ListRotations(ctx(t), &ssmcontacts.ListRotationsInput{RotationNamePrefix: aws.String("prod"), MaxResults: aws.Int32(1)})
	if err != nil || first.NextToken == nil {
		t.Fatalf("first page: %v, token %v", err, first)
	}
	_, err = c.ListRotations(ctx(t), &ssmcontacts.ListRotationsInput{RotationNamePrefix: aws.String("pre"), NextToken: first.NextToken})
	wantInvalidValue(t, "a token with another prefix", err, "pagination token")
	_, err = c.ListRotations(ctx(t), &ssmcontacts.ListRotationsInput{NextToken: aws.String("bm90LWEtdG9rZW4")})
	wantInvalidValue(t, "a forged token", err, "pagination token")
}

// TestRotationShiftsWorkedExamples checks the worked examples of the
// behaviour reference (BEHAVIOR.md §5.3) through the API, to the second.
func TestRotationShiftsWorkedExamples(t *testing.T) {
	s := start(t, options{clockStart: "2024-01-01T00:00:00Z"})
	c := s.client(account)
	people := newPeople(t, c, "a", "b", "c")

	// A: daily at 09:00 in Los Angeles across the spring-forward night.
	exampleA := newRotation(t, c, &ssmcontacts.CreateRotationInput{
		Name: aws.String("example-a"), ContactIds: people, StartTime: unix(1709917200),
		TimeZoneId: aws.String("America/Los_Angeles"), Recurrence: dailyAt(9, 0),
	})
	want := []epochShift{
		{1709917200, 1710003600, types.ShiftTypeRegular, "a", "-"},
		{1710003600, 1710086400, types.ShiftTypeRegular, "b", "-"}, // 23 hours
		{1710086400, 1710172800, types.ShiftTypeRegular, "c", "-"},
		{1710172800, 1710259200, types.ShiftTypeRegular, "a", "-"},
	}
	got := allShifts(t, c, &ssmcontacts.ListRotationShiftsInput{RotationId: aws.String(exampleA), StartTime: unix(1709917200), EndTime: unix(1710259200)})
	if diff := cmp.Diff(want, epochShifts(got)); diff != "" {
		t.Errorf("example A (-want +got):\n%s", diff)
	}

	// B: weekly on Mondays at 09:00 UTC, covered 09:00-17:00 on weekdays.
	businessHours := map[string][]types.CoverageTime{}
	for _, day := range []string{"MON", "TUE", "WED", "THU", "FRI"} {
		businessHours[day] = []types.CoverageTime{{Start: hhmm(9, 0), End: hhmm(17, 0)}}
	}
	exampleB := newRotation(t, c, &ssmcontacts.CreateRotationInput{
		Name: aws.String("example-b"), ContactIds: people[:2], StartTime: unix(1704099600), TimeZoneId: aws.String("UTC"),
		Recurrence: &types.RecurrenceSettings{
			WeeklySettings:  []types.WeeklySetting{{DayOfWeek: types.DayOfWeekMon, HandOffTime: hhmm(9, 0)}},
			NumberOfOnCalls: aws.Int32(1), RecurrenceMultiplier: aws.Int32(1), ShiftCoverages: businessHours,
		},
	})
	weekB := []epochShift{
		{1704099600, 1704128400, types.ShiftTypeRegular, "a", "-"},
		{1704186000, 1704214800, types.ShiftTypeRegular, "a", "-"},
		{1704272400, 1704301200, types.ShiftTypeRegular, "a", "-"},
		{1704358800, 1704387600, types.ShiftTypeRegular, "a", "-"},
		{1704445200, 1704474000, types.ShiftTypeRegular, "a", "-"},
		{1704704400, 1704733200, types.ShiftTypeRegular, "b", "-"}, // week 2 is B's
	}
	listB := &ssmcontacts.ListRotationShiftsInput{RotationId: aws.String(exampleB), StartTime: unix(1704099600), EndTime: unix(1704099600 + 8*86400)}
	if diff := cmp.Diff(weekB, epochShifts(allShifts(t, c, listB))); diff != "" {
		t.Errorf("example B (-want +got):\n%s", diff)
	}

	// C: B with an override on Wednesday afternoon.
	if _, err := c.CreateRotationOverride(ctx(t), &ssmcontacts.CreateRotationOverrideInput{
		RotationId: aws.String(exampleB), NewContactIds: people[1:2], StartTime: unix(1704283200), EndTime: unix(1704294000),
	}); err != nil {
		t.Fatal(err)
	}
	weekC := slices.Concat(weekB[:2], []epochShift{
		{1704272400, 1704283200, types.ShiftTypeRegular, "a", "-"},
		{1704283200, 1704294000, types.ShiftTypeOverridden, "b", "a"},
		{1704294000, 1704301200, types.ShiftTypeRegular, "a", "-"},
	}, weekB[3:])
	if diff := cmp.Diff(weekC, epochShifts(allShifts(t, c, listB))); diff != "" {
		t.Errorf("example C (-want +got):\n%s", diff)
	}
}

func TestRotationShiftsPagesAndWindows(t *testing.T) {
	s := start(t, options{clockStart: "2026-01-05T09:00:00Z"})
	c := s.client(account)
	people := newPeople(t, c, "akuam", "bokang", "chen")
	hourly := &types.RecurrenceSettings{NumberOfOnCalls: aws.Int32(1), RecurrenceMultiplier: aws.Int32(1)}
	for h := range int32(24) {
		hourly.DailySettings = append(hourly.DailySettings, types.HandOffTime{HourOfDay: h})
	}
	from := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	arn := newRotation(t, c, &ssmcontacts.CreateRotationInput{Name: aws.String("hourly"), ContactIds: people,
		StartTime: &from, TimeZoneId: aws.String("Europe/London"), Recurrence: hourly})

	whole, err := c.ListRotationShifts(ctx(t), &ssmcontacts.ListRotationShiftsInput{RotationId: &arn, StartTime: &from,
		EndTime: aws.Time(from.Add(72 * time.Hour)), MaxResults: aws.Int32(1024)})
	if err != nil {
		t.Fatal(err)
	}
	if len(whole.RotationShifts) != 72 || whole.NextToken != nil {
		t.Fatalf("one call: %d shifts, token %v; want 72 and none", len(whole.RotationShifts), whole.NextToken)
	}
	for i, sh := range whole.RotationShifts {
		wantStart, wantMember := from.Add(time.Duration(i)*time.Hour), people[i%3]
		if !aws.ToTime(sh.StartTime).Equal(wantStart) || !slices.Equal(sh.ContactIds, []string{wantMember}) {
			t.Fatalf("shift %d = %v %v, want %v %s", i, sh.StartTime, sh.ContactIds, wantStart, wantMember)
		}
	}
	var sizes []int
	var paged []types.RotationShift
	p := ssmcontacts.NewListRotationShiftsPaginator(c, &ssmcontacts.ListRotationShiftsInput{RotationId: &arn, StartTime: &from,
		EndTime: aws.Time(from.Add(72 * time.Hour)), MaxResults: aws.Int32(10)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(page.RotationShifts))
		paged = append(paged, page.RotationShifts...)
	}
	if diff := cmp.Diff([]int{10, 10, 10, 10, 10, 10, 10, 2}, sizes); diff != "" {
		t.Errorf("page sizes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(whole.RotationShifts, paged, ignoreSDKInternals); diff != "" {
		t.Errorf("pages joined differ from one call (-want +got):\n%s", diff)
	}

	// Without a StartTime the window starts now (09:00 on the clock): the
	// shift in progress is listed whole.
	now, err := c.ListRotationShifts(ctx(t), &ssmcontacts.ListRotationShiftsInput{RotationId: &arn, EndTime: aws.Time(from.Add(90 * time.Minute))})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(whole.RotationShifts[:2], now.RotationShifts, ignoreSDKInternals); diff != "" {
		t.Errorf("shifts from now (-want +got):\n%s", diff)
	}

	// Windows: at most 366 days, and not empty.
	daily := newRotation(t, c, &ssmcontacts.CreateRotationInput{Name: aws.String("daily"), ContactIds: people,
		StartTime: &from, TimeZoneId: aws.String("UTC"), Recurrence: dailyAt(9, 0)})
	year, err := c.ListRotationShifts(ctx(t), &ssmcontacts.ListRotationShiftsInput{RotationId: &daily, StartTime: &from,
		EndTime: aws.Time(from.Add(366 * 24 * time.Hour)), MaxResults: aws.Int32(1024)})
	if err != nil || len(year.RotationShifts) != 366 {
		t.Errorf("366 days: %d shifts, %v; want 366", len(year.RotationShifts), err)
	}
	for _, tc := range []struct {
		name     string
		from, to time.Time
		fragment string
	}{
		{"366 days and a second", from, from.Add(366*24*time.Hour + time.Second), "366 days"},
		{"ending before it starts", from, from.Add(-time.Hour), "EndTime"},
		{"ending as it starts", from, from, "EndTime"},
	} {
		_, err := c.ListRotationShifts(ctx(t), &ssmcontacts.ListRotationShiftsInput{RotationId: &daily, StartTime: &tc.from, EndTime: &tc.to})
		wantInvalidValue(t, "ListRotationShifts "+tc.name, err, tc.fragment)
		_, err = c.ListPreviewRotationShifts(ctx(t), &ssmcontacts.ListPreviewRotationShiftsInput{Members: []string{"x"},
			TimeZoneId: aws.String("UTC"), Recurrence: dailyAt(9, 0), StartTime: &tc.from, EndTime: &tc.to})
		wantInvalidValue(t, "ListPreviewRotationShifts "+tc.name, err, tc.fragment)
	}
	_, err = c.ListRotationShifts(ctx(t), &ssmcontacts.ListRotationShiftsInput{RotationId: &daily, StartTime: &from,
		EndTime: aws.Time(from.Add(time.Hour)), NextToken: whole.NextToken})
	if err != nil {
		t.Errorf("no token: %v", err)
	}
	_, err = c.ListRotationShifts(ctx(t), &ssmcontacts.ListRotationShiftsInput{RotationId: &daily, StartTime: &from,
		EndTime: aws.Time(from.Add(time.Hour)), NextToken: aws.String("bm90LWEtdG9rZW4")})
	wantInvalidValue(t, "a forged token", err, "pagination token")
}

// TestPreviewEqualsRotationShifts: ListPreviewRotationShifts with a
// rotation's settings, its overrides and its members' ARNs as member
// names gives exactly the shifts of the rotation.
func TestPreviewEqualsRotationShifts(t *testing.T) {
	s := start(t, options{clockStart: "2026-02-16T10:15:00Z"})
	c := s.client(account)
	people := newPeople(t, c, "akuam", "bokang", "chen", "dmitri")
	coverage := map[string][]types.CoverageTime{"SAT": {{Start: hhmm(22, 0), End: hhmm(2, 0)}}}
	for _, day := range []string{"MON", "TUE", "WED", "THU", "FRI"} {
		coverage[day] = []types.CoverageTime{{Start: hhmm(8, 0), End: hhmm(18, 0)}}
	}
	tests := []struct {
		name       string
		startTime  *time.Time // nil: the rotation starts at its creation (now)
		zone       string
		recurrence *types.RecurrenceSettings
	}{
		{"weekly, two on call, every other week, with coverage, across spring forward",
			aws.Time(time.Date(2026, 2, 20, 17, 0, 0, 0, time.UTC)), "America/Los_Angeles",
			&types.RecurrenceSettings{
				WeeklySettings: []types.WeeklySetting{
					{DayOfWeek: types.DayOfWeekThu, HandOffTime: hhmm(17, 30)},
					{DayOfWeek: types.DayOfWeekMon, HandOffTime: hhmm(9, 0)},
				},
				NumberOfOnCalls: aws.Int32(2), RecurrenceMultiplier: aws.Int32(2), ShiftCoverages: coverage,
			}},
		{"monthly on the 31st and the 15th, without a StartTime", nil, "Australia/Sydney",
			&types.RecurrenceSettings{
				MonthlySettings: []types.MonthlySetting{
					{DayOfMonth: aws.Int32(31), HandOffTime: hhmm(9, 0)},
					{DayOfMonth: aws.Int32(15), HandOffTime: hhmm(18, 30)},
				},
				NumberOfOnCalls: aws.Int32(1), RecurrenceMultiplier: aws.Int32(1),
			}},
		{"daily twice, three days at a time", aws.Time(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)), "Europe/London",
			&types.RecurrenceSettings{
				DailySettings:   []types.HandOffTime{{HourOfDay: 20}, {HourOfDay: 8}},
				NumberOfOnCalls: aws.Int32(3), RecurrenceMultiplier: aws.Int32(3),
			}},
	}
	from, to := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			arn := newRotation(t, c, &ssmcontacts.CreateRotationInput{Name: aws.String(fmt.Sprintf("r%d", i)), ContactIds: people,
				StartTime: tc.startTime, TimeZoneId: aws.String(tc.zone), Recurrence: tc.recurrence})
			// Two overlapping overrides made in one instant (the newer
			// wins) and one that puts nobody on call.
			overrides := []types.PreviewOverride{
				{NewMembers: people[1:3], StartTime: aws.Time(time.Date(2026, 3, 6, 12, 0, 0, 0, time.UTC)), EndTime: aws.Time(time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC))},
				{NewMembers: people[3:], StartTime: aws.Time(time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)), EndTime: aws.Time(time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC))},
				{NewMembers: []string{}, StartTime: aws.Time(time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)), EndTime: aws.Time(time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC))},
			}
			for _, o := range overrides {
				if _, err := c.CreateRotationOverride(ctx(t), &ssmcontacts.CreateRotationOverrideInput{RotationId: &arn,
					NewContactIds: o.NewMembers, StartTime: o.StartTime, EndTime: o.EndTime}); err != nil {
					t.Fatal(err)
				}
			}
			rotationStart := tc.startTime
			if rotationStart == nil {
				rotationStart = aws.Time(time.Date(2026, 2, 16, 10, 15, 0, 0, time.UTC))
			}
			real := allShifts(t, c, &ssmcontacts.ListRotationShiftsInput{RotationId: &arn, StartTime: &from, EndTime: &to, MaxResults: aws.Int32(50)})
			preview := allPreviewShifts(t, c, &ssmcontacts.ListPreviewRotationShiftsInput{
				RotationStartTime: rotationStart, StartTime: &from, EndTime: &to, Members: people,
				TimeZoneId: aws.String(tc.zone), Recurrence: tc.recurrence, Overrides: overrides, MaxResults: aws.Int32(50),
			})
			if len(real) < 8 || !slices.ContainsFunc(real, func(s types.RotationShift) bool { return s.Type == types.ShiftTypeOverridden }) {
				t.Fatalf("%d shifts, none overridden: the comparison proves too little", len(real))
			}
			if diff := cmp.Diff(real, preview, ignoreSDKInternals); diff != "" {
				t.Errorf("preview differs from the rotation's shifts (-rotation +preview):\n%s", diff)
			}
		})
	}
}

func TestRotationOverrides(t *testing.T) {
	s := start(t, options{clockStart: "2026-01-05T08:00:00Z"})
	c := s.client(account)
	people := newPeople(t, c, "akuam", "bokang", "chen")
	day := func(d, hh int) time.Time { return time.Date(2026, 1, 5+d, hh, 0, 0, 0, time.UTC) }
	arn := newRotation(t, c, &ssmcontacts.CreateRotationInput{Name: aws.String("primary"), ContactIds: people,
		StartTime: aws.Time(day(0, 9)), TimeZoneId: aws.String("UTC"), Recurrence: dailyAt(9, 0)})
	create := func(members []string, from, to time.Time, token *string) string {
		t.Helper()
		out, err := c.CreateRotationOverride(ctx(t), &ssmcontacts.CreateRotationOverrideInput{RotationId: &arn,
			NewContactIds: members, StartTime: &from, EndTime: &to, IdempotencyToken: token})
		if err != nil {
			t.Fatalf("CreateRotationOverride: %v", err)
		}
		return aws.ToString(out.RotationOverrideId)
	}
	afternoon := create(people[2:], day(1, 12), day(1, 15), aws.String("tuesday-afternoon"))
	if again := create(people[2:], day(1, 12), day(1, 15), aws.String("tuesday-afternoon")); again != afternoon {
		t.Errorf("a retry with the same token made override %s, want %s", again, afternoon)
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`).MatchString(afternoon) {
		t.Errorf("RotationOverrideId %q is not a bare UUID", afternoon)
	}
	overnight := create(people[:1], day(2, 20), day(3, 10), nil) // across a hand-off
	s.advance(time.Minute)
	nobody := create([]string{}, day(4, 10), day(4, 11), nil)

	got, err := c.GetRotationOverride(ctx(t), &ssmcontacts.GetRotationOverrideInput{RotationId: &arn, RotationOverrideId: &afternoon})
	if err != nil {
		t.Fatal(err)
	}
	want := types.RotationOverride{RotationOverrideId: &afternoon, NewContactIds: people[2:],
		StartTime: aws.Time(day(1, 12)), EndTime: aws.Time(day(1, 15)), CreateTime: aws.Time(day(0, 8))}
	gotAsItem := types.RotationOverride{RotationOverrideId: got.RotationOverrideId, NewContactIds: got.NewContactIds,
		StartTime: got.StartTime, EndTime: got.EndTime, CreateTime: got.CreateTime}
	if diff := cmp.Diff(want, gotAsItem, ignoreSDKInternals); diff != "" || aws.ToString(got.RotationArn) != arn {
		t.Errorf("GetRotationOverride of %s = %s (-want +got):\n%s", arn, aws.ToString(got.RotationArn), diff)
	}

	at := func(d, hh int) int64 { return day(d, hh).Unix() }
	shifts := []epochShift{
		{at(0, 9), at(1, 9), types.ShiftTypeRegular, "akuam", "-"},
		{at(1, 9), at(1, 12), types.ShiftTypeRegular, "bokang", "-"},
		{at(1, 12), at(1, 15), types.ShiftTypeOverridden, "chen", "bokang"},
		{at(1, 15), at(2, 9), types.ShiftTypeRegular, "bokang", "-"},
		{at(2, 9), at(2, 20), types.ShiftTypeRegular, "chen", "-"},
		{at(2, 20), at(3, 9), types.ShiftTypeOverridden, "akuam", "chen"}, // one piece per shift overridden
		{at(3, 9), at(3, 10), types.ShiftTypeOverridden, "akuam", "akuam"},
		{at(3, 10), at(4, 9), types.ShiftTypeRegular, "akuam", "-"},
		{at(4, 9), at(4, 10), types.ShiftTypeRegular, "bokang", "-"},
		{at(4, 10), at(4, 11), types.ShiftTypeOverridden, "", "bokang"},
		{at(4, 11), at(5, 9), types.ShiftTypeRegular, "bokang", "-"},
	}
	list := &ssmcontacts.ListRotationShiftsInput{RotationId: &arn, StartTime: aws.Time(day(0, 9)), EndTime: aws.Time(day(5, 9))}
	if diff := cmp.Diff(shifts, epochShifts(allShifts(t, c, list))); diff != "" {
		t.Errorf("shifts with overrides (-want +got):\n%s", diff)
	}

	// ListRotationOverrides: those overlapping the range, oldest first;
	// touching its edges is no overlap.
	overlapping := func(from, to time.Time, pageSize int32) []string {
		t.Helper()
		var ids []string
		p := ssmcontacts.NewListRotationOverridesPaginator(c, &ssmcontacts.ListRotationOverridesInput{RotationId: &arn,
			StartTime: &from, EndTime: &to, MaxResults: aws.Int32(pageSize)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx(t))
			if err != nil {
				t.Fatalf("ListRotationOverrides: %v", err)
			}
			for _, o := range page.RotationOverrides {
				ids = append(ids, aws.ToString(o.RotationOverrideId))
			}
		}
		return ids
	}
	for _, tc := range []struct {
		name     string
		from, to time.Time
		want     []string
	}{
		{"all, one by one", day(0, 0), day(7, 0), []string{afternoon, overnight, nobody}},
		{"two of them", day(1, 14), day(2, 21), []string{afternoon, overnight}},
		{"between, touching both", day(1, 15), day(2, 20), nil},
		{"inside one", day(3, 0), day(3, 1), []string{overnight}},
	} {
		if diff := cmp.Diff(tc.want, overlapping(tc.from, tc.to, 1)); diff != "" {
			t.Errorf("ListRotationOverrides %s (-want +got):\n%s", tc.name, diff)
		}
	}
	_, err = c.ListRotationOverrides(ctx(t), &ssmcontacts.ListRotationOverridesInput{RotationId: &arn, StartTime: aws.Time(day(1, 0)), EndTime: aws.Time(day(0, 0))})
	wantInvalidValue(t, "ListRotationOverrides ending before it starts", err, "EndTime")

	// Deleting an override restores the regular shift.
	if _, err := c.DeleteRotationOverride(ctx(t), &ssmcontacts.DeleteRotationOverrideInput{RotationId: &arn, RotationOverrideId: &afternoon}); err != nil {
		t.Fatal(err)
	}
	restored := slices.Concat(shifts[:1], []epochShift{{at(1, 9), at(2, 9), types.ShiftTypeRegular, "bokang", "-"}}, shifts[4:])
	if diff := cmp.Diff(restored, epochShifts(allShifts(t, c, list))); diff != "" {
		t.Errorf("shifts after DeleteRotationOverride (-want +got):\n%s", diff)
	}
	_, err = c.GetRotationOverride(ctx(t), &ssmcontacts.GetRotationOverrideInput{RotationId: &arn, RotationOverrideId: &afternoon})
	wantNotFound(t, "GetRotationOverride after delete", err)
	_, err = c.DeleteRotationOverride(ctx(t), &ssmcontacts.DeleteRotationOverrideInput{RotationId: &arn, RotationOverrideId: &afternoon})
	wantNotFound(t, "second DeleteRotationOverride", err)

	// The rules.
	now := day(0, 8).Add(time.Minute)
	for _, tc := range []struct {
		name       string
		members    []string
		from, to   time.Time
		fragment   string
		isNotFound bool
	}{
		{"29 minutes", people[:1], day(1, 12), day(1, 12).Add(29 * time.Minute), "30 minutes", false},
		{"more than six months ahead", people[:1], now.AddDate(0, 6, 1), now.AddDate(0, 6, 2), "6 months", false},
		{"someone outside the rotation", []string{contactARN(account, "stranger")}, day(1, 12), day(1, 13), "not a member", false},
		{"ending before it starts", people[:1], day(1, 12), day(1, 11), "before its end", false},
	} {
		_, err := c.CreateRotationOverride(ctx(t), &ssmcontacts.CreateRotationOverrideInput{RotationId: &arn,
			NewContactIds: tc.members, StartTime: &tc.from, EndTime: &tc.to})
		wantInvalidValue(t, "CreateRotationOverride "+tc.name, err, tc.fragment)
	}
	if ids := overlapping(day(-30, 0), day(300, 0), 100); len(ids) != 2 {
		t.Errorf("overrides after rejected ones: %v, want the two kept", ids)
	}
}

func TestRotationErrors(t *testing.T) {
	s := start(t, options{clockStart: "2026-01-05T09:00:00Z"})
	c := s.client(account)
	people := newPeople(t, c, "akuam", "bokang")
	escalation, err := c.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{Alias: aws.String("escalate"),
		Type: types.ContactTypeEscalation, Plan: &types.Plan{Stages: []types.Stage{}}})
	if err != nil {
		t.Fatal(err)
	}
	arn := newRotation(t, c, &ssmcontacts.CreateRotationInput{Name: aws.String("primary"), ContactIds: people,
		TimeZoneId: aws.String("UTC"), Recurrence: dailyAt(9, 0)})
	missing := aws.String("arn:aws:ssm-contacts:us-east-2:000000000000:rotation/00000000-0000-4000-8000-000000000000")
	missingOverride := aws.String("00000000-0000-4000-8000-000000000000")
	from, to := aws.Time(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)), aws.Time(time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC))
	create := func(change func(*ssmcontacts.CreateRotationInput)) error {
		in := &ssmcontacts.CreateRotationInput{Name: aws.String("new"), ContactIds: people, TimeZoneId: aws.String("UTC"), Recurrence: dailyAt(9, 0)}
		change(in)
		_, err := c.CreateRotation(ctx(t), in)
		return err
	}
	notFound := []struct {
		name string
		call func() error
	}{
		{"CreateRotation with a contact that does not exist", func() error {
			return create(func(in *ssmcontacts.CreateRotationInput) { in.ContactIds = []string{contactARN(account, "ghost")} })
		}},
		{"GetRotation", func() error {
			_, err := c.GetRotation(ctx(t), &ssmcontacts.GetRotationInput{RotationId: missing})
			return err
		}},
		{"UpdateRotation", func() error {
			_, err := c.UpdateRotation(ctx(t), &ssmcontacts.UpdateRotationInput{RotationId: missing, Recurrence: dailyAt(9, 0)})
			return err
		}},
		{"UpdateRotation with a contact that does not exist", func() error {
			_, err := c.UpdateRotation(ctx(t), &ssmcontacts.UpdateRotationInput{RotationId: &arn, ContactIds: []string{contactARN(account, "ghost")}, Recurrence: dailyAt(9, 0)})
			return err
		}},
		{"DeleteRotation", func() error {
			_, err := c.DeleteRotation(ctx(t), &ssmcontacts.DeleteRotationInput{RotationId: missing})
			return err
		}},
		{"ListRotationShifts", func() error {
			_, err := c.ListRotationShifts(ctx(t), &ssmcontacts.ListRotationShiftsInput{RotationId: missing, StartTime: from, EndTime: to})
			return err
		}},
		{"CreateRotationOverride", func() error {
			_, err := c.CreateRotationOverride(ctx(t), &ssmcontacts.CreateRotationOverrideInput{RotationId: missing, NewContactIds: people[:1], StartTime: from, EndTime: to})
			return err
		}},
		{"GetRotationOverride of an unknown rotation", func() error {
			_, err := c.GetRotationOverride(ctx(t), &ssmcontacts.GetRotationOverrideInput{RotationId: missing, RotationOverrideId: missingOverride})
			return err
		}},
		{"GetRotationOverride of an unknown override", func() error {
			_, err := c.GetRotationOverride(ctx(t), &ssmcontacts.GetRotationOverrideInput{RotationId: &arn, RotationOverrideId: missingOverride})
			return err
		}},
		{"DeleteRotationOverride", func() error {
			_, err := c.DeleteRotationOverride(ctx(t), &ssmcontacts.DeleteRotationOverrideInput{RotationId: &arn, RotationOverrideId: missingOverride})
			return err
		}},
		{"ListRotationOverrides", func() error {
			_, err := c.ListRotationOverrides(ctx(t), &ssmcontacts.ListRotationOverridesInput{RotationId: missing, StartTime: from, EndTime: to})
			return err
		}},
		{"TagResource", func() error {
			_, err := c.TagResource(ctx(t), &ssmcontacts.TagResourceInput{ResourceARN: missing, Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
			return err
		}},
	}
	for _, tc := range notFound {
		t.Run(tc.name, func(t *testing.T) { wantNotFound(t, tc.name, tc.call()) })
	}

	invalid := []struct {
		name     string
		change   func(*ssmcontacts.CreateRotationInput)
		fragment string
	}{
		{"an escalation plan as a member", func(in *ssmcontacts.CreateRotationInput) {
			in.ContactIds = []string{aws.ToString(escalation.ContactArn)}
		}, "PERSONAL"},
		{"a member twice", func(in *ssmcontacts.CreateRotationInput) { in.ContactIds = []string{people[0], people[0]} }, "more than once"},
		{"the Local zone", func(in *ssmcontacts.CreateRotationInput) { in.TimeZoneId = aws.String("Local") }, "TimeZoneId"},
		{"an abbreviation for a zone", func(in *ssmcontacts.CreateRotationInput) { in.TimeZoneId = aws.String("PST") }, "TimeZoneId"},
		{"daily and weekly", func(in *ssmcontacts.CreateRotationInput) {
			in.Recurrence.WeeklySettings = []types.WeeklySetting{{DayOfWeek: types.DayOfWeekMon, HandOffTime: hhmm(9, 0)}}
		}, "Exactly one of"},
		{"no hand-offs", func(in *ssmcontacts.CreateRotationInput) { in.Recurrence.DailySettings = nil }, "Exactly one of"},
		{"coverage of 29 minutes", func(in *ssmcontacts.CreateRotationInput) {
			in.Recurrence.ShiftCoverages = map[string][]types.CoverageTime{"TUE": {{Start: hhmm(9, 0), End: hhmm(9, 29)}}}
		}, "30 minutes"},
		{"more on call than members", func(in *ssmcontacts.CreateRotationInput) { in.Recurrence.NumberOfOnCalls = aws.Int32(3) }, "NumberOfOnCalls"},
	}
	for _, tc := range invalid {
		t.Run("CreateRotation with "+tc.name, func(t *testing.T) { wantInvalidValue(t, tc.name, create(tc.change), tc.fragment) })
	}
	_, err = c.UpdateRotation(ctx(t), &ssmcontacts.UpdateRotationInput{RotationId: &arn, TimeZoneId: aws.String("Mars/Olympus_Mons"), Recurrence: dailyAt(9, 0)})
	wantInvalidValue(t, "UpdateRotation to an unknown zone", err, "Mars/Olympus_Mons")
	_, err = c.ListPreviewRotationShifts(ctx(t), &ssmcontacts.ListPreviewRotationShiftsInput{Members: []string{"x", "x"},
		TimeZoneId: aws.String("UTC"), Recurrence: dailyAt(9, 0), EndTime: to})
	wantInvalidValue(t, "ListPreviewRotationShifts with a member twice", err, "more than once")

	// A RotationId that is not an ARN fails the model's pattern.
	_, err = c.GetRotation(ctx(t), &ssmcontacts.GetRotationInput{RotationId: aws.String("primary")})
	var v *types.ValidationException
	if !errors.As(err, &v) {
		t.Errorf("GetRotation of a name: err = %v, want ValidationException", err)
	}

	// None of the rejected requests left anything behind.
	list, err := c.ListRotations(ctx(t), &ssmcontacts.ListRotationsInput{})
	if err != nil || len(list.Rotations) != 1 {
		t.Errorf("rotations after the rejected requests: %d, %v; want 1", len(list.Rotations), err)
	}
}

func TestRotationTags(t *testing.T) {
	s := start(t, options{clockStart: "2026-01-05T09:00:00Z"})
	c := s.client(account)
	person := newPerson(t, c, "akuam")
	arn := newRotation(t, c, &ssmcontacts.CreateRotationInput{Name: aws.String("primary"), ContactIds: []string{person},
		TimeZoneId: aws.String("UTC"), Recurrence: dailyAt(9, 0),
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("sre")}, {Key: aws.String("env"), Value: aws.String("prod")}}})
	tags := func() []types.Tag {
		t.Helper()
		out, err := c.ListTagsForResource(ctx(t), &ssmcontacts.ListTagsForResourceInput{ResourceARN: &arn})
		if err != nil {
			t.Fatalf("ListTagsForResource: %v", err)
		}
		return out.Tags
	}
	tag := func(k, v string) types.Tag { return types.Tag{Key: aws.String(k), Value: aws.String(v)} }
	if diff := cmp.Diff([]types.Tag{tag("env", "prod"), tag("team", "sre")}, tags(), ignoreSDKInternals); diff != "" {
		t.Errorf("tags given at creation (-want +got):\n%s", diff)
	}
	if _, err := c.TagResource(ctx(t), &ssmcontacts.TagResourceInput{ResourceARN: &arn, Tags: []types.Tag{tag("team", "platform"), tag("tier", "1")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UntagResource(ctx(t), &ssmcontacts.UntagResourceInput{ResourceARN: &arn, TagKeys: []string{"env", "absent"}}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]types.Tag{tag("team", "platform"), tag("tier", "1")}, tags(), ignoreSDKInternals); diff != "" {
		t.Errorf("tags after TagResource and UntagResource (-want +got):\n%s", diff)
	}
	if _, err := c.DeleteRotation(ctx(t), &ssmcontacts.DeleteRotationInput{RotationId: &arn}); err != nil {
		t.Fatal(err)
	}
	_, err := c.ListTagsForResource(ctx(t), &ssmcontacts.ListTagsForResourceInput{ResourceARN: &arn})
	wantNotFound(t, "ListTagsForResource of a deleted rotation", err)
}

func TestRotationsOfAnotherAccount(t *testing.T) {
	s := start(t, options{clockStart: "2026-01-05T09:00:00Z"})
	mine, theirs := s.client(account), s.client(account2)
	people := newPeople(t, mine, "akuam", "bokang")
	arn := newRotation(t, mine, &ssmcontacts.CreateRotationInput{Name: aws.String("mine"), ContactIds: people,
		TimeZoneId: aws.String("UTC"), Recurrence: dailyAt(9, 0)})
	from, to := aws.Time(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)), aws.Time(time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC))
	override, err := mine.CreateRotationOverride(ctx(t), &ssmcontacts.CreateRotationOverrideInput{RotationId: &arn,
		NewContactIds: people[1:], StartTime: from, EndTime: to})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"GetRotation", func() error {
			_, err := theirs.GetRotation(ctx(t), &ssmcontacts.GetRotationInput{RotationId: &arn})
			return err
		}},
		{"UpdateRotation", func() error {
			_, err := theirs.UpdateRotation(ctx(t), &ssmcontacts.UpdateRotationInput{RotationId: &arn, Recurrence: dailyAt(10, 0)})
			return err
		}},
		{"DeleteRotation", func() error {
			_, err := theirs.DeleteRotation(ctx(t), &ssmcontacts.DeleteRotationInput{RotationId: &arn})
			return err
		}},
		{"ListRotationShifts", func() error {
			_, err := theirs.ListRotationShifts(ctx(t), &ssmcontacts.ListRotationShiftsInput{RotationId: &arn, StartTime: from, EndTime: to})
			return err
		}},
		{"CreateRotationOverride", func() error {
			_, err := theirs.CreateRotationOverride(ctx(t), &ssmcontacts.CreateRotationOverrideInput{RotationId: &arn, NewContactIds: people[:1], StartTime: from, EndTime: to})
			return err
		}},
		{"GetRotationOverride", func() error {
			_, err := theirs.GetRotationOverride(ctx(t), &ssmcontacts.GetRotationOverrideInput{RotationId: &arn, RotationOverrideId: override.RotationOverrideId})
			return err
		}},
		{"DeleteRotationOverride", func() error {
			_, err := theirs.DeleteRotationOverride(ctx(t), &ssmcontacts.DeleteRotationOverrideInput{RotationId: &arn, RotationOverrideId: override.RotationOverrideId})
			return err
		}},
		{"ListRotationOverrides", func() error {
			_, err := theirs.ListRotationOverrides(ctx(t), &ssmcontacts.ListRotationOverridesInput{RotationId: &arn, StartTime: from, EndTime: to})
			return err
		}},
		{"ListTagsForResource", func() error {
			_, err := theirs.ListTagsForResource(ctx(t), &ssmcontacts.ListTagsForResourceInput{ResourceARN: &arn})
			return err
		}},
		{"CreateRotation with my contacts", func() error {
			_, err := theirs.CreateRotation(ctx(t), &ssmcontacts.CreateRotationInput{Name: aws.String("theirs"), ContactIds: people,
				TimeZoneId: aws.String("UTC"), Recurrence: dailyAt(9, 0)})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { wantNotFound(t, tc.name, tc.call()) })
	}
	list, err := theirs.ListRotations(ctx(t), &ssmcontacts.ListRotationsInput{})
	if err != nil || len(list.Rotations) != 0 {
		t.Errorf("their ListRotations = %d rotations, %v; want none", len(list.Rotations), err)
	}
	// My rotation and override are untouched.
	got, err := mine.ListRotationOverrides(ctx(t), &ssmcontacts.ListRotationOverridesInput{RotationId: &arn, StartTime: from, EndTime: to})
	if err != nil || len(got.RotationOverrides) != 1 {
		t.Errorf("my overrides = %d, %v; want 1", len(got.RotationOverrides), err)
	}
}

func TestRotationMembersAndSchedules(t *testing.T) {
	s := start(t, options{clockStart: "2026-01-05T09:00:00Z"})
	c := s.client(account)
	people := newPeople(t, c, "akuam", "bokang")
	var rotations []string
	for i := range 9 {
		rotations = append(rotations, newRotation(t, c, &ssmcontacts.CreateRotationInput{Name: aws.String(fmt.Sprintf("r%d", i)),
			ContactIds: people, TimeZoneId: aws.String("UTC"), Recurrence: dailyAt(9, 0)}))
	}
	schedule := func(alias string, ids []string) error {
		_, err := c.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{Alias: aws.String(alias), Type: types.ContactTypeOncallSchedule,
			Plan: &types.Plan{RotationIds: ids}})
		return err
	}
	wantInvalidValue(t, "a schedule of nine rotations", schedule("nine", rotations), "at most 8")
	wantInvalidValue(t, "a schedule of a rotation that does not exist", schedule("ghost",
		[]string{"arn:aws:ssm-contacts:us-east-2:000000000000:rotation/00000000-0000-4000-8000-000000000000"}), "does not exist")
	if err := schedule("both", rotations[:2]); err != nil {
		t.Fatal(err)
	}
	if err := schedule("eight", rotations[1:]); err != nil {
		t.Fatal(err)
	}

	// A member cannot be deleted while rotations list it.
	_, err := c.DeleteContact(ctx(t), &ssmcontacts.DeleteContactInput{ContactId: &people[0]})
	var conflict *types.ConflictException
	if !errors.As(err, &conflict) {
		t.Fatalf("DeleteContact of a member: err = %v, want ConflictException", err)
	}
	if len(conflict.DependentEntities) != 1 || aws.ToString(conflict.DependentEntities[0].RelationType) == "" {
		t.Fatalf("DependentEntities = %+v, want one relation", conflict.DependentEntities)
	}
	if got := slices.Sorted(slices.Values(conflict.DependentEntities[0].DependentResourceIds)); !slices.Equal(got, slices.Sorted(slices.Values(rotations))) {
		t.Errorf("DependentResourceIds = %v, want the nine rotations", got)
	}

	// Deleting a rotation takes it out of every schedule.
	if _, err := c.DeleteRotation(ctx(t), &ssmcontacts.DeleteRotationInput{RotationId: &rotations[1]}); err != nil {
		t.Fatal(err)
	}
	for alias, want := range map[string][]string{"both": {rotations[0]}, "eight": rotations[2:]} {
		got, err := c.GetContact(ctx(t), &ssmcontacts.GetContactInput{ContactId: aws.String(contactARN(account, alias))})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got.Plan.RotationIds); diff != "" {
			t.Errorf("%s RotationIds after DeleteRotation (-want +got):\n%s", alias, diff)
		}
	}
}

// TestUpdateRotationKeepsThePast: after an update the shifts already past
// are listed as before it, up to the update; the rotation (created
// without a StartTime) carries on from its creation with the new
// settings.
func TestUpdateRotationKeepsThePast(t *testing.T) {
	s := start(t, options{clockStart: "2026-01-05T09:00:00Z"})
	c := s.client(account)
	people := newPeople(t, c, "akuam", "bokang", "chen")
	arn := newRotation(t, c, &ssmcontacts.CreateRotationInput{Name: aws.String("primary"), ContactIds: people,
		TimeZoneId: aws.String("UTC"), Recurrence: dailyAt(9, 0)})
	from, to := aws.Time(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)), aws.Time(time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC))
	list := &ssmcontacts.ListRotationShiftsInput{RotationId: &arn, StartTime: from, EndTime: to}
	before := epochShifts(allShifts(t, c, list))
	now := s.advance(51 * time.Hour) // Wednesday 12:00, chen's shift
	if _, err := c.UpdateRotation(ctx(t), &ssmcontacts.UpdateRotationInput{RotationId: &arn,
		ContactIds: []string{people[2], people[1], people[0]}, Recurrence: dailyAt(18, 0)}); err != nil {
		t.Fatal(err)
	}
	day := func(d, hh int) int64 { return time.Date(2026, 1, 5+d, hh, 0, 0, 0, time.UTC).Unix() }
	want := slices.Concat(before[:2], []epochShift{
		{day(2, 9), now.Unix(), types.ShiftTypeRegular, "chen", "-"}, // cut at the update
		// Counted from the creation (Monday 09:00) with 18:00 hand-offs:
		// Monday 09:00-18:00 was shift 0, so Wednesday 18:00 is shift 3.
		{now.Unix(), day(2, 18), types.ShiftTypeRegular, "akuam", "-"},
		{day(2, 18), day(3, 18), types.ShiftTypeRegular, "chen", "-"},
		{day(3, 18), day(4, 18), types.ShiftTypeRegular, "bokang", "-"},
		{day(4, 18), day(5, 18), types.ShiftTypeRegular, "akuam", "-"},
	})
	if diff := cmp.Diff(want, epochShifts(allShifts(t, c, list))); diff != "" {
		t.Errorf("shifts after the update (-want +got):\n%s", diff)
	}
	got, err := c.GetRotation(ctx(t), &ssmcontacts.GetRotationInput{RotationId: &arn})
	if err != nil || got.StartTime != nil {
		t.Errorf("GetRotation after the update: StartTime %v, %v; want none", got.StartTime, err)
	}
}
