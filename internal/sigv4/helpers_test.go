package sigv4

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdkv4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
)

// signedAt is when the test clients sign; the server's clock stands there
// unless a case moves it.
var signedAt = time.Date(2026, 11, 27, 7, 9, 31, 0, time.UTC)

const (
	testAccessKeyID = "AKIDEXAMPLE"
	testSecret      = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	testAccount     = "111122223333"
)

// testCredentials holds the example key and the built-in one.
func testCredentials(t testing.TB) *Credentials {
	t.Helper()
	c, err := NewCredentials([]Credential{
		{AccessKeyID: testAccessKeyID, SecretAccessKey: testSecret, AccountID: testAccount},
		{AccessKeyID: BuiltinAccessKeyID, SecretAccessKey: BuiltinSecretAccessKey, AccountID: DefaultAccountID},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func testVerifier(t testing.TB, mode Mode, now time.Time) *Verifier {
	return NewVerifier(Config{Mode: mode, Credentials: testCredentials(t), Clock: clock.NewControllable(now)})
}

// clientRequest describes one ssm-contacts call as a client makes it.
type clientRequest struct {
	AccessKeyID, Secret, SessionToken string
	Region, Service                   string
	Target, Body                      string
	At                                time.Time
	Header                            http.Header // extra headers, set before signing
}

func listContactsRequest() clientRequest {
	return clientRequest{
		AccessKeyID: testAccessKeyID,
		Secret:      testSecret,
		Region:      "us-east-1",
		Service:     "ssm-contacts",
		Target:      "SSMContacts.ListContacts",
		Body:        `{"MaxResults":10}`,
		At:          signedAt,
	}
}

// signWithSDK builds the request the way aws-sdk-go-v2 sends an
// ssm-contacts call, signs it with the SDK's v4 signer and returns it as the
// server reads it off the wire.
func signWithSDK(t testing.TB, c clientRequest) (*http.Request, []byte) {
	t.Helper()
	req := newClientRequest(t, c)
	sum := sha256.Sum256([]byte(c.Body))
	creds := aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.Secret, SessionToken: c.SessionToken}
	if err := sdkv4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]),
		c.Service, c.Region, c.At); err != nil {
		t.Fatal(err)
	}
	return overTheWire(t, req)
}

// newClientRequest is c as aws-sdk-go-v2 sends it, before signing.
func newClientRequest(t testing.TB, c clientRequest) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "http://localhost:4750/", bytes.NewReader([]byte(c.Body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", c.Target)
	req.Header.Set("User-Agent", "aws-sdk-go-v2/1.48.0 ua/2.1 os/linux lang/go#1.26.8 api/ssmcontacts#1.32.2")
	req.Header.Set("Amz-Sdk-Invocation-Id", "31757a70-88b3-40b8-b636-de674f52f144")
	req.Header.Set("Amz-Sdk-Request", "attempt=1; max=3")
	for name, values := range c.Header {
		req.Header[name] = values
	}
	return req
}

// overTheWire serialises a client request and reads it back as net/http's
// server does: Host moves to r.Host, header names are canonical, repeated
// headers stay separate values.
func overTheWire(t testing.TB, req *http.Request) (*http.Request, []byte) {
	t.Helper()
	var wire bytes.Buffer
	if err := req.Write(&wire); err != nil {
		t.Fatal(err)
	}
	return readWireRequest(t, wire.Bytes())
}

func readWireRequest(t testing.TB, wire []byte) (*http.Request, []byte) {
	t.Helper()
	r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(wire)))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return r, body
}

func sha256Sum(b []byte) [32]byte { return sha256.Sum256(b) }
