package contacts

import (
	"sync"
	"time"
)

// DueSignal carries news of timers from a store to the engine: after each
// commit that made a timer due (inserted one, or released claims), the
// store raises it with the earliest due time among them. The engine sleeps
// on C until its next known due time, so every path that schedules work,
// the domain's writes and the engine's own background sends alike, wakes
// it without having to remember to.
//
// It keeps the earliest time raised since the last Take, so a raise that
// comes while the engine is busy is not lost. It is safe for concurrent
// use.
type DueSignal struct {
	mu       sync.Mutex
	earliest time.Time
	raised   bool
	c        chan struct{}
}

// NewDueSignal returns a signal with nothing raised.
func NewDueSignal() *DueSignal {
	return &DueSignal{c: make(chan struct{}, 1)}
}

// Raise announces a timer due at due.
func (s *DueSignal) Raise(due time.Time) {
	s.mu.Lock()
	if !s.raised || due.Before(s.earliest) {
		s.earliest, s.raised = due, true
	}
	s.mu.Unlock()
	select {
	case s.c <- struct{}{}:
	default:
	}
}

// C receives after a Raise.
func (s *DueSignal) C() <-chan struct{} { return s.c }

// Take returns the earliest due time raised since the last Take and
// forgets it; ok is false when nothing was raised.
func (s *DueSignal) Take() (due time.Time, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	due, ok = s.earliest, s.raised
	s.earliest, s.raised = time.Time{}, false
	return due, ok
}

// DueTimes collects the due times of the timers one transaction makes due,
// for a store to raise after its commit.
type DueTimes struct {
	earliest time.Time
	any      bool
}

// Add notes a timer due at due.
func (d *DueTimes) Add(due time.Time) {
	if !d.any || due.Before(d.earliest) {
		d.earliest, d.any = due, true
	}
}

// Merge adds what o noted.
func (d *DueTimes) Merge(o DueTimes) {
	if o.any {
		d.Add(o.earliest)
	}
}

// RaiseOn raises s with the earliest time noted, if any.
func (d DueTimes) RaiseOn(s *DueSignal) {
	if d.any && s != nil {
		s.Raise(d.earliest)
	}
}
