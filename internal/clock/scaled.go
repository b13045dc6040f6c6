package clock

import "time"

// Scaled is a clock that moves by itself, a fixed rate faster than the wall
// clock, from Start: tests run on it to see an engine wake up on its own
// (as on the real clock) while a minute of its time passes in a second of
// theirs. Its timers are real timers of a duration divided by Rate.
type Scaled struct {
	start time.Time
	rate  float64
	// origin is the wall-clock instant that stands for start.
	origin time.Time
}

// NewScaled returns a clock at start now, moving rate times faster than
// the wall clock (a rate below 1 counts as 1).
func NewScaled(start time.Time, rate float64) *Scaled {
	return &Scaled{start: start, rate: max(rate, 1), origin: time.Now()}
}

// Now returns the start plus the wall time since NewScaled, times the rate.
func (s *Scaled) Now() time.Time {
	return s.start.Add(time.Duration(float64(time.Since(s.origin)) * s.rate))
}

// NewTimer returns a timer that fires once Now() has reached the current
// time plus d.
func (s *Scaled) NewTimer(d time.Duration) Timer {
	return realTimer{time.NewTimer(time.Duration(float64(d)/s.rate) + 1)}
}
