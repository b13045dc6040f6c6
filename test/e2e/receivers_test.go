package e2e

import (
	"bytes"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/ssmcontacts/ssmcontacts/internal/notify"
)

// mailbox is an SMTP server (emersion/go-smtp) on a loopback port that
// keeps every message it accepts, and refuses recipients in reject.
type mailbox struct {
	addr   string
	reject map[string]bool

	mu       sync.Mutex
	received []envelope
}

// envelope is one accepted message.
type envelope struct {
	from string
	to   []string
	data []byte
}

func startMailbox(t *testing.T, reject ...string) *mailbox {
	t.Helper()
	mb := &mailbox{reject: map[string]bool{}}
	for _, r := range reject {
		mb.reject[r] = true
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &mailboxSession{mailbox: mb}, nil
	}))
	srv.Domain = "mx.example.test"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mb.addr = l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return mb
}

// URL is the --smtp-url that reaches the mailbox: plain SMTP on loopback.
func (mb *mailbox) URL() string { return "smtp://" + mb.addr }

func (mb *mailbox) messages() []envelope {
	mb.mu.Lock()
	defer mb.mu.Unlock()
	return append([]envelope(nil), mb.received...)
}

type mailboxSession struct {
	mailbox *mailbox
	env     envelope
}

func (s *mailboxSession) Mail(from string, _ *smtp.MailOptions) error {
	s.env = envelope{from: from}
	return nil
}

func (s *mailboxSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.mailbox.reject[to] {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
	}
	s.env.to = append(s.env.to, to)
	return nil
}

func (s *mailboxSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.env.data = data
	s.mailbox.mu.Lock()
	s.mailbox.received = append(s.mailbox.received, s.env)
	s.mailbox.mu.Unlock()
	return nil
}

func (s *mailboxSession) Reset()        { s.env = envelope{} }
func (s *mailboxSession) Logout() error { return nil }

// parse reads an accepted message as RFC 5322.
func (e envelope) parse(t *testing.T) (*mail.Message, string) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(e.data))
	if err != nil {
		t.Fatalf("received mail does not parse: %v\n%s", err, e.data)
	}
	body, err := io.ReadAll(m.Body)
	if err != nil {
		t.Fatal(err)
	}
	return m, string(body)
}

// hookSecret signs the webhook calls of the tests.
const hookSecret = "whsec-e2e-3f9c"

// hookReceiver is an HTTP server on a loopback port that checks every
// call's signature as a real receiver would and keeps the calls.
type hookReceiver struct {
	srv *httptest.Server
	// reply answers call n (1-based); nil: 200 with a provider id.
	reply func(n int, w http.ResponseWriter)

	mu    sync.Mutex
	calls []hookCall
}

// hookCall is one request the receiver got.
type hookCall struct {
	path, query string
	header      http.Header
	body        []byte
	// verifyErr is what notify.VerifyWebhookSignature said about the
	// call, under hookSecret, against the receiver's clock.
	verifyErr error
}

func startHookReceiver(t *testing.T, reply func(n int, w http.ResponseWriter)) *hookReceiver {
	t.Helper()
	h := &hookReceiver{reply: reply}
	h.srv = httptest.NewServer(http.HandlerFunc(h.serve))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hookReceiver) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	// A receiver checks against its own (wall) clock; the server signs
	// with the real clock whatever clock it runs its service on.
	verr := notify.VerifyWebhookSignature([]byte(hookSecret), r.Header, body, time.Now(), 0)
	h.mu.Lock()
	h.calls = append(h.calls, hookCall{path: r.URL.Path, query: r.URL.RawQuery, header: r.Header.Clone(), body: body, verifyErr: verr})
	n := len(h.calls)
	h.mu.Unlock()
	switch {
	case r.Method != http.MethodPost || verr != nil:
		http.Error(w, "bad signature", http.StatusUnauthorized)
	case h.reply != nil:
		h.reply(n, w)
	default:
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"messageId":"provider-`+strconv.Itoa(n)+`"}`)
	}
}

// URL is the --webhook-url: a path and a query, as real hooks have.
func (h *hookReceiver) URL() string { return h.srv.URL + "/hooks/ssmcontacts?token=abc123" }

func (h *hookReceiver) received() []hookCall {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]hookCall(nil), h.calls...)
}
