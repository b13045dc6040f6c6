package notify

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
)

func BenchmarkComposeEmail(b *testing.B) {
	m := testPage()
	e := email{from: testFrom, to: m.Address, messageID: messageIDFor(m.ID, testFrom), date: m.CreatedAt}
	for b.Loop() {
		composeEmail(e, m)
	}
}

// BenchmarkSMTPSend is one whole delivery (connect, EHLO, MAIL, RCPT,
// DATA, QUIT) to an in-process server on loopback.
func BenchmarkSMTPSend(b *testing.B) {
	srv := startMailServer(b, mailConfig{})
	s, err := NewSMTP(SMTPConfig{URL: "smtp://" + srv.addr, From: "pager@example.com", HelloName: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	m := testPage()
	for b.Loop() {
		if _, err := s.Send(context.Background(), m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWebhookSend is one signed POST to a loopback receiver that
// verifies the signature.
func BenchmarkWebhookSend(b *testing.B) {
	h := &hookReceiver{now: testNow, replies: []reply{{status: 200}}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		h.mu.Lock()
		h.calls = h.calls[:0] // keep memory flat over b.N calls
		h.mu.Unlock()
	}))
	defer srv.Close()
	w, err := NewWebhook(WebhookConfig{URL: srv.URL, Secret: testSecret, Clock: clock.NewControllable(testNow)})
	if err != nil {
		b.Fatal(err)
	}
	m := testPage()
	for b.Loop() {
		if _, err := w.Send(context.Background(), m); err != nil {
			b.Fatal(err)
		}
	}
}
