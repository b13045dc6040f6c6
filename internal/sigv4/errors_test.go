package sigv4

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestKinds(t *testing.T) {
	var got []string
	for _, k := range Kinds() {
		got = append(got, k.String())
	}
	want := []string{"MissingAuthenticationToken", "IncompleteSignature", "UnrecognizedClient", "InvalidSignature",
		"SignatureExpired"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Kinds() names mismatch (-want +got):\n%s", diff)
	}
	if got := Kind(0).String(); got != "Kind(0)" {
		t.Errorf("Kind(0).String() = %q, want %q", got, "Kind(0)")
	}
}

func TestErrorIsReachable(t *testing.T) {
	var err error = errUnrecognized()
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindUnrecognizedClient {
		t.Fatalf("errors.As(%v) did not find an UnrecognizedClient *Error", err)
	}
	if got, want := err.Error(), "UnrecognizedClient: The security token included in the request is invalid."; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
