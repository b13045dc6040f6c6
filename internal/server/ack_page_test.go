package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
)

// fakeAckEngine knows one page, under the token "good"; "gone" names a
// page that no longer exists.
type fakeAckEngine struct {
	view    engage.AckView
	accepts int
	now     time.Time
}

func (f *fakeAckEngine) lookup(token string) error {
	switch token {
	case "good":
		return nil
	case "gone":
		return &contacts.Error{Kind: contacts.KindNotFound, Message: "Page not found"}
	}
	return contacts.Invalidf("The acknowledgement link is not valid")
}

func (f *fakeAckEngine) PageByLink(_ context.Context, token string) (engage.AckView, error) {
	return f.view, f.lookup(token)
}

func (f *fakeAckEngine) AcceptByLink(_ context.Context, token string) (string, error) {
	if err := f.lookup(token); err != nil {
		return "", err
	}
	f.accepts++
	if f.view.ReadTime == nil {
		t := f.now
		f.view.ReadTime = &t
	}
	return f.view.PageARN, nil
}

var ackSent = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

func newFakeAckEngine() *fakeAckEngine {
	return &fakeAckEngine{now: ackSent.Add(3 * time.Minute), view: engage.AckView{
		PageARN:    "arn:aws:ssm-contacts:us-east-2:000000000000:page/alice/p1",
		Subject:    "Database <down> & out",
		ContactARN: "arn:aws:ssm-contacts:us-east-2:000000000000:contact/alice",
		Alias:      "alice", DisplayName: "Alice Ops", Sent: ackSent,
	}}
}

type ackResponse struct {
	code int
	hdr  http.Header
	body string
}

func serveAck(h http.Handler, r *http.Request) ackResponse {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	body, _ := io.ReadAll(w.Result().Body)
	return ackResponse{w.Code, w.Result().Header, string(body)}
}

func ackGet(method, token string) *http.Request {
	return httptest.NewRequest(method, engage.AckPath+"?t="+url.QueryEscape(token), nil)
}

func ackPost(token string, header ...string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, engage.AckPath, strings.NewReader(url.Values{"t": {token}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	return r
}

func newTestAckHandler(e ackEngine) *ackHandler {
	return newAckHandler(e, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func TestAckPageGetShowsAndChangesNothing(t *testing.T) {
	e := newFakeAckEngine()
	h := newTestAckHandler(e)
	for _, method := range []string{http.MethodGet, http.MethodGet, http.MethodHead} {
		res := serveAck(h, ackGet(method, "good"))
		if res.code != http.StatusOK {
			t.Fatalf("%s: %d %s", method, res.code, res.body)
		}
		checkAckHeaders(t, res)
		if method == http.MethodHead {
			continue
		}
		for _, want := range []string{
			`<meta name="viewport" content="width=device-width, initial-scale=1">`,
			"Database &lt;down&gt; &amp; out", "Alice Ops", "(alice)", e.view.ContactARN,
			"Paged at (UTC)", `datetime="2026-01-05T09:00:00Z"`, "Mon 5 Jan 2026, 09:00:00",
			`<form method="post" action="ack">`, `<input type="hidden" name="t" value="good">`, "Acknowledge</button>",
		} {
			// An ARN may break after any colon on a narrow screen.
			if !strings.Contains(strings.ReplaceAll(res.body, "<wbr>", ""), want) {
				t.Errorf("the page lacks %q:\n%s", want, res.body)
			}
		}
	}
	if e.accepts != 0 {
		t.Errorf("%d acknowledgements after GET, GET, HEAD; want none", e.accepts)
	}
}

func TestAckPagePostAcknowledgesOnce(t *testing.T) {
	e := newFakeAckEngine()
	h := newTestAckHandler(e)
	res := serveAck(h, ackPost("good"))
	if res.code != http.StatusOK || !strings.Contains(res.body, "<h1>Acknowledged</h1>") ||
		!strings.Contains(res.body, "Acknowledged at (UTC)") || !strings.Contains(res.body, "Mon 5 Jan 2026, 09:03:00") {
		t.Fatalf("POST: %d %s", res.code, res.body)
	}
	checkAckHeaders(t, res)
	for _, r := range []*http.Request{ackPost("good"), ackGet(http.MethodGet, "good")} {
		res = serveAck(h, r)
		if res.code != http.StatusOK || !strings.Contains(res.body, "Already acknowledged") || strings.Contains(res.body, "<form") {
			t.Errorf("%s after acknowledging: %d %s", r.Method, res.code, res.body)
		}
	}
	if e.accepts != 1 {
		t.Errorf("%d acknowledgements, want 1", e.accepts)
	}
}

func TestAckPageRefusals(t *testing.T) {
	tests := []struct {
		name string
		req  *http.Request
		code int
		say  string
	}{
		{"GET forged", ackGet(http.MethodGet, "forged"), 400, "<p class=\"note\">The acknowledgement link is not valid. Nothing was acknowledged.</p>"},
		{"GET gone", ackGet(http.MethodGet, "gone"), 404, "no longer exists"},
		{"POST forged", ackPost("forged"), 400, "not valid"},
		{"POST token in the query only", httptest.NewRequest(http.MethodPost, engage.AckPath+"?t=good", nil), 415, "Acknowledge button"},
		{"POST cross-site", ackPost("good", "Sec-Fetch-Site", "cross-site"), 403, "did not come from"},
		{"POST JSON", ackPost("good", "Content-Type", "application/json"), 415, "Acknowledge button"},
		{"PUT", httptest.NewRequest(http.MethodPut, engage.AckPath+"?t=good", nil), 405, "Open the link"},
		{"DELETE", httptest.NewRequest(http.MethodDelete, engage.AckPath+"?t=good", nil), 405, "Open the link"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newFakeAckEngine()
			res := serveAck(newTestAckHandler(e), tt.req)
			if res.code != tt.code || !strings.Contains(res.body, tt.say) || !strings.Contains(res.body, "Not acknowledged") {
				t.Errorf("%d %s, want %d saying %q", res.code, res.body, tt.code, tt.say)
			}
			checkAckHeaders(t, res)
			if e.accepts != 0 {
				t.Errorf("%d acknowledgements, want none", e.accepts)
			}
		})
	}
}

func TestAckPageAllowsMethods(t *testing.T) {
	res := serveAck(newTestAckHandler(newFakeAckEngine()), httptest.NewRequest(http.MethodPatch, engage.AckPath, nil))
	if got := res.hdr.Get("Allow"); got != "GET, HEAD, POST" {
		t.Errorf("Allow = %q", got)
	}
}

func checkAckHeaders(t *testing.T, res ackResponse) {
	t.Helper()
	for k, want := range map[string]string{
		"Content-Type":    "text/html; charset=utf-8",
		"Cache-Control":   "no-store",
		"Referrer-Policy": "no-referrer",
		"X-Frame-Options": "DENY",
	} {
		if got := res.hdr.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if csp := res.hdr.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}
}
