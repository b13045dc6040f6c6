package server

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ssmcontacts/ssmcontacts/internal/api"
	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/incidents"
	"github.com/ssmcontacts/ssmcontacts/internal/incidentsapi"
	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// incidentsParts are the ssm-incidents pieces of a running server.
type incidentsParts struct {
	api    *incidentsapi.Handler
	alerts incidentsapi.AlertHandler
	tokens incidentsapi.TokenAdmin
}

// wireIncidents builds the ssm-incidents domain and its restJson1 handler
// on the engine and store of the contacts API.
func (m *Main) wireIncidents(ctx context.Context, obs api.Observer) (*incidentsParts, error) {
	mdl, err := model.LoadIncidents()
	if err != nil {
		return nil, err
	}
	svc, err := incidents.New(ctx, incidents.Config{Store: m.store, Clock: m.Clock, Engager: m.engine})
	if err != nil {
		return nil, err
	}
	auth, err := m.incidentsVerifier()
	if err != nil {
		return nil, err
	}
	h, err := incidentsapi.New(incidentsapi.Config{Model: mdl, Incidents: svc, Auth: auth, Observer: obs})
	if err != nil {
		return nil, err
	}
	return &incidentsParts{api: h, alerts: incidentsapi.AlertHandler{Incidents: svc, Logger: m.Logger}, tokens: incidentsapi.TokenAdmin{Incidents: svc}}, nil
}

// incidentsVerifier is newAuthenticator's verifier for the signing name
// ssm-incidents: the same mode and keys.
func (m *Main) incidentsVerifier() (*sigv4.Verifier, error) {
	mode := sigv4.ModeVerify
	if m.Config.Auth == "off" {
		mode = sigv4.ModeOff
	}
	creds := m.creds // loaded by newAuthenticator when Run wires the server
	if creds == nil {
		creds = sigv4.BuiltinCredentials()
		if m.Config.CredentialsFile != "" {
			var err error
			if creds, err = sigv4.LoadCredentialsFile(m.Config.CredentialsFile); err != nil {
				return nil, fmt.Errorf("--credentials: %w", err)
			}
		}
	}
	return sigv4.NewVerifier(sigv4.Config{Mode: mode, Credentials: creds, Clock: clock.Real{}, Service: sigv4.ServiceIncidents}), nil
}

// mountIncidents serves ssm-incidents' operation paths, the alert intake
// (authenticated by its token) and the alert-token admin endpoints.
func (m *Main) mountIncidents(mux *http.ServeMux, guard func(http.Handler) http.Handler) {
	p := m.incidents
	for _, path := range p.api.Paths() {
		mux.Handle(path, p.api)
	}
	mux.Handle(incidentsapi.AlertPathPrefix, p.alerts)
	mux.Handle("POST "+incidentsapi.AlertTokensPath, guard(http.HandlerFunc(p.tokens.Create)))
	mux.Handle("GET "+incidentsapi.AlertTokensPath, guard(http.HandlerFunc(p.tokens.List)))
	mux.Handle("DELETE "+incidentsapi.AlertTokensPath+"/{id}", guard(http.HandlerFunc(p.tokens.Revoke)))
}
