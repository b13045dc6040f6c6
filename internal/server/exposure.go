package server

import (
	"fmt"
	"net"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
)

// checkExposure refuses to listen beyond this machine while anyone could
// authenticate (--auth=off, or the published test/test key), unless
// --insecure-listen says the operator means it. It runs after the
// credentials file has been checked, before listening.
func (m *Main) checkExposure() error {
	risk := listenRisk(m.Config.Addr, m.Config.Auth == "off", m.builtinKeyAccepted())
	if risk == "" {
		return nil
	}
	if m.Config.InsecureListen {
		m.Logger.Warn("--insecure-listen: listening on a non-loopback address although " + risk)
		return nil
	}
	return fmt.Errorf("--addr %s is not a loopback address, and %s; "+
		"listen on 127.0.0.1 or localhost, or give --credentials a file of your own keys (without test/test) and keep --auth=on, "+
		"or pass --insecure-listen (SSMCONTACTS_INSECURE_LISTEN=true) if you mean it", m.Config.Addr, risk)
}

// builtinKeyAccepted reports whether the published test/test key signs
// requests: without a credentials file, or when the file lists it.
func (m *Main) builtinKeyAccepted() bool {
	if m.Config.CredentialsFile == "" {
		return true
	}
	creds, err := sigv4.LoadCredentialsFile(m.Config.CredentialsFile)
	if err != nil {
		return false // reported by newAuthenticator
	}
	c, ok := creds.Lookup(sigv4.BuiltinAccessKeyID)
	return ok && c.SecretAccessKey == sigv4.BuiltinSecretAccessKey
}

// listenRisk says why listening on addr would let anyone in, or "" when
// it would not.
func listenRisk(addr string, authOff, builtinKey bool) string {
	switch {
	case isLoopbackAddr(addr):
		return ""
	case authOff:
		return "--auth=off accepts any well-formed signature: anyone who reaches the server can act as any account"
	case builtinKey:
		return "the built-in test/test access key is accepted: anyone who reaches the server can sign requests with it"
	}
	return ""
}

// isLoopbackAddr reports whether a listen address stays on this machine:
// "localhost" or a loopback IP. An empty host, 0.0.0.0, :: and every
// other name (not resolved here) do not.
func isLoopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
