package validate

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/model"
)

func decode(t testing.TB, s string) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader([]byte(s)))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func newValidator(t testing.TB) (*Validator, *model.Service) {
	svc := model.MustLoad()
	v, err := New(svc)
	if err != nil {
		t.Fatal(err)
	}
	return v, svc
}

func TestMessages(t *testing.T) {
	v, svc := newValidator(t)
	tests := []struct {
		name string
		op   string
		body string
		want string // "" = valid
	}{
		{"valid create", "CreateContact", `{"Alias":"akuam","DisplayName":"Akua Mansa","Type":"PERSONAL","Plan":{"Stages":[]}}`, ""},
		{"unicode display name", "CreateContact", `{"Alias":"a","DisplayName":"Zoë Ångström 李","Type":"PERSONAL","Plan":{}}`, ""},
		{"pattern", "CreateContact", `{"Alias":"AKUAM","Type":"PERSONAL","Plan":{"Stages":[]}}`,
			`1 validation error detected: Value 'AKUAM' at 'alias' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9_\-]*$`},
		{"enum and nested range", "CreateContact", `{"Alias":"a","Type":"BOGUS","Plan":{"Stages":[{"DurationInMinutes":5,"Targets":[]},{"DurationInMinutes":99,"Targets":[]}]}}`,
			`2 validation errors detected: Value 'BOGUS' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [PERSONAL, ESCALATION, ONCALL_SCHEDULE]; Value '99' at 'plan.stages.2.member.durationInMinutes' failed to satisfy constraint: Member must have value less than or equal to 30`},
		{"missing required", "CreateContact", `{"Type":"PERSONAL"}`,
			`2 validation errors detected: Value null at 'alias' failed to satisfy constraint: Member must not be null; Value null at 'plan' failed to satisfy constraint: Member must not be null`},
		{"null counts as missing", "GetContact", `{"ContactId":null}`,
			`1 validation error detected: Value null at 'contactId' failed to satisfy constraint: Member must not be null`},
		{"min length and pattern", "CreateContact", `{"Alias":"","Type":"PERSONAL","Plan":{}}`,
			`1 validation error detected: Value '' at 'alias' failed to satisfy constraint: Member must have length greater than or equal to 1`},
		{"unanchored arn pattern", "GetContact", `{"ContactId":"not-an-arn"}`,
			`1 validation error detected: Value 'not-an-arn' at 'contactId' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws|aws-cn|aws-us-gov):ssm-contacts:[-\w+=\/,.@]*:[0-9]+:([\w+=\/,.@:-]+)*`},
		{"timestamp before what clients read", "CreateRotation", `{"Name":"r","ContactIds":["arn:aws:ssm-contacts:us-east-2:000000000000:contact/a"],"StartTime":-62135596800,"TimeZoneId":"UTC","Recurrence":{"NumberOfOnCalls":1,"RecurrenceMultiplier":1,"DailySettings":[{"HourOfDay":9,"MinuteOfHour":0}]}}`,
			`1 validation error detected: Value '-62135596800' at 'startTime' failed to satisfy constraint: Member must be a time from 0001-01-02T00:00:00Z to 9999-12-30T23:59:59.999Z`},
		{"timestamp after what clients read", "ListRotationShifts", `{"RotationId":"arn:aws:ssm-contacts:us-east-2:000000000000:rotation/r","EndTime":253402257600}`,
			`1 validation error detected: Value '253402257600' at 'endTime' failed to satisfy constraint: Member must be a time from 0001-01-02T00:00:00Z to 9999-12-30T23:59:59.999Z`},
		{"timestamps at the readable edges", "ListRotationShifts", `{"RotationId":"arn:aws:ssm-contacts:us-east-2:000000000000:rotation/r","StartTime":-62135510400,"EndTime":253402214399.999}`, ""},
		{"list length", "CreateRotation", `{"Name":"r","ContactIds":[],"TimeZoneId":"UTC","Recurrence":{"NumberOfOnCalls":1,"RecurrenceMultiplier":1}}`,
			`1 validation error detected: Value '[]' at 'contactIds' failed to satisfy constraint: Member must have length greater than or equal to 1`},
		{"nested required", "CreateRotation", `{"Name":"r","ContactIds":["arn:aws:ssm-contacts:us-east-2:000000000000:contact/a"],"TimeZoneId":"UTC","Recurrence":{"NumberOfOnCalls":1,"RecurrenceMultiplier":1,"DailySettings":[{"HourOfDay":9}]}}`,
			`1 validation error detected: Value null at 'recurrence.dailySettings.1.member.minuteOfHour' failed to satisfy constraint: Member must not be null`},
		{"map key enum", "CreateRotation", `{"Name":"r","ContactIds":["arn:aws:ssm-contacts:us-east-2:000000000000:contact/a"],"TimeZoneId":"UTC","Recurrence":{"NumberOfOnCalls":1,"RecurrenceMultiplier":1,"ShiftCoverages":{"FUNDAY":[]}}}`,
			`1 validation error detected: Value '{FUNDAY=[]}' at 'recurrence.shiftCoverages' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy enum value set: [MON, TUE, WED, THU, FRI, SAT, SUN]]`},
		{"max results", "ListContacts", `{"MaxResults":5000}`,
			`1 validation error detected: Value '5000' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1024`},
		{"unknown members ignored", "ListContacts", `{"Bogus":1}`, ""},
		{"empty tag value", "TagResource", `{"ResourceARN":"x","Tags":[{"Key":"k","Value":""}]}`,
			`1 validation error detected: Value '' at 'tags.1.member.value' failed to satisfy constraint: Member must have length greater than or equal to 1`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vs, err := v.Validate(svc.Operation(tc.op).Input, decode(t, tc.body))
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if vs.Count > 0 {
				got = Message(vs)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestTypeErrors(t *testing.T) {
	v, svc := newValidator(t)
	tests := []struct {
		op, body, path string
	}{
		{"CreateContact", `[]`, ""},
		{"CreateContact", `{"Alias":5,"Type":"PERSONAL","Plan":{}}`, "alias"},
		{"CreateContact", `{"Alias":"a","Type":"PERSONAL","Plan":{"Stages":[{"DurationInMinutes":"5","Targets":[]}]}}`, "plan.stages.1.member.durationInMinutes"},
		{"ListContacts", `{"MaxResults":1.5}`, "maxResults"},
		{"ListContacts", `{"MaxResults":99999999999}`, "maxResults"},
		{"CreateContactChannel", `{"ContactId":"a","Name":"n","Type":"SMS","DeliveryAddress":{},"DeferActivation":"yes"}`, "deferActivation"},
		{"ListEngagements", `{"TimeRangeValue":{"StartTime":"2024-01-01"}}`, "timeRangeValue.startTime"},
		{"ListEngagements", `{"TimeRangeValue":{"StartTime":1e300}}`, "timeRangeValue.startTime"},
	}
	for _, tc := range tests {
		_, err := v.Validate(svc.Operation(tc.op).Input, decode(t, tc.body))
		var te *TypeError
		if !errors.As(err, &te) || te.Path != tc.path {
			t.Errorf("%s %s: err = %v, want TypeError at %q", tc.op, tc.body, err, tc.path)
		}
	}
}

// Patterns compile on first use: every pattern of both embedded models
// must compile.
func TestEveryPatternCompiles(t *testing.T) {
	incidents, err := model.LoadIncidents()
	if err != nil {
		t.Fatal(err)
	}
	for _, svc := range []*model.Service{model.MustLoad(), incidents} {
		v, err := New(svc)
		if err != nil {
			t.Fatal(err)
		}
		for name, sh := range svc.Shapes {
			p := v.patterns[name]
			if sh.Pattern != "" && (p == nil || p.compile() != nil) {
				t.Errorf("%s: pattern of %s does not compile: %v", svc.Metadata.ServiceID, name, p.compile())
			}
		}
	}
}

func TestLeadingLookaheadPattern(t *testing.T) {
	p := &pattern{source: `^(?!aws:)[A-Za-z0-9 _=@:.+-/]+$`}
	if err := p.compile(); err != nil {
		t.Fatal(err)
	}
	for s, want := range map[string]bool{"team": true, "aws:x": false, "awsx": true, "": false} {
		if got := p.MatchString(s); got != want {
			t.Errorf("MatchString(%q) = %v, want %v", s, got, want)
		}
	}
}
