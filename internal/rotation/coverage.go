package rotation

import (
	"slices"
	"time"
)

const (
	minutesPerDay  = 24 * 60
	minutesPerWeek = 7 * minutesPerDay
)

// span is a stretch of time [start, end).
type span struct {
	start, end time.Time
}

// window is a coverage window in minutes: it opens start minutes after
// local midnight and stays open for length minutes (at most a day).
type window struct {
	start, length int
}

// coverage is the union of a spec's daily coverage windows.
type coverage struct {
	loc   *time.Location
	byDay [7][]window // indexed by time.Weekday
}

// newCoverage returns the coverage of a valid recurrence, or nil when it
// covers every minute of the week anyway (including when no window is
// given), so that callers treat both alike: around the clock.
func newCoverage(r Recurrence, loc *time.Location) *coverage {
	c := &coverage{loc: loc}
	var week []window // in minutes from Monday 00:00, possibly past the week's end
	for day, list := range r.Coverages {
		for _, cv := range list {
			w := window{start: cv.Start.minutes(), length: coverageLength(cv)}
			c.byDay[day] = append(c.byDay[day], w)
			week = append(week, window{start: daysFromMonday(day)*minutesPerDay + w.start, length: w.length})
		}
	}
	if len(week) == 0 || coversWeek(week) {
		return nil
	}
	return c
}

// coverageLength returns how many minutes a coverage window lasts: End at
// or before Start runs past midnight, End == Start is a full day.
func coverageLength(cv Coverage) int {
	n := cv.End.minutes() - cv.Start.minutes()
	if n <= 0 {
		n += minutesPerDay
	}
	return n
}

// coversWeek reports whether windows, in minutes from the start of a
// week and wrapping round its end, leave no minute of the week uncovered.
func coversWeek(windows []window) bool {
	var parts []window
	for _, w := range windows {
		end := w.start + w.length
		if end > minutesPerWeek {
			parts = append(parts, window{0, end - minutesPerWeek})
			end = minutesPerWeek
		}
		parts = append(parts, window{w.start, end - w.start})
	}
	slices.SortFunc(parts, func(a, b window) int { return a.start - b.start })
	reach := 0
	for _, p := range parts {
		if p.start > reach {
			return false
		}
		reach = max(reach, p.start+p.length)
	}
	return reach >= minutesPerWeek
}

// Windows are worked out a few days either side of a query first, and
// further out while a covered stretch runs into that margin: windows that
// join across midnights can make a stretch last days. Unless the windows
// cover the whole week (then newCoverage ignores them), every week has an
// uncovered minute, and only a week whose uncovered minutes the clocks
// skip can lose it; so stretches last at most about two weeks and the
// margin never has to grow past maxCoverageReach.
const (
	minCoverageReach = 2 * 24 * time.Hour
	maxCoverageReach = 64 * 24 * time.Hour
)

// spans returns the covered stretches of time that overlap [lo, hi),
// merged and in order, each with its true start and end.
func (c *coverage) spans(lo, hi time.Time) []span {
	for reach := minCoverageReach; ; reach *= 2 {
		a, b := lo.Add(-reach), hi.Add(reach)
		out := c.between(a, b)
		n := len(out)
		runsOff := n > 0 && ((!out[0].start.After(a) && out[0].end.After(lo)) ||
			(!out[n-1].end.Before(b) && out[n-1].start.Before(hi)))
		if !runsOff || reach >= maxCoverageReach {
			return out
		}
	}
}

// between returns the covered stretches of time within [lo, hi], merged
// and in order, cut at lo and hi.
func (c *coverage) between(lo, hi time.Time) []span {
	var out []span
	// A window opening the day before lo's date can still be open at lo.
	first := civilDays(wallOf(lo, c.loc)) - 1
	last := civilDays(wallOf(hi, c.loc))
	for day := first; day <= last; day++ {
		midnight := time.Unix(int64(day)*secondsPerDay, 0).UTC()
		for _, w := range c.byDay[midnight.Weekday()] {
			opens := midnight.Add(time.Duration(w.start) * time.Minute)
			s := resolve(opens, c.loc)
			e := resolve(opens.Add(time.Duration(w.length)*time.Minute), c.loc)
			if s.Before(lo) {
				s = lo
			}
			if e.After(hi) {
				e = hi
			}
			if e.After(s) {
				out = append(out, span{s, e})
			}
		}
	}
	slices.SortFunc(out, func(a, b span) int { return a.start.Compare(b.start) })
	return mergeSpans(out)
}

// mergeSpans joins overlapping and touching spans of a sorted list.
func mergeSpans(spans []span) []span {
	merged := spans[:0]
	for _, s := range spans {
		if n := len(merged); n > 0 && !s.start.After(merged[n-1].end) {
			if s.end.After(merged[n-1].end) {
				merged[n-1].end = s.end
			}
			continue
		}
		merged = append(merged, s)
	}
	return merged
}
