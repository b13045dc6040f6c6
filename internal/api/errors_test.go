package api

import (
	"net/http"
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
)

func TestEveryAuthKindHasAWireCode(t *testing.T) {
	for _, k := range sigv4.Kinds() {
		code, status := wireCode(fromAuth(k))
		if code == "InternalServerException" || status != http.StatusBadRequest {
			t.Errorf("%v -> %s %d, want a 400 authentication error", k, code, status)
		}
	}
}

func TestEveryDomainKindHasItsWireCode(t *testing.T) {
	want := map[contacts.Kind]struct {
		code   string
		status int
	}{
		contacts.KindInternal:      {"InternalServerException", 500},
		contacts.KindValidation:    {"ValidationException", 400},
		contacts.KindNotFound:      {"ResourceNotFoundException", 404},
		contacts.KindConflict:      {"ConflictException", 409},
		contacts.KindQuotaExceeded: {"ServiceQuotaExceededException", 402},
		contacts.KindAccessDenied:  {"AccessDeniedException", 403},
		contacts.KindThrottling:    {"ThrottlingException", 429},
	}
	for k, w := range want {
		code, status := wireCode(fromDomain(k))
		if code != w.code || status != w.status {
			t.Errorf("%v -> %s %d, want %s %d", k, code, status, w.code, w.status)
		}
	}
}

func TestUnmodeledErrorsBecomeValidation(t *testing.T) {
	modeled := func(code string) bool { return code == "ValidationException" || code == "InternalServerException" }
	for _, k := range []kind{kindNotFound, kindConflict, kindQuotaExceeded} {
		got := restrictTo(&apiError{kind: k, message: "m", resourceID: "r"}, modeled)
		if got.kind != kindValidation || got.message != "m" {
			t.Errorf("%v -> %+v, want a ValidationException with the same message", k, got)
		}
	}
	kept := restrictTo(&apiError{kind: kindNotFound}, func(string) bool { return true })
	if kept.kind != kindNotFound {
		t.Error("a modeled error was rewritten")
	}
}
