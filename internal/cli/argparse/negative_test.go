package argparse

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

// TestIsNegativeNumberMatchesPattern holds the written-out check to
// argparse's regular expression.
func TestIsNegativeNumberMatchesPattern(t *testing.T) {
	re := regexp.MustCompile(`^-\d+$|^-\d*\.\d+$`)
	inputs := []string{"", "-", "-1", "-12", "-.5", "-1.5", "-1.", "-.", "--1", "-1.2.3", "1", "-1e5", "-a", "-1 ", "-١"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, rng.IntN(7))
		for i := range b {
			b[i] = "-.0123456789a "[rng.IntN(14)]
		}
		inputs = append(inputs, string(b))
	}
	for _, s := range inputs {
		if got, want := isNegativeNumber(s), re.MatchString(s); got != want {
			t.Errorf("isNegativeNumber(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}
