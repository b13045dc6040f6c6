package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
)

const listContacts = "SSMContacts.ListContacts"

// TestSignatureFailures: every way a signature can be wrong, over raw
// HTTP, is a 400 with its own error code and a request id, and changes
// nothing.
func TestSignatureFailures(t *testing.T) {
	s := start(t, options{})
	create := `{"Alias":"forged","Type":"PERSONAL","Plan":{}}`
	tests := []struct {
		name        string
		req         rawRequest
		wantType    string
		wantMessage string // prefix
	}{
		{"no Authorization header", rawRequest{target: listContacts, body: `{}`},
			"MissingAuthenticationTokenException", "Missing Authentication Token"},
		{"Authorization without its parameters", rawRequest{target: listContacts, body: `{}`,
			header: map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=test/20260105/us-east-2/ssm-contacts/aws4_request"}},
			"IncompleteSignatureException", "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."},
		{"a SigV2 header", rawRequest{target: listContacts, body: `{}`, header: map[string]string{"Authorization": "AWS test:qaNdqGsI6bq4Hi+9Gzovwyjbh0E="}},
			"IncompleteSignatureException", "Authorization header requires 'Credential' parameter."},
		{"a pair without '='", rawRequest{target: listContacts, body: `{}`,
			header: map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential, SignedHeaders=host, Signature=00"}},
			"IncompleteSignatureException", "'Credential' not a valid key=value pair (missing equal-sign) in Authorization header"},
		{"unknown access key", rawRequest{target: "SSMContacts.CreateContact", body: create, sign: true, key: "AKIDUNKNOWN", secret: "x"},
			"UnrecognizedClientException", "The security token included in the request is invalid."},
		{"wrong secret", rawRequest{target: "SSMContacts.CreateContact", body: create, sign: true, key: "test", secret: "not-test"},
			"InvalidSignatureException", "The request signature we calculated does not match the signature you provided."},
		{"target changed after signing", rawRequest{target: listContacts, body: `{}`, sign: true,
			header: map[string]string{"X-Amz-Target": "SSMContacts.CreateContact"}},
			"InvalidSignatureException", "The request signature we calculated does not match the signature you provided."},
		{"signed 20 minutes ago", rawRequest{target: "SSMContacts.CreateContact", body: create, sign: true, signedAt: time.Now().Add(-20 * time.Minute)},
			"InvalidSignatureException", "Signature expired: "},
		{"signed 20 minutes ahead", rawRequest{target: "SSMContacts.CreateContact", body: create, sign: true, signedAt: time.Now().Add(20 * time.Minute)},
			"InvalidSignatureException", "Signature not yet current: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := s.do(t, tc.req)
			if r.status != 400 {
				t.Errorf("status = %d, want 400", r.status)
			}
			if !requestIDPattern.MatchString(r.header.Get("X-Amzn-Requestid")) {
				t.Errorf("x-amzn-RequestId = %q", r.header.Get("X-Amzn-Requestid"))
			}
			e := r.errorDoc(t)
			if e.Type != tc.wantType || !strings.HasPrefix(e.Message, tc.wantMessage) {
				t.Errorf("got %s %q, want %s %q…", e.Type, e.Message, tc.wantType, tc.wantMessage)
			}
		})
	}
	list, err := s.client(account).ListContacts(ctx(t), &ssmcontacts.ListContactsInput{})
	if err != nil || len(list.Contacts) != 0 {
		t.Fatalf("after refused requests: ListContacts = %v, %v; want no contacts", list, err)
	}
}

// TestUnsignedHeadersRefused: a captured request whose signature covers
// only Host cannot be replayed as another operation; nor can one that
// leaves its date out. Each answer names the header left unsigned.
func TestUnsignedHeadersRefused(t *testing.T) {
	s := start(t, options{})
	arn := newContact(t, s.client(account), personal("akuam"))
	get := `{"ContactId":"` + arn + `"}`
	tests := []struct {
		name string
		req  rawRequest
		want string
	}{
		{"GetContact signed over host only, replayed as DeleteContact", rawRequest{target: "SSMContacts.GetContact", body: get,
			sign: true, signedHeaders: "host", header: map[string]string{"X-Amz-Target": "SSMContacts.DeleteContact"}},
			"'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization."},
		{"X-Amz-Date not signed", rawRequest{target: "SSMContacts.DeleteContact", body: get,
			sign: true, signedHeaders: "content-type;host;x-amz-target"},
			"'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := s.do(t, tc.req)
			if e := r.errorDoc(t); r.status != 400 || e.Type != "InvalidSignatureException" || e.Message != tc.want {
				t.Errorf("got %d %s %q, want 400 InvalidSignatureException %q", r.status, e.Type, e.Message, tc.want)
			}
		})
	}
	if _, err := s.client(account).GetContact(ctx(t), &ssmcontacts.GetContactInput{ContactId: aws.String(arn)}); err != nil {
		t.Fatalf("the contact is gone after the refused requests: %v", err)
	}
}

// TestExpiredSignatureMessage pins AWS's wording of a skewed clock.
func TestExpiredSignatureMessage(t *testing.T) {
	s := start(t, options{})
	signedAt := time.Now().UTC().Add(-20 * time.Minute).Truncate(time.Second)
	r := s.do(t, rawRequest{target: listContacts, body: `{}`, sign: true, signedAt: signedAt})
	e := r.errorDoc(t)
	// "Signature expired: 20260105T084000Z is now earlier than 20260105T084500Z (20260105T090000Z - 15 min.)"
	prefix := "Signature expired: " + signedAt.Format("20060102T150405Z") + " is now earlier than "
	if e.Type != "InvalidSignatureException" || !strings.HasPrefix(e.Message, prefix) || !strings.HasSuffix(e.Message, " - 15 min.)") {
		t.Fatalf("got %s %q, want InvalidSignatureException %q… - 15 min.)", e.Type, e.Message, prefix)
	}
}

// TestAuthOff: --auth=off accepts any well-formed signature without
// checking it; a 12-digit access key is the account. Unsigned and
// malformed requests are still refused.
func TestAuthOff(t *testing.T) {
	s := start(t, options{extra: []string{"--auth=off"}})
	if !strings.Contains(s.logs.String(), "--auth=off") {
		t.Errorf("no start-up warning about --auth=off in the log:\n%s", s.logs)
	}
	tests := []struct {
		name, key, secret string
		signedAt          time.Time
		wantAccount       string
	}{
		{"12-digit key is the account", "123456789012", "anything", time.Now(), "123456789012"},
		{"known key, wrong secret", "test", "wrong", time.Now(), account},
		{"any other key is the default account", "AKIDWHOEVER", "x", time.Now(), account},
		{"the clock is not checked", "210987654321", "x", time.Now().Add(-2 * time.Hour), "210987654321"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			alias := "c" + string(rune('a'+i))
			r := s.do(t, rawRequest{target: "SSMContacts.CreateContact", sign: true, key: tc.key, secret: tc.secret, signedAt: tc.signedAt,
				body: `{"Alias":"` + alias + `","Type":"PERSONAL","Plan":{}}`})
			if want := `{"ContactArn":"` + contactARN(tc.wantAccount, alias) + `"}`; r.status != 200 || string(r.body) != want {
				t.Fatalf("got %d %s, want 200 %s", r.status, r.body, want)
			}
		})
	}
	if r := s.do(t, rawRequest{target: listContacts, body: `{}`}); r.errorDoc(t).Type != "MissingAuthenticationTokenException" {
		t.Errorf("unsigned request: %d %s", r.status, r.body)
	}
	if r := s.do(t, rawRequest{target: listContacts, body: `{}`, header: map[string]string{"Authorization": "AWS4-HMAC-SHA256 Signature=00"}}); r.errorDoc(t).Type != "IncompleteSignatureException" {
		t.Errorf("malformed Authorization: %d %s", r.status, r.body)
	}
}

// TestAuthOffHonoursCredentialsFile: with --auth=off and --credentials, a
// key listed in the file acts in its listed account whatever its secret,
// even a 12-digit one; other keys work as without the file.
func TestAuthOffHonoursCredentialsFile(t *testing.T) {
	s := start(t, options{extra: []string{"--auth=off"}, credentials: `{"credentials": [
		{"accessKeyId": "AKIDCI", "secretAccessKey": "ci-secret", "accountId": "444455556666"},
		{"accessKeyId": "123456789012", "secretAccessKey": "s", "accountId": "555566667777"}
	]}`})
	tests := []struct {
		name, key, wantAccount string
	}{
		{"listed key, wrong secret", "AKIDCI", "444455556666"},
		{"listed 12-digit key", "123456789012", "555566667777"},
		{"unlisted 12-digit key is the account", "210987654321", "210987654321"},
		{"unlisted key is the default account", "AKIDWHOEVER", account},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			alias := "c" + string(rune('a'+i))
			r := s.do(t, rawRequest{target: "SSMContacts.CreateContact", sign: true, key: tc.key, secret: "wrong",
				body: `{"Alias":"` + alias + `","Type":"PERSONAL","Plan":{}}`})
			if want := `{"ContactArn":"` + contactARN(tc.wantAccount, alias) + `"}`; r.status != 200 || string(r.body) != want {
				t.Fatalf("got %d %s, want 200 %s", r.status, r.body, want)
			}
		})
	}
}

// TestCredentialsFileReplacesBuiltinKey: with --credentials, only the
// file's keys work, each in its account.
func TestCredentialsFileReplacesBuiltinKey(t *testing.T) {
	s := start(t, options{credentials: `{"credentials": [
		{"accessKeyId": "AKIDCI", "secretAccessKey": "ci-secret", "accountId": "444455556666", "description": "CI pipeline"}
	]}`})
	_, err := s.client(account).ListContacts(ctx(t), &ssmcontacts.ListContactsInput{})
	expectErrorCode(t, err, "UnrecognizedClientException")
	out, err := s.clientWith("AKIDCI", "ci-secret", region).CreateContact(ctx(t), personal("ci"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := aws.ToString(out.ContactArn), contactARN("444455556666", "ci"); got != want {
		t.Fatalf("ContactArn = %s, want %s", got, want)
	}
	_, err = s.clientWith("AKIDCI", "wrong", region).ListContacts(ctx(t), &ssmcontacts.ListContactsInput{})
	expectErrorCode(t, err, "InvalidSignatureException")
}

// TestBuiltinKey: without --credentials, test/test is account
// 000000000000 and nothing else is known.
func TestBuiltinKey(t *testing.T) {
	s := start(t, options{builtinCredentials: true})
	if got := newContact(t, s.client(account), personal("akuam")); got != contactARN(account, "akuam") {
		t.Fatalf("ContactArn = %s", got)
	}
	_, err := s.client(account2).ListContacts(ctx(t), &ssmcontacts.ListContactsInput{})
	expectErrorCode(t, err, "UnrecognizedClientException")
}

// TestBadCredentialsFile: a credentials file with a mistake stops the
// server at start-up with a message that names it.
func TestBadCredentialsFile(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"misspelt field", `{"credentials":[{"accesKeyId":"k","secretAccessKey":"s","accountId":"000000000000"}]}`, `unknown field "accesKeyId"`},
		{"short account", `{"credentials":[{"accessKeyId":"k","secretAccessKey":"s","accountId":"123"}]}`, `accountId "123" is not 12 digits`},
		{"no credentials", `{"credentials":[]}`, "at least one is required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "credentials.json")
			if err := os.WriteFile(path, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.CommandContext(ctx(t), binary, "serve", "--addr", "127.0.0.1:0", "--db", ":memory:", "--credentials", path)
			out, err := cmd.CombinedOutput()
			if code := cmd.ProcessState.ExitCode(); err == nil || code == 0 || !strings.Contains(string(out), tc.want) {
				t.Fatalf("exit %d, output:\n%s\nwant a non-zero exit and %q", code, out, tc.want)
			}
		})
	}
}
