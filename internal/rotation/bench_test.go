package rotation

import (
	"fmt"
	"testing"
	"time"
)

// hourlySpec is a rotation of thirty members handing off every hour in a
// zone with daylight saving.
func hourlySpec(b *testing.B) Spec {
	loc := mustLoad(b, "America/Chicago")
	var hourly []HandOff
	for h := range 24 {
		hourly = append(hourly, at(h, 0))
	}
	names := make([]string, 30)
	for i := range names {
		names[i] = fmt.Sprintf("arn:aws:ssm-contacts:us-east-1:111122223333:contact/member-%02d", i)
	}
	return Spec{
		Members:    names,
		Location:   loc,
		Start:      time.Date(2024, 1, 1, 0, 0, 0, 0, loc),
		Recurrence: Recurrence{Daily: hourly, NumberOfOnCalls: 1, Multiplier: 1},
	}
}

// BenchmarkShifts computes a year of hourly shifts for thirty members.
func BenchmarkShifts(b *testing.B) {
	spec := hourlySpec(b)
	from := spec.Start
	to := from.AddDate(1, 0, 0)
	b.ReportAllocs()
	for b.Loop() {
		shifts, err := Shifts(spec, nil, from, to)
		// 2024 has 366 days; the 02:00 hand-off on the spring-forward day
		// lasts no time and is not a shift.
		if err != nil || len(shifts) != 366*24-1 {
			b.Fatalf("got %d shifts, %v", len(shifts), err)
		}
	}
}

// BenchmarkShiftsCoverageOverrides is BenchmarkShifts with business-hours
// coverage and a dozen overrides.
func BenchmarkShiftsCoverageOverrides(b *testing.B) {
	spec := hourlySpec(b)
	spec.Recurrence.Coverages = map[time.Weekday][]Coverage{}
	for d := time.Monday; d <= time.Friday; d++ {
		spec.Recurrence.Coverages[d] = []Coverage{{Start: at(8, 0), End: at(18, 0)}}
	}
	var overrides []Override
	for i := range 12 {
		start := spec.Start.AddDate(0, i, 3)
		overrides = append(overrides, Override{Start: start, End: start.Add(50 * time.Hour), Members: spec.Members[i : i+1]})
	}
	from := spec.Start
	to := from.AddDate(1, 0, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Shifts(spec, overrides, from, to); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOnCall answers who is on call at one instant, years after the
// rotation started.
func BenchmarkOnCall(b *testing.B) {
	spec := hourlySpec(b)
	spec.Recurrence.Coverages = map[time.Weekday][]Coverage{time.Monday: {{Start: at(8, 0), End: at(18, 0)}}}
	at := time.Date(2029, 3, 12, 9, 30, 0, 0, spec.Location)
	b.ReportAllocs()
	for b.Loop() {
		if OnCall(spec, nil, at) == nil {
			b.Fatal("nobody on call")
		}
	}
}
