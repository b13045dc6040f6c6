package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/google/go-cmp/cmp"
)

func newTestSMTP(t *testing.T, cfg SMTPConfig) *SMTP {
	t.Helper()
	if cfg.From == "" {
		cfg.From = "On-call <pager@example.com>"
	}
	cfg.HelloName = "ssmcontacts.test"
	s, err := NewSMTP(cfg)
	if err != nil {
		t.Fatalf("NewSMTP: %v", err)
	}
	return s
}

// TestSMTPDelivers sends through each way of reaching a server and checks
// what the server received, byte for byte and as a reader parses it.
func TestSMTPDelivers(t *testing.T) {
	serverTLS, roots := selfSigned(t)
	tests := []struct {
		name     string
		server   mailConfig
		userinfo string // user:pass@ in the URL
		scheme   string
		wantTLS  bool
		wantUser string
		wantAuth []string
	}{
		{
			name:   "plain, no TLS offered, no credentials",
			scheme: "smtp",
		},
		{
			name:     "STARTTLS and AUTH PLAIN",
			server:   mailConfig{tls: serverTLS, mechs: []string{"PLAIN", "LOGIN"}, user: "alice", pass: "s3cret"},
			userinfo: "alice:s3cret@",
			scheme:   "smtp",
			wantTLS:  true,
			wantUser: "alice",
			wantAuth: []string{"PLAIN"},
		},
		{
			name:     "STARTTLS and AUTH LOGIN when PLAIN is not offered",
			server:   mailConfig{tls: serverTLS, mechs: []string{"LOGIN"}, user: "alice", pass: "s3cret"},
			userinfo: "alice:s3cret@",
			scheme:   "smtp",
			wantTLS:  true,
			wantUser: "alice",
			wantAuth: []string{"LOGIN"},
		},
		{
			name:    "STARTTLS offered, no credentials",
			server:  mailConfig{tls: serverTLS},
			scheme:  "smtp",
			wantTLS: true,
		},
		{
			name:     "implicit TLS with AUTH PLAIN",
			server:   mailConfig{tls: serverTLS, implicitTLS: true, mechs: []string{"PLAIN"}, user: "alice", pass: "s3cret"},
			userinfo: "alice:s3cret@",
			scheme:   "smtps",
			wantTLS:  true,
			wantUser: "alice",
			wantAuth: []string{"PLAIN"},
		},
		{
			name:     "clear-text AUTH to a loopback server",
			server:   mailConfig{allowInsecureAuth: true, mechs: []string{"PLAIN"}, user: "alice", pass: "s3cret"},
			userinfo: "alice:s3cret@",
			scheme:   "smtp",
			wantUser: "alice",
			wantAuth: []string{"PLAIN"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startMailServer(t, tt.server)
			s := newTestSMTP(t, SMTPConfig{
				URL: tt.scheme + "://" + tt.userinfo + srv.addr,
				TLS: &tls.Config{RootCAs: roots},
			})
			m := testPage()
			res, err := s.Send(context.Background(), m)
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			wantID := "<" + m.ID + "@example.com>"
			if diff := cmp.Diff(Result{Transport: TransportSMTP, ProviderMessageID: wantID}, res); diff != "" {
				t.Errorf("Result (-want +got):\n%s", diff)
			}
			mails := srv.mails()
			if len(mails) != 1 {
				t.Fatalf("server received %d messages, want 1", len(mails))
			}
			got := mails[0]
			want := receivedMail{from: "pager@example.com", to: []string{"alice@example.com"}, tls: tt.wantTLS, authUser: tt.wantUser}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(receivedMail{}), cmpIgnoreData); diff != "" {
				t.Errorf("envelope (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantAuth, srv.authAttempts()); diff != "" {
				t.Errorf("AUTH mechanisms tried (-want +got):\n%s", diff)
			}
			wantData := composeEmail(email{from: s.from, to: m.Address, messageID: wantID, date: m.CreatedAt}, m)
			if diff := cmp.Diff(string(wantData), string(got.data)); diff != "" {
				t.Errorf("message data (-want +got):\n%s", diff)
			}
			checkEmail(t, got.data, m)
		})
	}
}

var cmpIgnoreData = cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".data" }, cmp.Ignore())

// TestSMTPFailures checks that each way a delivery fails is reported with
// what happened, whether it is permanent, and without the password.
func TestSMTPFailures(t *testing.T) {
	serverTLS, roots := selfSigned(t)
	_, otherRoots := selfSigned(t)
	tests := []struct {
		name          string
		server        mailConfig
		userinfo      string
		urlHost       string // instead of the server's address, dialled through to it
		roots         bool   // trust the server's certificate
		wantErr       string
		wantPermanent bool
		wantAuth      []string
	}{
		{
			name:          "recipient refused permanently",
			server:        mailConfig{rejectRcpt: &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}},
			wantErr:       "RCPT TO refused by ADDR: 550 5.1.1 no such user",
			wantPermanent: true,
		},
		{
			name:    "recipient deferred",
			server:  mailConfig{rejectRcpt: &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}},
			wantErr: "RCPT TO refused by ADDR: 451 4.3.0 try again later",
		},
		{
			name:          "wrong password",
			server:        mailConfig{tls: serverTLS, mechs: []string{"PLAIN"}, user: "alice", pass: "right"},
			userinfo:      "alice:wrong-password@",
			roots:         true,
			wantErr:       "AUTH refused by ADDR: 535 5.7.8 Authentication failed",
			wantPermanent: true,
			wantAuth:      []string{"PLAIN"},
		},
		{
			name:          "credentials withheld without TLS from a remote host",
			server:        mailConfig{allowInsecureAuth: true, mechs: []string{"PLAIN"}, user: "alice", pass: "s3cret"},
			userinfo:      "alice:s3cret@",
			urlHost:       "mail.example.test:2525",
			wantErr:       "refusing to send credentials to mail.example.test:2525 over an unencrypted connection",
			wantPermanent: true,
		},
		{
			name:          "credentials but no AUTH offered",
			server:        mailConfig{tls: serverTLS},
			userinfo:      "alice:s3cret@",
			roots:         true,
			wantErr:       "credentials are configured but ADDR does not offer AUTH",
			wantPermanent: true,
		},
		{
			name:    "untrusted certificate, no fallback to clear text",
			server:  mailConfig{tls: serverTLS},
			wantErr: "STARTTLS with ADDR: tls: failed to verify certificate",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startMailServer(t, tt.server)
			cfg := SMTPConfig{URL: "smtp://" + tt.userinfo + srv.addr, TLS: &tls.Config{RootCAs: otherRoots}}
			if tt.roots {
				cfg.TLS.RootCAs = roots
			}
			addr := srv.addr
			if tt.urlHost != "" {
				addr = tt.urlHost
				cfg.URL = "smtp://" + tt.userinfo + tt.urlHost
				cfg.Dial = func(ctx context.Context, network, _ string) (net.Conn, error) {
					var d net.Dialer
					return d.DialContext(ctx, network, srv.addr)
				}
			}
			s := newTestSMTP(t, cfg)
			_, err := s.Send(context.Background(), testPage())
			checkDeliveryError(t, err, TransportSMTP, strings.ReplaceAll(tt.wantErr, "ADDR", addr), tt.wantPermanent)
			if strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "wrong-password") {
				t.Errorf("error %q reveals the password", err)
			}
			if n := len(srv.mails()); n != 0 {
				t.Errorf("server received %d messages, want none", n)
			}
			if diff := cmp.Diff(tt.wantAuth, srv.authAttempts()); diff != "" {
				t.Errorf("AUTH mechanisms tried (-want +got):\n%s", diff)
			}
		})
	}
}

func checkDeliveryError(t *testing.T, err error, transport, wantText string, wantPermanent bool) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T), want an *Error", err, err)
	}
	if e.Transport != transport {
		t.Errorf("Transport = %q, want %q", e.Transport, transport)
	}
	if !strings.Contains(err.Error(), wantText) {
		t.Errorf("error = %q, want it to contain %q", err, wantText)
	}
	if e.Permanent != wantPermanent || IsPermanent(err) != wantPermanent {
		t.Errorf("Permanent = %v, IsPermanent = %v, want %v", e.Permanent, IsPermanent(err), wantPermanent)
	}
	return e
}

// silentServer accepts connections and never says a word, like a
// firewalled or wedged server. accepted receives each connection.
func silentServer(t *testing.T) (addr string, accepted <-chan net.Conn) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	conns := make(chan net.Conn, 16)
	go func() {
		defer close(conns)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns <- c
		}
	}()
	t.Cleanup(func() {
		l.Close()
		for c := range conns {
			c.Close()
		}
	})
	return l.Addr().String(), conns
}

func TestSMTPTimesOutOnASilentServer(t *testing.T) {
	addr, _ := silentServer(t)
	// The server never answers, so the send timeout is the only way out
	// (while connecting on a slow machine, else while awaiting the greeting).
	s := newTestSMTP(t, SMTPConfig{URL: "smtp://" + addr, SendTimeout: 20 * time.Millisecond})
	_, err := s.Send(context.Background(), testPage())
	e := checkDeliveryError(t, err, TransportSMTP, " with "+addr+": timed out", false)
	if !errors.Is(e, context.DeadlineExceeded) {
		t.Errorf("error %v does not wrap context.DeadlineExceeded", err)
	}
}

func TestSMTPStopsWhenCancelled(t *testing.T) {
	addr, accepted := silentServer(t)
	s := newTestSMTP(t, SMTPConfig{URL: "smtp://" + addr})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		c := <-accepted // the sender has connected and waits for the greeting
		cancel()
		c.Close()
	}()
	_, err := s.Send(ctx, testPage())
	// The cancellation may land while the dial is still returning, so
	// the step named is "connect" or "greeting".
	e := checkDeliveryError(t, err, TransportSMTP, " with "+addr+": cancelled", false)
	if !errors.Is(e, context.Canceled) {
		t.Errorf("error %v does not wrap context.Canceled", err)
	}
}

func TestSMTPRefusesMessagesItCannotSend(t *testing.T) {
	srv := startMailServer(t, mailConfig{})
	s := newTestSMTP(t, SMTPConfig{URL: "smtp://" + srv.addr})
	tests := []struct {
		name    string
		edit    func(*Message)
		wantErr string
	}{
		{"SMS channel", func(m *Message) { m.ChannelType, m.Address = ChannelSMS, "+12065550100" }, "SMTP delivers EMAIL channels, not SMS"},
		{"not an address", func(m *Message) { m.Address = "alice at example.com" }, `"alice at example.com" is not a plain email address`},
		{"address with a display name", func(m *Message) { m.Address = "Alice <alice@example.com>" }, "is not a plain email address"},
		{"no code", func(m *Message) { m.Code = "" }, "invalid message: code must be 6 to 10 digits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := testPage()
			tt.edit(&m)
			_, err := s.Send(context.Background(), m)
			checkDeliveryError(t, err, TransportSMTP, tt.wantErr, true)
		})
	}
	if n := len(srv.mails()); n != 0 {
		t.Errorf("server received %d messages, want none", n)
	}
}

func TestNewSMTP(t *testing.T) {
	type parsed struct {
		Addr, Host, User, Pass string
		ImplicitTLS, Auth      bool
		ServerName, Describe   string
	}
	tests := []struct {
		name    string
		cfg     SMTPConfig
		want    parsed
		wantErr string
	}{
		{
			name: "smtp with default port",
			cfg:  SMTPConfig{URL: "smtp://mail.example.com", From: "pager@example.com"},
			want: parsed{Addr: "mail.example.com:587", Host: "mail.example.com", ServerName: "mail.example.com",
				Describe: "smtp://mail.example.com:587 (STARTTLS when offered) from pager@example.com"},
		},
		{
			name: "smtps with credentials and default port",
			cfg:  SMTPConfig{URL: "smtps://alice%40example.com:p%40ss@mail.example.com", From: "On-call <pager@example.com>"},
			want: parsed{Addr: "mail.example.com:465", Host: "mail.example.com", User: "alice@example.com", Pass: "p@ss",
				ImplicitTLS: true, Auth: true, ServerName: "mail.example.com",
				Describe: "smtps://mail.example.com:465 (TLS, with credentials) from pager@example.com"},
		},
		{
			name: "IPv6 host, explicit port, server name from the TLS config",
			cfg:  SMTPConfig{URL: "smtp://[::1]:2525", From: "pager@example.com", TLS: &tls.Config{ServerName: "mail.internal"}},
			want: parsed{Addr: "[::1]:2525", Host: "::1", ServerName: "mail.internal",
				Describe: "smtp://[::1]:2525 (STARTTLS when offered) from pager@example.com"},
		},
		{name: "unknown scheme", cfg: SMTPConfig{URL: "http://mail.example.com", From: "a@example.com"}, wantErr: `URL scheme must be smtp or smtps, not "http"`},
		{name: "no host", cfg: SMTPConfig{URL: "smtp://", From: "a@example.com"}, wantErr: "has no host"},
		{name: "query", cfg: SMTPConfig{URL: "smtp://h?starttls=always", From: "a@example.com"}, wantErr: "must not have a path, query or fragment"},
		{name: "unparsable URL keeps the password out", cfg: SMTPConfig{URL: "smtp://alice:hunter2@h:port", From: "a@example.com"}, wantErr: "does not parse"},
		{name: "bad from", cfg: SMTPConfig{URL: "smtp://h", From: "not an address"}, wantErr: "invalid from address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewSMTP(tt.cfg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "hunter2") {
					t.Errorf("error %q reveals the password", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("NewSMTP: %v", err)
			}
			got := parsed{Addr: s.addr, Host: s.host, User: s.user, Pass: s.pass, ImplicitTLS: s.implicitTLS,
				Auth: s.auth, ServerName: s.tls.ServerName, Describe: s.Describe()}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("NewSMTP (-want +got):\n%s", diff)
			}
		})
	}
}
