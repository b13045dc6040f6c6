package incidentsapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
	"github.com/ssmcontacts/ssmcontacts/internal/incidents"
	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
	"github.com/ssmcontacts/ssmcontacts/internal/store/teststore"
	"github.com/ssmcontacts/ssmcontacts/model"
)

type anyone struct{}

func (anyone) Verify(*http.Request, []byte) (sigv4.Identity, error) {
	return sigv4.Identity{AccessKeyID: "test", Account: "000000000000", Region: "us-east-2"}, nil
}

type noEngager struct{}

func (noEngager) StartEngagement(context.Context, contacts.Scope, engage.StartEngagementInput) (string, error) {
	return "", nil
}
func (noEngager) StopEngagement(context.Context, contacts.Scope, string, *string) error { return nil }

func newHandler(t *testing.T) *Handler {
	t.Helper()
	st := teststore.Open(t)
	svc, err := incidents.New(context.Background(), incidents.Config{Store: st, Clock: clock.NewControllable(time.Unix(1767603600, 0)), Engager: noEngager{}})
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Config{Model: mustIncidentsModel(t), Incidents: svc, Auth: anyone{}})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func mustIncidentsModel(t *testing.T) *model.Service {
	m, err := model.LoadIncidents()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestEveryOperationIsRouted(t *testing.T) {
	h := newHandler(t)
	if n := len(h.routes) + len(h.tags); n != 31 {
		t.Errorf("routes = %d, want 31", n)
	}
}

func TestRestJSONErrors(t *testing.T) {
	h := newHandler(t)
	tests := []struct {
		name, method, target, body string
		status                     int
		code, message              string
	}{
		{"unknown path", "POST", "/nope", ``, 404, "UnknownOperationException", "No ssm-incidents operation"},
		{"wrong method", "GET", "/startIncident", ``, 404, "UnknownOperationException", ""},
		{"missing members", "POST", "/createResponsePlan", `{}`, 400, "ValidationException",
			"2 validation errors detected: Value null at 'incidentTemplate' failed to satisfy constraint: Member must not be null; Value null at 'name' failed to satisfy constraint: Member must not be null"},
		{"pattern", "POST", "/createResponsePlan", `{"name":"bad name","incidentTemplate":{"title":"t","impact":3}}`, 400, "ValidationException", "Member must satisfy regular expression pattern"},
		{"union with two members", "POST", "/createResponsePlan", `{"name":"p","incidentTemplate":{"title":"t","impact":3},"chatChannel":{"empty":{},"chatbotSns":["a"]}}`, 400, "ValidationException", "exactly one member of ChatChannel"},
		{"not JSON", "POST", "/startIncident", `{`, 400, "SerializationException", ""},
		{"query member", "GET", "/getResponsePlan?arn=arn:aws:ssm-incidents::000000000000:response-plan/none", ``, 404, "ResourceNotFoundException", "Response plan not found"},
		{"tag key lookahead", "POST", "/tags/arn:aws:ssm-incidents::000000000000:response-plan/x", `{"tags":{"aws:x":"y"}}`, 400, "ValidationException", "regular expression"},
		{"unmodeled error becomes validation", "POST", "/deleteIncidentRecord", `{"arn":"arn:aws:ssm-incidents::000000000000:incident-record/p/1"}`, 204, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body)))
			if rec.Code != tc.status {
				t.Fatalf("status = %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			if got := rec.Header().Get("X-Amzn-ErrorType"); got != tc.code {
				t.Errorf("X-Amzn-ErrorType = %q, want %q", got, tc.code)
			}
			if tc.code == "" {
				return
			}
			var body map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if msg, _ := body["message"].(string); !strings.Contains(msg, tc.message) {
				t.Errorf("message = %q, want it to contain %q", msg, tc.message)
			}
		})
	}
}
