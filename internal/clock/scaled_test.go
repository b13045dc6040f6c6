package clock

import (
	"testing"
	"time"
)

func TestScaledTimersFireOnceItsTimeHasCome(t *testing.T) {
	start := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	c := NewScaled(start, 600)
	if got := c.Now(); got.Before(start) {
		t.Fatalf("Now() = %v, before the start %v", got, start)
	}
	want := c.Now().Add(time.Minute) // a tenth of a second of wall time
	<-c.NewTimer(time.Minute).C()
	if got := c.Now(); got.Before(want) {
		t.Errorf("the timer fired at %v, before its deadline %v", got, want)
	}
}
