package params

import "strings"

// XformName converts a CamelCase model name to botocore's separated form:
// XformName("ContactChannelId", "-") is "contact-channel-id".
//
// botocore does it with three regular expressions; they are written out
// here (TestXformNameMatchesRegexps holds them to the originals), because
// every CLI call converts every operation's name to find its own, and
// compiling them at package init cost every run of the binary.
func XformName(name, sep string) string {
	if strings.Contains(name, sep) {
		return name
	}
	// `[A-Z]{2,}s$`: a trailing run of capitals and "s" becomes its own
	// lower-case word.
	if n := len(name); n >= 3 && name[n-1] == 's' {
		start := n - 1
		for start > 0 && isUpper(name[start-1]) {
			start--
		}
		if n-1-start >= 2 {
			name = name[:start] + sep + strings.ToLower(name[start:])
		}
	}
	return strings.ToLower(endCap(firstCap(name, sep), sep))
}

// firstCap is `(.)([A-Z][a-z]+)` → "${1}sep${2}": a separator before every
// capitalised word that follows some character.
func firstCap(s, sep string) string {
	var b strings.Builder
	last := 0 // s[last:i] is not yet written
	for i := 0; i+2 < len(s); {
		if s[i] == '\n' || !isUpper(s[i+1]) || !isLower(s[i+2]) {
			i++
			continue
		}
		j := i + 3
		for j < len(s) && isLower(s[j]) {
			j++
		}
		b.WriteString(s[last : i+1])
		b.WriteString(sep)
		b.WriteString(s[i+1 : j])
		last, i = j, j
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// endCap is `([a-z0-9])([A-Z])` → "${1}sep${2}".
func endCap(s, sep string) string {
	var b strings.Builder
	last := 0
	for i := 0; i+1 < len(s); {
		if !(isLower(s[i]) || '0' <= s[i] && s[i] <= '9') || !isUpper(s[i+1]) {
			i++
			continue
		}
		b.WriteString(s[last : i+1])
		b.WriteString(sep)
		b.WriteByte(s[i+1])
		last, i = i+2, i+2
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
