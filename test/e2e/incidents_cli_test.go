package e2e

import (
	"os/exec"
	"strings"
	"testing"
)

// TestIncidentsAWSCLIEveryOperation drives all 31 ssm-incidents operations
// with the installed AWS CLI against the real binary, and runs the reads
// with `ssmcontacts ssm-incidents` too, requiring the same stdout, stderr
// and exit code.
func TestIncidentsAWSCLIEveryOperation(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the AWS CLI (aws) is not installed: skipping")
	}
	s := start(t, options{clockStart: engageClock})
	used := map[string]bool{}
	// aws runs `aws ssm-incidents args…` and returns trimmed stdout.
	aws := func(args ...string) string {
		t.Helper()
		used[args[0]] = true
		r := runTool(t, s, "aws", append([]string{"ssm-incidents"}, args...)...)
		if r.code != 0 {
			t.Fatalf("aws ssm-incidents %v: exit %d\n%s", args, r.code, r.stderr)
		}
		return strings.TrimSpace(r.stdout)
	}
	// both runs a command with the AWS CLI and with ssmcontacts.
	both := func(args ...string) {
		t.Helper()
		used[args[0]] = true
		want := runTool(t, s, "aws", append([]string{"ssm-incidents"}, args...)...)
		got := runTool(t, s, binary, append([]string{"ssm-incidents"}, args...)...)
		if got != want {
			t.Errorf("ssm-incidents %v\n--- aws (code %d):\n%s%s\n--- ssmcontacts (code %d):\n%s%s", args,
				want.code, want.stdout, want.stderr, got.code, got.stdout, got.stderr)
		}
	}

	rs := aws("create-replication-set", "--regions", `{"us-east-2":{}}`, "--tags", "team=sre", "--query", "arn", "--output", "text")
	both("get-replication-set", "--arn", rs)
	both("get-replication-set", "--arn", rs, "--output", "table")
	both("list-replication-sets")
	aws("update-replication-set", "--arn", rs, "--actions", `[{"addRegionAction":{"regionName":"eu-west-1"}}]`)
	aws("update-deletion-protection", "--arn", rs, "--no-deletion-protected")

	contact := strings.TrimSpace(runTool(t, s, "aws", "ssm-contacts", "create-contact", "--alias", "oncall", "--type", "PERSONAL",
		"--plan", `{"Stages": []}`, "--query", "ContactArn", "--output", "text").stdout)
	plan := aws("create-response-plan", "--name", "db-outage", "--display-name", "Database outage",
		"--incident-template", "title=Database down,impact=2,summary=Primary unreachable", "--engagements", contact,
		"--chat-channel", `{"chatbotSns":["arn:aws:sns:us-east-2:000000000000:chat"]}`, "--query", "arn", "--output", "text")
	both("get-response-plan", "--arn", plan)
	both("get-response-plan", "--arn", plan, "--output", "text")
	both("list-response-plans", "--output", "table")
	aws("update-response-plan", "--arn", plan, "--incident-template-impact", "1")
	aws("tag-resource", "--resource-arn", plan, "--tags", "env=prod,team=sre")
	aws("untag-resource", "--resource-arn", plan, "--tag-keys", "team")
	both("list-tags-for-resource", "--resource-arn", plan)
	policy := aws("put-resource-policy", "--resource-arn", plan, "--policy", `{"Version":"2012-10-17","Statement":[]}`, "--query", "policyId", "--output", "text")
	both("get-resource-policies", "--resource-arn", plan)
	aws("delete-resource-policy", "--resource-arn", plan, "--policy-id", policy)

	incident := aws("start-incident", "--response-plan-arn", plan, "--title", "Primary down",
		"--trigger-details", `{"source":"aws.cloudwatch","timestamp":1767603600}`, "--query", "incidentRecordArn", "--output", "text")
	s.settle()
	both("get-incident-record", "--arn", incident)
	both("get-incident-record", "--arn", incident, "--output", "table")
	both("list-incident-records", "--filters", `[{"key":"status","condition":{"equals":{"stringValues":["OPEN"]}}}]`)
	aws("update-incident-record", "--arn", incident, "--summary", "Failing over")

	event := aws("create-timeline-event", "--incident-record-arn", incident, "--event-time", "2026-01-05T09:01:00Z",
		"--event-type", "Custom Event", "--event-data", `"Failover started"`, "--query", "eventId", "--output", "text")
	both("get-timeline-event", "--incident-record-arn", incident, "--event-id", event)
	aws("update-timeline-event", "--incident-record-arn", incident, "--event-id", event, "--event-data", `"Failover done"`)
	both("list-timeline-events", "--incident-record-arn", incident, "--sort-by", "EVENT_TIME", "--sort-order", "ASCENDING")
	both("list-timeline-events", "--incident-record-arn", incident, "--output", "text")
	aws("delete-timeline-event", "--incident-record-arn", incident, "--event-id", event)

	aws("update-related-items", "--incident-record-arn", incident, "--related-items-update",
		`{"itemToAdd":{"identifier":{"type":"OTHER","value":{"url":"https://runbooks.example/db"}},"title":"runbook"}}`)
	both("list-related-items", "--incident-record-arn", incident)
	both("list-incident-findings", "--incident-record-arn", incident)
	both("batch-get-incident-findings", "--incident-record-arn", incident, "--finding-ids", "f-1")

	aws("update-incident-record", "--arn", incident, "--status", "RESOLVED")
	both("get-incident-record", "--arn", incident, "--query", "incidentRecord.[status,title,summary]")
	aws("delete-incident-record", "--arn", incident)
	both("get-incident-record", "--arn", incident)
	aws("delete-response-plan", "--arn", plan)
	both("get-response-plan", "--arn", plan)
	both("create-response-plan", "--name", "bad name", "--incident-template", "title=t,impact=9")
	aws("delete-replication-set", "--arn", rs)
	both("get-replication-set", "--arn", rs)

	// Every operation of the model was called.
	var missing []string
	for _, op := range []string{
		"batch-get-incident-findings", "create-replication-set", "create-response-plan", "create-timeline-event", "delete-incident-record",
		"delete-replication-set", "delete-resource-policy", "delete-response-plan", "delete-timeline-event", "get-incident-record",
		"get-replication-set", "get-resource-policies", "get-response-plan", "get-timeline-event", "list-incident-findings",
		"list-incident-records", "list-related-items", "list-replication-sets", "list-response-plans", "list-tags-for-resource",
		"list-timeline-events", "put-resource-policy", "start-incident", "tag-resource", "untag-resource", "update-deletion-protection",
		"update-incident-record", "update-related-items", "update-replication-set", "update-response-plan", "update-timeline-event",
	} {
		if !used[op] {
			missing = append(missing, op)
		}
	}
	if len(missing) > 0 {
		t.Errorf("operations not exercised: %v", missing)
	}
}
