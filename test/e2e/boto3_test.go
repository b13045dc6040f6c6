package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBoto3Smoke drives the server with boto3 (testdata/boto3_smoke.py):
// creates, pagination through boto3's paginator, reads, policies, and
// the modeled exceptions with their members. It skips where python3 or
// boto3 is missing.
func TestBoto3Smoke(t *testing.T) {
	s := start(t, options{})
	got := runBoto3(t, s, "testdata/boto3_smoke.py")
	if id, _ := got["request_id"].(string); !requestIDPattern.MatchString(id) {
		t.Errorf("ResponseMetadata.RequestId = %q, want a UUID", id)
	}
	delete(got, "request_id")
	arn := contactARN(account, "akuam")
	nobody := contactARN(account, "nobody")
	want := map[string]any{
		"create":  arn,
		"aliases": []any{"akuam", "bob", "carol"},
		"get": map[string]any{"ContactArn": arn, "Alias": "akuam", "DisplayName": "Akua Mansa", "Type": "PERSONAL",
			"Plan": map[string]any{"Stages": []any{}}},
		"tags":              []any{map[string]any{"Key": "team", "Value": "ops"}},
		"policy_round_trip": true,
		"conflict": map[string]any{"Code": "ConflictException", "Message": "A contact with alias akuam already exists", "Status": 409.0,
			"Members": map[string]any{"Message": "A contact with alias akuam already exists", "ResourceId": arn, "ResourceType": "CONTACT"}},
		"not_found": map[string]any{"Code": "ResourceNotFoundException", "Message": "Contact not found: " + nobody, "Status": 404.0,
			"Members": map[string]any{"Message": "Contact not found: " + nobody, "ResourceId": nobody, "ResourceType": "CONTACT"}},
		"validation": map[string]any{"Code": "ValidationException", "Status": 400.0,
			"Message": `1 validation error detected: Value 'UPPER' at 'alias' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9_\-]*$`,
			"Members": map[string]any{
				"Message": `1 validation error detected: Value 'UPPER' at 'alias' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9_\-]*$`,
				"Reason":  "FIELD_VALIDATION_FAILED",
				"Fields":  []any{map[string]any{"Name": "alias", "Message": `Member must satisfy regular expression pattern: ^[a-z0-9_\-]*$`}},
			}},
		"forged_token": "ValidationException",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("what boto3 saw (-want +got):\n%s", diff)
	}
}

// runBoto3 runs a Python script of testdata against s (ENDPOINT, and env
// as KEY=value) and decodes the JSON document it prints. It skips where
// python3 or boto3 is missing.
func runBoto3(t *testing.T, s *server, script string, env ...string) map[string]any {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err != nil || exec.Command(python, "-c", "import boto3").Run() != nil {
		t.Skip("python3 with boto3 is not installed (apt-get install python3-boto3); skipping " + script)
	}
	cmd := exec.CommandContext(ctx(t), python, script)
	cmd.Env = append(append(os.Environ(), "ENDPOINT="+s.URL, "AWS_CONFIG_FILE=/nonexistent", "AWS_SHARED_CREDENTIALS_FILE=/nonexistent"), env...)
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("%s: %v\n%s", script, err, stderr)
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%s printed %q: %v", script, out, err)
	}
	return got
}
