package notify

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// mailServer is an in-process SMTP server (emersion/go-smtp) that keeps
// what it receives.
type mailServer struct {
	mailConfig
	addr string

	mu       sync.Mutex
	received []receivedMail
	authMech []string // mechanisms clients tried
}

// mailConfig says how a mailServer behaves.
type mailConfig struct {
	tls               *tls.Config // offers STARTTLS, or serves TLS when implicit
	implicitTLS       bool
	allowInsecureAuth bool
	mechs             []string // offered AUTH mechanisms, PLAIN and/or LOGIN
	user, pass        string
	rejectRcpt        error
}

type receivedMail struct {
	from     string
	to       []string
	data     []byte
	tls      bool
	authUser string
}

func startMailServer(t testing.TB, cfg mailConfig) *mailServer {
	t.Helper()
	s := &mailServer{mailConfig: cfg}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &mailSession{server: s, conn: c}, nil
	}))
	srv.Domain = "mail.example.test"
	srv.AllowInsecureAuth = s.allowInsecureAuth
	srv.ErrorLog = log.New(io.Discard, "", 0)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if s.implicitTLS {
		l = tls.NewListener(l, s.tls)
	} else {
		srv.TLSConfig = s.tls
	}
	s.addr = l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

func (s *mailServer) mails() []receivedMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]receivedMail(nil), s.received...)
}

func (s *mailServer) authAttempts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.authMech...)
}

type mailSession struct {
	server   *mailServer
	conn     *smtp.Conn
	authUser string
	mail     receivedMail
}

func (m *mailSession) AuthMechanisms() []string { return m.server.mechs }

func (m *mailSession) Auth(mech string) (sasl.Server, error) {
	m.server.mu.Lock()
	m.server.authMech = append(m.server.authMech, mech)
	m.server.mu.Unlock()
	check := func(user, pass string) error {
		if user != m.server.user || pass != m.server.pass {
			return smtp.ErrAuthFailed
		}
		m.authUser = user
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, user, pass string) error { return check(user, pass) }), nil
	case sasl.Login:
		return &loginServer{check: check}, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

func (m *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	if len(m.server.mechs) > 0 && m.authUser == "" {
		return smtp.ErrAuthRequired
	}
	m.mail = receivedMail{from: from, authUser: m.authUser}
	return nil
}

func (m *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if m.server.rejectRcpt != nil {
		return m.server.rejectRcpt
	}
	m.mail.to = append(m.mail.to, to)
	return nil
}

func (m *mailSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m.mail.data = data
	_, m.mail.tls = m.conn.TLSConnectionState()
	m.server.mu.Lock()
	m.server.received = append(m.server.received, m.mail)
	m.server.mu.Unlock()
	return nil
}

func (m *mailSession) Reset()        { m.mail = receivedMail{} }
func (m *mailSession) Logout() error { return nil }

// loginServer is the server side of the LOGIN mechanism, which go-sasl
// only has as a client.
type loginServer struct {
	step  int
	user  string
	check func(user, pass string) error
}

func (l *loginServer) Next(response []byte) ([]byte, bool, error) {
	l.step++
	switch l.step {
	case 1:
		return []byte("Username:"), false, nil
	case 2:
		l.user = string(response)
		return []byte("Password:"), false, nil
	case 3:
		return nil, true, l.check(l.user, string(response))
	}
	return nil, false, errors.New("unexpected LOGIN step")
}

// selfSigned makes a certificate for 127.0.0.1, localhost and
// mail.example.test, and a pool that trusts it.
func selfSigned(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "notify test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost", "mail.example.test"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}
