package rotation

import (
	"testing"
	"time"
)

// TestResolveAgainstClockFace checks resolve, for every minute of local
// time within three hours of every transition from 2010 to 2027 in zones
// with unusual transitions, against what the clocks were seen to show.
func TestResolveAgainstClockFace(t *testing.T) {
	t.Parallel()
	zones := []string{
		"America/Chicago", "Europe/London", "Australia/Sydney",
		"Australia/Lord_Howe", // 30-minute daylight saving
		"America/Santiago",    // transitions at midnight
		"America/Havana",      // transitions at midnight
		"America/St_Johns",    // half-hour offset
		"Europe/Dublin",       // negative daylight saving in the tz database
		"Africa/Casablanca",   // Ramadan transitions
		"Pacific/Apia",        // skipped 2011-12-30 entirely
		"Asia/Kathmandu",      // 45-minute offset, no transitions since 1986
		"UTC",
	}
	locs := []*time.Location{backAcrossMidnight(t)}
	for _, name := range zones {
		locs = append(locs, mustLoad(t, name))
	}
	for _, loc := range locs {
		t.Run(loc.String(), func(t *testing.T) {
			t.Parallel()
			end := time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)
			checked := 0
			for tr := range transitions(loc, time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), end) {
				face := newClockFace(loc, tr.Add(-27*time.Hour), tr.Add(27*time.Hour))
				lo, hi := wallOf(tr.Add(-3*time.Hour), loc), wallOf(tr.Add(3*time.Hour), loc)
				for w := lo; !w.After(hi); w = w.Add(time.Minute) {
					want, ok := face.firstShowing(w)
					if !ok {
						t.Fatalf("clock face around %v never shows %v", tr, w)
					}
					if got := resolve(w, loc); !got.Equal(want) {
						t.Fatalf("resolve(%s) = %v, want %v (transition at %v)", w.Format("2006-01-02 15:04"), got, want.In(loc), tr)
					}
					checked++
				}
			}
			// Plain readings far from any transition resolve to themselves.
			w := time.Date(2024, 7, 15, 12, 34, 0, 0, time.UTC)
			if got, want := resolve(w, loc), time.Date(2024, 7, 15, 12, 34, 0, 0, loc); !got.Equal(want) {
				t.Errorf("resolve(%v) = %v, want %v", w, got, want)
			}
			t.Logf("%d readings checked", checked)
		})
	}
}

// transitions yields the instants in [from, to) at which loc changes offset.
func transitions(loc *time.Location, from, to time.Time) func(func(time.Time) bool) {
	return func(yield func(time.Time) bool) {
		t := from.In(loc)
		for {
			_, end := t.ZoneBounds()
			if end.IsZero() || !end.Before(to) {
				return
			}
			_, before := end.Add(-time.Nanosecond).Zone()
			_, after := end.Zone()
			if before != after && !yield(end) {
				return
			}
			t = end
		}
	}
}
