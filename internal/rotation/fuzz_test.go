package rotation

import (
	"math/rand/v2"
	"testing"
	"time"
)

// byteReader hands out the fuzzer's bytes as small numbers, zeros once
// they run out, so that every input decodes to some rotation.
type byteReader []byte

func (r *byteReader) next(n int) int {
	if len(*r) == 0 {
		return 0
	}
	b := (*r)[0]
	*r = (*r)[1:]
	return int(b) % n
}

// fuzzCase decodes data into a valid rotation, overrides and window.
func fuzzCase(t *testing.T, data []byte) (Spec, []Override, time.Time, time.Time) {
	zones := []*time.Location{time.UTC, backAcrossMidnight(t), mustLoad(t, "America/Chicago"),
		mustLoad(t, "Europe/London"), mustLoad(t, "Australia/Sydney"), mustLoad(t, "Australia/Lord_Howe")}
	r := byteReader(data)
	loc := zones[r.next(len(zones))]
	names := []string{"a", "b", "c", "d", "e", "f", "g"}[:1+r.next(7)]
	handOff := func() HandOff { return HandOff{Hour: r.next(24), Minute: 5 * r.next(12)} }
	rec := Recurrence{NumberOfOnCalls: 1 + r.next(len(names)), Multiplier: 1 + r.next(MaxMultiplier)}
	for range 1 + r.next(4) {
		switch cadence(r.next(3)) {
		case daily:
			rec.Daily = append(rec.Daily, handOff())
		case weekly:
			rec.Weekly = append(rec.Weekly, Weekly{Day: time.Weekday(r.next(7)), At: handOff()})
		default:
			rec.Monthly = append(rec.Monthly, Monthly{Day: 1 + r.next(31), At: handOff()})
		}
	}
	// Keep only the first kind of setting drawn.
	switch {
	case len(rec.Daily) > 0:
		rec.Weekly, rec.Monthly = nil, nil
	case len(rec.Weekly) > 0:
		rec.Monthly = nil
	}
	for range r.next(4) {
		if rec.Coverages == nil {
			rec.Coverages = map[time.Weekday][]Coverage{}
		}
		day, start := time.Weekday(r.next(7)), handOff()
		end := (start.minutes() + 30 + 5*r.next(283)) % minutesPerDay
		rec.Coverages[day] = append(rec.Coverages[day], Coverage{Start: start, End: HandOff{end / 60, end % 60}})
	}
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, loc)
	minutes := func(n int) time.Duration { return time.Duration(n) * time.Minute }
	spec := Spec{Members: names, Location: loc, Start: base.Add(minutes(r.next(256) * r.next(256) * 5)), Recurrence: rec}
	from := base.Add(minutes(r.next(256) * r.next(256) * 7))
	to := from.Add(minutes(1 + r.next(256)*r.next(256)*3))
	var overrides []Override
	for range r.next(4) {
		start := from.Add(minutes(r.next(256)*r.next(64)*5 - 600))
		var who []string
		for _, m := range names {
			if r.next(2) == 1 {
				who = append(who, m)
			}
		}
		overrides = append(overrides, Override{Start: start, End: start.Add(minutes(r.next(256) * r.next(64) * 5)), Members: who})
	}
	return spec, overrides, from, to
}

// FuzzShiftsOnCall checks on fuzzed rotations what TestShiftsProperties
// checks on random ones: above all, that OnCall agrees with Shifts.
func FuzzShiftsOnCall(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{2, 4, 0, 0, 0, 0, 2, 0, 0, 9, 9, 1, 50, 50, 40, 40, 200, 200})
	f.Add([]byte{4, 6, 2, 3, 2, 2, 28, 2, 6, 3, 1, 6, 3, 0, 0, 12, 7, 3, 50, 90, 60, 70, 9, 255, 3, 2, 100, 30, 1, 0, 1, 0, 1, 0, 1})
	f.Add([]byte{1, 3, 1, 0, 3, 0, 0, 11, 0, 23, 9, 0, 23, 9, 2, 6, 23, 6, 100, 1, 87, 200, 13, 1, 255, 255, 1, 7, 50, 20, 1})
	f.Add([]byte{5, 2, 1, 1, 2, 1, 4, 2, 0, 1, 5, 2, 6, 1, 1, 20, 2, 30, 2, 40, 30, 120, 2, 80, 180})
	f.Fuzz(func(t *testing.T, data []byte) {
		spec, overrides, from, to := fuzzCase(t, data)
		if err := Validate(spec); err != nil {
			t.Fatalf("decoded an invalid rotation: %v", err)
		}
		shifts := mustShifts(t, spec, overrides, from, to)
		checkShiftProperties(t, spec, overrides, from, to, shifts)
		r := rand.New(rand.NewPCG(uint64(len(data)), 7))
		checkOnCallAgrees(t, spec, overrides, shifts, from, to, r)
		checkSplitWindow(t, spec, overrides, from, to, shifts, r)
	})
}
