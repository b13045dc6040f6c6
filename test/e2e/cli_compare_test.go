package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
)

// runResult is what one command printed.
type runResult struct {
	stdout, stderr string
	code           int
}

func runTool(t *testing.T, s *server, name string, args ...string) runResult {
	t.Helper()
	cmd := exec.Command(name, append(args, "--endpoint-url", s.URL)...)
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_DEFAULT_REGION="+region,
		"AWS_CONFIG_FILE=/nonexistent", "AWS_SHARED_CREDENTIALS_FILE=/nonexistent", "HOME="+t.TempDir())
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return runResult{out.String(), errb.String(), code}
}

// TestClientPrintsWhatTheAWSCLIPrints runs read commands with our client
// and with the installed AWS CLI v1 against the same server and requires
// the same stdout, stderr and exit code.
func TestClientPrintsWhatTheAWSCLIPrints(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the AWS CLI (aws) is not installed: skipping the side-by-side comparison with it")
	}
	s := start(t, options{clockStart: "2026-01-05T09:00:00Z"})
	c := s.client(account)
	for _, alias := range []string{"akuam", "alejr"} {
		if _, err := c.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{
			Alias: aws.String(alias), DisplayName: aws.String("Person " + alias), Type: types.ContactTypePersonal,
			Plan: &types.Plan{Stages: []types.Stage{}}, Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("blue")}},
		}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{
		Alias: aws.String("esc"), Type: types.ContactTypeEscalation,
		Plan: &types.Plan{Stages: []types.Stage{{DurationInMinutes: aws.Int32(5), Targets: []types.Target{
			{ContactTargetInfo: &types.ContactTargetInfo{ContactId: aws.String(contactARN(account, "akuam")), IsEssential: aws.Bool(true)}},
		}}}},
	}); err != nil {
		t.Fatal(err)
	}
	rot, err := c.CreateRotation(ctx(t), &ssmcontacts.CreateRotationInput{
		Name: aws.String("weekdays"), ContactIds: []string{contactARN(account, "akuam"), contactARN(account, "alejr")},
		TimeZoneId: aws.String("Europe/London"), StartTime: aws.Time(mustTime(t, "2026-01-05T09:00:00Z")),
		Recurrence: &types.RecurrenceSettings{
			NumberOfOnCalls: aws.Int32(1), RecurrenceMultiplier: aws.Int32(1),
			DailySettings: []types.HandOffTime{{HourOfDay: 9, MinuteOfHour: 0}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	arn := aws.ToString(rot.RotationArn)
	commands := [][]string{
		{"list-contacts"},
		{"list-contacts", "--output", "text"},
		{"list-contacts", "--output", "table"},
		{"list-contacts", "--query", "Contacts[?Type=='PERSONAL'].Alias"},
		{"list-contacts", "--max-items", "1"},
		{"get-contact", "--contact-id", contactARN(account, "esc")},
		{"get-contact", "--contact-id", contactARN(account, "esc"), "--output", "text"},
		{"get-contact", "--contact-id", contactARN(account, "esc"), "--output", "table"},
		{"get-contact", "--contact-id", contactARN(account, "nobody")},
		{"get-contact", "--contact-id", "not-an-arn"},
		{"list-tags-for-resource", "--resource-arn", contactARN(account, "akuam")},
		{"get-rotation", "--rotation-id", arn},
		{"get-rotation", "--rotation-id", arn, "--output", "table"},
		{"list-rotation-shifts", "--rotation-id", arn, "--start-time", "2026-01-05T09:00:00Z", "--end-time", "2026-01-08T09:00:00Z"},
		{"list-rotation-shifts", "--rotation-id", arn, "--start-time", "2026-01-05T09:00:00Z", "--end-time", "2026-01-08T09:00:00Z", "--output", "text"},
		{"list-rotations", "--output", "table"},
		{"create-contact", "--alias", "akuam", "--type", "PERSONAL", "--plan", `{"Stages": []}`},
		{"create-contact", "--alias", "UPPER", "--type", "BOGUS", "--plan", `{"Stages": [{"DurationInMinutes": 99, "Targets": []}]}`},
		{"delete-contact", "--contact-id", contactARN(account, "akuam")},
	}
	for _, args := range commands {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			want := runTool(t, s, "aws", append([]string{"ssm-contacts"}, args...)...)
			got := runTool(t, s, binary, args...)
			if got != want {
				t.Errorf("ssmcontacts %v\n--- aws (code %d):\n%s%s\n--- ssmcontacts (code %d):\n%s%s", args,
					want.code, want.stdout, want.stderr, got.code, got.stdout, got.stderr)
			}
		})
	}
}
