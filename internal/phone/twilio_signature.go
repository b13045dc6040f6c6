package phone

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"net"
	"net/url"
	"slices"
	"sort"
	"strings"
)

// HeaderTwilioSignature carries the provider's signature of a request.
const HeaderTwilioSignature = "X-Twilio-Signature"

// TwilioSignature is the X-Twilio-Signature of a request to fullURL (as
// the provider called it, query included) with form parameters params:
// base64(HMAC-SHA1(authToken, fullURL + name₁ + value₁ + name₂ + value₂ …))
// with the names in byte order and, for a repeated name, each of its
// values in the order sent.
func TwilioSignature(authToken, fullURL string, params url.Values) string {
	return signature(authToken, fullURL, params, false)
}

func signature(authToken, fullURL string, params url.Values, sortValues bool) string {
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(fullURL))
	for _, k := range names {
		values := params[k]
		if sortValues {
			values = slices.Sorted(slices.Values(values))
		}
		for _, v := range values {
			mac.Write([]byte(k))
			mac.Write([]byte(v))
		}
	}
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// validTwilioSignature checks a request's signature, in constant time.
// Like Twilio's own libraries it accepts the URL with and without its
// default port (providers are not consistent about it), and the values of
// a repeated parameter in the order sent or sorted (the official helper
// libraries sort them).
func validTwilioSignature(authToken, fullURL string, params url.Values, got string) bool {
	if got == "" {
		return false
	}
	ok := false
	for _, u := range portVariants(fullURL) {
		for _, sortValues := range []bool{false, true} {
			want := signature(authToken, u, params, sortValues)
			ok = subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1 || ok
		}
	}
	return ok
}

// portVariants returns fullURL, and the same with the scheme's default
// port added or removed.
func portVariants(fullURL string) []string {
	u, err := url.Parse(fullURL)
	if err != nil {
		return []string{fullURL}
	}
	def := map[string]string{"https": "443", "http": "80"}[u.Scheme]
	other := *u
	switch port := u.Port(); {
	case def == "":
		return []string{fullURL}
	case port == "":
		other.Host = net.JoinHostPort(u.Hostname(), def)
	case port == def:
		other.Host = u.Hostname()
		if strings.Contains(other.Host, ":") { // an IPv6 literal keeps its brackets
			other.Host = "[" + other.Host + "]"
		}
	default:
		return []string{fullURL}
	}
	return []string{fullURL, other.String()}
}
