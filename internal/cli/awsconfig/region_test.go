package awsconfig

import (
	"regexp"
	"strings"
	"testing"
)

// TestValidRegion: validRegion agrees with the regular expressions it
// replaces.
func TestValidRegion(t *testing.T) {
	chars := regexp.MustCompile(`^[a-zA-Z0-9-]{0,63}$`)
	digits := regexp.MustCompile(`^[0-9]+$`)
	want := func(r string) bool {
		return chars.MatchString(r) && !digits.MatchString(r) && !strings.HasPrefix(r, "-") && !strings.HasSuffix(r, "-")
	}
	pieces := []string{"", "a", "Z", "9", "12", "-", "_", ".", "é", "\xff", "\n", "us-east-1", strings.Repeat("a", 62), strings.Repeat("1", 63)}
	for _, a := range pieces {
		for _, b := range pieces {
			for _, c := range pieces {
				r := a + b + c
				if got := validRegion(r); got != want(r) {
					t.Errorf("validRegion(%q) = %v, want %v", r, got, want(r))
				}
			}
		}
	}
}
