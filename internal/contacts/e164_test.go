package contacts

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

// TestIsE164MatchesPattern holds the written-out check to the regular
// expression it replaces.
func TestIsE164MatchesPattern(t *testing.T) {
	re := regexp.MustCompile(`^\+[0-9]{8,15}$`)
	inputs := []string{"", "+", "+1234567", "+12345678", "+123456789012345", "+1234567890123456", "12345678", "+1234a5678", "+12345678\n"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, rng.IntN(20))
		for i := range b {
			b[i] = "+0123456789a \n"[rng.IntN(14)]
		}
		if rng.IntN(3) == 0 { // "+" and digits, the odd one not
			b = append(b[:0], '+')
			for range rng.IntN(18) {
				b = append(b, byte('0'+rng.IntN(10)))
			}
			if rng.IntN(4) == 0 && len(b) > 1 {
				b[1+rng.IntN(len(b)-1)] = 'x'
			}
		}
		inputs = append(inputs, string(b))
	}
	for _, s := range inputs {
		if got, want := isE164(s), re.MatchString(s); got != want {
			t.Errorf("isE164(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}
