package rotation

import "time"

// A wall reading is a local date and time of day without a zone. It is kept
// as a time.Time in UTC so that calendar arithmetic on it (AddDate, Weekday,
// Add) never meets a daylight-saving transition. Only resolve turns a wall
// reading back into an instant.

// wallOf returns what the clocks in loc show at instant t.
func wallOf(t time.Time, loc *time.Location) time.Time {
	_, offset := t.In(loc).Zone()
	return time.Unix(t.Unix()+int64(offset), int64(t.Nanosecond())).UTC()
}

// resolve returns the first instant at which the clocks in loc show w or a
// later time. For a reading that exists once this is that instant; for one
// that exists twice (clocks set back) it is the first occurrence; for one
// that never exists (clocks set forward over it) it is the transition
// itself, the first instant after the skipped stretch.
func resolve(w time.Time, loc *time.Location) time.Time {
	t := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), loc)
	shown := wallOf(t, loc)
	start, end := t.ZoneBounds()
	if !shown.Equal(w) {
		// w was skipped. time.Date picked an offset from one side of the
		// transition; the transition bounds t's zone period on that side.
		if shown.After(w) {
			return start
		}
		return end
	}
	if start.IsZero() {
		return t
	}
	// The clocks may have shown w once before, under the previous offset,
	// if they were set back at start.
	_, before := start.Add(-time.Nanosecond).Zone()
	earlier := time.Unix(w.Unix()-int64(before), int64(w.Nanosecond())).In(loc)
	if earlier.Before(start) && wallOf(earlier, loc).Equal(w) {
		return earlier
	}
	return t
}

// civilDays is the number of whole days from 1970-01-01 to the date of w.
func civilDays(w time.Time) int {
	return floorDiv(int(w.Unix()), secondsPerDay)
}

const secondsPerDay = 24 * 60 * 60

// floorDiv divides rounding towards minus infinity.
func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
