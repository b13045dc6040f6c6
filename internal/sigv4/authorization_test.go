package sigv4

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseAuthorization(t *testing.T) {
	exampleScope := CredentialScope{AccessKeyID: "AKIDEXAMPLE", Date: "20261127", Region: "us-east-1",
		Service: "ssm-contacts", Terminator: "aws4_request"}
	const exampleSig = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
	tests := []struct {
		name    string
		header  string
		want    Authorization
		wantErr *Error
	}{
		{
			name: "as the SDKs write it",
			header: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/ssm-contacts/aws4_request, " +
				"SignedHeaders=content-type;host;x-amz-date, Signature=" + exampleSig,
			want: Authorization{Credential: exampleScope, SignedHeaders: "content-type;host;x-amz-date", Signature: exampleSig},
		},
		{
			name: "commas without spaces, parameters in any order",
			header: "AWS4-HMAC-SHA256 Signature=" + exampleSig + ",SignedHeaders=host," +
				"Credential=AKIDEXAMPLE/20261127/us-east-1/ssm-contacts/aws4_request",
			want: Authorization{Credential: exampleScope, SignedHeaders: "host", Signature: exampleSig},
		},
		{
			name: "unknown parameters are ignored",
			header: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/ssm-contacts/aws4_request, " +
				"Foo=bar, SignedHeaders=host, Signature=" + exampleSig,
			want: Authorization{Credential: exampleScope, SignedHeaders: "host", Signature: exampleSig},
		},
		{
			name:   "empty scope elements are kept for the scope check",
			header: "AWS4-HMAC-SHA256 Credential=////, SignedHeaders=, Signature=",
			want:   Authorization{},
		},
		{
			name:    "nothing after the algorithm",
			header:  "AWS4-HMAC-SHA256",
			wantErr: errIncomplete([]string{"Credential", "Signature", "SignedHeaders"}, false, "AWS4-HMAC-SHA256"),
		},
		{
			name:    "only a credential",
			header:  "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE",
			wantErr: errIncomplete([]string{"Signature", "SignedHeaders"}, false, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE"),
		},
		{
			name:    "bearer token",
			header:  "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x",
			wantErr: errIncomplete([]string{"Credential", "Signature", "SignedHeaders"}, false, "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x"),
		},
		{
			name:    "other AWS4 algorithm",
			header:  "AWS4-HMAC-SHA512 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00",
			wantErr: errUnsupportedAlgorithm("AWS4-HMAC-SHA512"),
		},
		{
			name:    "missing equal sign",
			header:  "AWS4-HMAC-SHA256 FooBar, BazBurp",
			wantErr: errMissingEqualSign("FooBar", "AWS4-HMAC-SHA256 FooBar, BazBurp"),
		},
		{
			name:    "credential with six elements",
			header:  "AWS4-HMAC-SHA256 Credential=a/b/c/d/e/f, SignedHeaders=host, Signature=00",
			wantErr: errCredentialElements("a/b/c/d/e/f"),
		},
		{
			name:    "duplicated Signature",
			header:  "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00, Signature=01",
			wantErr: errDuplicateParameter("Signature"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseAuthorization(tt.header)
			var gotErr *Error
			if err != nil {
				gotErr = err.(*Error)
			}
			if diff := cmp.Diff(tt.wantErr, gotErr); diff != "" {
				t.Fatalf("error mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseAuthorization mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzParseAuthorization checks that the parser never panics, fails only
// with IncompleteSignature errors, and reads back what it accepts.
func FuzzParseAuthorization(f *testing.F) {
	f.Add("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/ssm-contacts/aws4_request, " +
		"SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
	f.Add("AWS4-HMAC-SHA256 Credential=a=b/c/d/e/f,SignedHeaders=,Signature==")
	f.Add("AWS AKIDEXAMPLE:qaNdqGsI6bq4Hi+9Gzovwyjbh0E=")
	f.Fuzz(func(t *testing.T, header string) {
		a, err := ParseAuthorization(header)
		if err != nil {
			if e, ok := err.(*Error); !ok || e.Kind != KindIncompleteSignature {
				t.Fatalf("ParseAuthorization(%q) error = %#v, want an IncompleteSignature *Error", header, err)
			}
			return
		}
		again, err := ParseAuthorization(a.String())
		if err != nil {
			t.Fatalf("ParseAuthorization(%q) failed on its own output %q: %v", header, a.String(), err)
		}
		if diff := cmp.Diff(a, again); diff != "" {
			t.Fatalf("round trip of %q through %q changed it (-first +second):\n%s", header, a.String(), diff)
		}
	})
}
