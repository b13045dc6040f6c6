package e2e

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestIncidentsBoto3 drives ssm-incidents with boto3
// (testdata/boto3_incidents.py): AWS_ENDPOINT_URL_SSM_INCIDENTS, the
// replication-set waiter, a paginator, timestamps, and the modeled
// exceptions with their members.
func TestIncidentsBoto3(t *testing.T) {
	s := start(t, options{})
	got := runBoto3(t, s, "testdata/boto3_incidents.py")
	plan := "arn:aws:ssm-incidents::000000000000:response-plan/nope"
	want := map[string]any{
		"status":   "ACTIVE",
		"plans":    []any{"a", "b", "c"},
		"incident": map[string]any{"title": "t a", "impact": 3.0, "status": "OPEN", "creationTimeIsDatetime": true},
		"events":   []any{"SSM Incident Trigger", "Custom Event"},
		"not_found": map[string]any{"Code": "ResourceNotFoundException", "Message": "Response plan not found: " + plan, "Status": 404.0,
			"Members": map[string]any{"message": "Response plan not found: " + plan, "resourceIdentifier": plan, "resourceType": "RESPONSE_PLAN"}},
		"validation": map[string]any{"Code": "ValidationException", "Status": 400.0,
			"Message": "1 validation error detected: Value '{aws:reserved=x}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ^(?!aws:)[A-Za-z0-9 _=@:.+-/]+$]",
			"Members": map[string]any{"message": "1 validation error detected: Value '{aws:reserved=x}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ^(?!aws:)[A-Za-z0-9 _=@:.+-/]+$]"}},
	}
	conflict, _ := got["conflict"].(map[string]any)
	if conflict["Code"] != "ConflictException" || conflict["Status"] != 409.0 {
		t.Errorf("conflict = %v", conflict)
	}
	delete(got, "conflict")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("what boto3 saw (-want +got):\n%s", diff)
	}
}
