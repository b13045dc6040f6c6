package phone

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"testing"

	twilioclient "github.com/twilio/twilio-go/client"
)

// TestTwilioSignatureKnownVector is the example Twilio publishes for its
// request validation.
func TestTwilioSignatureKnownVector(t *testing.T) {
	params := url.Values{
		"CallSid": {"CA1234567890ABCDE"}, "Caller": {"+12349013030"}, "Digits": {"1234"},
		"From": {"+12349013030"}, "To": {"+18005551212"},
	}
	const fullURL = "https://mycompany.com/myapp.php?foo=1&bar=2"
	const want = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
	if got := TwilioSignature("12345", fullURL, params); got != want {
		t.Errorf("TwilioSignature = %q, want %q", got, want)
	}
	if !validTwilioSignature("12345", fullURL, params, want) {
		t.Error("the published signature does not validate")
	}
	params.Set("Digits", "1235")
	if validTwilioSignature("12345", fullURL, params, want) {
		t.Error("an edited parameter still validates")
	}
}

// TestTwilioSignatureMatchesTwilioGo compares TwilioSignature with the
// official library's RequestValidator on random URLs and parameters,
// both ways: what one signs, the other accepts.
func TestTwilioSignatureMatchesTwilioGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("aZ09+-_ .:/?&=%é💡\"<>")
	word := func(n int) string {
		r := make([]rune, 1+rng.IntN(n))
		for i := range r {
			r[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(r)
	}
	for i := range 500 {
		token := word(32)
		u := fmt.Sprintf("https://pager.example.com/_ssmcontacts/twilio/voice?m=%s&s=%s", url.QueryEscape(word(12)), url.QueryEscape(word(12)))
		params := url.Values{}
		asMap := map[string]string{}
		for range rng.IntN(8) {
			// Names of one length: twilio-go sorts name+value strings,
			// which orders names as sorting names does unless one name
			// is a prefix of another.
			k, v := fmt.Sprintf("%-6.6s", word(6)), word(20)
			params.Set(k, v)
			asMap[k] = v
		}
		validator := twilioclient.NewRequestValidator(token)
		ours := TwilioSignature(token, u, params)
		if !validator.Validate(u, asMap, ours) {
			t.Fatalf("case %d: twilio-go rejects our signature of %q %v", i, u, params)
		}
		// twilio-go has no signing function: a signature it accepts is
		// one it computed, so flip a bit of ours and check both refuse.
		raw := []byte(ours)
		raw[0] ^= 1
		if validator.Validate(u, asMap, string(raw)) || validTwilioSignature(token, u, params, string(raw)) {
			t.Fatalf("case %d: a changed signature is accepted", i)
		}
	}
}

// TestTwilioSignatureRepeatedParameters: each value of a repeated name is
// appended after the name, in the order sent.
func TestTwilioSignatureRepeatedParameters(t *testing.T) {
	got := TwilioSignature("tok", "https://x.example/cb", url.Values{"b": {"2"}, "a": {"1", "0"}})
	want := TwilioSignature("tok", "https://x.example/cba1a0b2", nil)
	if got != want {
		t.Errorf("repeated names: %q, want the signature of a1a0b2 appended (%q)", got, want)
	}
}

func TestTwilioSignatureAcceptsURLsWithAndWithoutTheDefaultPort(t *testing.T) {
	params := url.Values{"Digits": {"1"}}
	for _, tc := range []struct{ signed, served string }{
		{"https://pager.example.com:443/cb?m=1", "https://pager.example.com/cb?m=1"},
		{"https://pager.example.com/cb?m=1", "https://pager.example.com:443/cb?m=1"},
		{"http://pager.example.com:80/cb", "http://pager.example.com/cb"},
	} {
		if !validTwilioSignature("tok", tc.served, params, TwilioSignature("tok", tc.signed, params)) {
			t.Errorf("signed for %s, refused at %s", tc.signed, tc.served)
		}
	}
	if validTwilioSignature("tok", "https://pager.example.com:8443/cb", params, TwilioSignature("tok", "https://pager.example.com/cb", params)) {
		t.Error("another port is accepted")
	}
}

func TestTwilioSignatureRefusals(t *testing.T) {
	params := url.Values{"From": {"+12065550100"}, "Body": {"ACK"}}
	good := TwilioSignature("tok", "https://pager.example.com/cb", params)
	for name, tc := range map[string]struct {
		token, url, sig string
		params          url.Values
	}{
		"missing":     {"tok", "https://pager.example.com/cb", "", params},
		"wrong token": {"other", "https://pager.example.com/cb", good, params},
		"other URL":   {"tok", "https://pager.example.com/cb2", good, params},
		"extra param": {"tok", "https://pager.example.com/cb", good, url.Values{"From": {"+12065550100"}, "Body": {"ACK"}, "X": {""}}},
		"garbage":     {"tok", "https://pager.example.com/cb", "not base64", params},
	} {
		if validTwilioSignature(tc.token, tc.url, tc.params, tc.sig) {
			t.Errorf("%s: accepted", name)
		}
	}
}
