package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdkv4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/aws/smithy-go"
	smithycreds "github.com/aws/smithy-go/aws-http-auth/credentials"
	smithysigv4 "github.com/aws/smithy-go/aws-http-auth/sigv4"
	smithyv4 "github.com/aws/smithy-go/aws-http-auth/v4"
)

// clientIn is s.client(acct) talking to another region.
func (s *server) clientIn(acct, reg string) *ssmcontacts.Client {
	key, secret := "test", "test"
	if acct == account2 {
		key, secret = "other", "other-secret"
	}
	return s.clientWith(key, secret, reg)
}

// clientWith is an SDK client signing with any key.
func (s *server) clientWith(key, secret, reg string) *ssmcontacts.Client {
	return ssmcontacts.New(ssmcontacts.Options{
		Region:           reg,
		BaseEndpoint:     aws.String(s.URL),
		Credentials:      credentials.NewStaticCredentialsProvider(key, secret, ""),
		RetryMaxAttempts: 1,
	})
}

// newContact creates a contact that must be created and returns its ARN.
func newContact(t *testing.T, c *ssmcontacts.Client, in *ssmcontacts.CreateContactInput) string {
	t.Helper()
	if in.Plan == nil {
		in.Plan = &types.Plan{Stages: []types.Stage{}}
	}
	out, err := c.CreateContact(ctx(t), in)
	if err != nil {
		t.Fatalf("CreateContact %s: %v", aws.ToString(in.Alias), err)
	}
	return aws.ToString(out.ContactArn)
}

// personal is the input of a PERSONAL contact with an empty plan.
func personal(alias string) *ssmcontacts.CreateContactInput {
	return &ssmcontacts.CreateContactInput{Alias: aws.String(alias), Type: types.ContactTypePersonal, Plan: &types.Plan{Stages: []types.Stage{}}}
}

// expectAPIError asserts that err is the SDK's typed error E and returns
// it.
func expectAPIError[E error](t *testing.T, err error) E {
	t.Helper()
	var typed E
	if !errors.As(err, &typed) {
		t.Fatalf("err = %v (%T), want %T", err, err, typed)
	}
	return typed
}

// expectErrorCode asserts that err is an API error with the given code,
// for codes the SDK has no type for (protocol-level errors).
func expectErrorCode(t *testing.T, err error, code string) smithy.APIError {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code {
		t.Fatalf("err = %v, want API error %s", err, code)
	}
	return ae
}

// rawRequest is one protocol request built by hand.
type rawRequest struct {
	method, path string // default POST /
	target       string // X-Amz-Target; "" sends none
	body         string
	header       map[string]string // set after signing
	// sign signs the request with key/secret at signedAt (default now).
	sign        bool
	key, secret string
	region      string
	signedAt    time.Time
	// signedHeaders, when set, is the SignedHeaders list to sign over
	// instead of the SDK's, as a hand-made client would.
	signedHeaders string
}

// rawResponse is what came back.
type rawResponse struct {
	status int
	header http.Header
	body   []byte
}

// errorDoc is an AWS JSON error document with every member this
// service's errors model.
type errorDoc struct {
	Type         string `json:"__type"`
	Message      string
	ResourceId   string
	ResourceType string
	Reason       string
	Fields       []struct{ Name, Message string }
	QuotaCode    string
	ServiceCode  string
}

// do sends r to the server.
func (s *server) do(t *testing.T, r rawRequest) rawResponse {
	t.Helper()
	if r.method == "" {
		r.method = http.MethodPost
	}
	if r.path == "" {
		r.path = "/"
	}
	req, err := http.NewRequestWithContext(ctx(t), r.method, s.URL+r.path, strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	if r.target != "" {
		req.Header.Set("X-Amz-Target", r.target)
	}
	if r.sign {
		signRaw(t, req, r)
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rawResponse{status: resp.StatusCode, header: resp.Header, body: body}
}

// signRaw signs req with the SDK's SigV4 signer.
func signRaw(t *testing.T, req *http.Request, r rawRequest) {
	t.Helper()
	key, secret, reg, at := r.key, r.secret, r.region, r.signedAt
	if key == "" {
		key, secret = "test", "test"
	}
	if reg == "" {
		reg = region
	}
	if at.IsZero() {
		at = time.Now()
	}
	sum := sha256.Sum256([]byte(r.body))
	if r.signedHeaders != "" {
		signOver(t, req, sum[:], key, secret, reg, at, r.signedHeaders)
		return
	}
	creds := aws.Credentials{AccessKeyID: key, SecretAccessKey: secret}
	if err := sdkv4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "ssm-contacts", reg, at); err != nil {
		t.Fatal(err)
	}
}

// signOver signs req over exactly the headers in list with smithy-go's
// signer, which unlike the SDK's lets the caller choose them.
func signOver(t *testing.T, req *http.Request, payloadHash []byte, key, secret, reg string, at time.Time, list string) {
	t.Helper()
	err := smithysigv4.New().SignRequest(&smithysigv4.SignRequestInput{
		Request:     req,
		PayloadHash: payloadHash,
		Credentials: smithycreds.Credentials{AccessKeyID: key, SecretAccessKey: secret},
		Service:     "ssm-contacts",
		Region:      reg,
		Time:        at,
	}, func(o *smithyv4.SignerOptions) { o.HeaderRules = headerList(list) })
	if err != nil {
		t.Fatal(err)
	}
}

// headerList is a SignedHeaders list as the signer's header rules.
type headerList string

func (l headerList) IsSigned(name string) bool {
	return slices.Contains(strings.Split(string(l), ";"), name)
}

// errorDoc decodes an error response strictly: members no error of this
// service has fail the test. It also checks the envelope every error
// carries.
func (r rawResponse) errorDoc(t *testing.T) errorDoc {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.DisallowUnknownFields()
	var e errorDoc
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("%d: error body %q: %v", r.status, r.body, err)
	}
	if h := r.header.Get("X-Amzn-Errortype"); h != e.Type {
		t.Errorf("x-amzn-ErrorType %q differs from __type %q", h, e.Type)
	}
	return e
}
