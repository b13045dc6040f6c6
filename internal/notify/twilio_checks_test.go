package notify

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// TestTwilioChecksMatchPatterns holds the written-out checks to the
// regular expressions they replace, on edge cases and random strings.
func TestTwilioChecksMatchPatterns(t *testing.T) {
	checks := []struct {
		name  string
		check func(string) bool
		re    *regexp.Regexp
	}{
		{"validAccountSID", validAccountSID, regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)},
		{"isMessagingServiceSID", isMessagingServiceSID, regexp.MustCompile(`^MG[0-9a-fA-F]{32}$`)},
		{"isE164", isE164, regexp.MustCompile(`^\+[0-9]{8,15}$`)},
	}
	inputs := []string{"", "+", "+1234567", "+12345678", "+123456789012345", "+1234567890123456", "+1234 5678",
		"AC" + strings.Repeat("0", 32), strings.Repeat("a", 64), strings.Repeat("a", 65), "a_b-C9", "a.b", "é",
		"MG" + strings.Repeat("aF09", 8), "MG" + strings.Repeat("aF09", 8) + "0", "MG" + strings.Repeat("g", 32),
		"MG" + strings.Repeat("`", 32), "MG" + strings.Repeat("@", 32), "mg" + strings.Repeat("0", 32), "+12345678\n"}
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "+MG0123456789abcdefgABCDEFG_-`@ \n"
	for range 20000 {
		b := make([]byte, rng.IntN(70))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
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
		if rng.IntN(2) == 0 && len(b) >= 2 {
			b[0], b[1] = 'M', 'G'
		}
		inputs = append(inputs, string(b))
	}
	for _, c := range checks {
		for _, s := range inputs {
			if got, want := c.check(s), c.re.MatchString(s); got != want {
				t.Errorf("%s(%q) = %v, the pattern says %v", c.name, s, got, want)
			}
		}
	}
}
