package rotation

import (
	"sort"
	"time"
)

// clockFace records, minute by minute, what the clocks of a zone showed
// over a stretch of time. It is the tests' independent oracle for local
// time: built only from time.Time.In, it answers "when did the clocks
// first show this reading (or a later one)?" by looking.
type clockFace struct {
	loc      *time.Location
	instants []time.Time
	walls    []time.Time // wall reading at instants[i], as a UTC time
	highest  []time.Time // the latest reading among walls[:i+1]
}

func newClockFace(loc *time.Location, lo, hi time.Time) *clockFace {
	f := &clockFace{loc: loc}
	for t := lo.Truncate(time.Minute); t.Before(hi); t = t.Add(time.Minute) {
		l := t.In(loc)
		f.instants = append(f.instants, t)
		w := time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), 0, 0, time.UTC)
		f.walls = append(f.walls, w)
		if n := len(f.highest); n > 0 && f.highest[n-1].After(w) {
			w = f.highest[n-1]
		}
		f.highest = append(f.highest, w)
	}
	return f
}

// firstShowing returns the first recorded instant at which the clocks
// showed w or a later reading.
func (f *clockFace) firstShowing(w time.Time) (time.Time, bool) {
	// The first instant showing w or later is the first at which the
	// latest reading so far reaches w, and that running maximum is sorted.
	i := sort.Search(len(f.highest), func(i int) bool { return !f.highest[i].Before(w) })
	if i == len(f.highest) {
		return time.Time{}, false
	}
	return f.instants[i], true
}
