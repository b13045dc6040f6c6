package console

import (
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/rotation"
)

// calDay is one calendar day in the viewer's zone, with the parts of
// shifts that fall in it. Days are built with time.Date, so a day of a
// daylight-saving change is 23 or 25 hours long as it should be.
type calDay struct {
	Start, End time.Time // [midnight, next midnight) in the zone
	Today      bool
	InMonth    bool // false for the month grid's leading and trailing days
	Segments   []segment
}

// segment is the part of a shift inside one day.
type segment struct {
	Start, End time.Time
	Shift      contacts.Shift
	// FromBefore and PastEnd say that the shift began before the day or
	// runs past it.
	FromBefore, PastEnd bool
}

// Overridden reports whether the shift is an override's.
func (s segment) Overridden() bool { return s.Shift.Type == rotation.Overridden }

// day is the midnight that starts t's day in loc.
func day(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// weekStart is the Monday that starts t's week in loc.
func weekStart(t time.Time, loc *time.Location) time.Time {
	d := day(t, loc)
	back := (int(d.Weekday()) + 6) % 7
	return time.Date(d.Year(), d.Month(), d.Day()-back, 0, 0, 0, 0, loc)
}

// days lays out n days from first (a midnight in loc) and distributes
// shifts over them.
func days(first time.Time, n int, loc *time.Location, now time.Time, month time.Month, shifts []contacts.Shift) []calDay {
	out := make([]calDay, n)
	today := day(now, loc)
	for i := range out {
		start := time.Date(first.Year(), first.Month(), first.Day()+i, 0, 0, 0, 0, loc)
		end := time.Date(first.Year(), first.Month(), first.Day()+i+1, 0, 0, 0, 0, loc)
		d := calDay{Start: start, End: end, Today: start.Equal(today), InMonth: month == 0 || start.Month() == month}
		for _, s := range shifts {
			if !s.End.After(start) || !s.Start.Before(end) {
				continue
			}
			seg := segment{Start: s.Start, End: s.End, Shift: s}
			if s.Start.Before(start) {
				seg.Start, seg.FromBefore = start, true
			}
			if s.End.After(end) {
				seg.End, seg.PastEnd = end, true
			}
			d.Segments = append(d.Segments, seg)
		}
		out[i] = d
	}
	return out
}

// weeksOf cuts a month grid into rows of seven days.
func weeksOf(ds []calDay) [][]calDay {
	var out [][]calDay
	for i := 0; i+7 <= len(ds); i += 7 {
		out = append(out, ds[i:i+7])
	}
	return out
}

// monthGrid returns the first and the number of days of the grid that
// shows t's month: whole weeks, Monday first.
func monthGrid(t time.Time, loc *time.Location) (first time.Time, n int, month time.Month) {
	d := day(t, loc)
	firstOfMonth := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, loc)
	lastOfMonth := time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, loc)
	first = weekStart(firstOfMonth, loc)
	end := weekStart(lastOfMonth, loc)
	end = time.Date(end.Year(), end.Month(), end.Day()+7, 0, 0, 0, 0, loc)
	for x := first; x.Before(end); x = time.Date(x.Year(), x.Month(), x.Day()+1, 0, 0, 0, 0, loc) {
		n++
	}
	return first, n, d.Month()
}
