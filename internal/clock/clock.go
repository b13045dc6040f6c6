package clock

import (
	"sort"
	"sync"
	"time"
)

// Clock tells the time and makes timers on its own time line.
type Clock interface {
	Now() time.Time
	// NewTimer returns a timer that fires once Now() has reached the
	// current time plus d.
	NewTimer(d time.Duration) Timer
}

// Timer is a one-shot timer from a Clock.
type Timer interface {
	C() <-chan time.Time
	// Stop prevents the timer from firing; it reports whether it stopped
	// the timer before it fired.
	Stop() bool
}

// Real is the system clock.
type Real struct{}

// Now returns time.Now().
func (Real) Now() time.Time { return time.Now() }

// NewTimer wraps time.NewTimer.
func (Real) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (r realTimer) C() <-chan time.Time { return r.t.C }
func (r realTimer) Stop() bool          { return r.t.Stop() }

// Controllable is a clock that stands still until Set or Advance moves it.
// It is safe for concurrent use.
type Controllable struct {
	mu      sync.Mutex
	now     time.Time
	waiters []*fakeTimer
	moved   chan struct{} // closed and replaced on every move
}

// NewControllable returns a clock standing at start.
func NewControllable(start time.Time) *Controllable {
	return &Controllable{now: start, moved: make(chan struct{})}
}

// Now returns the clock's current time.
func (c *Controllable) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d (d < 0 is treated as 0) and fires
// the timers that became due, in deadline order.
func (c *Controllable) Advance(d time.Duration) time.Time {
	if d < 0 {
		d = 0
	}
	c.mu.Lock()
	t := c.now.Add(d)
	c.mu.Unlock()
	c.Set(t)
	return t
}

// Set moves the clock to t, forwards or backwards, and fires the timers
// whose deadline is at or before t.
func (c *Controllable) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	var due, keep []*fakeTimer
	for _, w := range c.waiters {
		if !w.deadline.After(t) {
			due = append(due, w)
		} else {
			keep = append(keep, w)
		}
	}
	c.waiters = keep
	close(c.moved)
	c.moved = make(chan struct{})
	c.mu.Unlock()
	sort.SliceStable(due, func(i, j int) bool { return due[i].deadline.Before(due[j].deadline) })
	for _, w := range due {
		w.ch <- t // buffered: never blocks
	}
}

// Moved returns a channel closed the next time the clock is moved.
func (c *Controllable) Moved() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.moved
}

// NewTimer returns a timer that fires when the clock reaches Now()+d.
func (c *Controllable) NewTimer(d time.Duration) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := &fakeTimer{c: c, deadline: c.now.Add(d), ch: make(chan time.Time, 1)}
	if d <= 0 {
		w.ch <- c.now
		return w
	}
	c.waiters = append(c.waiters, w)
	return w
}

type fakeTimer struct {
	c        *Controllable
	deadline time.Time
	ch       chan time.Time
}

func (f *fakeTimer) C() <-chan time.Time { return f.ch }

func (f *fakeTimer) Stop() bool {
	f.c.mu.Lock()
	defer f.c.mu.Unlock()
	for i, w := range f.c.waiters {
		if w == f {
			f.c.waiters = append(f.c.waiters[:i], f.c.waiters[i+1:]...)
			return true
		}
	}
	return false
}
