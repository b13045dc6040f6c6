package cli

import (
	"regexp"
	"strings"
	"testing"
)

// TestHostLabels: hostLabels agrees with the regular expression it
// replaces on labels of every length and character class that matters.
func TestHostLabels(t *testing.T) {
	re := regexp.MustCompile(`(?i)^(([a-z\d]|[a-z\d][a-z\d-]{0,61}[a-z\d])\.)*([a-z\d]|[a-z\d][a-z\d-]{0,61}[a-z\d])$`)
	pieces := []string{"", "a", "Z", "9", "-", "_", ".", "..", "\u212a", "\u017f", "é", "\xff", " ", "a-b", "-a", "a-",
		strings.Repeat("a", 61), strings.Repeat("b", 62), strings.Repeat("c", 63), strings.Repeat("d", 64), "x" + strings.Repeat("-", 61) + "y"}
	n := 0
	for _, a := range pieces {
		for _, b := range pieces {
			for _, c := range pieces {
				host := a + b + c
				if got, want := hostLabels(host), re.MatchString(host); got != want {
					t.Errorf("hostLabels(%q) = %v, the expression says %v", host, got, want)
				}
				n++
			}
		}
	}
	t.Logf("%d hosts", n)
}

func FuzzHostLabels(f *testing.F) {
	re := regexp.MustCompile(`(?i)^(([a-z\d]|[a-z\d][a-z\d-]{0,61}[a-z\d])\.)*([a-z\d]|[a-z\d][a-z\d-]{0,61}[a-z\d])$`)
	f.Add("localhost")
	f.Add("a-b.c\u212a.-x")
	f.Fuzz(func(t *testing.T, host string) {
		if got, want := hostLabels(host), re.MatchString(host); got != want {
			t.Errorf("hostLabels(%q) = %v, the expression says %v", host, got, want)
		}
	})
}
