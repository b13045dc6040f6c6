package rotation

import (
	"fmt"
	"strings"
	"time"
)

// HandOff is a local wall-clock time of day, as in the API's HandOffTime.
type HandOff struct {
	Hour   int // 0..23
	Minute int // 0..59
}

// minutes returns the hand-off as minutes after local midnight.
func (h HandOff) minutes() int { return h.Hour*60 + h.Minute }

// Weekly is one weekly hand-off: a day of the week and a time on it.
type Weekly struct {
	Day time.Weekday
	At  HandOff
}

// Monthly is one monthly hand-off: a day of the month (1..31) and a time on
// it. Days past the end of a short month fall on its last day.
type Monthly struct {
	Day int
	At  HandOff
}

// Coverage is a daily window of local time during which the rotation has
// someone on call. End at or before Start means the window runs past
// midnight into the next day; End == Start means a full 24 hours.
type Coverage struct {
	Start, End HandOff
}

// Recurrence says when shifts hand off and how many members each shift has.
// Exactly one of Daily, Weekly and Monthly is set.
type Recurrence struct {
	Daily   []HandOff
	Weekly  []Weekly
	Monthly []Monthly
	// NumberOfOnCalls is how many members are on call together in a shift.
	NumberOfOnCalls int
	// Multiplier is how many days, weeks or months one block of hand-offs
	// lasts; see the package documentation for several hand-offs a period.
	Multiplier int
	// Coverages lists, per day of the week, the windows in which someone
	// is on call. Nil, empty, or without any window means around the clock.
	Coverages map[time.Weekday][]Coverage
}

// Spec is everything that determines a rotation's regular shifts.
type Spec struct {
	// Members are contact ARNs (or, for previews, free-form names) in
	// shift order. They must be distinct.
	Members []string
	// Location is the time zone whose wall clock hand-offs and coverage
	// windows are read in.
	Location *time.Location
	// Start is when the rotation goes into effect; there are no shifts
	// before it. Callers use the creation time when the API gave none.
	Start      time.Time
	Recurrence Recurrence
}

// Override puts Members on call from Start to End in place of whoever the
// rotation has on call then. An empty Members means nobody is on call.
type Override struct {
	ID         string
	Start, End time.Time
	Members    []string
}

// ShiftType tells regular shifts from overridden ones; the values are the
// API's ShiftType enum.
type ShiftType string

// The two kinds of shift.
const (
	Regular    ShiftType = "REGULAR"
	Overridden ShiftType = "OVERRIDDEN"
)

// Shift is one stretch of time with one set of members on call.
type Shift struct {
	Start, End time.Time
	Members    []string
	Type       ShiftType
	// Replaced holds, for an overridden shift, the regular members the
	// override displaced (ShiftDetails.OverriddenContactIds); nil otherwise.
	Replaced []string
}

// contains reports whether t falls in [s.Start, s.End).
func (s Shift) contains(t time.Time) bool {
	return !t.Before(s.Start) && t.Before(s.End)
}

// String describes s for logs and test failures.
func (s Shift) String() string {
	return fmt.Sprintf("%s %s→%s [%s]", s.Type, s.Start.Format(time.RFC3339), s.End.Format(time.RFC3339), strings.Join(s.Members, " "))
}
