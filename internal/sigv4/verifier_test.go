package sigv4

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
)

type verifyResult struct {
	Identity Identity
	Err      *Error
}

func verify(v *Verifier, r *http.Request, body []byte) verifyResult {
	id, err := v.Verify(r, body)
	if err == nil {
		return verifyResult{Identity: id}
	}
	e, ok := err.(*Error)
	if !ok {
		return verifyResult{Err: &Error{Message: "not an *Error: " + err.Error()}}
	}
	return verifyResult{Identity: id, Err: e}
}

func verified(account, region string) verifyResult { return accepted(testAccessKeyID, account, region) }

func accepted(accessKeyID, account, region string) verifyResult {
	return verifyResult{Identity: Identity{AccessKeyID: accessKeyID, Account: account, Region: region}}
}

func fails(k Kind, msg string) verifyResult { return verifyResult{Err: &Error{Kind: k, Message: msg}} }

// editAuthorization rewrites the parsed Authorization header of r.
func editAuthorization(edit func(*Authorization)) func(*http.Request, *[]byte) {
	return func(r *http.Request, _ *[]byte) {
		a, err := ParseAuthorization(r.Header.Get("Authorization"))
		if err != nil {
			panic(err)
		}
		edit(&a)
		r.Header.Set("Authorization", a.String())
	}
}

func setHeader(name, value string) func(*http.Request, *[]byte) {
	return func(r *http.Request, _ *[]byte) { r.Header.Set(name, value) }
}

func TestVerify(t *testing.T) {
	const sdkHeader = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/ssm-contacts/aws4_request, " +
		"SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-date;x-amz-target"
	tests := []struct {
		name   string
		client func(*clientRequest)         // changes before signing
		tamper func(*http.Request, *[]byte) // changes after signing
		mode   Mode
		now    time.Time // zero: signedAt
		want   verifyResult
	}{
		{name: "signed by the SDK", want: verified(testAccount, "us-east-1")},
		{
			name:   "other region",
			client: func(c *clientRequest) { c.Region = "eu-west-1" },
			want:   verified(testAccount, "eu-west-1"),
		},
		{
			name: "built-in key",
			client: func(c *clientRequest) {
				c.AccessKeyID, c.Secret = BuiltinAccessKeyID, BuiltinSecretAccessKey
			},
			want: verifyResult{Identity: Identity{AccessKeyID: "test", Account: DefaultAccountID, Region: "us-east-1"}},
		},
		{
			name:   "session token is signed and reported",
			client: func(c *clientRequest) { c.SessionToken = "FwoGZXIvYXdzEXAMPLETOKEN" },
			want: verifyResult{Identity: Identity{AccessKeyID: testAccessKeyID, Account: testAccount,
				Region: "us-east-1", SessionToken: "FwoGZXIvYXdzEXAMPLETOKEN"}},
		},
		{
			name:   "session token added after signing",
			tamper: setHeader("X-Amz-Security-Token", "added-later"),
			want:   fails(KindInvalidSignature, "'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization."),
		},
		{
			name:   "odd spacing inside a signed header",
			client: func(c *clientRequest) { c.Header = http.Header{"X-Custom": {"a    b  c"}} },
			want:   verified(testAccount, "us-east-1"),
		},
		{
			name:   "signed header with several values",
			client: func(c *clientRequest) { c.Header = http.Header{"X-Custom": {"first", " second  value "}} },
			want:   verified(testAccount, "us-east-1"),
		},
		{
			name:   "empty body",
			client: func(c *clientRequest) { c.Body = "" },
			want:   verified(testAccount, "us-east-1"),
		},
		{
			name: "matching X-Amz-Content-Sha256",
			client: func(c *clientRequest) {
				c.Header = http.Header{"X-Amz-Content-Sha256": {sha256Hex(`{"MaxResults":10}`)}}
			},
			want: verified(testAccount, "us-east-1"),
		},
		{
			name:   "unsigned header changed",
			tamper: setHeader("User-Agent", "something else"),
			want:   verified(testAccount, "us-east-1"),
		},
		{
			name:   "skew of exactly 15 minutes, client behind",
			client: func(c *clientRequest) { c.At = signedAt.Add(-15 * time.Minute) },
			want:   verified(testAccount, "us-east-1"),
		},
		{
			name:   "skew of exactly 15 minutes, client ahead",
			client: func(c *clientRequest) { c.At = signedAt.Add(15 * time.Minute) },
			now:    signedAt.Add(999 * time.Millisecond), // truncated to the second
			want:   verified(testAccount, "us-east-1"),
		},

		// Signature mismatches.
		{
			name:   "body changed",
			tamper: func(_ *http.Request, body *[]byte) { *body = []byte(`{"MaxResults":11}`) },
			want:   fails(KindInvalidSignature, msgSignatureMismatch),
		},
		{
			name:   "signed header changed",
			tamper: setHeader("X-Amz-Target", "SSMContacts.DeleteContact"),
			want:   fails(KindInvalidSignature, msgSignatureMismatch),
		},
		{
			name:   "signed header removed",
			tamper: func(r *http.Request, _ *[]byte) { r.Header.Del("Amz-Sdk-Request") },
			want:   fails(KindInvalidSignature, msgSignatureMismatch),
		},
		{
			name:   "host changed",
			tamper: func(r *http.Request, _ *[]byte) { r.Host = "localhost:4751" },
			want:   fails(KindInvalidSignature, msgSignatureMismatch),
		},
		{
			name:   "path changed",
			tamper: func(r *http.Request, _ *[]byte) { r.URL.Path = "/x" },
			want:   fails(KindInvalidSignature, msgSignatureMismatch),
		},
		{
			name:   "signed session token changed",
			client: func(c *clientRequest) { c.SessionToken = "token" },
			tamper: setHeader("X-Amz-Security-Token", "other-token"),
			want:   fails(KindInvalidSignature, msgSignatureMismatch),
		},
		{
			name:   "wrong secret",
			client: func(c *clientRequest) { c.Secret = "not-the-secret" },
			want:   fails(KindInvalidSignature, msgSignatureMismatch),
		},
		{
			name: "signed headers out of order",
			tamper: editAuthorization(func(a *Authorization) {
				a.SignedHeaders = "x-amz-target;" + strings.TrimSuffix(a.SignedHeaders, ";x-amz-target")
			}),
			want: fails(KindInvalidSignature, msgSignatureMismatch),
		},
		{
			name:   "signed header listed twice",
			tamper: editAuthorization(func(a *Authorization) { a.SignedHeaders = strings.Replace(a.SignedHeaders, "host", "host;host", 1) }),
			want:   fails(KindInvalidSignature, msgSignatureMismatch),
		},
		{
			name: "signed header in upper case",
			tamper: editAuthorization(func(a *Authorization) {
				a.SignedHeaders = strings.Replace(a.SignedHeaders, "x-amz-target", "X-Amz-Target", 1)
			}),
			want: fails(KindInvalidSignature, msgSignatureMismatch),
		},
		{
			name: "signature in upper case",
			tamper: editAuthorization(func(a *Authorization) {
				a.Signature = strings.ToUpper(a.Signature)
			}),
			want: fails(KindInvalidSignature, msgSignatureMismatch),
		},
		{
			name:   "signature not hex",
			tamper: editAuthorization(func(a *Authorization) { a.Signature = "garbage" }),
			want:   fails(KindInvalidSignature, msgSignatureMismatch),
		},
		{
			name:   "X-Amz-Content-Sha256 of another body",
			client: func(c *clientRequest) { c.Header = http.Header{"X-Amz-Content-Sha256": {sha256Hex("{}")}} },
			want:   fails(KindInvalidSignature, msgContentSHAMismatch),
		},
		{
			name:   "X-Amz-Content-Sha256 unsigned payload",
			client: func(c *clientRequest) { c.Header = http.Header{"X-Amz-Content-Sha256": {"UNSIGNED-PAYLOAD"}} },
			want:   fails(KindInvalidSignature, msgContentSHAMismatch),
		},
		{
			name:   "host not signed",
			tamper: editAuthorization(func(a *Authorization) { a.SignedHeaders = "content-type;x-amz-date" }),
			want:   fails(KindInvalidSignature, msgHostNotSigned),
		},

		// Credential scope.
		{
			name:   "wrong service",
			client: func(c *clientRequest) { c.Service = "ssm" },
			want:   fails(KindInvalidSignature, "Credential should be scoped to correct service: 'ssm-contacts'. "),
		},
		{
			name:   "wrong scope date",
			tamper: editAuthorization(func(a *Authorization) { a.Credential.Date = "20261126" }),
			want: fails(KindInvalidSignature, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version "+
				"of date from HTTP: '20261126' != '20261127', from '20261127T070931Z'. "),
		},
		{
			name: "everything wrong in the scope",
			tamper: editAuthorization(func(a *Authorization) {
				a.Credential = CredentialScope{AccessKeyID: testAccessKeyID, Date: "foobar", Region: "US_EAST",
					Service: "s3", Terminator: "aws5_request"}
			}),
			want: fails(KindInvalidSignature, "Credential should be scoped to a valid region, not 'US_EAST'. "+
				"Credential should be scoped to correct service: 'ssm-contacts'. "+
				"Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. "+
				"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "+
				"'foobar' != '20261127', from '20261127T070931Z'. "),
		},

		// Access key.
		{
			name:   "unknown access key",
			client: func(c *clientRequest) { c.AccessKeyID = "AKIAUNKNOWN" },
			want:   fails(KindUnrecognizedClient, msgUnrecognized),
		},

		// Clock skew.
		{
			name:   "client 16 minutes behind",
			client: func(c *clientRequest) { c.At = signedAt.Add(-16 * time.Minute) },
			want: fails(KindSignatureExpired,
				"Signature expired: 20261127T065331Z is now earlier than 20261127T065431Z (20261127T070931Z - 15 min.)"),
		},
		{
			name:   "client 16 minutes ahead",
			client: func(c *clientRequest) { c.At = signedAt.Add(16 * time.Minute) },
			want: fails(KindSignatureExpired,
				"Signature not yet current: 20261127T072531Z is still later than 20261127T072431Z (20261127T070931Z + 15 min.)"),
		},
		{
			name: "request replayed a day later",
			now:  signedAt.Add(24 * time.Hour),
			want: fails(KindSignatureExpired,
				"Signature expired: 20261127T070931Z is now earlier than 20261128T065431Z (20261128T070931Z - 15 min.)"),
		},

		// Malformed or missing parts.
		{
			name:   "unsigned request",
			tamper: func(r *http.Request, _ *[]byte) { r.Header.Del("Authorization") },
			want:   fails(KindMissingAuthenticationToken, "Missing Authentication Token"),
		},
		{
			name:   "empty Authorization",
			tamper: setHeader("Authorization", ""),
			want:   fails(KindMissingAuthenticationToken, "Missing Authentication Token"),
		},
		{
			name:   "Authorization repeated",
			tamper: func(r *http.Request, _ *[]byte) { r.Header.Add("Authorization", r.Header.Get("Authorization")) },
			want:   fails(KindIncompleteSignature, msgRepeatedHeader),
		},
		{
			name:   "missing Signature",
			tamper: setHeader("Authorization", sdkHeader),
			want: fails(KindIncompleteSignature,
				"Authorization header requires 'Signature' parameter. Authorization="+sdkHeader),
		},
		{
			name:   "missing Signature and date",
			tamper: func(r *http.Request, _ *[]byte) { r.Header.Set("Authorization", sdkHeader); r.Header.Del("X-Amz-Date") },
			want: fails(KindIncompleteSignature, "Authorization header requires 'Signature' parameter. "+
				"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization="+sdkHeader),
		},
		{
			name:   "SigV2 header",
			tamper: setHeader("Authorization", "AWS AKIDEXAMPLE:qaNdqGsI6bq4Hi+9Gzovwyjbh0E="),
			want: fails(KindIncompleteSignature, "Authorization header requires 'Credential' parameter. "+
				"Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "+
				"Authorization=AWS AKIDEXAMPLE:qaNdqGsI6bq4Hi+9Gzovwyjbh0E="),
		},
		{
			name:   "garbage",
			tamper: setHeader("Authorization", "\x00\xff garbage"),
			want: fails(KindIncompleteSignature, "Authorization header requires 'Credential' parameter. "+
				"Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "+
				"Authorization=\x00\xff garbage"),
		},
		{
			name:   "unsupported algorithm",
			tamper: setHeader("Authorization", "AWS4-ECDSA-P256-SHA256 Credential=x"),
			want:   fails(KindIncompleteSignature, "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256'."),
		},
		{
			name: "space inside the credential",
			tamper: setHeader("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE /20261127/us-east-1/ssm-contacts/aws4_request, "+
				"SignedHeaders=host;x-amz-date, Signature=00"),
			want: fails(KindIncompleteSignature, "'/20261127/us-east-1/ssm-contacts/aws4_request' not a valid key=value pair "+
				"(missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE /20261127/us-east-1/"+
				"ssm-contacts/aws4_request, SignedHeaders=host;x-amz-date, Signature=00'."),
		},
		{
			name: "credential with four elements",
			tamper: func(r *http.Request, _ *[]byte) {
				r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/aws4_request", "", 1))
			},
			want: fails(KindIncompleteSignature, "Credential must have exactly 5 slash-delimited elements, "+
				"e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20261127/us-east-1/ssm-contacts'"),
		},
		{
			name: "duplicated parameter",
			tamper: func(r *http.Request, _ *[]byte) {
				r.Header.Set("Authorization", r.Header.Get("Authorization")+", SignedHeaders=host")
			},
			want: fails(KindIncompleteSignature, "Authorization header has a duplicate 'SignedHeaders' parameter."),
		},
		{
			name:   "date not in basic format",
			tamper: setHeader("X-Amz-Date", "2026-11-27T07:09:31Z"),
			want: fails(KindIncompleteSignature,
				"Date must be in ISO-8601 'basic format'. Got '2026-11-27T07:09:31Z'. See http://en.wikipedia.org/wiki/ISO_8601"),
		},

		// --auth=off.
		{
			name:   "off: configured key with a wrong secret acts in its account",
			mode:   ModeOff,
			client: func(c *clientRequest) { c.Secret = "anything" },
			want:   accepted(testAccessKeyID, testAccount, "us-east-1"),
		},
		{
			name:   "off: unknown access key",
			mode:   ModeOff,
			client: func(c *clientRequest) { c.AccessKeyID = "AKIAUNKNOWN" },
			want:   accepted("AKIAUNKNOWN", DefaultAccountID, "us-east-1"),
		},
		{
			name:   "off: unknown access key that is an account ID",
			mode:   ModeOff,
			client: func(c *clientRequest) { c.AccessKeyID, c.Region = "444455556666", "ap-south-1" },
			want:   accepted("444455556666", "444455556666", "ap-south-1"),
		},
		{
			name:   "off: skewed clock",
			mode:   ModeOff,
			client: func(c *clientRequest) { c.At = signedAt.Add(-48 * time.Hour) },
			want:   accepted(testAccessKeyID, testAccount, "us-east-1"),
		},
		{
			name:   "off: body changed",
			mode:   ModeOff,
			tamper: func(_ *http.Request, body *[]byte) { *body = []byte("{}") },
			want:   accepted(testAccessKeyID, testAccount, "us-east-1"),
		},
		{
			name:   "off: unsigned request",
			mode:   ModeOff,
			tamper: func(r *http.Request, _ *[]byte) { r.Header.Del("Authorization") },
			want:   fails(KindMissingAuthenticationToken, "Missing Authentication Token"),
		},
		{
			name:   "off: missing Signature",
			mode:   ModeOff,
			tamper: setHeader("Authorization", sdkHeader),
			want: fails(KindIncompleteSignature,
				"Authorization header requires 'Signature' parameter. Authorization="+sdkHeader),
		},
		{
			name:   "off: wrong service",
			mode:   ModeOff,
			client: func(c *clientRequest) { c.Service = "ssm" },
			want:   fails(KindInvalidSignature, "Credential should be scoped to correct service: 'ssm-contacts'. "),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := listContactsRequest()
			if tt.client != nil {
				tt.client(&c)
			}
			r, body := signWithSDK(t, c)
			if tt.tamper != nil {
				tt.tamper(r, &body)
			}
			now := tt.now
			if now.IsZero() {
				now = signedAt
			}
			got := verify(testVerifier(t, tt.mode, now), r, body)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Verify mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestVerifyOffListedKeyThatLooksLikeAnAccount: under --auth=off a key
// from the credentials set acts in its listed account even when the key
// itself is 12 digits, which would otherwise be taken as the account.
func TestVerifyOffListedKeyThatLooksLikeAnAccount(t *testing.T) {
	creds, err := NewCredentials([]Credential{{AccessKeyID: "123456789012", SecretAccessKey: "s", AccountID: "444455556666"}})
	if err != nil {
		t.Fatal(err)
	}
	v := NewVerifier(Config{Mode: ModeOff, Credentials: creds, Clock: clock.NewControllable(signedAt)})
	c := listContactsRequest()
	c.AccessKeyID, c.Secret = "123456789012", "not-s"
	r, body := signWithSDK(t, c)
	if diff := cmp.Diff(accepted("123456789012", "444455556666", "us-east-1"), verify(v, r, body)); diff != "" {
		t.Errorf("Verify mismatch (-want +got):\n%s", diff)
	}
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
