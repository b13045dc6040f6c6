package cli

import "fmt"

// The ssm-incidents goldens: `aws ssm-incidents <command>` recorded against
// replies shaped like the server's (ssm-incidents has no model examples),
// run as `ssmcontacts ssm-incidents <command>`.

const (
	incAcct  = "arn:aws:ssm-incidents::111122223333:"
	incRS    = incAcct + "replication-set/40bd98f0-4110-2dee-b35e-b87006f9e172"
	incPlan  = incAcct + "response-plan/db-outage"
	incRec   = incAcct + "incident-record/db-outage/6cc8f2e9-dd6d-4e2c-95a2-6f2ab0de8e5b"
	incEvent = "c0bc9f4d-3ba4-4c4f-8a1b-0e6c5f0a9b2d"
	incEng   = "arn:aws:ssm-contacts:us-east-2:111122223333:engagement/oncall/0b1f9d3e-1c5c-4a4e-9b7b-2a8d3c4e5f60"
	incCont  = "arn:aws:ssm-contacts:us-east-2:111122223333:contact/oncall"
)

var incRecord = `{"arn":"` + incRec + `","creationTime":1767603600.123,"dedupeString":"db","impact":1,` +
	`"incidentRecordSource":{"createdBy":"arn:aws:iam::111122223333:root","source":"aws.cloudwatch","resourceArn":"arn:aws:cloudwatch:us-east-2:111122223333:alarm:db"},` +
	`"lastModifiedBy":"arn:aws:iam::111122223333:root","lastModifiedTime":1767603900,"status":"RESOLVED","resolvedTime":1767603900,` +
	`"summary":"The primary is unreachable","title":"Database down","chatChannel":{"chatbotSns":["arn:aws:sns:us-east-2:111122223333:chat"]},` +
	`"notificationTargets":[{"snsTopicArn":"arn:aws:sns:us-east-2:111122223333:topic"}]}`

var incPlanBody = `{"arn":"` + incPlan + `","name":"db-outage","displayName":"Database outage","engagements":["` + incCont + `"],` +
	`"incidentTemplate":{"title":"Database down","impact":1,"summary":"The primary is unreachable","dedupeString":"db","incidentTags":{"service":"db"}},` +
	`"chatChannel":{"empty":{}},"actions":[{"ssmAutomation":{"documentName":"AWS-RestartEC2Instance","roleArn":"arn:aws:iam::111122223333:role/r",` +
	`"parameters":{"InstanceId":["i-1"]},"dynamicParameters":{"Incident":{"variable":"INCIDENT_RECORD_ARN"}},"targetAccount":"RESPONSE_PLAN_OWNER_ACCOUNT"}}]}`

var incEventBody = `{"eventId":"` + incEvent + `","incidentRecordArn":"` + incRec + `","eventTime":1767603660,"eventUpdatedTime":1767603661.5,` +
	`"eventType":"Custom Event","eventData":"\"Failed over to the replica\"","eventReferences":[{"resource":"arn:aws:rds:us-east-2:111122223333:db:main"}]}`

func noContent() []reply { return []reply{{Status: 204}} }

func incError(status int, code, body string) []reply {
	return []reply{{Status: status, Headers: map[string]string{"X-Amzn-ErrorType": code}, Body: body}}
}

func incidentsCases() []goldenCase {
	type spec struct {
		args    []string
		replies []reply
		formats []string // default: json
	}
	all := formats
	specs := map[string]spec{
		"create-replication-set": {[]string{"--regions", `{"us-east-2":{},"eu-west-1":{"sseKmsKeyId":"arn:aws:kms:eu-west-1:111122223333:key/k"}}`, "--tags", "team=sre", "--client-token", "tok-1"},
			[]reply{{Status: 201, Body: `{"arn":"` + incRS + `"}`}}, nil},
		"get-replication-set": {[]string{"--arn", incRS},
			ok(`{"replicationSet":{"arn":"` + incRS + `","createdBy":"arn:aws:iam::111122223333:root","createdTime":1767603600,"deletionProtected":false,` +
				`"lastModifiedBy":"arn:aws:iam::111122223333:root","lastModifiedTime":1767603600.25,"regionMap":{"us-east-2":{"sseKmsKeyId":"DefaultKey","status":"ACTIVE","statusUpdateDateTime":1767603600}},"status":"ACTIVE"}}`), all},
		"list-replication-sets":      {nil, ok(`{"replicationSetArns":["` + incRS + `"]}`), all},
		"update-replication-set":     {[]string{"--arn", incRS, "--actions", `[{"addRegionAction":{"regionName":"ap-south-1"}}]`}, noContent(), nil},
		"update-deletion-protection": {[]string{"--arn", incRS, "--deletion-protected"}, noContent(), nil},
		"delete-replication-set":     {[]string{"--arn", incRS}, noContent(), nil},
		"create-response-plan": {[]string{"--name", "db-outage", "--display-name", "Database outage", "--incident-template", "title=Database down,impact=1,dedupeString=db",
			"--engagements", incCont, "--chat-channel", `{"empty":{}}`, "--tags", "team=sre"}, []reply{{Status: 201, Body: `{"arn":"` + incPlan + `"}`}}, nil},
		"get-response-plan":      {[]string{"--arn", incPlan}, ok(incPlanBody), all},
		"list-response-plans":    {[]string{"--max-results", "10"}, ok(`{"responsePlanSummaries":[{"arn":"` + incPlan + `","name":"db-outage","displayName":"Database outage"}]}`), all},
		"update-response-plan":   {[]string{"--arn", incPlan, "--incident-template-impact", "2", "--incident-template-tags", "{}", "--engagements"}, noContent(), nil},
		"delete-response-plan":   {[]string{"--arn", incPlan}, noContent(), nil},
		"tag-resource":           {[]string{"--resource-arn", incPlan, "--tags", "env=prod,team=sre"}, noContent(), nil},
		"untag-resource":         {[]string{"--resource-arn", incPlan, "--tag-keys", "env", "team"}, noContent(), nil},
		"list-tags-for-resource": {[]string{"--resource-arn", incPlan}, ok(`{"tags":{"team":"sre","env":"prod"}}`), all},
		"put-resource-policy": {[]string{"--resource-arn", incPlan, "--policy", `{"Version":"2012-10-17","Statement":[]}`},
			ok(`{"policyId":"3b0a3a0e-5b41-4d26-8d2c-7e8f9a0b1c2d"}`), nil},
		"get-resource-policies": {[]string{"--resource-arn", incPlan},
			ok(`{"resourcePolicies":[{"policyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[]}","policyId":"3b0a3a0e-5b41-4d26-8d2c-7e8f9a0b1c2d","ramResourceShareRegion":"us-east-2"}]}`), all},
		"delete-resource-policy": {[]string{"--resource-arn", incPlan, "--policy-id", "3b0a3a0e-5b41-4d26-8d2c-7e8f9a0b1c2d"}, ok(`{}`), nil},
		"start-incident": {[]string{"--response-plan-arn", incPlan, "--title", "Database down", "--impact", "1",
			"--trigger-details", `{"source":"aws.cloudwatch","timestamp":1767603600,"triggerArn":"arn:aws:cloudwatch:us-east-2:111122223333:alarm:db"}`,
			"--related-items", `[{"identifier":{"type":"METRIC","value":{"metricDefinition":"errors"}},"title":"errors"}]`},
			ok(`{"incidentRecordArn":"` + incRec + `"}`), nil},
		"get-incident-record": {[]string{"--arn", incRec}, ok(`{"incidentRecord":` + incRecord + `}`), all},
		"list-incident-records": {[]string{"--filters", `[{"key":"status","condition":{"equals":{"stringValues":["OPEN"]}}}]`},
			ok(`{"incidentRecordSummaries":[{"arn":"` + incRec + `","creationTime":1767603600.123,"impact":1,"incidentRecordSource":{"createdBy":"arn:aws:iam::111122223333:root","source":"aws.cloudwatch"},"status":"OPEN","title":"Database down"}]}`), all},
		"update-incident-record": {[]string{"--arn", incRec, "--status", "RESOLVED", "--summary", "Failed over"}, noContent(), nil},
		"delete-incident-record": {[]string{"--arn", incRec}, noContent(), nil},
		"create-timeline-event": {[]string{"--incident-record-arn", incRec, "--event-time", "2026-01-05T09:01:00Z", "--event-type", "Custom Event",
			"--event-data", `"Failed over to the replica"`, "--event-references", `[{"resource":"arn:aws:rds:us-east-2:111122223333:db:main"}]`},
			[]reply{{Status: 201, Body: `{"eventId":"` + incEvent + `","incidentRecordArn":"` + incRec + `"}`}}, nil},
		"get-timeline-event": {[]string{"--incident-record-arn", incRec, "--event-id", incEvent}, ok(`{"event":` + incEventBody + `}`), all},
		"list-timeline-events": {[]string{"--incident-record-arn", incRec, "--sort-by", "EVENT_TIME", "--sort-order", "ASCENDING"},
			ok(`{"eventSummaries":[{"eventId":"` + incEvent + `","incidentRecordArn":"` + incRec + `","eventTime":1767603660,"eventUpdatedTime":1767603661.5,"eventType":"Custom Event"}]}`), all},
		"update-timeline-event": {[]string{"--incident-record-arn", incRec, "--event-id", incEvent, "--event-data", `"Failed over"`}, noContent(), nil},
		"delete-timeline-event": {[]string{"--incident-record-arn", incRec, "--event-id", incEvent}, noContent(), nil},
		"list-related-items": {[]string{"--incident-record-arn", incRec},
			ok(`{"relatedItems":[{"identifier":{"type":"OTHER","value":{"arn":"` + incEng + `"}},"title":"Engagement of ` + incCont + `"}]}`), all},
		"update-related-items": {[]string{"--incident-record-arn", incRec, "--related-items-update", `{"itemToAdd":{"identifier":{"type":"OTHER","value":{"url":"https://runbooks.example/db"}},"title":"runbook"}}`},
			noContent(), nil},
		"list-incident-findings": {[]string{"--incident-record-arn", incRec}, ok(`{"findings":[]}`), all},
		"batch-get-incident-findings": {[]string{"--incident-record-arn", incRec, "--finding-ids", "f-1"},
			ok(`{"errors":[{"code":"ResourceNotFoundException","findingId":"f-1","message":"Finding not found: f-1"}],"findings":[]}`), nil},

		// Errors: the code comes from X-Amzn-ErrorType, the message from the body.
		"error-not-found": {[]string{"--arn", incPlan}, incError(404, "ResourceNotFoundException",
			`{"message":"Response plan not found: `+incPlan+`","resourceIdentifier":"`+incPlan+`","resourceType":"RESPONSE_PLAN"}`), nil},
		"error-validation": {[]string{"--name", "p", "--incident-template", "title=t,impact=3"}, incError(400, "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/",
			`{"message":"1 validation error detected: Value 'x' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9-_]*$"}`), nil},
		"error-conflict": {[]string{"--regions", `{"us-east-2":{}}`}, incError(409, "ConflictException",
			`{"message":"A replication set already exists in this account","resourceIdentifier":"`+incRS+`","resourceType":"REPLICATION_SET"}`), nil},
	}
	errorOps := map[string]string{"error-not-found": "get-response-plan", "error-validation": "create-response-plan", "error-conflict": "create-replication-set"}
	var cases []goldenCase
	for name, s := range specs {
		op := name
		if o, ok := errorOps[name]; ok {
			op = o
		}
		fs := s.formats
		if fs == nil {
			fs = []string{"json"}
		}
		for _, f := range fs {
			cases = append(cases, goldenCase{
				name:    fmt.Sprintf("incidents-%s-%s", name, f),
				args:    append(append([]string{IncidentsWord, op}, s.args...), "--output", f),
				replies: s.replies,
			})
		}
	}
	return cases
}
