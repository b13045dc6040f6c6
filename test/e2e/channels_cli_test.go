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

// awsCLI runs the AWS CLI against the server as account's key, with no
// configuration from the machine it runs on. It skips the test where
// the CLI is not installed.
func (s *server) awsCLI(acct string, args ...string) (stdout, stderr string, err error) {
	s.t.Helper()
	path, lookErr := exec.LookPath("aws")
	if lookErr != nil {
		s.t.Skip("the aws CLI is not installed")
	}
	key, secret := "test", "test"
	if acct == account2 {
		key, secret = "other", "other-secret"
	}
	home := s.t.TempDir()
	cmd := exec.CommandContext(ctx(s.t), path, append(args, "--endpoint-url", s.URL, "--output", "json")...)
	// The machine's environment, without its AWS settings.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") && !strings.HasPrefix(kv, "HOME=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env,
		"HOME="+home,
		"AWS_ACCESS_KEY_ID="+key,
		"AWS_SECRET_ACCESS_KEY="+secret,
		"AWS_DEFAULT_REGION="+region,
		"AWS_CONFIG_FILE="+filepath.Join(home, "config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(home, "credentials"),
		"AWS_EC2_METADATA_DISABLED=true",
	)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

// TestCLICreatesAndActivatesChannel: what a user types, with the code
// read from the outbox as a user would.
func TestCLICreatesAndActivatesChannel(t *testing.T) {
	s := start(t, options{clockStart: channelClock})
	run := func(args ...string) map[string]any {
		t.Helper()
		stdout, stderr, err := s.awsCLI(account, args...)
		if err != nil {
			t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, stderr)
		}
		var out map[string]any
		if strings.TrimSpace(stdout) == "" {
			return out
		}
		if err := json.Unmarshal([]byte(stdout), &out); err != nil {
			t.Fatalf("aws %s printed %q: %v", strings.Join(args, " "), stdout, err)
		}
		return out
	}

	contact := run("ssm-contacts", "create-contact", "--alias", "akuam", "--type", "PERSONAL", "--plan", `{"Stages": []}`)["ContactArn"].(string)
	created := run("ssm-contacts", "create-contact-channel", "--contact-id", contact, "--name", "akua phone",
		"--type", "SMS", "--delivery-address", "SimpleAddress=+12065550100")
	arn, _ := created["ContactChannelArn"].(string)
	if m := channelARNPattern.FindStringSubmatch(arn); m == nil || m[2] != "akuam" {
		t.Fatalf("create-contact-channel printed %v", created)
	}
	code := s.lastCode(arn)

	// A wrong code: the CLI reports the service's ValidationException.
	_, stderr, err := s.awsCLI(account, "ssm-contacts", "activate-contact-channel", "--contact-channel-id", arn, "--activation-code", wrongCode(code))
	if err == nil || !strings.Contains(stderr, "(ValidationException) when calling the ActivateContactChannel operation") {
		t.Errorf("wrong code: err %v, stderr %q; want a ValidationException", err, stderr)
	}

	run("ssm-contacts", "activate-contact-channel", "--contact-channel-id", arn, "--activation-code", code)
	got := run("ssm-contacts", "get-contact-channel", "--contact-channel-id", arn)
	want := map[string]any{
		"ContactArn": contact, "ContactChannelArn": arn, "Name": "akua phone", "Type": "SMS",
		"DeliveryAddress": map[string]any{"SimpleAddress": "+12065550100"}, "ActivationStatus": "ACTIVATED",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("get-contact-channel (-want +got):\n%s", diff)
	}
	list := run("ssm-contacts", "list-contact-channels", "--contact-id", contact)
	if chs, _ := list["ContactChannels"].([]any); len(chs) != 1 {
		t.Errorf("list-contact-channels = %v, want the one channel", list)
	}
}
