package notify

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
)

// SMSText is what a phone provider texts for m: short enough for one or
// two SMS segments, whatever the subject's length.
//
//	ssmcontacts code 123456 for akua's phone. Expires in 15 min.
//	ssmcontacts page from cli: Database down. Reply 123456 to acknowledge.
//
// A subject too long for two segments is cut with "..."; line breaks and
// other control characters become spaces.
func SMSText(m Message) string {
	if m.Kind == KindActivation {
		name := oneLine(m.ChannelName)
		if name == "" {
			name = "your contact channel"
		}
		suffix := "."
		if m.CodeValidFor > 0 {
			suffix = fmt.Sprintf(". Expires in %d min.", int(m.CodeValidFor/time.Minute))
		}
		return fitSegments("ssmcontacts code "+m.Code+" for ", name, suffix)
	}
	prefix := "ssmcontacts page: "
	if s := oneLine(m.Sender); s != "" {
		prefix = "ssmcontacts page from " + s + ": "
		if !fits(prefix + "x. Reply " + m.Code + " to acknowledge.") {
			prefix = "ssmcontacts page: " // a sender of 255 characters leaves no room
		}
	}
	subject := oneLine(m.Subject)
	if subject == "" {
		subject = oneLine(m.Body)
	}
	return fitSegments(prefix, strings.TrimRight(subject, "."), ". Reply "+m.Code+" to acknowledge.")
}

// oneLine replaces runs of spaces and control characters with one space.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}

// Two concatenated segments carry 2×153 GSM-7 characters, or 2×67 UTF-16
// units when any character needs UCS-2.
const (
	maxGSMSeptets = 2 * 153
	maxUCS2Units  = 2 * 67
)

// fitSegments returns prefix+middle+suffix, cutting middle (with "...",
// which takes the place of a full stop opening suffix) until the text
// fits two segments.
func fitSegments(prefix, middle, suffix string) string {
	if fits(prefix + middle + suffix) {
		return prefix + middle + suffix
	}
	suffix = strings.TrimPrefix(suffix, ".")
	runes := []rune(middle)
	lo, hi := 0, len(runes) // the longest cut that fits is in [lo, hi)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(prefix + string(runes[:mid]) + "..." + suffix) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return prefix + strings.TrimSpace(string(runes[:lo])) + "..." + suffix
}

// fits reports whether s fits two SMS segments.
func fits(s string) bool {
	if n, ok := gsmSeptets(s); ok {
		return n <= maxGSMSeptets
	}
	return len(utf16.Encode([]rune(s))) <= maxUCS2Units
}

const (
	gsmBasic     = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExtension = "^{}\\[~]|€"
)

// gsmSeptets counts the septets of s in the GSM 03.38 alphabet (extension
// characters take two); ok is false when s needs UCS-2.
func gsmSeptets(s string) (n int, ok bool) {
	for _, r := range s {
		switch {
		case strings.ContainsRune(gsmBasic, r):
			n++
		case strings.ContainsRune(gsmExtension, r):
			n += 2
		default:
			return 0, false
		}
	}
	return n, true
}
