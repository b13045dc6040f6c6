package server

import (
	"fmt"
	"github.com/ssmcontacts/ssmcontacts/internal/clock"

	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
)

// newAuthenticator builds the SigV4 verifier from --auth and --credentials.
// Signatures are checked against the wall clock even when the service runs
// on a controllable clock: clients sign with their own wall clocks.
func (m *Main) newAuthenticator() (*sigv4.Verifier, error) {
	mode := sigv4.ModeVerify
	if m.Config.Auth == "off" {
		mode = sigv4.ModeOff
		m.Logger.Warn("--auth=off: signatures are not verified; any well-formed signature is accepted, a key from the credentials acts in its account and any other 12-digit access key is taken as the account id")
	}
	creds := sigv4.BuiltinCredentials()
	if m.Config.CredentialsFile != "" {
		var err error
		if creds, err = sigv4.LoadCredentialsFile(m.Config.CredentialsFile); err != nil {
			return nil, fmt.Errorf("--credentials: %w", err)
		}
	}
	m.creds = creds
	return sigv4.NewVerifier(sigv4.Config{Mode: mode, Credentials: creds, Clock: clock.Real{}}), nil
}
