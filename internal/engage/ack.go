package engage

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
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
	return strings.TrimRight(l.BaseURL, "/") + AckPath + "?t=" + url.QueryEscape(l.token(pageARN, now))
}

func (l *AckLinks) token(pageARN string, now time.Time) string {
	body, _ := json.Marshal(ackClaims{Page: pageARN, Expires: now.Add(AckLinkLifetime).Unix()})
	return base64.RawURLEncoding.EncodeToString(body) + "." + base64.RawURLEncoding.EncodeToString(l.mac(body))
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

// AckView is what a link's confirmation page shows, so that the person
// who clicks knows what they are acknowledging before they do.
type AckView struct {
	PageARN     string
	Subject     string // as the page's channel was sent it
	ContactARN  string // the paged contact
	Alias       string
	DisplayName string // empty when the contact has none or is gone
	// Sent is when the page was sent, or created if it never was.
	Sent time.Time
	// ReadTime is set once the page is acknowledged.
	ReadTime *time.Time
}

// PageByLink returns what a valid, unexpired link names. It only reads:
// mail scanners and link previewers fetch every link in a message, so
// opening a link must not acknowledge anything. Errors: KindValidation
// (a bad or expired link), KindNotFound.
func (e *Engine) PageByLink(ctx context.Context, token string) (AckView, error) {
	if e.ackLinks == nil {
		return AckView{}, contacts.Invalidf("Acknowledgement links are not enabled")
	}
	pageARN, err := e.ackLinks.Verify(token, e.clock.Now())
	if err != nil {
		return AckView{}, err
	}
	a, _ := contacts.ParseARN(pageARN)
	sc := contacts.Scope{Account: a.Account, Region: a.Region}
	var v AckView
	err = e.store.Read(ctx, func(tx contacts.Tx) error {
		var err error
		v, err = ackView(ctx, tx, sc, pageARN)
		return err
	})
	return v, err
}

func ackView(ctx context.Context, tx contacts.Tx, sc contacts.Scope, pageARN string) (AckView, error) {
	p, err := contacts.FindPage(ctx, tx, sc, pageARN)
	if err != nil {
		return AckView{}, err
	}
	eng, err := tx.EngagementGet(ctx, p.Scope, p.EngagementID)
	if err != nil {
		return AckView{}, err
	}
	v := AckView{PageARN: p.ARN(), ContactARN: p.ContactARN(), Alias: p.ContactAlias, Sent: p.CreatedAt, ReadTime: p.ReadTime}
	v.Subject, _ = pageTexts(eng, p.ChannelType)
	if p.SentTime != nil {
		v.Sent = *p.SentTime
	}
	c, err := tx.ContactGet(ctx, p.Scope, p.ContactAlias)
	switch {
	case errors.Is(err, contacts.ErrNotFound):
		// A deleted contact's pages remain; the ARN still says who.
	case err != nil:
		return AckView{}, err
	case c.DisplayName != nil:
		v.DisplayName = *c.DisplayName
	}
	return v, nil
}
