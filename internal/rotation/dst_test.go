package rotation

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestDaylightSavingWalk walks the spring-forward and fall-back days of
// three zones minute by minute, in the manner of GoAlert's brute-force
// rotation test, and checks at every step that OnCall agrees with the
// shift Shifts reports around that minute, that shifts tile the covered
// time without overlap or hole, that coverage is exactly the time the
// windows' wall readings enclose, and that every hand-off lands on its
// local time, or on the first instant after a reading the clocks skipped.
// A made-up zone whose clocks jump across midnight joins the three.
func TestDaylightSavingWalk(t *testing.T) {
	t.Parallel()
	days := map[string][]string{
		"America/Chicago":  {"2024-03-10", "2024-11-03"},
		"Europe/London":    {"2024-03-31", "2024-10-27"},
		"Australia/Sydney": {"2024-04-07", "2024-10-06"},
	}
	// A made-up zone whose clocks cross midnight both ways.
	synthetic := backAcrossMidnight(t)
	days[synthetic.String()] = []string{"2024-03-30", "2024-10-26"}
	for zone, dates := range days {
		loc := synthetic
		if zone != synthetic.String() {
			loc = mustLoad(t, zone)
		}
		for _, date := range dates {
			for _, sc := range walkScenarios(t, loc) {
				t.Run(fmt.Sprintf("%s/%s/%s", zone, date, sc.name), func(t *testing.T) {
					t.Parallel()
					day := local(t, loc, date+" 00:00")
					walkDay(t, sc, day.Add(-3*time.Hour), day.Add(27*time.Hour))
				})
			}
		}
	}
}

type walkScenario struct {
	name      string
	spec      Spec
	overrides []Override
	// handOffs, when set, are the daily hand-off readings whose instants
	// must be exactly the shift boundaries (rotations without coverage or
	// overrides, starting 2024-01-01 00:00 on the first hand-off).
	handOffs []HandOff
}

func walkScenarios(t *testing.T, loc *time.Location) []walkScenario {
	start := local(t, loc, "2024-01-01 00:00")
	night := []HandOff{at(0, 0), at(0, 30), at(1, 0), at(1, 15), at(1, 30), at(2, 0), at(2, 30), at(2, 45), at(3, 0), at(3, 30), at(12, 0)}
	midnight := []HandOff{at(0, 0), at(0, 15), at(0, 45), at(23, 0), at(23, 45)}
	var hourly []HandOff
	for h := range 24 {
		hourly = append(hourly, at(h, 0))
	}
	thirty := make([]string, 30)
	for i := range thirty {
		thirty[i] = fmt.Sprintf("m%02d", i)
	}
	everyDay := func(windows ...Coverage) map[time.Weekday][]Coverage {
		m := map[time.Weekday][]Coverage{}
		for d := time.Sunday; d <= time.Saturday; d++ {
			m[d] = windows
		}
		return m
	}
	spec := func(names []string, k int, r Recurrence) Spec {
		r.NumberOfOnCalls, r.Multiplier = k, max(r.Multiplier, 1)
		return Spec{Members: names, Location: loc, Start: start, Recurrence: r}
	}
	return []walkScenario{
		{name: "night hand-offs", spec: spec(members("A B C D E"), 1, Recurrence{Daily: night}), handOffs: night},
		{name: "night hand-offs, two on call", spec: spec(members("A B C D E"), 2, Recurrence{Daily: night}), handOffs: night},
		{name: "around midnight", spec: spec(members("A B C"), 1, Recurrence{Daily: midnight}), handOffs: midnight},
		{name: "hourly, thirty members", spec: spec(thirty, 1, Recurrence{Daily: hourly}), handOffs: hourly},
		{name: "weekly on Sunday night", spec: spec(members("A B C"), 1, Recurrence{Weekly: []Weekly{
			{Day: time.Sunday, At: at(1, 30)}, {Day: time.Sunday, At: at(2, 30)}, {Day: time.Wednesday, At: at(12, 0)},
		}})},
		{name: "coverage windows near the transition", spec: spec(members("A B C"), 1, Recurrence{
			Daily: []HandOff{at(6, 0)},
			Coverages: everyDay(
				Coverage{Start: at(22, 30), End: at(1, 45)},
				Coverage{Start: at(2, 15), End: at(2, 45)},
				Coverage{Start: at(3, 0), End: at(4, 0)},
			),
		})},
		{
			name: "overrides across the transition",
			spec: spec(members("A B C D"), 1, Recurrence{Daily: []HandOff{at(2, 30)}}),
			overrides: []Override{
				{ID: "wide", Start: start.AddDate(0, 0, 1), End: start.AddDate(1, 0, 0), Members: members("D")},
				{ID: "night", Start: local(t, loc, "2024-03-10 00:40"), End: local(t, loc, "2024-11-03 04:40"), Members: members("B C")},
				{ID: "nobody", Start: local(t, loc, "2024-10-06 01:10"), End: local(t, loc, "2024-10-27 03:20"), Members: []string{}},
			},
		},
	}
}

func walkDay(t *testing.T, sc walkScenario, lo, hi time.Time) {
	loc := sc.spec.Location
	shifts := mustShifts(t, sc.spec, sc.overrides, lo, hi)
	face := newClockFace(loc, lo.Add(-48*time.Hour), hi.Add(48*time.Hour))

	for i := 1; i < len(shifts); i++ {
		if shifts[i].Start.Before(shifts[i-1].End) {
			t.Fatalf("shifts overlap: %v then %v", shifts[i-1], shifts[i])
		}
	}
	covered := coverageOracle(t, sc.spec, face, lo, hi)
	for m := lo; m.Before(hi); m = m.Add(time.Minute) {
		var want []string
		var inShift bool
		for _, s := range shifts {
			if s.contains(m) {
				want, inShift = s.Members, true
			}
		}
		if inShift != covered(m) {
			t.Fatalf("at %v: in a shift = %v, covered by the windows = %v", m.In(loc), inShift, covered(m))
		}
		if got := OnCall(sc.spec, sc.overrides, m); !slices.Equal(got, want) || (got == nil) != (want == nil) {
			t.Fatalf("OnCall(%v) = %q, want %q from Shifts", m.In(loc), got, want)
		}
	}
	if sc.handOffs != nil {
		checkHandOffs(t, sc, shifts, face, lo, hi)
	}
}

// coverageOracle returns whether the spec's coverage windows, read on the
// clock face, include an instant.
func coverageOracle(t *testing.T, spec Spec, face *clockFace, lo, hi time.Time) func(time.Time) bool {
	if len(spec.Recurrence.Coverages) == 0 {
		return func(time.Time) bool { return true }
	}
	var open []span
	first := wallOf(lo, spec.Location).Truncate(24*time.Hour).AddDate(0, 0, -1)
	for day := first; day.Before(wallOf(hi, spec.Location)); day = day.AddDate(0, 0, 1) {
		for _, c := range spec.Recurrence.Coverages[day.Weekday()] {
			s := day.Add(time.Duration(c.Start.minutes()) * time.Minute)
			e := day.Add(time.Duration(c.End.minutes()) * time.Minute)
			if !e.After(s) {
				e = e.AddDate(0, 0, 1)
			}
			si, ok1 := face.firstShowing(s)
			ei, ok2 := face.firstShowing(e)
			if !ok1 || !ok2 {
				t.Fatalf("clock face too short for %v-%v", s, e)
			}
			open = append(open, span{si, ei})
		}
	}
	return func(m time.Time) bool {
		for _, s := range open {
			if !m.Before(s.start) && m.Before(s.end) {
				return true
			}
		}
		return false
	}
}

// checkHandOffs checks that shift boundaries are exactly the clock-face
// instants of the daily hand-off readings, and that each shift has the
// members of its hand-off's slot: slots count from the rotation's start,
// and of several slots that land on one instant the last one holds the
// shift, the others having no time.
func checkHandOffs(t *testing.T, sc walkScenario, shifts []Shift, face *clockFace, lo, hi time.Time) {
	loc := sc.spec.Location
	startDay := wallOf(sc.spec.Start, loc)
	type expected struct {
		at   time.Time
		slot int
	}
	var want []expected
	for day := wallOf(lo, loc).Truncate(24 * time.Hour); day.Before(wallOf(hi, loc)); day = day.AddDate(0, 0, 1) {
		days := int(day.Sub(startDay) / (24 * time.Hour))
		for j, h := range sc.handOffs {
			instant, ok := face.firstShowing(day.Add(time.Duration(h.minutes()) * time.Minute))
			if !ok {
				t.Fatalf("clock face too short for %v", day)
			}
			slot := days*len(sc.handOffs) + j
			if n := len(want); n > 0 && want[n-1].at.Equal(instant) {
				want[n-1].slot = slot
				continue
			}
			want = append(want, expected{instant, slot})
		}
	}
	var wantRows, gotRows []string
	k := sc.spec.Recurrence.NumberOfOnCalls
	for _, e := range want {
		if e.at.Before(shifts[0].Start) || !e.at.Before(shifts[len(shifts)-1].End) {
			continue
		}
		team := make([]string, k)
		fillTeamNaive(team, sc.spec.Members, e.slot)
		wantRows = append(wantRows, fmt.Sprintf("%s %q", e.at.In(loc).Format(rowTime), team))
	}
	for i, s := range shifts {
		if i > 0 && !s.Start.Equal(shifts[i-1].End) {
			t.Errorf("hole between %v and %v", shifts[i-1], s)
		}
		gotRows = append(gotRows, fmt.Sprintf("%s %q", s.Start.Format(rowTime), s.Members))
	}
	if diff := cmp.Diff(wantRows, gotRows); diff != "" {
		t.Errorf("hand-offs mismatch (-want +got):\n%s", diff)
	}
}

// fillTeamNaive is the definition of who is on call in slot i: members
// i·k to i·k+k-1 of the list, counted round it.
func fillTeamNaive(team, members []string, i int) {
	for j := range team {
		team[j] = members[(i*len(team)+j)%len(members)]
	}
}
