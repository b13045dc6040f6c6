package console

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

// TestIsRegionNameMatchesPattern holds the written-out check to the
// regular expression it replaces.
func TestIsRegionNameMatchesPattern(t *testing.T) {
	re := regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$`)
	inputs := []string{"", "us-east-1", "eu-central-12", "us-east-123", "us-1", "use-east-1", "us--east-1",
		"us-east-", "us-gov-west-1", "US-east-1", "us-east-1a", "-us-east-1", "us-east1", "u-east-1"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 50000 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = "--abcuz019A"[rng.IntN(11)]
		}
		inputs = append(inputs, string(b))
	}
	for _, s := range inputs {
		if got, want := isRegionName(s), re.MatchString(s); got != want {
			t.Errorf("isRegionName(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}
