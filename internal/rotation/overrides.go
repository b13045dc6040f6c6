package rotation

import (
	"slices"
	"time"
)

// piece is part of a covered shift with one override in force, or none
// (override == -1).
type piece struct {
	span
	override int
}

// effective drops overrides that cover no time; they can never apply.
func effective(overrides []Override) []Override {
	var out []Override
	for _, o := range overrides {
		if o.Start.Before(o.End) {
			out = append(out, o)
		}
	}
	return out
}

// anyOverlaps reports whether an override overlaps s.
func anyOverlaps(overrides []Override, s span) bool {
	for _, o := range overrides {
		if o.Start.Before(s.end) && o.End.After(s.start) {
			return true
		}
	}
	return false
}

// splitByOverrides cuts s where the override in force changes. Where
// overrides overlap, the one later in the list wins: callers list them
// oldest first, so the newest decision stands.
func splitByOverrides(s span, overrides []Override) []piece {
	cuts := []time.Time{s.start, s.end}
	for _, o := range overrides {
		if o.Start.Before(s.end) && o.End.After(s.start) {
			cuts = append(cuts, o.Start, o.End)
		}
	}
	if len(cuts) == 2 {
		return []piece{{s, -1}}
	}
	slices.SortFunc(cuts, func(a, b time.Time) int { return a.Compare(b) })
	var out []piece
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		if a.Before(s.start) || b.After(s.end) || !a.Before(b) {
			continue
		}
		winner := inForce(overrides, a)
		if n := len(out); n > 0 && out[n-1].override == winner {
			out[n-1].end = b
			continue
		}
		out = append(out, piece{span{a, b}, winner})
	}
	return out
}

// inForce returns the index of the last override covering t, or -1.
func inForce(overrides []Override, t time.Time) int {
	for i := len(overrides) - 1; i >= 0; i-- {
		if !t.Before(overrides[i].Start) && t.Before(overrides[i].End) {
			return i
		}
	}
	return -1
}
