package engage

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// AckPath is where the server serves acknowledgement links.
const AckPath = "/_ssmcontacts/ack"

// AckLinkLifetime is how long an email's acknowledgement link works.
const AckLinkLifetime = 7 * 24 * time.Hour

// AckLinks makes and checks the signed, expiring links that let a
// responder acknowledge a page from their inbox: BaseURL + AckPath +
// "?t=<token>", the token carrying the page ARN and an expiry, sealed with
// an HMAC under a key the server keeps in its store.
type AckLinks struct {
	BaseURL string // e.g. https://oncall.example.com
	Key     []byte
}

type ackClaims struct {
	Page    string `json:"p"`
	Expires int64  `json:"e"`
}

// URL returns the acknowledgement link of pageARN, valid for
// AckLinkLifetime from now.
func (l *AckLinks) URL(pageARN string, now time.Time) string {
	body, _ := json.Marshal(ackClaims{Page: pageARN, Expires: now.Add(AckLinkLifetime).Unix()})
	tok := base64.RawURLEncoding.EncodeToString(body) + "." + base64.RawURLEncoding.EncodeToString(l.mac(body))
	return strings.TrimRight(l.BaseURL, "/") + AckPath + "?t=" + url.QueryEscape(tok)
}

func (l *AckLinks) mac(body []byte) []byte {
	m := hmac.New(sha256.New, l.Key)
	m.Write([]byte("ack-link\x00"))
	m.Write(body)
	return m.Sum(nil)
}

// Verify returns the page ARN of a valid, unexpired token.
func (l *AckLinks) Verify(token string, now time.Time) (string, error) {
	bad := contacts.Invalidf("The acknowledgement link is not valid")
	b64, sig, ok := strings.Cut(token, ".")
	if !ok {
		return "", bad
	}
	body, err1 := base64.RawURLEncoding.DecodeString(b64)
	mac, err2 := base64.RawURLEncoding.DecodeString(sig)
	if err1 != nil || err2 != nil || !hmac.Equal(mac, l.mac(body)) {
		return "", bad
	}
	var c ackClaims
	if json.Unmarshal(body, &c) != nil || c.Page == "" {
		return "", bad
	}
	if now.Unix() > c.Expires {
		return "", contacts.Invalidf("The acknowledgement link has expired")
	}
	return c.Page, nil
}
