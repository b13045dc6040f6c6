package e2e

import (
	"encoding/json"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmincidents"
	"github.com/aws/aws-sdk-go-v2/service/ssmincidents/types"
)

// alertmanagerPayload is Alertmanager's webhook body (version 4) for one
// group.
func alertmanagerPayload(status string) string {
	return `{
  "version": "4",
  "groupKey": "{}/{alertname=\"CheckoutErrors\"}:{alertname=\"CheckoutErrors\"}",
  "truncatedAlerts": 0,
  "status": "` + status + `",
  "receiver": "ssmcontacts",
  "groupLabels": {"alertname": "CheckoutErrors"},
  "commonLabels": {"alertname": "CheckoutErrors", "severity": "critical", "service": "checkout"},
  "commonAnnotations": {"summary": "Checkout 5xx above 5%", "description": "The checkout service answers 5xx to 7% of requests."},
  "externalURL": "http://alertmanager:9093",
  "alerts": [{
    "status": "` + status + `",
    "labels": {"alertname": "CheckoutErrors", "severity": "critical", "service": "checkout", "instance": "checkout-1"},
    "annotations": {"summary": "Checkout 5xx above 5%"},
    "startsAt": "2026-01-05T08:59:00Z",
    "endsAt": "0001-01-01T00:00:00Z",
    "generatorURL": "http://prometheus:9090/graph",
    "fingerprint": "c0ffee"
  }]
}`
}

// TestIncidentsAlertmanagerOpensDedupesAndResolves: a firing Alertmanager
// notification opens an incident on the token's plan and pages its
// contact on the controllable clock; the repeat notification finds the
// same incident and pages nobody again; the resolved notification resolves
// it and the paging stops.
func TestIncidentsAlertmanagerOpensDedupesAndResolves(t *testing.T) {
	s := start(t, options{clockStart: engageClock})
	ic := s.incidents(account)
	replicationSet(t, ic)
	_, plan := s.oncallPlan(t, "checkout", nil)
	path := s.alertToken(t, plan)

	status, out := s.postJSON(t, path, alertmanagerPayload("firing"))
	if status != http.StatusCreated || out["action"] != "opened" {
		t.Fatalf("firing: %d %v", status, out)
	}
	incident := out["incidentRecordArn"].(string)
	s.settle()
	if got := s.pagesSent(); len(got) != 1 {
		t.Fatalf("pages = %v", got)
	}
	rec, err := ic.GetIncidentRecord(ctx(t), &ssmincidents.GetIncidentRecordInput{Arn: aws.String(incident)})
	if err != nil {
		t.Fatal(err)
	}
	r := rec.IncidentRecord
	if aws.ToString(r.Title) != "Checkout 5xx above 5%" || aws.ToInt32(r.Impact) != 1 || aws.ToString(r.IncidentRecordSource.Source) != "alertmanager" ||
		aws.ToString(r.Summary) != "The checkout service answers 5xx to 7% of requests." || !strings.HasPrefix(aws.ToString(r.DedupeString), "alertmanager:") {
		t.Fatalf("record = %+v", r)
	}

	// Alertmanager repeats the notification: the same incident, no new page.
	s.advanceTo(2 * time.Minute)
	status, out = s.postJSON(t, path, alertmanagerPayload("firing"))
	if status != http.StatusOK || out["action"] != "deduplicated" || out["incidentRecordArn"] != incident {
		t.Fatalf("repeat: %d %v", status, out)
	}
	s.advanceTo(5 * time.Minute) // the plan's second stage
	if got := s.pagesSent(); len(got) != 2 {
		t.Fatalf("pages at 5 minutes = %v", got)
	}

	status, out = s.postJSON(t, path, alertmanagerPayload("resolved"))
	if status != http.StatusOK || out["action"] != "resolved" || out["incidentRecordArn"] != incident {
		t.Fatalf("resolved: %d %v", status, out)
	}
	s.advanceTo(30 * time.Minute)
	if got := s.pagesSent(); len(got) != 2 {
		t.Fatalf("pages after the resolution = %v", got)
	}
	rec, _ = ic.GetIncidentRecord(ctx(t), &ssmincidents.GetIncidentRecordInput{Arn: aws.String(incident)})
	if rec.IncidentRecord.Status != types.IncidentRecordStatusResolved {
		t.Fatalf("status = %s", rec.IncidentRecord.Status)
	}
	eng := engagementOf(t, s, incident)
	desc, _ := s.client(account).DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(eng)})
	if desc.StopTime == nil {
		t.Fatal("engagement not stopped")
	}

	// A new firing after the resolution opens a new incident.
	status, out = s.postJSON(t, path, alertmanagerPayload("firing"))
	if status != http.StatusCreated || out["incidentRecordArn"] == incident {
		t.Fatalf("firing again: %d %v", status, out)
	}
}

// TestIncidentsAlertIntakeFormatsAndErrors: Grafana and plain webhooks,
// bad bodies (400), unknown and revoked tokens (404).
func TestIncidentsAlertIntakeFormatsAndErrors(t *testing.T) {
	s := start(t, options{clockStart: engageClock})
	ic := s.incidents(account)
	replicationSet(t, ic)
	_, plan := s.oncallPlan(t, "api", nil)
	path := s.alertToken(t, plan)

	grafana := func(status string) string {
		return `{"receiver":"ssmcontacts","status":"` + status + `","orgId":1,"groupKey":"{}:{alertname=\"HighLatency\"}",
		"groupLabels":{"alertname":"HighLatency"},"commonLabels":{"alertname":"HighLatency","severity":"warning"},"commonAnnotations":{},
		"externalURL":"http://grafana:3000/","version":"1","title":"[FIRING:1] HighLatency","state":"alerting","message":"p99 above 2s",
		"alerts":[{"status":"` + status + `","labels":{"alertname":"HighLatency"},"annotations":{},"fingerprint":"ab"}]}`
	}
	status, out := s.postJSON(t, path, grafana("firing"))
	if status != http.StatusCreated {
		t.Fatalf("grafana firing: %d %v", status, out)
	}
	rec, _ := ic.GetIncidentRecord(ctx(t), &ssmincidents.GetIncidentRecordInput{Arn: aws.String(out["incidentRecordArn"].(string))})
	if aws.ToString(rec.IncidentRecord.Title) != "[FIRING:1] HighLatency" || aws.ToInt32(rec.IncidentRecord.Impact) != 3 || aws.ToString(rec.IncidentRecord.Summary) != "p99 above 2s" {
		t.Fatalf("grafana record = %+v", rec.IncidentRecord)
	}
	if status, out = s.postJSON(t, path, grafana("resolved")); status != http.StatusOK || out["action"] != "resolved" {
		t.Fatalf("grafana resolved: %d %v", status, out)
	}

	status, out = s.postJSON(t, path, `{"title": "Disk full on db-1", "summary": "/var at 100%", "impact": 2, "dedupe": "disk-db-1", "status": "firing"}`)
	if status != http.StatusCreated {
		t.Fatalf("plain firing: %d %v", status, out)
	}
	if status, out = s.postJSON(t, path, `{"dedupe": "disk-db-1", "status": "resolved"}`); status != http.StatusOK || out["action"] != "resolved" {
		t.Fatalf("plain resolved: %d %v", status, out)
	}
	if status, out = s.postJSON(t, path, `{"dedupe": "never-fired", "status": "resolved"}`); status != http.StatusOK || out["action"] != "none" {
		t.Fatalf("resolving nothing: %d %v", status, out)
	}

	for name, body := range map[string]string{
		"not JSON":            `alert!`,
		"unknown field":       `{"title": "x", "severity": "high"}`,
		"bad status":          `{"title": "x", "status": "pending"}`,
		"bad impact":          `{"title": "x", "impact": 9}`,
		"alertmanager v3":     strings.Replace(alertmanagerPayload("firing"), `"version": "4"`, `"version": "3"`, 1),
		"no title nor dedupe": `{"status": "firing"}`,
	} {
		status, out := s.postJSON(t, path, body)
		if status != http.StatusBadRequest || out["error"] == "" {
			t.Errorf("%s: %d %v, want 400 with an error", name, status, out)
		}
	}
	if status, _ := s.postJSON(t, "/_ssmcontacts/alerts/not-a-token", `{"title":"x"}`); status != http.StatusNotFound {
		t.Errorf("unknown token: %d", status)
	}

	// Revoking the token closes the intake.
	var list struct {
		Tokens []struct {
			ID string `json:"id"`
		} `json:"tokens"`
	}
	s.getJSON("/_ssmcontacts/alert-tokens", &list)
	if len(list.Tokens) != 1 {
		t.Fatalf("tokens = %+v", list)
	}
	req, _ := http.NewRequest(http.MethodDelete, s.URL+"/_ssmcontacts/alert-tokens/"+list.Tokens[0].ID, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("revoke: %v %v", resp, err)
	}
	resp.Body.Close()
	if status, _ := s.postJSON(t, path, `{"title":"x"}`); status != http.StatusNotFound {
		t.Errorf("revoked token: %d", status)
	}
}

// TestIncidentsAlertTokenCommand: `ssmcontacts alert-token` creates, lists
// and revokes tokens through the admin endpoint; the created token opens
// incidents.
func TestIncidentsAlertTokenCommand(t *testing.T) {
	s := start(t, options{clockStart: engageClock})
	ic := s.incidents(account)
	replicationSet(t, ic)
	_, plan := s.oncallPlan(t, "cli", nil)
	run := func(args ...string) (string, int) {
		t.Helper()
		cmd := exec.Command(binary, append([]string{"alert-token"}, args...)...)
		cmd.Env = []string{"AWS_ENDPOINT_URL_SSM_INCIDENTS=" + s.URL, "AWS_DEFAULT_REGION=" + region}
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		return string(out), code
	}
	out, code := run("create", "--response-plan-arn", plan, "--name", "prometheus")
	var created struct{ Token, Path, ID string }
	if code != 0 || json.Unmarshal([]byte(out), &created) != nil || created.Token == "" {
		t.Fatalf("create: %d %s", code, out)
	}
	if status, res := s.postJSON(t, created.Path, `{"title":"From the CLI's token"}`); status != http.StatusCreated {
		t.Fatalf("alert: %d %v", status, res)
	}
	out, code = run("list")
	if code != 0 || !strings.Contains(out, created.ID) || strings.Contains(out, created.Token) {
		t.Fatalf("list (must not show the token): %d %s", code, out)
	}
	if out, code = run("revoke", created.ID); code != 0 {
		t.Fatalf("revoke: %d %s", code, out)
	}
	if out, code = run("revoke", created.ID); code != 1 || !strings.Contains(out, "404") {
		t.Fatalf("revoking twice: %d %s", code, out)
	}
	if out, code = run("create", "--response-plan-arn", "arn:aws:ssm-incidents::000000000000:response-plan/none"); code != 1 {
		t.Fatalf("a token for a missing plan: %d %s", code, out)
	}
}
