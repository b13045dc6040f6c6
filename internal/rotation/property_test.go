package rotation

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestShiftsProperties computes random valid rotations (zones, hand-offs,
// multipliers, teams, coverage, overrides and windows drawn from a fixed
// seed) and checks what must hold for any of them.
func TestShiftsProperties(t *testing.T) {
	t.Parallel()
	zones := []*time.Location{backAcrossMidnight(t)}
	for _, name := range []string{"UTC", "America/Chicago", "Europe/London", "Australia/Sydney", "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata"} {
		zones = append(zones, mustLoad(t, name))
	}
	for seed := range uint64(400) {
		r := rand.New(rand.NewPCG(seed, 1))
		spec := randomSpec(r, zones)
		from := spec.Start.Add(time.Duration(r.IntN(500*24)-10*24) * time.Hour).Add(time.Duration(r.IntN(60)) * time.Minute)
		to := from.Add(time.Duration(1+r.IntN(40*24)) * time.Hour)
		overrides := randomOverrides(r, spec, from, to)
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			if err := Validate(spec); err != nil {
				t.Fatalf("random spec is invalid: %v\n%+v", err, spec)
			}
			shifts := mustShifts(t, spec, overrides, from, to)
			checkShiftProperties(t, spec, overrides, from, to, shifts)
			checkOnCallAgrees(t, spec, overrides, shifts, from, to, r)
			checkSplitWindow(t, spec, overrides, from, to, shifts, r)
		})
	}
}

func randomSpec(r *rand.Rand, zones []*time.Location) Spec {
	loc := zones[r.IntN(len(zones))]
	n := 1 + r.IntN(8)
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("m%d", i)
	}
	randomTime := func() HandOff {
		// Quarter hours meet daylight-saving edges more often.
		return HandOff{Hour: r.IntN(24), Minute: 15 * r.IntN(4)}
	}
	rec := Recurrence{NumberOfOnCalls: 1 + r.IntN(n), Multiplier: 1 + r.IntN(4)}
	if r.IntN(10) == 0 {
		rec.Multiplier = 1 + r.IntN(MaxMultiplier)
	}
	entries := 1 + r.IntN(4)
	switch r.IntN(3) {
	case 0:
		for range entries {
			rec.Daily = append(rec.Daily, randomTime())
		}
	case 1:
		for range entries {
			rec.Weekly = append(rec.Weekly, Weekly{Day: time.Weekday(r.IntN(7)), At: randomTime()})
		}
	default:
		for range entries {
			day := 1 + r.IntN(31)
			if r.IntN(2) == 0 {
				day = 28 + r.IntN(4)
			}
			rec.Monthly = append(rec.Monthly, Monthly{Day: day, At: randomTime()})
		}
	}
	if r.IntN(2) == 0 {
		rec.Coverages = map[time.Weekday][]Coverage{}
		for range 1 + r.IntN(7) {
			start := randomTime()
			length := 30 + 15*r.IntN(95) // up to a full day
			end := (start.minutes() + length) % minutesPerDay
			day := time.Weekday(r.IntN(7))
			rec.Coverages[day] = append(rec.Coverages[day], Coverage{Start: start, End: HandOff{end / 60, end % 60}})
		}
	}
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, loc).Add(time.Duration(r.IntN(3*365*24*60)) * time.Minute)
	return Spec{Members: names, Location: loc, Start: start, Recurrence: rec}
}

// randomOverrides returns up to three overrides starting near [from, to).
func randomOverrides(r *rand.Rand, spec Spec, from, to time.Time) []Override {
	var out []Override
	for i := range r.IntN(4) {
		start := from.Add(time.Duration(r.Int64N(int64(to.Sub(from)+48*time.Hour))) - 24*time.Hour).Truncate(time.Minute)
		var who []string
		for _, m := range spec.Members {
			if r.IntN(3) == 0 {
				who = append(who, m)
			}
		}
		out = append(out, Override{
			ID: fmt.Sprint(i), Start: start, End: start.Add(time.Duration(30+r.IntN(20*24*60)) * time.Minute), Members: who,
		})
	}
	return out
}

func checkShiftProperties(t *testing.T, spec Spec, overrides []Override, from, to time.Time, shifts []Shift) {
	t.Helper()
	covered := testCoverage(spec)
	for i, s := range shifts {
		if !s.Start.Before(s.End) {
			t.Fatalf("shift %d has no time: %v", i, s)
		}
		if i > 0 && s.Start.Before(shifts[i-1].End) {
			t.Fatalf("shift %d overlaps the one before: %v then %v", i, shifts[i-1], s)
		}
		if !s.End.After(from) || !s.Start.Before(to) {
			t.Fatalf("shift %d is outside the window [%v, %v): %v", i, from, to, s)
		}
		if s.Start.Before(spec.Start) {
			t.Fatalf("shift %d starts before the rotation: %v", i, s)
		}
		if covered != nil && !covered(s.Start, s.End) {
			t.Fatalf("shift %d is not inside the coverage windows: %v", i, s)
		}
		winner := -1
		for j, o := range overrides {
			if o.Start.Before(o.End) && o.Start.Before(s.End) && o.End.After(s.Start) {
				if !(o.Start.After(s.Start) || o.End.Before(s.End)) {
					winner = j // covers the whole shift
				} else if j > winner {
					winner = -2 // a later override cuts into the shift
				}
			}
		}
		switch s.Type {
		case Regular:
			if winner != -1 {
				t.Fatalf("regular shift %d meets an override: %v", i, s)
			}
			checkTeam(t, spec, s.Members)
		case Overridden:
			if winner < 0 {
				t.Fatalf("overridden shift %d is not wholly under one winning override: %v", i, s)
			}
			if !slices.Equal(s.Members, overrides[winner].Members) || s.Members == nil {
				t.Fatalf("overridden shift %d has %q, want the override's %q", i, s.Members, overrides[winner].Members)
			}
			checkTeam(t, spec, s.Replaced)
		default:
			t.Fatalf("shift %d has type %q", i, s.Type)
		}
	}
}

// checkTeam checks that team is NumberOfOnCalls distinct members that
// follow each other in the rotation's order.
func checkTeam(t *testing.T, spec Spec, team []string) {
	t.Helper()
	if len(team) != spec.Recurrence.NumberOfOnCalls {
		t.Fatalf("team %q has %d members, want %d", team, len(team), spec.Recurrence.NumberOfOnCalls)
	}
	first := slices.Index(spec.Members, team[0])
	for j, m := range team {
		if want := spec.Members[(first+j)%len(spec.Members)]; first < 0 || m != want {
			t.Fatalf("team %q does not follow the rotation order %q", team, spec.Members)
		}
	}
}

// testCoverage returns whether [s, e) lies inside the spec's coverage
// windows, worked out afresh from the windows' wall readings; nil means
// round the clock.
func testCoverage(spec Spec) func(s, e time.Time) bool {
	if newCoverage(spec.Recurrence, spec.Location) == nil {
		return nil
	}
	loc := spec.Location
	return func(s, e time.Time) bool {
		var open []span
		for day := wallOf(s, loc).Truncate(24*time.Hour).AddDate(0, 0, -2); day.Before(wallOf(e, loc).AddDate(0, 0, 1)); day = day.AddDate(0, 0, 1) {
			for _, c := range spec.Recurrence.Coverages[day.Weekday()] {
				opens := day.Add(time.Duration(c.Start.minutes()) * time.Minute)
				open = append(open, span{resolve(opens, loc), resolve(opens.Add(time.Duration(coverageLength(c))*time.Minute), loc)})
			}
		}
		// Walk from s, jumping to the end of any window open there.
		for reached := s; reached.Before(e); {
			next := reached
			for _, w := range open {
				if !reached.Before(w.start) && reached.Before(w.end) && w.end.After(next) {
					next = w.end
				}
			}
			if next.Equal(reached) {
				return false
			}
			reached = next
		}
		return true
	}
}

// checkOnCallAgrees checks OnCall at every shift edge and at random
// instants against the shifts.
func checkOnCallAgrees(t *testing.T, spec Spec, overrides []Override, shifts []Shift, from, to time.Time, r *rand.Rand) {
	t.Helper()
	var instants []time.Time
	for _, s := range shifts {
		instants = append(instants, s.Start, s.End.Add(-time.Nanosecond), s.End)
	}
	for range 50 {
		instants = append(instants, from.Add(time.Duration(r.Int64N(int64(to.Sub(from))))))
	}
	for _, at := range instants {
		if at.Before(from) || !at.Before(to) {
			continue
		}
		var want []string
		for _, s := range shifts {
			if s.contains(at) {
				want = s.Members
			}
		}
		if got := OnCall(spec, overrides, at); !slices.Equal(got, want) || (got == nil) != (want == nil) {
			t.Fatalf("OnCall(%v) = %q, want %q", at, got, want)
		}
	}
}

// checkSplitWindow checks that asking for two halves of the window gives
// the same shifts as asking for all of it.
func checkSplitWindow(t *testing.T, spec Spec, overrides []Override, from, to time.Time, shifts []Shift, r *rand.Rand) {
	t.Helper()
	mid := from.Add(time.Duration(r.Int64N(int64(to.Sub(from)))))
	joined := append(mustShifts(t, spec, overrides, from, mid), mustShifts(t, spec, overrides, mid, to)...)
	joined = slices.CompactFunc(joined, func(a, b Shift) bool { return a.Start.Equal(b.Start) && a.End.Equal(b.End) })
	if len(joined) != len(shifts) {
		t.Fatalf("split at %v: %d shifts, whole window: %d", mid, len(joined), len(shifts))
	}
	for i := range shifts {
		a, b := shifts[i], joined[i]
		if !a.Start.Equal(b.Start) || !a.End.Equal(b.End) || a.Type != b.Type || !slices.Equal(a.Members, b.Members) || !slices.Equal(a.Replaced, b.Replaced) {
			t.Fatalf("split at %v: shift %d is %v, whole window has %v", mid, i, b, a)
		}
	}
}
