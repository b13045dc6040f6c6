package rotation

import "time"

// compute is Shifts for a valid spec, a valid window and effective overrides.
func compute(spec Spec, overrides []Override, from, to time.Time) []Shift {
	if !from.Before(to) {
		return nil
	}
	handOffs := newHandOffs(spec)
	cov := newCoverage(spec.Recurrence, spec.Location)
	var covered []span
	if cov != nil {
		covered = cov.spans(from, to)
	}
	list := newShiftList(estimateShifts(handOffs, cov, len(overrides), from, to), spec.Recurrence.NumberOfOnCalls)
	team := make([]string, spec.Recurrence.NumberOfOnCalls)
	emit := func(s span) {
		if !s.end.After(from) || !s.start.Before(to) {
			return
		}
		if !anyOverlaps(overrides, s) {
			list.add(Shift{Start: s.start, End: s.end, Type: Regular}, team, nil)
			return
		}
		for _, p := range splitByOverrides(s, overrides) {
			if !p.end.After(from) || !p.start.Before(to) {
				continue
			}
			if p.override < 0 {
				list.add(Shift{Start: p.start, End: p.end, Type: Regular}, team, nil)
			} else {
				list.add(Shift{Start: p.start, End: p.end, Type: Overridden}, overrides[p.override].Members, team)
			}
		}
	}
	next := 0 // first covered span that may still meet a shift
	handOffs.each(from, to, func(r regular) bool {
		fillTeam(team, spec.Members, r.number)
		if cov == nil {
			emit(span{r.start, r.end})
			return true
		}
		for next < len(covered) && !covered[next].end.After(r.start) {
			next++
		}
		for i := next; i < len(covered) && covered[i].start.Before(r.end); i++ {
			emit(span{later(r.start, covered[i].start), earlier(r.end, covered[i].end)})
		}
		return true
	})
	return list.done(spec.Location)
}

// fillTeam sets team to the members of shift number i: len(team) members
// in list order, starting len(team) places after shift i-1's, wrapping.
func fillTeam(team, members []string, i int) {
	n := len(members)
	first := (i % n) * len(team) % n
	for j := range team {
		team[j] = members[(first+j)%n]
	}
}

// estimateShifts returns about as many shifts as a window can hold, or a
// few more, so that the result is allocated once.
func estimateShifts(h *handOffs, cov *coverage, overrides int, from, to time.Time) int {
	period := 24 * time.Hour
	switch h.cadence {
	case weekly:
		period *= 7
	case monthly:
		period *= 28
	}
	periods := int(to.Sub(from)/period) + 2
	n := periods*h.perPeriod/h.multiplier + 2
	if cov != nil {
		windows := 0
		for _, day := range cov.byDay {
			windows += len(day)
		}
		n += (int(to.Sub(from)/(7*24*time.Hour)) + 2) * windows
	}
	return n + 2*overrides
}

// shiftList collects shifts. Member lists are cut from shared blocks, a
// year of hourly shifts costing a few allocations rather than one each;
// each list has its own capacity, so appending to one cannot touch another.
type shiftList struct {
	shifts []Shift
	free   []string
}

func newShiftList(estimate, team int) *shiftList {
	return &shiftList{shifts: make([]Shift, 0, estimate), free: make([]string, 0, estimate*team)}
}

// add appends s with copies of members and replaced (nil stays nil).
func (l *shiftList) add(s Shift, members, replaced []string) {
	s.Members = l.copyOf(members)
	if s.Members == nil {
		s.Members = []string{}
	}
	s.Replaced = l.copyOf(replaced)
	l.shifts = append(l.shifts, s)
}

func (l *shiftList) copyOf(names []string) []string {
	if names == nil {
		return nil
	}
	if cap(l.free)-len(l.free) < len(names) {
		l.free = make([]string, 0, max(1024, len(names)))
	}
	start := len(l.free)
	l.free = append(l.free, names...)
	return l.free[start:len(l.free):len(l.free)]
}

// done returns the shifts with their times in loc.
func (l *shiftList) done(loc *time.Location) []Shift {
	for i := range l.shifts {
		l.shifts[i].Start = l.shifts[i].Start.In(loc)
		l.shifts[i].End = l.shifts[i].End.In(loc)
	}
	return l.shifts
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
