package validate

import (
	"regexp"
	"testing"
)

// TestLeadingLookaheadMatchesPattern holds the written-out split to the
// regular expression it replaces.
func TestLeadingLookaheadMatchesPattern(t *testing.T) {
	re := regexp.MustCompile(`^\^\(\?!([A-Za-z0-9:_-]+)\)`)
	for _, expr := range []string{
		`^(?!aws:)[A-Za-z0-9 _.:/=+\-@]*$`, `^(?!aws:)`, `^(?!)x`, `^(?!a b)x`, `^(?!a)b)`, `(?!aws:)x`,
		`^(?!aws:x`, `^(?=aws:)x`, `^[a-z]+$`, ``, `^(?!A-z_0:9)rest`, `^(?!é)x`,
	} {
		var want [3]string
		if m := re.FindStringSubmatch(expr); m != nil {
			want = [3]string{m[1], expr[len(m[0]):], "ok"}
		}
		var got [3]string
		if prefix, rest, ok := leadingLookahead(expr); ok {
			got = [3]string{prefix, rest, "ok"}
		}
		if got != want {
			t.Errorf("leadingLookahead(%q) = %q, the pattern says %q", expr, got, want)
		}
	}
}
