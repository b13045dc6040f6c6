package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// jsClientDir holds the AWS SDK for JavaScript v3 smoke script and its
// pinned dependencies (package.json and package-lock.json; node_modules is
// installed, never committed).
const jsClientDir = "testdata/jsclient"

// TestJSClientSmoke drives the server with the AWS SDK for JavaScript v3
// (testdata/jsclient/smoke.mjs): its signer signs a different header list
// from the Go SDK's and botocore's, so it must be accepted too. It skips
// where node or npm is missing and installs the locked dependencies when
// they are not there yet.
func TestJSClientSmoke(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed (apt-get install nodejs npm); skipping the AWS SDK for JavaScript v3 test")
	}
	installJSClient(t)
	s := start(t, options{})
	cmd := exec.CommandContext(ctx(t), node, "smoke.mjs")
	cmd.Dir = jsClientDir
	cmd.Env = append(os.Environ(), "ENDPOINT="+s.URL,
		"AWS_CONFIG_FILE=/nonexistent", "AWS_SHARED_CREDENTIALS_FILE=/nonexistent")
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("smoke.mjs: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("smoke.mjs: %v", err)
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if id, _ := got["request_id"].(string); !requestIDPattern.MatchString(id) {
		t.Errorf("$metadata.requestId = %q, want a UUID", id)
	}
	delete(got, "request_id")
	arn := contactARN(account, "akuam")
	want := map[string]any{
		"create": arn,
		"get": map[string]any{"ContactArn": arn, "Alias": "akuam", "DisplayName": "Akua Mansa", "Type": "PERSONAL",
			"Plan": map[string]any{"Stages": []any{}}},
		"aliases": []any{"akuam", "bob", "carol"},
		"conflict": map[string]any{"name": "ConflictException", "message": "A contact with alias akuam already exists",
			"status": 409.0, "resourceId": arn},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("what the JavaScript SDK saw (-want +got):\n%s", diff)
	}
}

// installJSClient runs `npm ci` in jsClientDir unless the SDK is already
// installed there, so that a fresh checkout runs the test instead of
// skipping it.
func installJSClient(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(jsClientDir, "node_modules", "@aws-sdk", "client-ssm-contacts")); err == nil {
		return
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm is not installed (apt-get install npm); skipping the AWS SDK for JavaScript v3 test")
	}
	// npm may take a while on a slow network: more than ctx's minute.
	c, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(c, npm, "ci", "--no-audit", "--no-fund")
	cmd.Dir = jsClientDir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci in %s: %v\n%s", jsClientDir, err, out)
	}
}
