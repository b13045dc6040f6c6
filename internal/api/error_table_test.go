package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// TestWireTable pins every kind's code and status (Smithy @httpError
// values, BEHAVIOR.md §3.3 and §3.6).
func TestWireTable(t *testing.T) {
	tests := []struct {
		kind   kind
		code   string
		status int
	}{
		{kindValidation, "ValidationException", 400},
		{kindNotFound, "ResourceNotFoundException", 404},
		{kindConflict, "ConflictException", 409},
		{kindQuotaExceeded, "ServiceQuotaExceededException", 402},
		{kindAccessDenied, "AccessDeniedException", 403},
		{kindThrottling, "ThrottlingException", 429},
		{kindInternal, "InternalServerException", 500},
		{kindUnknownOperation, "UnknownOperationException", 400},
		{kindSerialization, "SerializationException", 400},
		{kindTooLarge, "RequestEntityTooLargeException", 413},
		{kindNotImplemented, "NotImplementedException", 501},
		{kindMissingAuth, "MissingAuthenticationTokenException", 400},
		{kindIncompleteSignature, "IncompleteSignatureException", 400},
		{kindUnrecognizedClient, "UnrecognizedClientException", 400},
		{kindInvalidSignature, "InvalidSignatureException", 400},
	}
	for _, tc := range tests {
		code, status := wireCode(tc.kind)
		if code != tc.code || status != tc.status {
			t.Errorf("wireCode(%d) = %s %d, want %s %d", tc.kind, code, status, tc.code, tc.status)
		}
	}
}

// TestDomainKindsAreModeledErrors: every domain kind becomes an error
// shape of the model, so that SDKs decode it into their typed error.
func TestDomainKindsAreModeledErrors(t *testing.T) {
	for k := contacts.KindValidation; k <= contacts.KindThrottling; k++ {
		code, _ := wireCode(fromDomain(k))
		sh := sharedModel.Shapes[code]
		if sh == nil || !sh.Exception {
			t.Errorf("domain kind %s is answered with %s, which is not an error shape of the model", k, code)
		}
	}
}

// TestEveryOperationModelsValidation: restrictTo falls back on
// ValidationException, so every operation must list it.
func TestEveryOperationModelsValidation(t *testing.T) {
	for _, op := range sharedModel.Operations {
		if !op.HasError("ValidationException") {
			t.Errorf("%s does not model ValidationException", op.Name)
		}
	}
}

func TestErrorDocuments(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantHeader http.Header
		want       string
	}{
		{
			name:       "not found carries the resource",
			err:        contacts.NotFound("CONTACT", "arn:x", "Contact"),
			wantStatus: 404,
			want:       `{"__type":"ResourceNotFoundException","Message":"Contact not found: arn:x","ResourceId":"arn:x","ResourceType":"CONTACT"}`,
		},
		{
			name: "conflict carries dependents",
			err: &contacts.Error{Kind: contacts.KindConflict, Message: "in use", ResourceID: "arn:c", ResourceType: "CONTACT",
				DependentEntities: []contacts.DependentEntity{{RelationType: "ROTATION_MEMBER"}}},
			wantStatus: 409,
			want:       `{"__type":"ConflictException","Message":"in use","ResourceId":"arn:c","ResourceType":"CONTACT","DependentEntities":[{"RelationType":"ROTATION_MEMBER","DependentResourceIds":[]}]}`,
		},
		{
			name:       "quota carries its code and the service code",
			err:        &contacts.Error{Kind: contacts.KindQuotaExceeded, Message: "too many", QuotaCode: "L-1", ResourceType: "TAG"},
			wantStatus: 402,
			want:       `{"__type":"ServiceQuotaExceededException","Message":"too many","ResourceType":"TAG","QuotaCode":"L-1","ServiceCode":"ssm-contacts"}`,
		},
		{
			name:       "throttling says when to retry",
			err:        &apiError{kind: kindThrottling, message: "slow down", retryAfterSeconds: 3},
			wantStatus: 429,
			wantHeader: http.Header{"Retry-After": {"3"}},
			want:       `{"__type":"ThrottlingException","Message":"slow down","ServiceCode":"ssm-contacts","RetryAfterSeconds":3}`,
		},
		{
			name:       "a write that kept colliding is throttled, whatever wraps it",
			err:        fmt.Errorf("contacts: create: %w", fmt.Errorf("%w (30 attempts): 40001", contacts.ErrBusy)),
			wantStatus: 429,
			wantHeader: http.Header{"Retry-After": {"1"}},
			want:       `{"__type":"ThrottlingException","Message":"Rate exceeded: too many concurrent writes; retry the request.","ServiceCode":"ssm-contacts","RetryAfterSeconds":1}`,
		},
		{
			name:       "validation reason and fields",
			err:        &contacts.Error{Kind: contacts.KindValidation, Message: "bad", Reason: "OTHER", Fields: []contacts.FieldError{{Name: "alias", Message: "m"}}},
			wantStatus: 400,
			want:       `{"__type":"ValidationException","Message":"bad","Reason":"OTHER","Fields":[{"Name":"alias","Message":"m"}]}`,
		},
		{
			name:       "an internal error tells nothing of its cause",
			err:        fmt.Errorf("sqlite: disk I/O error at /var/lib/secret.db"),
			wantStatus: 500,
			want:       `{"__type":"InternalServerException","Message":"An internal error occurred; the request id identifies it in the server log."}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			h := &Handler{}
			code, status := h.writeError(w, asAPIError(tc.err))
			if status != tc.wantStatus || w.Code != tc.wantStatus || w.Header().Get("x-amzn-ErrorType") != code {
				t.Errorf("status %d/%d code %s header %q, want %d", status, w.Code, code, w.Header().Get("x-amzn-ErrorType"), tc.wantStatus)
			}
			for name := range tc.wantHeader {
				if got := w.Header().Get(name); got != tc.wantHeader.Get(name) {
					t.Errorf("%s = %q, want %q", name, got, tc.wantHeader.Get(name))
				}
			}
			if diff := cmp.Diff(tc.want, w.Body.String()); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRestrictTo: an error code the operation does not model becomes a
// ValidationException with the same message; modeled ones pass.
func TestRestrictTo(t *testing.T) {
	createContact := sharedModel.Operation("CreateContact")
	getContact := sharedModel.Operation("GetContact")
	notFound := asAPIError(contacts.NotFound("CONTACT", "arn:x", "Contact"))
	tests := []struct {
		name string
		err  *apiError
		op   func(string) bool
		want kind
	}{
		{"not found is not modeled for CreateContact", notFound, createContact.HasError, kindValidation},
		{"not found is modeled for GetContact", notFound, getContact.HasError, kindNotFound},
		{"conflict is not modeled for GetContact", &apiError{kind: kindConflict, message: "m"}, getContact.HasError, kindValidation},
		{"protocol errors pass", &apiError{kind: kindSerialization, message: "m"}, createContact.HasError, kindSerialization},
		{"internal errors pass", &apiError{kind: kindInternal, message: "m"}, createContact.HasError, kindInternal},
	}
	for _, tc := range tests {
		got := restrictTo(tc.err, tc.op)
		if got.kind != tc.want || got.message != tc.err.message {
			t.Errorf("%s: restrictTo = %d %q, want %d %q", tc.name, got.kind, got.message, tc.want, tc.err.message)
		}
	}
}
