package params

import (
	"regexp"
	"strings"
)

var (
	specialCase = regexp.MustCompile(`[A-Z]{2,}s$`)
	firstCap    = regexp.MustCompile(`(.)([A-Z][a-z]+)`)
	endCap      = regexp.MustCompile(`([a-z0-9])([A-Z])`)
)

// XformName converts a CamelCase model name to botocore's separated form:
// XformName("ContactChannelId", "-") is "contact-channel-id".
func XformName(name, sep string) string {
	if strings.Contains(name, sep) {
		return name
	}
	if m := specialCase.FindString(name); m != "" {
		name = name[:len(name)-len(m)] + sep + strings.ToLower(m)
	}
	s := firstCap.ReplaceAllString(name, "${1}"+sep+"${2}")
	return strings.ToLower(endCap.ReplaceAllString(s, "${1}"+sep+"${2}"))
}
