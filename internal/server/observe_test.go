package server

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	pmodel "github.com/prometheus/common/model"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/metrics"
	"github.com/ssmcontacts/ssmcontacts/internal/notify"
	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// hangUpAuth accepts every request as the built-in key's account, and
// cancels the request's context as it does: the client hangs up once the
// request has been read, while the operation runs.
type hangUpAuth struct{ hangUp context.CancelFunc }

func (a hangUpAuth) Verify(*http.Request, []byte) (sigv4.Identity, error) {
	a.hangUp()
	return sigv4.Identity{AccessKeyID: "test", Account: sigv4.DefaultAccountID, Region: "us-east-2"}, nil
}

// TestClientHangUpIsNotAnError: a request whose client hangs up mid-way
// is counted and logged as a client cancellation, not as a 500 at ERROR.
func TestClientHangUpIsNotAnError(t *testing.T) {
	ctx := context.Background()
	logs := &logBuffer{}
	cfg, err := ParseConfig([]string{"--db", ":memory:", "--log-format", "json"}, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	m := &Main{Config: cfg, Clock: clock.NewControllable(clock.Real{}.Now())}
	m.Logger = cfg.NewLogger(logs)
	if err := m.openStore(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.store.Close() })
	reqCtx, hangUp := context.WithCancel(ctx)
	defer hangUp()
	reg := metrics.NewRegistry()
	h, err := m.wire(ctx, model.MustLoad(), hangUpAuth{hangUp}, &notify.Router{}, reg)
	if err != nil {
		t.Fatal(err)
	}

	r := httptest.NewRequestWithContext(reqCtx, http.MethodPost, "http://127.0.0.1:4750/",
		strings.NewReader(`{"Alias":"akuam","Type":"PERSONAL","Plan":{"Stages":[]}}`))
	r.Header.Set("X-Amz-Target", "SSMContacts.CreateContact")
	h.ServeHTTP(httptest.NewRecorder(), r)

	if got := requestCounts(t, reg); len(got) != 1 || got["CreateContact/ClientClosedRequest"] != 1 {
		t.Errorf("ssmcontacts_requests_total = %v, want only {operation=CreateContact, code=ClientClosedRequest} 1", got)
	}
	var lines []map[string]any
	for _, rec := range logs.records(t) {
		if rec["level"] == "ERROR" {
			t.Errorf("logged at ERROR: %v", rec)
		}
		if rec["msg"] == "request" {
			lines = append(lines, rec)
		}
	}
	if len(lines) != 1 || lines[0]["level"] != "INFO" || lines[0]["status"] != float64(499) || lines[0]["code"] != "ClientClosedRequest" {
		t.Errorf("request log lines %v, want one at INFO with status 499 and code ClientClosedRequest", lines)
	}
}

// requestCounts reads ssmcontacts_requests_total as "operation/code" →
// count, from the exposition as Prometheus parses it.
func requestCounts(t *testing.T, reg *metrics.Registry) map[string]float64 {
	t.Helper()
	var text bytes.Buffer
	if err := reg.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	p := expfmt.NewTextParser(pmodel.LegacyValidation)
	families, err := p.TextToMetricFamilies(&text)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, f := range families {
		if f.GetName() != "ssmcontacts_requests_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			out[labels["operation"]+"/"+labels["code"]] = m.GetCounter().GetValue()
		}
	}
	return out
}
