package clock

import (
	"testing"
	"time"
)

func TestControllableTimers(t *testing.T) {
	start := time.Date(2024, 3, 8, 9, 0, 0, 0, time.UTC)
	c := NewControllable(start)
	t5 := c.NewTimer(5 * time.Minute)
	t10 := c.NewTimer(10 * time.Minute)
	stopped := c.NewTimer(7 * time.Minute)
	if !stopped.Stop() {
		t.Fatal("Stop of a pending timer = false")
	}
	c.Advance(4 * time.Minute)
	select {
	case <-t5.C():
		t.Fatal("timer fired early")
	default:
	}
	c.Advance(time.Minute)
	select {
	case got := <-t5.C():
		if want := start.Add(5 * time.Minute); !got.Equal(want) {
			t.Fatalf("fired at %v, want %v", got, want)
		}
	default:
		t.Fatal("timer did not fire at its deadline")
	}
	moved := c.Moved()
	c.Set(start.Add(time.Hour))
	select {
	case <-moved:
	default:
		t.Fatal("Moved not closed")
	}
	select {
	case <-t10.C():
	default:
		t.Fatal("10m timer did not fire after Set")
	}
	select {
	case <-stopped.C():
		t.Fatal("stopped timer fired")
	default:
	}
	if got := c.NewTimer(0); len(got.C()) != 1 {
		t.Fatal("zero-duration timer should be ready at once")
	}
}
