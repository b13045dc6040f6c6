package rotation

import (
	"slices"
	"sort"
	"time"
)

// cadence is the length of a recurrence period.
type cadence int

const (
	daily cadence = iota
	weekly
	monthly
)

// firstMonday is 1970-01-05, a Monday, in days since 1970-01-01: weeks are
// counted Monday to Sunday, the order of the API's DayOfWeek enum.
const firstMonday = 4

// slot names one hand-off: entry number entry of recurrence period period
// (an absolute day, week or month number). A slot's shift runs from its
// instant to the next slot's; slots whose instants coincide have no time.
type slot struct {
	period, entry int
}

// handOffs generates the regular shift boundaries of a valid spec.
//
// Boundaries are the hand-off entries of every period P0 + b·m (block b,
// multiplier m), where P0 is the period of the first hand-off at or after
// the spec's start. Shift numbers count slots from the first shift, so that
// a hand-off squeezed to nothing (two hand-offs resolved to one instant)
// still takes its turn and every other shift keeps its members.
type handOffs struct {
	loc        *time.Location
	cadence    cadence
	offsets    []int     // daily, weekly: sorted minutes from the period's start
	monthly    []Monthly // monthly: distinct settings
	perPeriod  int       // hand-offs per period
	multiplier int

	start     time.Time // the rotation's start
	first     slot      // the first hand-off at or after start
	firstAt   time.Time // its instant
	firstBase int       // P0
	lead      int       // 1 when start is before firstAt: a partial shift 0 comes first

	// the sorted hand-offs of the month last asked for (monthly only)
	cachedPeriod  int
	cachedEntries []time.Time
}

// newHandOffs prepares the boundaries of spec, which must be valid.
func newHandOffs(spec Spec) *handOffs {
	r := spec.Recurrence
	h := &handOffs{loc: spec.Location, multiplier: r.Multiplier, start: spec.Start}
	switch {
	case len(r.Daily) > 0:
		h.cadence = daily
		for _, at := range r.Daily {
			h.offsets = append(h.offsets, at.minutes())
		}
	case len(r.Weekly) > 0:
		h.cadence = weekly
		for _, w := range r.Weekly {
			h.offsets = append(h.offsets, daysFromMonday(w.Day)*minutesPerDay+w.At.minutes())
		}
	default:
		h.cadence = monthly
		h.monthly = distinctMonthly(r.Monthly)
	}
	slices.Sort(h.offsets)
	h.offsets = slices.Compact(h.offsets)
	h.perPeriod = len(h.offsets) + len(h.monthly)
	h.findFirst()
	return h
}

// daysFromMonday numbers the days of the week from Monday (0) to Sunday (6).
func daysFromMonday(d time.Weekday) int { return (int(d) + 6) % 7 }

func distinctMonthly(settings []Monthly) []Monthly {
	seen := make(map[Monthly]bool, len(settings))
	var out []Monthly
	for _, m := range settings {
		if !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	return out
}

// findFirst locates the first hand-off at or after the start. When several
// hand-offs resolve to that instant the last of them counts, so that the
// earlier ones (of no length) do not start the rotation.
func (h *handOffs) findFirst() {
	var s slot
	for p := h.periodOf(wallOf(h.start, h.loc)) - 1; ; p++ {
		e := sort.Search(h.perPeriod, func(i int) bool { return !h.instant(slot{p, i}).Before(h.start) })
		if e < h.perPeriod {
			s = slot{p, e}
			break
		}
	}
	h.firstAt = h.instant(s)
	for next := h.successor(s, 1); h.instant(next).Equal(h.firstAt); next = h.successor(next, 1) {
		s = next
	}
	h.first, h.firstBase = s, s.period
	if h.start.Before(h.firstAt) {
		h.lead = 1
	}
}

// successor returns the slot after s when periods advance by step.
func (h *handOffs) successor(s slot, step int) slot {
	if s.entry+1 < h.perPeriod {
		return slot{s.period, s.entry + 1}
	}
	return slot{s.period + step, 0}
}

// next returns the boundary slot after s.
func (h *handOffs) next(s slot) slot { return h.successor(s, h.multiplier) }

// number returns the shift number of boundary slot s: 0 is the rotation's
// first shift, whose members are the first in the list.
func (h *handOffs) number(s slot) int {
	block := (s.period - h.firstBase) / h.multiplier
	return block*h.perPeriod + s.entry - h.first.entry + h.lead
}

// instant returns when slot s hands off.
func (h *handOffs) instant(s slot) time.Time {
	return resolve(h.wall(s), h.loc)
}

// wall returns the local date and time of slot s.
func (h *handOffs) wall(s slot) time.Time {
	if h.cadence == monthly {
		return h.monthEntries(s.period)[s.entry]
	}
	return h.periodStart(s.period).Add(time.Duration(h.offsets[s.entry]) * time.Minute)
}

// periodOf returns the number of the period containing wall reading w.
func (h *handOffs) periodOf(w time.Time) int {
	switch h.cadence {
	case daily:
		return civilDays(w)
	case weekly:
		return floorDiv(civilDays(w)-firstMonday, 7)
	default:
		return w.Year()*12 + int(w.Month()) - 1
	}
}

// periodStart returns the wall reading at which period p begins.
func (h *handOffs) periodStart(p int) time.Time {
	switch h.cadence {
	case daily:
		return time.Unix(int64(p)*secondsPerDay, 0).UTC()
	case weekly:
		return time.Unix(int64(p*7+firstMonday)*secondsPerDay, 0).UTC()
	default:
		return time.Date(floorDiv(p, 12), time.Month(p-floorDiv(p, 12)*12+1), 1, 0, 0, 0, 0, time.UTC)
	}
}

// monthEntries returns the hand-offs of month p in order. A day past the
// end of the month falls on its last day, which can reorder settings.
func (h *handOffs) monthEntries(p int) []time.Time {
	if h.cachedEntries != nil && p == h.cachedPeriod {
		return h.cachedEntries
	}
	first := h.periodStart(p)
	last := first.AddDate(0, 1, -1).Day()
	entries := make([]time.Time, 0, len(h.monthly))
	for _, m := range h.monthly {
		entries = append(entries, first.AddDate(0, 0, min(m.Day, last)-1).Add(time.Duration(m.At.minutes())*time.Minute))
	}
	slices.SortFunc(entries, func(a, b time.Time) int { return a.Compare(b) })
	h.cachedPeriod, h.cachedEntries = p, entries
	return entries
}

// slotAt returns the last boundary slot at or before x among the blocks
// up to the one of x's wall reading; x must not be before firstAt. That is
// the slot whose shift contains x, except when x falls in an hour repeated
// across the end of a period: then a later slot may hold x, and callers
// walk forward from this one.
func (h *handOffs) slotAt(x time.Time) slot {
	block := floorDiv(h.periodOf(wallOf(x, h.loc))-h.firstBase, h.multiplier)
	for b := block; b >= 0; b-- {
		p := h.firstBase + b*h.multiplier
		lowest := 0
		if b == 0 {
			lowest = h.first.entry
		}
		after := lowest + sort.Search(h.perPeriod-lowest, func(i int) bool {
			return h.instant(slot{p, lowest + i}).After(x)
		})
		if after > lowest {
			return slot{p, after - 1}
		}
	}
	return h.first
}

// regular is one regular shift before coverage and overrides.
type regular struct {
	start, end time.Time
	number     int
}

// each calls yield, in order, for every regular shift overlapping
// [lo, hi), until yield returns false.
func (h *handOffs) each(lo, hi time.Time, yield func(regular) bool) {
	if !hi.After(h.start) {
		return
	}
	if lo.Before(h.start) {
		lo = h.start
	}
	var cur slot
	if h.lead == 1 && lo.Before(h.firstAt) {
		if !yield(regular{start: h.start, end: h.firstAt, number: 0}) {
			return
		}
		cur = h.first
	} else {
		cur = h.slotAt(lo)
	}
	at := h.instant(cur)
	for at.Before(hi) {
		next := h.next(cur)
		end := h.instant(next)
		if end.After(at) && end.After(lo) && !yield(regular{start: at, end: end, number: h.number(cur)}) {
			return
		}
		cur, at = next, end
	}
}
