package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmcontacts/ssmcontacts/internal/clock"
)

var testSecret = []byte("whsec-0123456789abcdef")

// reply is one scripted answer of a hookReceiver.
type reply struct {
	status int
	header map[string]string
	body   string
	hang   bool // never answer; wait for the caller to give up
}

// hookCall is one call a hookReceiver got.
type hookCall struct {
	header    http.Header
	body      []byte
	verifyErr error // from VerifyWebhookSignature
}

// hookReceiver is a loopback webhook endpoint that verifies every call's
// signature with the exported helper and answers from a script (the last
// reply repeats).
type hookReceiver struct {
	url     string
	now     time.Time
	replies []reply

	mu    sync.Mutex
	calls []hookCall
}

func newHookReceiver(t *testing.T, now time.Time, replies ...reply) *hookReceiver {
	t.Helper()
	h := &hookReceiver{now: now, replies: replies}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	h.url = srv.URL
	return h
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.calls = append(h.calls, hookCall{
		header:    r.Header.Clone(),
		body:      body,
		verifyErr: VerifyWebhookSignature(testSecret, r.Header, body, h.now, time.Minute),
	})
	rep := h.replies[min(len(h.calls), len(h.replies))-1]
	h.mu.Unlock()
	if rep.hang {
		<-r.Context().Done()
		return
	}
	for k, v := range rep.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(rep.status)
	io.WriteString(w, rep.body)
}

func (h *hookReceiver) received() []hookCall {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]hookCall(nil), h.calls...)
}

var testNow = time.Date(2026, 11, 27, 9, 30, 5, 0, time.UTC)

// newTestWebhook returns a sender on a standing clock whose waits are
// recorded instead of slept.
func newTestWebhook(t *testing.T, cfg WebhookConfig) (*Webhook, *[]time.Duration) {
	t.Helper()
	var waits []time.Duration
	if cfg.Secret == nil {
		cfg.Secret = testSecret
	}
	cfg.Clock = clock.NewControllable(testNow)
	if cfg.Sleep == nil {
		cfg.Sleep = func(ctx context.Context, d time.Duration) error {
			waits = append(waits, d)
			return ctx.Err()
		}
	}
	w, err := NewWebhook(cfg)
	if err != nil {
		t.Fatalf("NewWebhook: %v", err)
	}
	return w, &waits
}

func TestWebhookDelivers(t *testing.T) {
	tests := []struct {
		name   string
		msg    func() Message
		reply  reply
		golden string
		wantID string
	}{
		{
			name:   "page, id from a JSON reply",
			msg:    func() Message { m := testPage(); m.ChannelType, m.Address = ChannelSMS, "+12065550100"; return m },
			reply:  reply{status: 200, body: `{"messageId":"SM6656c19132f1465f9c9c1123a5dde7c9"}`},
			golden: "page_sms.json",
			wantID: "SM6656c19132f1465f9c9c1123a5dde7c9",
		},
		{
			name: "activation, id from the X-Message-Id header",
			msg: func() Message {
				m := testActivation()
				m.ChannelType, m.Address = ChannelVoice, "+12065550100"
				return m
			},
			reply:  reply{status: 202, header: map[string]string{"X-Message-Id": "call-42"}, body: "accepted"},
			golden: "activation_voice.json",
			wantID: "call-42",
		},
		{
			name:   "email page, no id in the reply",
			msg:    testPage,
			reply:  reply{status: 204},
			golden: "page_email.json",
			wantID: testPage().ID,
		},
		{
			name:   "unusable ids in the reply are ignored",
			msg:    testPage,
			reply:  reply{status: 200, header: map[string]string{"X-Message-Id": strings.Repeat("x", 2049)}, body: `{"messageId":""}`},
			golden: "page_email.json",
			wantID: testPage().ID,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHookReceiver(t, testNow, tt.reply)
			w, waits := newTestWebhook(t, WebhookConfig{URL: h.url + "/hooks/ssmcontacts"})
			m := tt.msg()
			res, err := w.Send(context.Background(), m)
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			if diff := cmp.Diff(Result{Transport: TransportWebhook, ProviderMessageID: tt.wantID}, res); diff != "" {
				t.Errorf("Result (-want +got):\n%s", diff)
			}
			calls := h.received()
			if len(calls) != 1 || len(*waits) != 0 {
				t.Fatalf("got %d calls and %d waits, want 1 call and no wait", len(calls), len(*waits))
			}
			c := calls[0]
			if c.verifyErr != nil {
				t.Errorf("VerifyWebhookSignature: %v", c.verifyErr)
			}
			gotHeaders := map[string]string{}
			for _, k := range []string{"Content-Type", HeaderMessageID, HeaderTimestamp} {
				gotHeaders[k] = c.header.Get(k)
			}
			wantHeaders := map[string]string{"Content-Type": "application/json", HeaderMessageID: m.ID, HeaderTimestamp: "1795771805"}
			if diff := cmp.Diff(wantHeaders, gotHeaders); diff != "" {
				t.Errorf("headers (-want +got):\n%s", diff)
			}
			var payload WebhookPayload
			if err := json.Unmarshal(c.body, &payload); err != nil {
				t.Fatalf("body is not JSON: %v", err)
			}
			if diff := cmp.Diff(newWebhookPayload(m), payload); diff != "" {
				t.Errorf("payload (-want +got):\n%s", diff)
			}
			var indented bytes.Buffer
			json.Indent(&indented, c.body, "", "  ")
			checkGolden(t, filepath.Join("testdata", "webhook", tt.golden), indented.Bytes())
		})
	}
}

func TestWebhookRetries(t *testing.T) {
	date := testNow.Add(25 * time.Second).Format(http.TimeFormat)
	tests := []struct {
		name          string
		replies       []reply
		maxAttempts   int
		wantCalls     int
		wantErr       string // empty: success
		wantPermanent bool
		wantRetry     time.Duration // Error.RetryAfter
		wantWaits     []time.Duration
		checkWaits    func(t *testing.T, waits []time.Duration)
	}{
		{
			name:       "500 then 200",
			replies:    []reply{{status: 500, body: "boom"}, {status: 200}},
			wantCalls:  2,
			checkWaits: backoffWaits(1),
		},
		{
			name:        "always 500 gives up after MaxAttempts",
			replies:     []reply{{status: 500, body: "database\n\tis down"}},
			maxAttempts: 3,
			wantCalls:   3,
			wantErr:     `webhook: POST ADDR: HTTP 500 Internal Server Error: "database is down" (3 attempts)`,
			checkWaits:  backoffWaits(2),
		},
		{
			name:          "400 fails at once",
			replies:       []reply{{status: 400, body: `{"error":"unknown field"}`}},
			wantCalls:     1,
			wantErr:       `webhook: POST ADDR: HTTP 400 Bad Request: "{\"error\":\"unknown field\"}" (1 attempt)`,
			wantPermanent: true,
		},
		{
			name:          "404 fails at once",
			replies:       []reply{{status: 404}},
			wantCalls:     1,
			wantErr:       `HTTP 404 Not Found (1 attempt)`,
			wantPermanent: true,
		},
		{
			name:      "429 waits as long as Retry-After says",
			replies:   []reply{{status: 429, header: map[string]string{"Retry-After": "7"}}, {status: 200}},
			wantCalls: 2,
			wantWaits: []time.Duration{7 * time.Second},
		},
		{
			name:      "503 with a Retry-After date",
			replies:   []reply{{status: 503, header: map[string]string{"Retry-After": date}}, {status: 200}},
			wantCalls: 2,
			wantWaits: []time.Duration{25 * time.Second},
		},
		{
			name:       "429 without Retry-After backs off",
			replies:    []reply{{status: 429}, {status: 429}, {status: 201}},
			wantCalls:  3,
			checkWaits: backoffWaits(2),
		},
		{
			name:      "Retry-After beyond MaxDelay is handed back",
			replies:   []reply{{status: 429, header: map[string]string{"Retry-After": "3600"}}},
			wantCalls: 1,
			wantErr:   `HTTP 429 Too Many Requests (asked to retry after 1h0m0s, longer than this sender waits; 1 attempt)`,
			wantRetry: time.Hour,
		},
		{
			name:          "redirects are not followed",
			replies:       []reply{{status: 302, header: map[string]string{"Location": "https://elsewhere.example.com/"}}},
			wantCalls:     1,
			wantErr:       `HTTP 302 Found (redirects are not followed) (1 attempt)`,
			wantPermanent: true,
		},
		{
			name:          "a long reply is cut",
			replies:       []reply{{status: 422, body: strings.Repeat("é", 5000)}},
			wantCalls:     1,
			wantErr:       `HTTP 422 Unprocessable Entity: "` + strings.Repeat("é", maxExcerpt) + `…" (1 attempt)`,
			wantPermanent: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHookReceiver(t, testNow, tt.replies...)
			w, waits := newTestWebhook(t, WebhookConfig{URL: h.url, MaxAttempts: tt.maxAttempts, BaseDelay: 100 * time.Millisecond})
			res, err := w.Send(context.Background(), testPage())
			calls := h.received()
			if len(calls) != tt.wantCalls {
				t.Errorf("receiver got %d calls, want %d", len(calls), tt.wantCalls)
			}
			for i, c := range calls {
				if c.verifyErr != nil {
					t.Errorf("call %d: VerifyWebhookSignature: %v", i+1, c.verifyErr)
				}
			}
			if tt.checkWaits != nil {
				tt.checkWaits(t, *waits)
			} else if diff := cmp.Diff(tt.wantWaits, *waits); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Send: %v", err)
				}
				if res.Transport != TransportWebhook {
					t.Errorf("Transport = %q, want webhook", res.Transport)
				}
				return
			}
			e := checkDeliveryError(t, err, TransportWebhook, strings.ReplaceAll(tt.wantErr, "ADDR", h.url), tt.wantPermanent)
			if e.RetryAfter != tt.wantRetry {
				t.Errorf("RetryAfter = %v, want %v", e.RetryAfter, tt.wantRetry)
			}
		})
	}
}

// backoffWaits checks n waits of 100ms·2^i with equal jitter.
func backoffWaits(n int) func(t *testing.T, waits []time.Duration) {
	return func(t *testing.T, waits []time.Duration) {
		t.Helper()
		if len(waits) != n {
			t.Fatalf("waited %d times (%v), want %d", len(waits), waits, n)
		}
		for i, got := range waits {
			full := 100 * time.Millisecond << i
			if got < full/2 || got > full {
				t.Errorf("wait %d = %v, want within [%v, %v]", i+1, got, full/2, full)
			}
		}
	}
}

func TestWebhookTimesOutEachAttempt(t *testing.T) {
	h := newHookReceiver(t, testNow, reply{hang: true})
	// The receiver never answers, so each attempt ends by its timeout.
	w, waits := newTestWebhook(t, WebhookConfig{URL: h.url, AttemptTimeout: 20 * time.Millisecond, MaxAttempts: 2})
	_, err := w.Send(context.Background(), testPage())
	e := checkDeliveryError(t, err, TransportWebhook, "POST "+h.url+": no response within 20ms (2 attempts)", false)
	if !errors.Is(e, context.DeadlineExceeded) {
		t.Errorf("error %v does not wrap context.DeadlineExceeded", err)
	}
	if len(*waits) != 1 {
		t.Errorf("waited %d times, want once between the two attempts", len(*waits))
	}
}

func TestWebhookStopsWhenCancelledWhileWaiting(t *testing.T) {
	h := newHookReceiver(t, testNow, reply{status: 503})
	ctx, cancel := context.WithCancel(context.Background())
	w, _ := newTestWebhook(t, WebhookConfig{URL: h.url, Sleep: func(ctx context.Context, d time.Duration) error {
		cancel() // the service shuts down during the backoff
		return ctx.Err()
	}})
	_, err := w.Send(ctx, testPage())
	e := checkDeliveryError(t, err, TransportWebhook, "HTTP 503 Service Unavailable (cancelled while waiting to retry; 1 attempt)", false)
	if !errors.Is(e, context.Canceled) {
		t.Errorf("error %v does not wrap context.Canceled", err)
	}
	if n := len(h.received()); n != 1 {
		t.Errorf("receiver got %d calls, want 1", n)
	}
}

// TestWebhookErrorsHideURLSecrets sends to a closed port through a URL
// whose path and query hold tokens, as Slack-style webhook URLs do.
func TestWebhookErrorsHideURLSecrets(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.URL
	srv.Close()
	w, waits := newTestWebhook(t, WebhookConfig{URL: addr + "/services/T0K3N/B4SE?key=SECRETKEY", MaxAttempts: 2})
	if d := w.Describe(); strings.Contains(d, "T0K3N") || strings.Contains(d, "SECRETKEY") {
		t.Errorf("Describe() = %q reveals the URL's tokens", d)
	}
	_, err := w.Send(context.Background(), testPage())
	checkDeliveryError(t, err, TransportWebhook, "POST "+addr+": ", false)
	if !strings.Contains(err.Error(), "connection refused") || !strings.HasSuffix(err.Error(), "(2 attempts)") {
		t.Errorf("error = %q, want a refused connection after 2 attempts", err)
	}
	for _, secret := range []string{"T0K3N", "SECRETKEY", "services"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q reveals %q", err, secret)
		}
	}
	if len(*waits) != 1 {
		t.Errorf("waited %d times, want 1", len(*waits))
	}
}

func TestWebhookRefusesInvalidMessages(t *testing.T) {
	h := newHookReceiver(t, testNow, reply{status: 200})
	w, _ := newTestWebhook(t, WebhookConfig{URL: h.url})
	m := testPage()
	m.EngagementArn = ""
	_, err := w.Send(context.Background(), m)
	checkDeliveryError(t, err, TransportWebhook, "invalid message: a page needs its page ARN and engagement ARN", true)
	if n := len(h.received()); n != 0 {
		t.Errorf("receiver got %d calls, want none", n)
	}
}

func TestNewWebhook(t *testing.T) {
	tests := []struct {
		name    string
		cfg     WebhookConfig
		wantErr string
	}{
		{"no secret", WebhookConfig{URL: "https://hooks.example.com/x"}, "a signing secret is required"},
		{"not http", WebhookConfig{URL: "ftp://hooks.example.com/T0K3N", Secret: testSecret}, "must be an absolute http or https URL"},
		{"relative", WebhookConfig{URL: "/hooks/T0K3N", Secret: testSecret}, "must be an absolute http or https URL"},
		{"unparsable", WebhookConfig{URL: "https://hooks.example.com/T0K3N\x7f%zz", Secret: testSecret}, "does not parse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewWebhook(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "T0K3N") {
				t.Errorf("error %q reveals the URL", err)
			}
		})
	}
	w, err := NewWebhook(WebhookConfig{URL: "https://hooks.example.com/services/T0K3N", Secret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := w.Describe(), "webhook POST https://hooks.example.com (signed, up to 4 attempts)"; got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
}
