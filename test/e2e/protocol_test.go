package e2e

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var requestIDPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// TestProtocolOverHTTP sends hand-made requests to the binary: the
// framing errors before any operation runs, and one of each domain error,
// each with its status, its modeled members, a request id and matching
// x-amzn-ErrorType.
func TestProtocolOverHTTP(t *testing.T) {
	s := start(t, options{})
	arn := contactARN(account, "akuam")
	if r := s.do(t, rawRequest{target: "SSMContacts.CreateContact", sign: true,
		body: `{"Alias":"akuam","Type":"PERSONAL","Plan":{"Stages":[]}}`}); r.status != http.StatusOK {
		t.Fatalf("CreateContact: %d %s", r.status, r.body)
	}
	tags := make([]string, 50)
	for i := range tags {
		tags[i] = fmt.Sprintf(`{"Key":"k%d","Value":"v"}`, i)
	}
	if r := s.do(t, rawRequest{target: "SSMContacts.TagResource", sign: true,
		body: `{"ResourceARN":"` + arn + `","Tags":[` + strings.Join(tags, ",") + `]}`}); r.status != http.StatusOK {
		t.Fatalf("TagResource: %d %s", r.status, r.body)
	}

	tests := []struct {
		name       string
		req        rawRequest
		wantStatus int
		want       errorDoc
	}{
		{"no target", rawRequest{sign: true, body: `{}`}, 400,
			errorDoc{Type: "UnknownOperationException", Message: "Missing X-Amz-Target header: send SSMContacts.<Operation>"}},
		{"unknown operation", rawRequest{target: "SSMContacts.DescribeWidgets", body: `{}`}, 400,
			errorDoc{Type: "UnknownOperationException", Message: "Unknown operation SSMContacts.DescribeWidgets"}},
		{"GET /", rawRequest{method: http.MethodGet, target: "SSMContacts.ListContacts", sign: true}, 400,
			errorDoc{Type: "UnknownOperationException", Message: "Method GET is not allowed: send POST / with an X-Amz-Target header"}},
		{"other path", rawRequest{path: "/contacts", target: "SSMContacts.ListContacts", sign: true, body: `{}`}, 400,
			errorDoc{Type: "UnknownOperationException", Message: "No operation is served at /contacts: send POST / with an X-Amz-Target header"}},
		{"not JSON", rawRequest{target: "SSMContacts.ListContacts", sign: true, body: `{"MaxResults":`}, 400,
			errorDoc{Type: "SerializationException", Message: "The request body is not valid JSON"}},
		{"not an object", rawRequest{target: "SSMContacts.ListContacts", sign: true, body: `[1]`}, 400,
			errorDoc{Type: "SerializationException", Message: "Start of structure or map found where not expected: the request body must be a JSON object"}},
		{"wrong member type", rawRequest{target: "SSMContacts.GetContact", sign: true, body: `{"ContactId":["` + arn + `"]}`}, 400,
			errorDoc{Type: "SerializationException", Message: "Expected a string at 'contactId'"}},
		{"over 1 MiB", rawRequest{target: "SSMContacts.PutContactPolicy", sign: true,
			body: `{"ContactArn":"` + arn + `","Policy":"` + strings.Repeat(" ", 1<<20) + `"}`}, 413,
			errorDoc{Type: "RequestEntityTooLargeException", Message: "The request body is larger than 1048576 bytes"}},
		{"validation", rawRequest{target: "SSMContacts.CreateContact", sign: true, body: `{"Alias":"AKUAM","Type":"PERSONAL","Plan":{}}`}, 400,
			errorDoc{Type: "ValidationException", Reason: "FIELD_VALIDATION_FAILED",
				Message: `1 validation error detected: Value 'AKUAM' at 'alias' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9_\-]*$`,
				Fields:  []struct{ Name, Message string }{{"alias", `Member must satisfy regular expression pattern: ^[a-z0-9_\-]*$`}}}},
		{"not found", rawRequest{target: "SSMContacts.GetContact", sign: true, body: `{"ContactId":"` + contactARN(account, "nobody") + `"}`}, 404,
			errorDoc{Type: "ResourceNotFoundException", Message: "Contact not found: " + contactARN(account, "nobody"),
				ResourceId: contactARN(account, "nobody"), ResourceType: "CONTACT"}},
		{"conflict", rawRequest{target: "SSMContacts.CreateContact", sign: true, body: `{"Alias":"akuam","Type":"PERSONAL","Plan":{}}`}, 409,
			errorDoc{Type: "ConflictException", Message: "A contact with alias akuam already exists", ResourceId: arn, ResourceType: "CONTACT"}},
		{"quota", rawRequest{target: "SSMContacts.TagResource", sign: true, body: `{"ResourceARN":"` + arn + `","Tags":[{"Key":"k50","Value":"v"}]}`}, 402,
			errorDoc{Type: "ServiceQuotaExceededException", Message: "A resource can have at most 50 tags",
				ResourceId: arn, ResourceType: "TAG", QuotaCode: "TagsPerResource", ServiceCode: "ssm-contacts"}},
		{"unmodeled error becomes validation", rawRequest{target: "SSMContacts.CreateContact", sign: true,
			body: `{"Alias":"esc","Type":"ESCALATION","Plan":{"Stages":[{"DurationInMinutes":1,"Targets":[{"ContactTargetInfo":{"ContactId":"` + contactARN(account, "ghost") + `","IsEssential":true}}]}]}}`}, 400,
			errorDoc{Type: "ValidationException", Reason: "OTHER",
				Message: "Invalid value provided - Stage 0 target 0: contact " + contactARN(account, "ghost") + " does not exist"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := s.do(t, tc.req)
			if !requestIDPattern.MatchString(r.header.Get("X-Amzn-Requestid")) {
				t.Errorf("x-amzn-RequestId = %q, want a UUID", r.header.Get("X-Amzn-Requestid"))
			}
			if ct := r.header.Get("Content-Type"); ct != "application/x-amz-json-1.1" {
				t.Errorf("Content-Type = %q", ct)
			}
			if r.status != tc.wantStatus {
				t.Errorf("status = %d, want %d", r.status, tc.wantStatus)
			}
			if diff := diffErrorDoc(tc.want, r.errorDoc(t)); diff != "" {
				t.Errorf("error document (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSuccessOverHTTP: a success is 200 with the JSON 1.1 content type, a
// request id and {} for an empty output.
func TestSuccessOverHTTP(t *testing.T) {
	s := start(t, options{})
	r := s.do(t, rawRequest{target: "SSMContacts.CreateContact", sign: true, body: `{"Alias":"a","Type":"PERSONAL","Plan":{"Stages":[]}}`})
	if r.status != 200 || string(r.body) != `{"ContactArn":"`+contactARN(account, "a")+`"}` {
		t.Fatalf("CreateContact: %d %s", r.status, r.body)
	}
	r = s.do(t, rawRequest{target: "SSMContacts.DeleteContact", sign: true, body: `{"ContactId":"` + contactARN(account, "a") + `"}`})
	if r.status != 200 || string(r.body) != `{}` || r.header.Get("Content-Type") != "application/x-amz-json-1.1" ||
		!requestIDPattern.MatchString(r.header.Get("X-Amzn-Requestid")) || r.header.Get("X-Amzn-Errortype") != "" {
		t.Fatalf("DeleteContact: %d %v %s", r.status, r.header, r.body)
	}
}

func diffErrorDoc(want, got errorDoc) string { return cmp.Diff(want, got, cmpopts.EquateEmpty()) }
