package cli

const (
	contactBody = `{"ContactArn":"arn:aws:ssm-contacts:us-east-2:111122223333:contact/akuam","Alias":"akuam","DisplayName":"Akua Mansa","Type":"PERSONAL",` +
		`"Plan":{"Stages":[{"DurationInMinutes":5,"Targets":[{"ChannelTargetInfo":{"ContactChannelId":"arn:aws:ssm-contacts:us-east-2:111122223333:contact-channel/akuam/beb25840-5ac8-4644-95cc-7a8de390fa65","RetryIntervalInMinutes":1}},` +
		`{"ContactTargetInfo":{"ContactId":"arn:aws:ssm-contacts:us-east-2:111122223333:contact/mansa","IsEssential":false}}]},{"DurationInMinutes":0,"Targets":[]}],"RotationIds":[]}}`
	unicodeBody = `{"ContactArn":"arn:aws:ssm-contacts:us-east-2:111122223333:contact/asa","Alias":"asa","DisplayName":"\u00c5sa \u5c71\u7530 \ud83d\ude80","Type":"PERSONAL","Plan":{"Stages":[]}}`
	page1       = `{"Contacts":[{"ContactArn":"` + akuam + `","Alias":"akuam","DisplayName":"Akua Mansa","Type":"PERSONAL"},{"ContactArn":"arn:aws:ssm-contacts:us-east-2:111122223333:contact/esc","Alias":"esc","Type":"ESCALATION"}],"NextToken":"tok2"}`
	page2       = `{"Contacts":[{"ContactArn":"` + mansa + `","Alias":"mansa","DisplayName":"Mansa","Type":"PERSONAL"},{"ContactArn":"arn:aws:ssm-contacts:us-east-2:111122223333:contact/oncall","Alias":"oncall","Type":"ONCALL_SCHEDULE"}],"NextToken":"tok3"}`
	page3       = `{"Contacts":[{"ContactArn":"arn:aws:ssm-contacts:us-east-2:111122223333:contact/zed","Alias":"zed","Type":"PERSONAL"}]}`
	// The AWS CLI's token for "resume at tok2, skipping one item".
	tok2Skip1 = "eyJOZXh0VG9rZW4iOiAidG9rMiIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDF9"
)

var threePages = []reply{{Status: 200, Body: page1}, {Status: 200, Body: page2}, {Status: 200, Body: page3}}

func errorReply(status int, body string) []reply { return []reply{{Status: status, Body: body}} }

func specialCases() []goldenCase {
	seedArgs := []string{"create-contact", "--alias", "akuam", "--display-name", "Akua Mansa", "--type", "PERSONAL", "--plan", `{"Stages": []}`}
	seedReply := ok(`{"ContactArn":"arn:aws:ssm-contacts:us-east-2:111122223333:contact/akuam"}`)
	getArgs := []string{"get-contact", "--contact-id", "akuam"}
	cases := []goldenCase{
		// The original request's command line.
		{name: "x-seed-create-contact", args: seedArgs, replies: seedReply},
		{name: "x-seed-create-contact-tags", args: append(append([]string(nil), seedArgs...), "--tags", "Key=k1,Value=v1", "Key=k2,Value=v2", "--idempotency-token", "tok-1"), replies: seedReply},

		// Unicode, wide characters and empty results.
		{name: "x-unicode-json", args: append(append([]string(nil), getArgs...), "--output", "json"), replies: ok(unicodeBody)},
		{name: "x-unicode-text", args: append(append([]string(nil), getArgs...), "--output", "text"), replies: ok(unicodeBody)},
		{name: "x-unicode-table", args: append(append([]string(nil), getArgs...), "--output", "table"), replies: ok(unicodeBody)},
		{name: "x-color-on-table", args: append(append([]string(nil), getArgs...), "--output", "table", "--color", "on"), replies: ok(contactBody)},
		{name: "x-color-off-table", args: append(append([]string(nil), getArgs...), "--output", "table", "--color", "off"), replies: ok(contactBody)},
		{name: "x-empty-output-text", args: []string{"delete-contact", "--contact-id", "akuam", "--output", "text"}, replies: ok(`{}`)},
		{name: "x-empty-output-table", args: []string{"delete-contact", "--contact-id", "akuam", "--output", "table"}, replies: ok(``)},
		{name: "x-empty-list-json", args: []string{"list-contacts"}, replies: ok(`{"Contacts":[]}`)},
		{name: "x-empty-list-text", args: []string{"list-contacts", "--output", "text"}, replies: ok(`{"Contacts":[]}`)},
		{name: "x-empty-list-table", args: []string{"list-contacts", "--output", "table"}, replies: ok(`{"Contacts":[]}`)},
		{name: "x-unknown-members-dropped", args: getArgs, replies: ok(`{"Alias":"akuam","Extra":1,"Type":null,"ContactArn":"arn:x","Plan":{"Stages":[{"DurationInMinutes":1.0,"Targets":[]}]}}`)},
		{name: "x-output-from-env", args: getArgs, env: map[string]string{"AWS_DEFAULT_OUTPUT": "text"}, replies: ok(contactBody)},

		// --query in every format.
		{name: "x-query-list-json", args: append(append([]string(nil), getArgs...), "--query", "Plan.Stages[0].Targets[].ChannelTargetInfo.ContactChannelId"), replies: ok(contactBody)},
		{name: "x-query-hash-json", args: append(append([]string(nil), getArgs...), "--query", "{Name: DisplayName, Arn: ContactArn, Stages: length(Plan.Stages), Durations: Plan.Stages[].DurationInMinutes}"), replies: ok(contactBody)},
		{name: "x-query-hash-text", args: append(append([]string(nil), getArgs...), "--query", "{Name: DisplayName, Arn: ContactArn, Stages: length(Plan.Stages)}", "--output", "text"), replies: ok(contactBody)},
		{name: "x-query-hash-table", args: append(append([]string(nil), getArgs...), "--query", "{Name: DisplayName, Arn: ContactArn, Stages: Plan.Stages}", "--output", "table"), replies: ok(contactBody)},
		{name: "x-query-scalar-text", args: append(append([]string(nil), getArgs...), "--query", "Alias", "--output", "text"), replies: ok(contactBody)},
		{name: "x-query-values-json", args: append(append([]string(nil), getArgs...), "--query", "Plan.Stages[0].Targets[*].*[]"), replies: ok(contactBody)},
		{name: "x-query-keys-json", args: append(append([]string(nil), getArgs...), "--query", "keys(@)"), replies: ok(contactBody)},
		{name: "x-query-filter-text", args: []string{"list-contacts", "--query", "Contacts[?Type=='PERSONAL'].Alias", "--output", "text"}, replies: threePages},
		{name: "x-query-null-json", args: append(append([]string(nil), getArgs...), "--query", "Nope"), replies: ok(contactBody)},

		{name: "x-query-map-keys-json", args: []string{"get-rotation", "--rotation-id", rotationArn, "--query", "keys(Recurrence.ShiftCoverages)"}, replies: ok(`{"RotationArn":"` + rotationArn + `","Name":"weekly","ContactIds":["` + akuam + `"],"StartTime":1689819709,"TimeZoneId":"UTC","Recurrence":` + recurrence + `}`)},
		{name: "x-query-map-table", args: []string{"get-rotation", "--rotation-id", rotationArn, "--query", "Recurrence.ShiftCoverages", "--output", "table"}, replies: ok(`{"RotationArn":"` + rotationArn + `","Name":"weekly","ContactIds":["` + akuam + `"],"StartTime":1689819709,"TimeZoneId":"UTC","Recurrence":` + recurrence + `}`)},
		{name: "x-query-shifts-text", args: []string{"list-rotation-shifts", "--rotation-id", "r", "--end-time", "1689930000", "--query", "RotationShifts[].[Type, StartTime, EndTime]", "--output", "text"}, replies: ok(`{"RotationShifts":` + shifts + `}`)},
		{name: "x-query-shifts-table", args: []string{"list-rotation-shifts", "--rotation-id", "r", "--end-time", "1689930000", "--query", "RotationShifts[?Type=='REGULAR'].{Start: StartTime, Who: ContactIds[0]}", "--output", "table"}, replies: ok(`{"RotationShifts":` + shifts + `}`)},
		{name: "x-query-to-string-json", args: append(append([]string(nil), getArgs...), "--query", "to_string(Plan.Stages[0])"), replies: ok(contactBody)},
		{name: "x-query-bad-syntax", args: append(append([]string(nil), getArgs...), "--query", "Plan.Stages["), replies: ok(contactBody)},
		{name: "x-query-type-error", args: append(append([]string(nil), getArgs...), "--query", "abs(Alias)"), replies: ok(contactBody)},

		// Pagination.
		{name: "x-no-paginate-table", args: []string{"list-contacts", "--no-paginate", "--output", "table"}, replies: threePages},
		{name: "x-paginate-page-size-text", args: []string{"list-contacts", "--page-size", "2", "--output", "text"}, replies: threePages},
		{name: "x-paginate-starting-token-table", args: []string{"list-contacts", "--starting-token", tok2Skip1, "--output", "table", "--query", "Contacts[].{A: Alias, T: Type}"}, replies: threePages[1:]},
		{name: "x-paginate-all-json", args: []string{"list-contacts"}, replies: threePages},
		{name: "x-paginate-all-text", args: []string{"list-contacts", "--output", "text"}, replies: threePages},
		{name: "x-paginate-all-table", args: []string{"list-contacts", "--output", "table"}, replies: threePages},
		{name: "x-paginate-max-items-json", args: []string{"list-contacts", "--max-items", "3"}, replies: threePages},
		{name: "x-paginate-max-items-text", args: []string{"list-contacts", "--max-items", "3", "--output", "text"}, replies: threePages},
		{name: "x-paginate-max-items-table", args: []string{"list-contacts", "--max-items", "1", "--output", "table"}, replies: threePages},
		{name: "x-paginate-max-items-boundary", args: []string{"list-contacts", "--max-items", "2"}, replies: threePages},
		{name: "x-paginate-starting-token", args: []string{"list-contacts", "--starting-token", tok2Skip1, "--max-items", "2"}, replies: threePages[1:]},
		{name: "x-paginate-starting-token-raw", args: []string{"list-contacts", "--starting-token", "tok2"}, replies: threePages[1:]},
		{name: "x-paginate-page-size", args: []string{"list-contacts", "--page-size", "2", "--type", "PERSONAL"}, replies: threePages},
		{name: "x-paginate-query-text", args: []string{"list-contacts", "--max-items", "3", "--query", "Contacts[].Alias", "--output", "text"}, replies: threePages},
		{name: "x-paginate-query-json", args: []string{"list-contacts", "--max-items", "3", "--query", "{Aliases: Contacts[].Alias, Next: NextToken}"}, replies: threePages},
		{name: "x-no-paginate-json", args: []string{"list-contacts", "--no-paginate"}, replies: threePages},
		{name: "x-no-paginate-text", args: []string{"list-contacts", "--no-paginate", "--output", "text"}, replies: threePages},
		{name: "x-manual-max-results", args: []string{"list-contacts", "--max-results", "2"}, replies: threePages},
		{name: "x-no-paginate-with-max-items", args: []string{"list-contacts", "--no-paginate", "--max-items", "1"}, replies: threePages},
		{name: "x-same-token-twice", args: []string{"list-contacts"}, replies: []reply{{Status: 200, Body: page1}, {Status: 200, Body: page1}}},
		{name: "x-paginate-error-second-page-text", args: []string{"list-contacts", "--output", "text"}, replies: []reply{{Status: 200, Body: page1}, {Status: 400, Body: `{"__type":"ValidationException","Message":"bad token"}`}}},
		{name: "x-page-resolutions-paginated", args: []string{"list-page-resolutions", "--page-id", "p", "--max-items", "1"}, replies: ok(`{"PageResolutions":[{"ContactArn":"a","Type":"PERSONAL"},{"ContactArn":"b","Type":"PERSONAL"}],"NextToken":"n2"}`)},

		// Service errors and retries.
		{name: "x-error-conflict", args: []string{"delete-contact", "--contact-id", "akuam"}, replies: errorReply(409,
			`{"__type":"ConflictException","Message":"Contact is a member of a rotation","ResourceId":"akuam","ResourceType":"CONTACT","DependentEntities":[{"RelationType":"ROTATION_MEMBER","DependentResourceIds":["`+rotationArn+`"]}]}`)},
		{name: "x-error-not-found", args: getArgs, replies: errorReply(404, `{"__type":"com.amazonaws.ssmcontacts#ResourceNotFoundException","Message":"Resource not found","ResourceId":"akuam","ResourceType":"CONTACT"}`)},
		{name: "x-error-validation-fields", args: seedArgs, replies: errorReply(400, `{"__type":"ValidationException","Message":"1 validation error detected","Reason":"FIELD_VALIDATION_FAILED","Fields":[{"Name":"alias","Message":"bad"}]}`)},
		{name: "x-error-lowercase-message", args: getArgs, replies: errorReply(400, `{"__type":"ValidationException:http://internal.amazon.com/coral/","message":"lower message"}`)},
		{name: "x-error-no-type", args: getArgs, replies: errorReply(400, `{"message":"no type"}`)},
		{name: "x-error-not-json", args: getArgs, replies: errorReply(400, `not json at all`)},
		{name: "x-error-access-denied-text", args: append(append([]string(nil), getArgs...), "--output", "text"), replies: errorReply(403, `{"__type":"AccessDeniedException","Message":"User is not authorized"}`)},
		{name: "x-retry-500-legacy", args: getArgs, replies: errorReply(500, `{"__type":"InternalServerException","Message":"boom"}`)},
		{name: "x-retry-429-legacy", args: getArgs, replies: errorReply(429, `{"__type":"ThrottlingException","Message":"slow down"}`)},
		{name: "x-retry-500-then-ok", args: getArgs, replies: []reply{{Status: 500, Body: `{"__type":"InternalServerException","Message":"boom"}`}, {Status: 200, Body: contactBody}}},
		{name: "x-retry-503-empty-body", args: getArgs, env: map[string]string{"AWS_MAX_ATTEMPTS": "2"}, replies: errorReply(503, ``)},
		{name: "x-retry-standard-500", args: getArgs, env: map[string]string{"AWS_RETRY_MODE": "standard"}, replies: errorReply(500, `{"__type":"InternalServerException","Message":"boom"}`)},
		{name: "x-retry-standard-throttle-400", args: getArgs, env: map[string]string{"AWS_RETRY_MODE": "standard"}, replies: errorReply(400, `{"__type":"ThrottlingException","Message":"slow down"}`)},
		{name: "x-no-retry-409-standard", args: getArgs, env: map[string]string{"AWS_RETRY_MODE": "standard"}, replies: errorReply(409, `{"__type":"ConflictException","Message":"no"}`)},

		// Client-side validation and parameter syntaxes.
		{name: "x-validation-empty-alias", args: []string{"create-contact", "--alias", "", "--type", "PERSONAL", "--plan", `{"Stages": []}`}, replies: seedReply},
		{name: "x-validation-min-value", args: []string{"list-contacts", "--max-results", "-1"}, replies: threePages},
		{name: "x-validation-wrong-type", args: []string{"create-contact", "--alias", "a", "--type", "PERSONAL", "--plan", `{"Stages": {}, "RotationIds": "r"}`}, replies: seedReply},
		{name: "x-validation-unknown-member", args: []string{"create-contact", "--alias", "a", "--type", "PERSONAL", "--plan", `{"Stages": [], "Bogus": 1}`}, replies: seedReply},
		{name: "x-no-client-max-pattern-enum", args: []string{"create-contact", "--alias", "UPPER", "--type", "BOGUS", "--plan", `{"Stages": [{"DurationInMinutes": 99, "Targets": []}]}`}, replies: seedReply},
		{name: "x-bad-json", args: []string{"create-contact", "--alias", "a", "--type", "PERSONAL", "--plan", `{"Stages": [}`}, replies: seedReply},
		{name: "x-bad-shorthand", args: []string{"create-contact", "--alias", "a", "--type", "PERSONAL", "--plan", `{"Stages": []}`, "--tags", "Key"}, replies: seedReply},
		{name: "x-shorthand-plan", args: []string{"create-contact", "--alias", "a", "--type", "ESCALATION", "--plan", "Stages=[{DurationInMinutes=5,Targets=[{ContactTargetInfo={ContactId=" + akuam + ",IsEssential=true}}]}]"}, replies: seedReply},
		{name: "x-bad-integer", args: []string{"list-contacts", "--max-results", "many"}, replies: threePages},
		{name: "x-bad-timestamp", args: []string{"list-rotation-shifts", "--rotation-id", "r", "--end-time", "someday"}, replies: ok(`{}`)},
		{name: "x-epoch-timestamp", args: []string{"list-rotation-shifts", "--rotation-id", "r", "--start-time", "1689819709.9", "--end-time", "2023-07-20T02:21:49+02:00"}, replies: ok(`{"RotationShifts":[]}`)},
		{name: "x-file-param", args: []string{"create-contact", "--alias", "a", "--type", "PERSONAL", "--plan", "file://{{HOME}}/plan.json"}, files: map[string]string{"plan.json": "{\"Stages\": [{\"DurationInMinutes\": 1, \"Targets\": []}]}\n"}, replies: seedReply},
		{name: "x-file-param-missing", args: []string{"create-contact", "--alias", "a", "--type", "PERSONAL", "--plan", "file://{{HOME}}/nope.json"}, replies: seedReply},
		{name: "x-fileb-param-string", args: []string{"create-contact", "--alias", "fileb://{{HOME}}/alias.bin", "--type", "PERSONAL", "--plan", `{"Stages": []}`}, files: map[string]string{"alias.bin": "akuam"}, replies: seedReply},
		{name: "x-cli-input-json-override", args: []string{"create-contact", "--cli-input-json", `{"Alias": "fromjson", "Type": "PERSONAL", "Plan": {"Stages": []}, "IdempotencyToken": "tok-1"}`, "--alias", "fromcli"}, replies: seedReply},
		{name: "x-cli-input-json-file", args: []string{"get-contact", "--cli-input-json", "file://{{HOME}}/in.json"}, files: map[string]string{"in.json": `{"ContactId": "akuam"}`}, replies: ok(contactBody)},
		{name: "x-cli-input-json-bad", args: []string{"get-contact", "--cli-input-json", `{"ContactId": }`}, replies: ok(contactBody)},
		{name: "x-untag-keys-words", args: []string{"untag-resource", "--resource-arn", akuam, "--tag-keys", "group1", "group2"}, replies: ok(`{}`)},
		{name: "x-boolean-flags", args: []string{"create-contact-channel", "--contact-id", akuam, "--name", "sms", "--type", "SMS", "--delivery-address", "SimpleAddress=+15005550199", "--no-defer-activation"}, replies: ok(`{"ContactChannelArn":"arn:x"}`)},
		{name: "x-idempotency-start-engagement", args: []string{"start-engagement", "--contact-id", akuam, "--sender", "cli", "--subject", "s", "--content", "c"}, replies: ok(`{"EngagementArn":"arn:e"}`)},

		// Skeletons.
		{name: "x-skeleton-input-get-contact", args: []string{"get-contact", "--generate-cli-skeleton"}, replies: ok(`{}`)},
		{name: "x-skeleton-input-list-rotation-shifts", args: []string{"list-rotation-shifts", "--generate-cli-skeleton", "input"}, replies: ok(`{}`)},
		{name: "x-skeleton-output-create-contact", args: append(append([]string(nil), seedArgs...), "--generate-cli-skeleton", "output"), replies: ok(`{}`)},
		{name: "x-skeleton-output-get-contact", args: []string{"get-contact", "--contact-id", "a", "--generate-cli-skeleton", "output"}, replies: ok(`{}`)},
		{name: "x-skeleton-output-table", args: []string{"describe-page", "--page-id", "p", "--generate-cli-skeleton", "output", "--output", "table"}, replies: ok(`{}`)},
		{name: "x-skeleton-output-missing-required", args: []string{"get-contact", "--generate-cli-skeleton", "output"}, replies: ok(`{}`)},

		// Usage errors.
		{name: "x-usage-missing-required", args: []string{"create-contact", "--alias", "x"}, replies: seedReply},
		{name: "x-usage-no-operation", args: nil, replies: seedReply},
		{name: "x-usage-bad-operation", args: []string{"get-contactt"}, replies: seedReply},
		{name: "x-usage-unknown-option", args: []string{"get-contact", "--contact-id", "a", "--bogus", "x"}, replies: ok(contactBody)},
		{name: "x-usage-extra-word", args: []string{"get-contact", "--contact-id", "a", "extra"}, replies: ok(contactBody)},
		{name: "x-usage-missing-value", args: []string{"get-contact", "--contact-id"}, replies: ok(contactBody)},
		{name: "x-usage-bad-output", args: []string{"get-contact", "--contact-id", "a", "--output", "yaml"}, replies: ok(contactBody)},
		{name: "x-usage-bad-int", args: []string{"list-contacts", "--max-items", "abc"}, replies: threePages},
		{name: "x-usage-ambiguous", args: []string{"list-contacts", "--no"}, replies: threePages},
		{name: "x-usage-abbreviated", args: []string{"get-contact", "--contact", "akuam", "--out", "text"}, replies: ok(contactBody)},
		{name: "x-bad-endpoint", args: []string{"get-contact", "--contact-id", "a", "--endpoint-url", "localhost:1"}, noEndpoint: true, replies: ok(contactBody)},

		// Configuration and credentials.
		{name: "x-config-no-region", args: getArgs, env: map[string]string{"AWS_DEFAULT_REGION": unset}, replies: ok(contactBody)},
		{name: "x-config-no-credentials", args: getArgs, env: map[string]string{"AWS_ACCESS_KEY_ID": unset, "AWS_SECRET_ACCESS_KEY": unset}, replies: ok(contactBody)},
		{name: "x-config-no-credentials-no-sign", args: append(append([]string(nil), getArgs...), "--no-sign-request"), env: map[string]string{"AWS_ACCESS_KEY_ID": unset, "AWS_SECRET_ACCESS_KEY": unset}, replies: ok(contactBody)},
		{name: "x-config-profile-not-found", args: append(append([]string(nil), getArgs...), "--profile", "nope"), replies: ok(contactBody)},
		{name: "x-config-profile-files", args: getArgs, env: map[string]string{"AWS_PROFILE": "dev", "AWS_ACCESS_KEY_ID": unset, "AWS_SECRET_ACCESS_KEY": unset, "AWS_DEFAULT_REGION": unset},
			files: map[string]string{".aws/config": "[profile dev]\nregion = eu-west-3\noutput = table\n", ".aws/credentials": "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\n"}, replies: ok(contactBody)},
		{name: "x-config-endpoint-env", args: getArgs, noEndpoint: true, env: map[string]string{"AWS_ENDPOINT_URL_SSM_CONTACTS": "{{URL}}"}, replies: ok(contactBody)},
		{name: "x-config-endpoint-profile", args: getArgs, noEndpoint: true, files: map[string]string{".aws/config": "[default]\nendpoint_url = {{URL}}\n"}, replies: ok(contactBody)},
		{name: "x-config-region-flag", args: append(append([]string(nil), getArgs...), "--region", "ap-southeast-2"), replies: ok(contactBody)},
		{name: "x-config-iso-timestamps", args: []string{"describe-engagement", "--engagement-id", "e"}, files: map[string]string{".aws/config": "[default]\ncli_timestamp_format = iso8601\n"}, env: map[string]string{"TZ": "UTC"},
			replies: ok(`{"ContactArn":"c","EngagementArn":"e","Sender":"s","Subject":"s","Content":"c","StartTime":1621362341.151,"StopTime":1621362400}`)},
	}
	return cases
}
