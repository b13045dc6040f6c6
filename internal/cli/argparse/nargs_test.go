package argparse

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// nargsPattern is argparse's regular expression for a's words, as
// argparse.py builds it.
func nargsPattern(a *Action) string {
	var pat string
	switch a.Nargs {
	case One:
		pat = "(-*A-*)"
	case Optional:
		pat = "(-*A?-*)"
	case ZeroOrMore:
		pat = "(-*[A-]*)"
	case OneOrMore:
		pat = "(-*A[A-]*)"
	case Zero:
		pat = "(-*-*)"
	}
	if !a.positional() {
		pat = strings.ReplaceAll(strings.ReplaceAll(pat, "-*", ""), "-", "")
	}
	return pat
}

// TestMatchGroupsMatchesRegexp holds matchGroups to argparse's regular
// expressions, run by Go's regexp (whose submatches are the ones a
// backtracking engine finds first, as Python's are), for random lists of
// actions and word-kind strings.
func TestMatchGroupsMatchesRegexp(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	nargs := []Nargs{One, Optional, ZeroOrMore, OneOrMore, Zero}
	for range 20000 {
		actions := make([]*Action, 1+rng.IntN(4))
		positional := rng.IntN(3) > 0
		for i := range actions {
			actions[i] = &Action{Nargs: nargs[rng.IntN(len(nargs))]}
			if !positional {
				actions[i].Option = "--x"
			}
		}
		b := make([]byte, rng.IntN(9))
		for i := range b {
			b[i] = "OAA-"[rng.IntN(4)]
		}
		s := string(b)

		var pat strings.Builder
		groups := make([][]atom, len(actions))
		for i, a := range actions {
			pat.WriteString(nargsPattern(a))
			groups[i] = nargsAtoms(a)
		}
		var want []int
		m := regexp.MustCompile("^" + pat.String()).FindStringSubmatch(s)
		for _, g := range m[min(1, len(m)):] {
			want = append(want, len(g))
		}
		got, ok := matchGroups(groups, s)
		if ok != (m != nil) || !slices.Equal(got, want) {
			t.Fatalf("pattern %s on %q: matchGroups %v %v, regexp %v %v", pat.String(), s, got, ok, want, m != nil)
		}
	}
}
