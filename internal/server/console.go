package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/console"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// newConsole builds the web console over the same domain and engine as
// the API.
func (m *Main) newConsole(ctx context.Context, svcModel *model.Service, svc *contacts.Service) (http.Handler, error) {
	creds := m.creds
	if creds == nil { // tests that wire without newAuthenticator
		creds = sigv4.BuiltinCredentials()
	}
	key, err := m.store.Secret(ctx, "console-sessions")
	if err != nil {
		return nil, err
	}
	guard := newAdminGuard(m.Config.AdminToken, m.Config.PublicURL)
	local := func(r *http.Request) bool { return isLoopback(r.RemoteAddr) && guard.ourHost(r.Host) }
	return console.New(console.Config{
		Domain: svc, Engine: m.engine, Model: svcModel, Credentials: creds,
		Clock: m.Clock, WallClock: clock.Real{}, SessionKey: key,
		PublicURL: m.Config.PublicURL,
		Secure:    strings.HasPrefix(strings.ToLower(m.Config.PublicURL), "https://"),
		Local:     local,
		Admin:     func(r *http.Request) bool { return local(r) || hasToken(r, m.Config.AdminToken) },
		Logger:    m.Logger,
	})
}
