package api

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
)

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// checkEnvelope asserts what every response carries: a UUID request id,
// the JSON 1.1 content type, a correct Content-Length, and for errors the
// same code in x-amzn-ErrorType as in the body's __type.
func checkEnvelope(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	if id := w.Header().Get("x-amzn-RequestId"); !uuidPattern.MatchString(id) {
		t.Errorf("x-amzn-RequestId = %q, want a UUID", id)
	}
	if ct := w.Header().Get("Content-Type"); ct != contentType {
		t.Errorf("Content-Type = %q, want %q", ct, contentType)
	}
	if cl := w.Header().Get("Content-Length"); cl != fmt.Sprint(w.Body.Len()) {
		t.Errorf("Content-Length = %q for a body of %d bytes", cl, w.Body.Len())
	}
	if w.Code == http.StatusOK {
		if h := w.Header().Get("x-amzn-ErrorType"); h != "" {
			t.Errorf("x-amzn-ErrorType = %q on a success", h)
		}
		return
	}
	e := decodeError(t, w)
	if h := w.Header().Get("x-amzn-ErrorType"); h != e.Type {
		t.Errorf("x-amzn-ErrorType = %q, __type = %q: they must agree", h, e.Type)
	}
	if e.Message == "" {
		t.Errorf("error %s has no Message", e.Type)
	}
}

// TestPreDispatchErrors covers requests that fail before an operation
// runs: routing, framing, decoding and size.
func TestPreDispatchErrors(t *testing.T) {
	f := newFixture(t, sigv4.ModeVerify)
	signed := func(target, body string) *http.Request {
		return sign(t, request(target, body), body, fixtureTime)
	}
	big := `{"ContactArn":"` + contactARN("a") + `","Policy":"` + strings.Repeat("x", DefaultMaxBodyBytes) + `"}`
	tests := []struct {
		name       string
		req        *http.Request
		wantStatus int
		wantType   string
	}{
		{"missing target", signed("", `{}`), 400, "UnknownOperationException"},
		{"other service's target", signed("DynamoDB_20120810.ListTables", `{}`), 400, "UnknownOperationException"},
		{"prefix without operation", signed("SSMContacts.", `{}`), 400, "UnknownOperationException"},
		{"operation not in the model", signed("SSMContacts.ListWidgets", `{}`), 400, "UnknownOperationException"},
		{"target in the wrong case", signed("ssmcontacts.ListContacts", `{}`), 400, "UnknownOperationException"},
		{"unknown target without a signature", request("SSMContacts.ListWidgets", `{}`), 400, "UnknownOperationException"},
		{"GET", func() *http.Request {
			r := signed("SSMContacts.ListContacts", "")
			r.Method = http.MethodGet
			return r
		}(), 400, "UnknownOperationException"},
		{"PUT", func() *http.Request {
			r := signed("SSMContacts.ListContacts", `{}`)
			r.Method = http.MethodPut
			return r
		}(), 400, "UnknownOperationException"},
		{"other path", func() *http.Request {
			r := signed("SSMContacts.ListContacts", `{}`)
			r.URL.Path = "/2021-05-03/contacts"
			return r
		}(), 400, "UnknownOperationException"},
		{"not JSON", signed("SSMContacts.ListContacts", `{"MaxResults":`), 400, "SerializationException"},
		{"JSON array", signed("SSMContacts.ListContacts", `[]`), 400, "SerializationException"},
		{"JSON string", signed("SSMContacts.ListContacts", `"ListContacts"`), 400, "SerializationException"},
		{"JSON null", signed("SSMContacts.ListContacts", `null`), 400, "SerializationException"},
		{"two documents", signed("SSMContacts.ListContacts", `{} {}`), 400, "SerializationException"},
		{"string where an integer belongs", signed("SSMContacts.ListContacts", `{"MaxResults":"10"}`), 400, "SerializationException"},
		{"fraction where an integer belongs", signed("SSMContacts.ListContacts", `{"MaxResults":1.5}`), 400, "SerializationException"},
		{"number where a string belongs", signed("SSMContacts.GetContact", `{"ContactId":5}`), 400, "SerializationException"},
		{"object where a list belongs", signed("SSMContacts.CreateContact", `{"Alias":"a","Type":"PERSONAL","Plan":{"Stages":{}}}`), 400, "SerializationException"},
		{"string where a boolean belongs, nested", signed("SSMContacts.CreateContact",
			`{"Alias":"a","Type":"ESCALATION","Plan":{"Stages":[{"DurationInMinutes":1,"Targets":[{"ContactTargetInfo":{"ContactId":"x","IsEssential":"true"}}]}]}}`),
			400, "SerializationException"},
		{"string where a timestamp belongs", signed("SSMContacts.ListEngagements", `{"TimeRangeValue":{"StartTime":"2026-01-05T09:00:00Z"}}`), 400, "SerializationException"},
		{"body over the limit", signed("SSMContacts.PutContactPolicy", big), 413, "RequestEntityTooLargeException"},
		{"body over the limit, unsigned", request("SSMContacts.PutContactPolicy", big), 413, "RequestEntityTooLargeException"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := f.store.commits.Load()
			w := f.serve(tc.req)
			checkEnvelope(t, w)
			if w.Code != tc.wantStatus {
				t.Errorf("status = %d, want %d (%s)", w.Code, tc.wantStatus, w.Body)
			}
			if got := decodeError(t, w).Type; got != tc.wantType {
				t.Errorf("__type = %q, want %q", got, tc.wantType)
			}
			if n := f.store.commits.Load() - before; n != 0 {
				t.Errorf("%d writes committed by a failed request", n)
			}
		})
	}
}

// TestLenientFraming: what real clients send that is not exactly the
// canonical form still works.
func TestLenientFraming(t *testing.T) {
	f := newFixture(t, sigv4.ModeVerify)
	tests := []struct {
		name string
		req  *http.Request
	}{
		{"empty body means no input", sign(t, request("SSMContacts.ListContacts", ""), "", fixtureTime)},
		{"white space only", sign(t, request("SSMContacts.ListContacts", " \n"), " \n", fixtureTime)},
		{"application/json", func() *http.Request {
			r := request("SSMContacts.ListContacts", `{}`)
			r.Header.Set("Content-Type", "application/json")
			return sign(t, r, `{}`, fixtureTime)
		}()},
		{"unknown members are ignored", sign(t, request("SSMContacts.ListContacts", `{"Bogus":[1,{"x":null}]}`), `{"Bogus":[1,{"x":null}]}`, fixtureTime)},
		{"botocore's pretty separators", sign(t, request("SSMContacts.ListContacts", `{"MaxResults": 10}`), `{"MaxResults": 10}`, fixtureTime)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := f.serve(tc.req)
			checkEnvelope(t, w)
			if w.Code != http.StatusOK || w.Body.String() != `{"Contacts":[]}` {
				t.Errorf("got %d %s, want 200 {\"Contacts\":[]}", w.Code, w.Body)
			}
		})
	}
}

// TestErrorBodies checks each domain error reaches the wire with its
// status and its modeled members.
func TestErrorBodies(t *testing.T) {
	f := newFixture(t, sigv4.ModeVerify)
	f.mustCall(t, "CreateContact", `{"Alias":"akuam","Type":"PERSONAL","Plan":{"Stages":[]}}`)
	var fifty []string
	for i := range 50 {
		fifty = append(fifty, fmt.Sprintf(`{"Key":"k%d","Value":"v"}`, i))
	}
	f.mustCall(t, "TagResource", `{"ResourceARN":"`+contactARN("akuam")+`","Tags":[`+strings.Join(fifty, ",")+`]}`)

	tests := []struct {
		name, op, body string
		wantStatus     int
		want           errorResponse
	}{
		{
			name: "pattern", op: "CreateContact", body: `{"Alias":"AKUAM","Type":"PERSONAL","Plan":{"Stages":[]}}`,
			wantStatus: 400,
			want: errorResponse{
				Type:    "ValidationException",
				Message: `1 validation error detected: Value 'AKUAM' at 'alias' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9_\-]*$`,
				Reason:  "FIELD_VALIDATION_FAILED",
				Fields:  []validationField{{Name: "alias", Message: `Member must satisfy regular expression pattern: ^[a-z0-9_\-]*$`}},
			},
		},
		{
			name: "every violation at once", op: "CreateContact", body: `{"Alias":"","Type":"BOGUS"}`,
			wantStatus: 400,
			want: errorResponse{
				Type: "ValidationException",
				Message: "3 validation errors detected: " +
					"Value '' at 'alias' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
					"Value 'BOGUS' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [PERSONAL, ESCALATION, ONCALL_SCHEDULE]; " +
					"Value null at 'plan' failed to satisfy constraint: Member must not be null",
				Reason: "FIELD_VALIDATION_FAILED",
				Fields: []validationField{
					{Name: "alias", Message: "Member must have length greater than or equal to 1"},
					{Name: "type", Message: "Member must satisfy enum value set: [PERSONAL, ESCALATION, ONCALL_SCHEDULE]"},
					{Name: "plan", Message: "Member must not be null"},
				},
			},
		},
		{
			name: "business rule", op: "CreateContact", body: `{"Alias":"sched","Type":"ONCALL_SCHEDULE","Plan":{"Stages":[{"DurationInMinutes":5,"Targets":[]}]}}`,
			wantStatus: 400,
			want: errorResponse{
				Type: "ValidationException", Reason: "OTHER",
				Message: "Invalid value provided - ONCALL SCHEDULE contact cannot have stages in plan",
			},
		},
		{
			name: "not found", op: "GetContact", body: `{"ContactId":"` + contactARN("nobody") + `"}`,
			wantStatus: 404,
			want: errorResponse{
				Type: "ResourceNotFoundException", Message: "Contact not found: " + contactARN("nobody"),
				ResourceId: contactARN("nobody"), ResourceType: "CONTACT",
			},
		},
		{
			name: "conflict", op: "CreateContact", body: `{"Alias":"akuam","Type":"ESCALATION","Plan":{"Stages":[]}}`,
			wantStatus: 409,
			want: errorResponse{
				Type: "ConflictException", Message: "A contact with alias akuam already exists",
				ResourceId: contactARN("akuam"), ResourceType: "CONTACT",
			},
		},
		{
			name: "quota", op: "TagResource", body: `{"ResourceARN":"` + contactARN("akuam") + `","Tags":[{"Key":"one-more","Value":"v"}]}`,
			wantStatus: 402,
			want: errorResponse{
				Type: "ServiceQuotaExceededException", Message: "A resource can have at most 50 tags",
				ResourceId: contactARN("akuam"), ResourceType: "TAG", QuotaCode: "TagsPerResource", ServiceCode: "ssm-contacts",
			},
		},
		{
			// ResourceNotFoundException is not modeled for CreateContact:
			// a plan naming a missing contact is invalid input.
			name: "plan names a missing contact", op: "CreateContact",
			body:       `{"Alias":"esc","Type":"ESCALATION","Plan":{"Stages":[{"DurationInMinutes":0,"Targets":[{"ContactTargetInfo":{"ContactId":"` + contactARN("ghost") + `","IsEssential":true}}]}]}}`,
			wantStatus: 400,
			want: errorResponse{
				Type: "ValidationException", Reason: "OTHER",
				Message: "Invalid value provided - Stage 0 target 0: contact " + contactARN("ghost") + " does not exist",
			},
		},
		{
			// Nor for CreateContactChannel: the domain's not-found becomes
			// a ValidationException with the same message.
			name: "channel for a missing contact", op: "CreateContactChannel",
			body:       `{"ContactId":"` + contactARN("ghost") + `","Name":"n","Type":"EMAIL","DeliveryAddress":{"SimpleAddress":"a@example.com"},"DeferActivation":true}`,
			wantStatus: 400,
			want: errorResponse{
				Type: "ValidationException", Reason: "OTHER",
				Message: "Contact not found: " + contactARN("ghost"),
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := f.store.commits.Load()
			w := f.call(t, tc.op, tc.body)
			checkEnvelope(t, w)
			if w.Code != tc.wantStatus {
				t.Errorf("status = %d, want %d", w.Code, tc.wantStatus)
			}
			if diff := cmp.Diff(tc.want, decodeError(t, w), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("error body (-want +got):\n%s", diff)
			}
			if !f.h.model.Operation(tc.op).HasError(tc.want.Type) {
				t.Errorf("%s does not model %s", tc.op, tc.want.Type)
			}
			if n := f.store.commits.Load() - before; n != 0 {
				t.Errorf("%d writes committed by a failed request", n)
			}
		})
	}
}

// TestNotImplemented: a modeled operation without an implementation
// answers with an AWS-shaped error that says so.
func TestNotImplemented(t *testing.T) {
	f := newFixture(t, sigv4.ModeVerify)
	var missing []string
	for _, op := range f.h.model.Operations {
		if _, ok := f.h.ops[op.Name]; !ok {
			missing = append(missing, op.Name)
		}
	}
	if len(missing) == 0 {
		t.Skip("every operation of the model is implemented")
	}
	for _, name := range missing {
		w := f.call(t, name, `{}`)
		checkEnvelope(t, w)
		e := decodeError(t, w)
		if w.Code != http.StatusNotImplemented || e.Type != "NotImplementedException" || !strings.Contains(e.Message, name+" is not implemented") {
			t.Errorf("%s: %d %+v, want 501 NotImplementedException naming the operation", name, w.Code, e)
		}
	}
}

// TestRequestIDsAreUnique: every response gets its own id.
func TestRequestIDsAreUnique(t *testing.T) {
	f := newFixture(t, sigv4.ModeVerify)
	seen := map[string]bool{}
	for i := range 20 {
		var w *httptest.ResponseRecorder
		if i%2 == 0 {
			w = f.call(t, "ListContacts", `{}`)
		} else {
			w = f.serve(request("", `{}`))
		}
		id := w.Header().Get("x-amzn-RequestId")
		if seen[id] {
			t.Fatalf("request id %s issued twice", id)
		}
		seen[id] = true
	}
}

// TestTimestamps: requests may carry epoch seconds as integers, fractions
// or exponents; responses carry them with millisecond precision.
func TestTimestamps(t *testing.T) {
	f := newFixture(t, sigv4.ModeVerify)
	f.mustCall(t, "CreateContact", `{"Alias":"akuam","Type":"PERSONAL","Plan":{"Stages":[]}}`)
	f.clock.Set(fixtureTime.Add(250 * 1e6)) // 09:00:00.250
	started := f.mustCall(t, "StartEngagement", `{"ContactId":"`+contactARN("akuam")+`","Sender":"s","Subject":"x","Content":"y"}`)
	engagement := started["EngagementArn"].(string)

	w := f.call(t, "DescribeEngagement", `{"EngagementId":"`+engagement+`"}`)
	sec := fixtureTime.Unix()
	if want := fmt.Sprintf(`"StartTime":%d.25`, sec); !bytes.Contains(w.Body.Bytes(), []byte(want)) {
		t.Errorf("DescribeEngagement = %s, want it to hold %s", w.Body, want)
	}
	tests := []struct {
		name       string
		start, end string
		want       int
	}{
		{"integers around it", fmt.Sprint(sec), fmt.Sprint(sec + 1), 1},
		{"integers before it", fmt.Sprint(sec - 10), fmt.Sprint(sec), 0},
		{"fractions around it", fmt.Sprintf("%d.2", sec), fmt.Sprintf("%d.3", sec), 1},
		{"fractions after it", fmt.Sprintf("%d.26", sec), fmt.Sprintf("%d.9", sec), 0},
		{"exponents", fmt.Sprintf("%.4fE0", float64(sec)), fmt.Sprintf("%.3fe9", float64(sec+1)/1e9), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := f.mustCall(t, "ListEngagements", `{"TimeRangeValue":{"StartTime":`+tc.start+`,"EndTime":`+tc.end+`}}`)
			if got := len(out["Engagements"].([]any)); got != tc.want {
				t.Errorf("%d engagements in [%s, %s], want %d", got, tc.start, tc.end, tc.want)
			}
		})
	}
}

// TestMembersAreCaseSensitive: a key that differs from a member's name
// only in case is an unknown member, ignored as AWS ignores it; it must
// not reach the operation past the validator.
func TestMembersAreCaseSensitive(t *testing.T) {
	f := newFixture(t, sigv4.ModeVerify)
	tests := []struct {
		name, op, body string
		want           string // the response body
	}{
		{"lower-case twin after the member", "CreateContact",
			`{"Alias":"good","alias":"BAD","Type":"PERSONAL","Plan":{"Stages":[]}}`,
			`{"ContactArn":"` + contactARN("good") + `"}`},
		{"lower-case twin of an optional member", "CreateContact",
			`{"Alias":"plain","Type":"PERSONAL","Plan":{"Stages":[]},"displayName":"@@@ not a display name"}`,
			`{"ContactArn":"` + contactARN("plain") + `"}`},
		{"nested twin", "CreateContact",
			`{"Alias":"nested","Type":"PERSONAL","Plan":{"Stages":[{"DurationInMinutes":1,"Targets":[],"durationInMinutes":99}]}}`,
			`{"ContactArn":"` + contactARN("nested") + `"}`},
		{"what was stored", "GetContact", `{"ContactId":"` + contactARN("plain") + `"}`,
			`{"ContactArn":"` + contactARN("plain") + `","Alias":"plain","Type":"PERSONAL","Plan":{"Stages":[]}}`},
		{"what was stored, nested", "GetContact", `{"ContactId":"` + contactARN("nested") + `"}`,
			`{"ContactArn":"` + contactARN("nested") + `","Alias":"nested","Type":"PERSONAL","Plan":{"Stages":[{"DurationInMinutes":1,"Targets":[]}]}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := f.call(t, tc.op, tc.body)
			checkEnvelope(t, w)
			if diff := cmp.Diff(tc.want, w.Body.String()); w.Code != http.StatusOK || diff != "" {
				t.Errorf("%s: status %d, body (-want +got):\n%s", tc.body, w.Code, diff)
			}
		})
	}
}
