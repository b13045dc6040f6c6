package notify

import (
	"context"
	"errors"
	"fmt"
	"net/smtp"
	"slices"
	"strings"
)

// authenticate logs in with PLAIN, or LOGIN when that is all the server
// offers. Credentials never travel in clear text except to a loopback
// server, the same rule net/smtp's PlainAuth applies: when the server
// did not offer STARTTLS, or someone on the path stripped it, delivery
// fails before the password is sent.
func (s *SMTP) authenticate(ctx context.Context, c *smtp.Client) error {
	if _, encrypted := c.TLSConnectionState(); !encrypted && !isLocalhost(s.host) {
		return &Error{Transport: TransportSMTP, Permanent: true, Reason: fmt.Sprintf(
			"refusing to send credentials to %s over an unencrypted connection: the server did not offer STARTTLS (use smtps:// or a server that offers STARTTLS)",
			s.addr)}
	}
	ok, offered := c.Extension("AUTH")
	if !ok {
		return &Error{Transport: TransportSMTP, Permanent: true, Reason: fmt.Sprintf(
			"credentials are configured but %s does not offer AUTH", s.addr)}
	}
	var auth smtp.Auth
	switch mechs := strings.Fields(strings.ToUpper(offered)); {
	case slices.Contains(mechs, "PLAIN"):
		auth = smtp.PlainAuth("", s.user, s.pass, s.host)
	case slices.Contains(mechs, "LOGIN"):
		auth = loginAuth{user: s.user, pass: s.pass, host: s.host}
	default:
		return &Error{Transport: TransportSMTP, Permanent: true, Reason: fmt.Sprintf(
			"%s offers AUTH %s; supported are PLAIN and LOGIN", s.addr, excerpt([]byte(offered)))}
	}
	if err := c.Auth(auth); err != nil {
		return s.fail(ctx, "AUTH", err)
	}
	return nil
}

// loginAuth is the LOGIN mechanism, which net/smtp lacks and some
// providers offer instead of PLAIN.
type loginAuth struct{ user, pass, host string }

func (a loginAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS && !isLocalhost(server.Name) {
		return "", nil, errors.New("unencrypted connection")
	}
	if server.Name != a.host {
		return "", nil, errors.New("wrong host name")
	}
	return "LOGIN", nil, nil
}

func (a loginAuth) Next(challenge []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	switch strings.ToLower(strings.TrimSpace(string(challenge))) {
	case "username:", "user name", "username":
		return []byte(a.user), nil
	case "password:", "password":
		return []byte(a.pass), nil
	}
	return nil, fmt.Errorf("unexpected LOGIN challenge %q", excerpt(challenge))
}

// isLocalhost matches net/smtp's rule for where clear-text AUTH is allowed.
func isLocalhost(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}
