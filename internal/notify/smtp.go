package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"os"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
)

// SMTPConfig configures an SMTP sender.
type SMTPConfig struct {
	// URL is smtp://[user[:password]@]host[:port] (port 587 by default;
	// STARTTLS whenever the server offers it) or
	// smtps://[user[:password]@]host[:port] (port 465; TLS from the first
	// byte). Credentials, when present, are used with AUTH PLAIN or LOGIN.
	URL string
	// From is the sender: "pager@example.com" or "On-call <pager@example.com>".
	From string
	// TLS is the base TLS configuration, typically to trust a private CA
	// through RootCAs. ServerName defaults to the URL's host. Nil means
	// the system's roots. Certificates are always verified.
	TLS *tls.Config
	// HelloName is the name given in EHLO; the machine's host name by default.
	HelloName string
	// DialTimeout bounds connecting, including an smtps:// handshake; 10s by default.
	DialTimeout time.Duration
	// SendTimeout bounds one whole delivery, dial included; 1 minute by default.
	SendTimeout time.Duration
	// Dial opens connections; a net.Dialer by default.
	Dial func(ctx context.Context, network, address string) (net.Conn, error)
	// Clock dates messages whose CreatedAt is zero; the real clock by default.
	Clock clock.Clock
}

// SMTP delivers EMAIL messages to one SMTP server, one connection per
// message. It is safe for concurrent use.
type SMTP struct {
	addr, host  string
	implicitTLS bool
	user, pass  string
	auth        bool
	from        *mail.Address
	tls         *tls.Config
	hello       string
	dialTimeout time.Duration
	sendTimeout time.Duration
	dial        func(ctx context.Context, network, address string) (net.Conn, error)
	clock       clock.Clock
}

// NewSMTP checks cfg and returns a sender. Its errors never repeat the
// URL, which may hold a password.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	s := &SMTP{
		hello:       cfg.HelloName,
		dialTimeout: orDefault(cfg.DialTimeout, 10*time.Second),
		sendTimeout: orDefault(cfg.SendTimeout, time.Minute),
		dial:        cfg.Dial,
		clock:       cfg.Clock,
	}
	if err := s.parseURL(cfg.URL); err != nil {
		return nil, err
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("smtp: invalid from address %q: %v", cfg.From, err)
	}
	s.from = from
	s.tls = &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.TLS != nil {
		s.tls = cfg.TLS.Clone()
	}
	if s.tls.ServerName == "" {
		s.tls.ServerName = s.host
	}
	if s.hello == "" {
		s.hello = "localhost"
		if name, err := os.Hostname(); err == nil && name != "" {
			s.hello = name
		}
	}
	if s.dial == nil {
		var d net.Dialer
		s.dial = d.DialContext
	}
	if s.clock == nil {
		s.clock = clock.Real{}
	}
	return s, nil
}

func (s *SMTP) parseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("smtp: the SMTP URL does not parse") // the parse error would quote the password
	}
	defaultPort := ""
	switch u.Scheme {
	case "smtp":
		defaultPort = "587"
	case "smtps":
		defaultPort, s.implicitTLS = "465", true
	default:
		return fmt.Errorf("smtp: URL scheme must be smtp or smtps, not %q", u.Scheme)
	}
	if u.Hostname() == "" {
		return errors.New("smtp: the SMTP URL has no host")
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return errors.New("smtp: the SMTP URL must not have a path, query or fragment")
	}
	s.host = u.Hostname()
	port := u.Port()
	if port == "" {
		port = defaultPort
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.User != nil && u.User.Username() != "" {
		s.auth = true
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	return nil
}

// Describe says where mail goes, without credentials.
func (s *SMTP) Describe() string {
	mode := "smtp://" + s.addr + " (STARTTLS when offered"
	if s.implicitTLS {
		mode = "smtps://" + s.addr + " (TLS"
	}
	if s.auth {
		mode += ", with credentials"
	}
	return mode + ") from " + s.from.Address
}

// Send delivers an EMAIL message. The provider message ID is the
// Message-ID header, derived from m.ID.
func (s *SMTP) Send(ctx context.Context, m Message) (Result, error) {
	if err := m.Validate(); err != nil {
		return Result{}, invalidMessage(TransportSMTP, err)
	}
	if m.ChannelType != ChannelEmail {
		return Result{}, invalidMessage(TransportSMTP, fmt.Errorf("SMTP delivers EMAIL channels, not %s", m.ChannelType))
	}
	to, err := mail.ParseAddress(m.Address)
	if err != nil || to.Name != "" || to.Address != m.Address {
		return Result{}, invalidMessage(TransportSMTP, fmt.Errorf("%q is not a plain email address", m.Address))
	}
	date := m.CreatedAt
	if date.IsZero() {
		date = s.clock.Now()
	}
	messageID := messageIDFor(m.ID, s.from)
	data := composeEmail(email{from: s.from, to: to.Address, messageID: messageID, date: date}, m)

	ctx, cancel := context.WithTimeout(ctx, s.sendTimeout)
	defer cancel()
	if err := s.deliver(ctx, to.Address, data); err != nil {
		return Result{}, err
	}
	return Result{Transport: TransportSMTP, ProviderMessageID: messageID}, nil
}

// deliver runs one SMTP exchange. net/smtp has no contexts, so the
// connection is closed when ctx ends, which unblocks whatever step is
// waiting.
func (s *SMTP) deliver(ctx context.Context, to string, data []byte) error {
	conn, tcp, err := s.connect(ctx)
	if err != nil {
		return err
	}
	// Closing the TCP connection, not a TLS layer over it, cannot block.
	stop := context.AfterFunc(ctx, func() { tcp.Close() })
	defer stop()

	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return s.fail(ctx, "greeting", err)
	}
	defer c.Close()
	if err := c.Hello(s.hello); err != nil {
		return s.fail(ctx, "EHLO", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok && !s.implicitTLS {
		if err := c.StartTLS(s.tls); err != nil {
			return s.fail(ctx, "STARTTLS", err)
		}
	}
	if s.auth {
		if err := s.authenticate(ctx, c); err != nil {
			return err
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return s.fail(ctx, "MAIL FROM", err)
	}
	if err := c.Rcpt(to); err != nil {
		return s.fail(ctx, "RCPT TO", err)
	}
	w, err := c.Data()
	if err != nil {
		return s.fail(ctx, "DATA", err)
	}
	if _, err := w.Write(data); err != nil {
		return s.fail(ctx, "DATA", err)
	}
	if err := w.Close(); err != nil {
		return s.fail(ctx, "end of DATA", err)
	}
	// The server has accepted the message; a failed goodbye cannot undo that.
	_ = c.Quit()
	return nil
}

// connect dials the server and, for smtps://, completes the TLS
// handshake. It returns the connection to speak SMTP on and the TCP
// connection beneath it.
func (s *SMTP) connect(ctx context.Context) (conn, raw net.Conn, err error) {
	ctx, cancel := context.WithTimeout(ctx, s.dialTimeout)
	defer cancel()
	raw, err = s.dial(ctx, "tcp", s.addr)
	if err != nil {
		return nil, nil, s.fail(ctx, "connect", err)
	}
	if !s.implicitTLS {
		return raw, raw, nil
	}
	tc := tls.Client(raw, s.tls)
	if err := tc.HandshakeContext(ctx); err != nil {
		raw.Close()
		return nil, nil, s.fail(ctx, "TLS handshake", err)
	}
	return tc, raw, nil
}

// fail turns what went wrong at step into an *Error: a reply code from
// the server, a timeout, or a network or TLS failure.
func (s *SMTP) fail(ctx context.Context, step string, err error) *Error {
	e := &Error{Transport: TransportSMTP, Err: err}
	var reply *textproto.Error
	switch {
	case ctx.Err() != nil:
		e.Err = ctx.Err()
		e.Reason = fmt.Sprintf("%s with %s: %s", step, s.addr, contextReason(ctx.Err()))
	case errors.As(err, &reply):
		e.Permanent = reply.Code >= 500
		e.Reason = fmt.Sprintf("%s refused by %s: %d %s", step, s.addr, reply.Code, excerpt([]byte(reply.Msg)))
	default:
		e.Reason = fmt.Sprintf("%s with %s: %s", step, s.addr, excerpt([]byte(err.Error())))
	}
	return e
}

func contextReason(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out"
	}
	return "cancelled"
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
