package incidentsapi

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/incidents"
)

// AlertPathPrefix is where monitoring systems post alerts:
// POST /_ssmcontacts/alerts/{token}.
const AlertPathPrefix = "/_ssmcontacts/alerts/"

// AlertTokensPath is the admin collection of alert tokens.
const AlertTokensPath = "/_ssmcontacts/alert-tokens"

// maxAlertBytes bounds an alert body; Alertmanager groups can be large.
const maxAlertBytes = 1 << 20

// AlertHandler is the alert intake. The token in the path authenticates
// the sender and names the response plan; no AWS signature is needed.
type AlertHandler struct {
	Incidents *incidents.Service
	Logger    *slog.Logger
}

// ServeHTTP accepts an alert and answers 200 (resolved or nothing to
// resolve) or 201 (an incident opened or found) once the incident is
// committed; 400 for a body that is not an accepted alert, 404 for an
// unknown token.
func (a AlertHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "POST the alert"})
		return
	}
	token := strings.TrimPrefix(r.URL.Path, AlertPathPrefix)
	if token == "" || strings.Contains(token, "/") {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "POST to " + AlertPathPrefix + "{token}"})
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxAlertBytes+1))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "could not read the body"})
		return
	}
	if len(body) > maxAlertBytes {
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": "the body is larger than 1 MiB"})
		return
	}
	alert, err := incidents.ParseAlert(body)
	var pe *incidents.PayloadError
	if errors.As(err, &pe) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": pe.Message})
		return
	}
	res, err := a.Incidents.HandleAlert(r.Context(), token, alert)
	switch {
	case errors.Is(err, incidents.ErrBadAlertToken):
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "unknown or revoked alert token"})
		return
	case contacts.KindOf(err) == contacts.KindNotFound:
		writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
		return
	case err != nil:
		if a.Logger != nil {
			a.Logger.Error("alert intake failed", "error", err)
		}
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "the alert could not be recorded; retry"})
		return
	}
	if a.Logger != nil {
		a.Logger.Info("alert", "source", alert.Source, "action", res.Action, "incident", res.IncidentRecordArn)
	}
	status := http.StatusOK
	if res.Action == "opened" {
		status = http.StatusCreated
	}
	writeJSON(w, status, res)
}

// TokenAdmin serves the admin endpoints of alert tokens (mounted behind
// the server's admin guard):
//
//	POST   /_ssmcontacts/alert-tokens      {"responsePlanArn", "name", "region"} → the token, once
//	GET    /_ssmcontacts/alert-tokens      every token's description
//	DELETE /_ssmcontacts/alert-tokens/{id} revoke
type TokenAdmin struct {
	Incidents *incidents.Service
}

type createTokenRequest struct {
	ResponsePlanArn string `json:"responsePlanArn"`
	Name            string `json:"name"`
	Region          string `json:"region"`
}

// Create creates a token.
func (t TokenAdmin) Create(w http.ResponseWriter, r *http.Request) {
	var req createTokenRequest
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<16))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil || req.ResponsePlanArn == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": `send {"responsePlanArn": "arn:aws:ssm-incidents::<account>:response-plan/<name>", "name": "…"}`})
		return
	}
	token, info, err := t.Incidents.CreateAlertToken(r.Context(), req.ResponsePlanArn, req.Region, req.Name)
	if err != nil {
		status := http.StatusInternalServerError
		if contacts.KindOf(err) == contacts.KindNotFound {
			status = http.StatusNotFound
		}
		writeJSON(w, status, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusCreated, struct {
		Token string `json:"token"`
		Path  string `json:"path"`
		incidents.AlertToken
	}{token, AlertPathPrefix + token, *info})
}

// List lists the tokens.
func (t TokenAdmin) List(w http.ResponseWriter, r *http.Request) {
	list, err := t.Incidents.ListAlertTokens(r.Context())
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
		return
	}
	if list == nil {
		list = []incidents.AlertToken{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"tokens": list})
}

// Revoke deletes the token whose id ends the path.
func (t TokenAdmin) Revoke(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, AlertTokensPath+"/")
	err := t.Incidents.RevokeAlertToken(r.Context(), id)
	switch {
	case contacts.KindOf(err) == contacts.KindNotFound:
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no alert token has id " + id})
	case err != nil:
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
	default:
		writeJSON(w, http.StatusOK, map[string]string{"revoked": id})
	}
}
