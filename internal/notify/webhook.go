package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
)

// HeaderProviderMessageID is the response header a receiver may use to
// name the message it accepted, when its body does not.
const HeaderProviderMessageID = "X-Message-Id"

// WebhookConfig configures a webhook sender.
type WebhookConfig struct {
	// URL receives the POSTs; http or https.
	URL string
	// Secret keys the HMAC-SHA256 signature; required.
	Secret []byte
	// Client makes the calls. By default, an http.Client that does not
	// follow redirects (a redirected POST would lose its body).
	Client *http.Client
	// Clock stamps calls. Give it the real clock even when the service
	// runs on a controllable one: receivers compare with their own clocks.
	Clock clock.Clock
	// AttemptTimeout bounds one call; 10s by default.
	AttemptTimeout time.Duration
	// MaxAttempts bounds calls per Send; 4 by default.
	MaxAttempts int
	// BaseDelay is the first backoff; it doubles per retry. 500ms by default.
	BaseDelay time.Duration
	// MaxDelay caps any one wait, Retry-After included; 30s by default. A
	// receiver that asks for a longer wait gets an error with RetryAfter
	// set instead, for the caller to reschedule.
	MaxDelay time.Duration
	// Sleep waits between attempts; a real timer that stops when ctx ends
	// by default. Tests replace it to record the waits instead.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Webhook delivers messages of any channel type as signed JSON POSTs. It
// is safe for concurrent use.
type Webhook struct {
	url      string
	shownURL string // scheme and host only: paths and queries often hold tokens
	secret   []byte
	client   *http.Client
	retrier
}

// NewWebhook checks cfg and returns a sender. Its errors never repeat the
// URL or the secret.
func NewWebhook(cfg WebhookConfig) (*Webhook, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, errors.New("webhook: the webhook URL does not parse")
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("webhook: the webhook URL must be an absolute http or https URL")
	}
	if len(cfg.Secret) == 0 {
		return nil, errors.New("webhook: a signing secret is required")
	}
	w := &Webhook{
		url:      cfg.URL,
		shownURL: u.Scheme + "://" + u.Host,
		secret:   bytes.Clone(cfg.Secret),
		client:   cfg.Client,
		retrier:  newRetrier(TransportWebhook, cfg.Clock, cfg.AttemptTimeout, cfg.MaxAttempts, cfg.BaseDelay, cfg.MaxDelay, cfg.Sleep),
	}
	if w.client == nil {
		w.client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}
	}
	return w, nil
}

// Describe says where calls go, without the URL's path or query.
func (w *Webhook) Describe() string {
	return fmt.Sprintf("webhook POST %s (signed, up to %d attempts)", w.shownURL, w.maxAttempts)
}

// Send POSTs m, retrying network errors, timeouts, 429 and 5xx replies
// with backoff up to the configured number of attempts. The provider
// message ID is the receiver's (see the package comment), or m.ID.
func (w *Webhook) Send(ctx context.Context, m Message) (Result, error) {
	if err := m.Validate(); err != nil {
		return Result{}, invalidMessage(TransportWebhook, err)
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = w.clock.Now()
	}
	body, err := encodePayload(newWebhookPayload(m))
	if err != nil {
		return Result{}, invalidMessage(TransportWebhook, err)
	}
	id, err := w.do(ctx, "POST "+w.shownURL, func(ctx context.Context) (string, *failure) { return w.post(ctx, m.ID, body) })
	if err != nil {
		return Result{}, err
	}
	if id == "" {
		id = m.ID
	}
	return Result{Transport: TransportWebhook, ProviderMessageID: id}, nil
}

// post makes one signed call. It returns the receiver's message ID (maybe
// empty) on a 2xx reply, or what went wrong.
func (w *Webhook) post(parent context.Context, id string, body []byte) (string, *failure) {
	ctx, cancel := context.WithTimeout(parent, w.attemptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return "", &failure{what: "cannot build the request", err: err}
	}
	ts := strconv.FormatInt(w.clock.Now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "ssmcontacts-webhook/1")
	req.Header.Set(HeaderMessageID, id)
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, signWebhook(w.secret, ts, body))

	resp, err := w.client.Do(req)
	if err != nil {
		return "", w.callFailure(parent, ctx, err, w.redact)
	}
	defer resp.Body.Close()
	reply, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // so the connection can be reused

	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return providerMessageID(resp.Header, reply), nil
	}
	f := &failure{what: fmt.Sprintf("HTTP %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))}
	if text := excerpt(reply); text != "" {
		f.what += fmt.Sprintf(": %q", text)
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		f.retryable = true
		f.retryAfter, f.hasRetryAfter = parseRetryAfter(resp.Header, w.clock.Now())
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		f.what += " (redirects are not followed)"
	}
	return "", f
}

func (w *Webhook) redact(s string) string {
	u, err := url.Parse(w.url)
	if err != nil {
		return s
	}
	s = strings.ReplaceAll(s, w.url, w.shownURL)
	for _, secret := range []string{u.RawQuery, u.EscapedPath(), u.Path} {
		if len(secret) > 1 {
			s = strings.ReplaceAll(s, secret, "…")
		}
	}
	return s
}

// providerMessageID takes the receiver's name for the message from a JSON
// reply {"messageId": "..."} or else the X-Message-Id header.
func providerMessageID(h http.Header, reply []byte) string {
	var body struct {
		MessageID string `json:"messageId"`
	}
	if json.Unmarshal(reply, &body) == nil && validProviderID(body.MessageID) {
		return body.MessageID
	}
	if id := h.Get(HeaderProviderMessageID); validProviderID(id) {
		return id
	}
	return ""
}

// validProviderID accepts what fits the API's ReceiptInfo (1–2048
// characters) and prints on one line.
func validProviderID(id string) bool {
	return id != "" && len(id) <= 2048 && utf8.ValidString(id) && strings.IndexFunc(id, unicode.IsControl) < 0
}
