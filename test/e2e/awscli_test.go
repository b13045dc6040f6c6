package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// runAWSCLI runs the AWS CLI with the original request's environment
// (AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
// AWS_DEFAULT_REGION=us-east-2) and no configuration files, plus env.
// It skips the test where the CLI is not installed.
func runAWSCLI(t *testing.T, env []string, args ...string) (stdout, stderr string, exit int) {
	t.Helper()
	path, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("the aws CLI is not installed (pip install awscli); skipping the CLI test")
	}
	cmd := exec.CommandContext(ctx(t), path, args...)
	home := t.TempDir()
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + home,
		"AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_DEFAULT_REGION=us-east-2",
		"AWS_CONFIG_FILE=" + filepath.Join(home, "no-config"), "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "no-credentials"),
	}
	cmd.Env = append(cmd.Env, env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	if err != nil && cmd.ProcessState == nil {
		t.Fatalf("aws %v: %v", args, err)
	}
	return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
}

// TestAWSCLICreateContact runs the original request's command line
// verbatim and compares the output byte for byte.
func TestAWSCLICreateContact(t *testing.T) {
	s := start(t, options{})
	stdout, stderr, exit := runAWSCLI(t, nil, "ssm-contacts", "create-contact",
		"--alias", "akuam", "--display-name", "Akua Mansa", "--type", "PERSONAL", "--plan", `{"Stages": []}`,
		"--endpoint-url", s.URL)
	want := "{\n    \"ContactArn\": \"arn:aws:ssm-contacts:us-east-2:000000000000:contact/akuam\"\n}\n"
	if exit != 0 || stdout != want {
		t.Fatalf("exit %d, stdout (-want +got):\n%s\nstderr:\n%s", exit, cmp.Diff(want, stdout), stderr)
	}

	// The same again: AWS's error line on stderr and exit code 255.
	stdout, stderr, exit = runAWSCLI(t, nil, "ssm-contacts", "create-contact",
		"--alias", "akuam", "--display-name", "Akua Mansa", "--type", "PERSONAL", "--plan", `{"Stages": []}`,
		"--endpoint-url", s.URL)
	wantErr := "\nAn error occurred (ConflictException) when calling the CreateContact operation: A contact with alias akuam already exists\n"
	if exit != 255 || stdout != "" || stderr != wantErr {
		t.Fatalf("exit %d, stdout %q, stderr (-want +got):\n%s", exit, stdout, cmp.Diff(wantErr, stderr))
	}
}

// TestAWSCLIEndpointFromEnvironment: AWS_ENDPOINT_URL_SSM_CONTACTS points
// the CLI at the server without --endpoint-url; the CLI's own pagination
// follows our tokens; a validation error reads as on AWS.
func TestAWSCLIEndpointFromEnvironment(t *testing.T) {
	s := start(t, options{})
	env := []string{"AWS_ENDPOINT_URL_SSM_CONTACTS=" + s.URL}
	for _, alias := range []string{"carol", "akuam", "bob"} {
		if _, stderr, exit := runAWSCLI(t, env, "ssm-contacts", "create-contact", "--alias", alias, "--type", "PERSONAL", "--plan", `{"Stages": []}`); exit != 0 {
			t.Fatalf("create-contact %s: exit %d: %s", alias, exit, stderr)
		}
	}
	stdout, stderr, exit := runAWSCLI(t, env, "ssm-contacts", "list-contacts", "--page-size", "1", "--query", "Contacts[].Alias", "--output", "json")
	var aliases []string
	if exit != 0 || json.Unmarshal([]byte(stdout), &aliases) != nil {
		t.Fatalf("list-contacts: exit %d, stdout %q, stderr %q", exit, stdout, stderr)
	}
	if diff := cmp.Diff([]string{"akuam", "bob", "carol"}, aliases); diff != "" {
		t.Errorf("aliases across pages of 1 (-want +got):\n%s", diff)
	}
	_, stderr, exit = runAWSCLI(t, env, "ssm-contacts", "create-contact", "--alias", "UPPER", "--type", "PERSONAL", "--plan", `{"Stages": []}`)
	want := `An error occurred (ValidationException) when calling the CreateContact operation: 1 validation error detected: Value 'UPPER' at 'alias' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9_\-]*$`
	if exit != 255 || strings.TrimSpace(stderr) != want {
		t.Errorf("exit %d, stderr (-want +got):\n%s", exit, cmp.Diff(want, strings.TrimSpace(stderr)))
	}
}
