package sigv4

import (
	"bytes"
	"crypto/sha256"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/smithy-go/aws-http-auth/credentials"
	"github.com/aws/smithy-go/aws-http-auth/sigv4"
	v4 "github.com/aws/smithy-go/aws-http-auth/v4"
)

// TestSignersAgree: where the SDK's signer is tried first, it computes the
// same signature as the smithy-go reference, on requests signed by
// aws-sdk-go-v2 and by botocore.
func TestSignersAgree(t *testing.T) {
	type signed struct {
		name string
		load func(t *testing.T) (*http.Request, []byte, string) // request, body, secret
	}
	var cases []signed
	for _, c := range []clientRequest{listContactsRequest(), benchRequest(t)} {
		cases = append(cases, signed{"sdk " + c.Target, func(t *testing.T) (*http.Request, []byte, string) {
			r, body := signWithSDK(t, c)
			return r, body, c.Secret
		}})
	}
	creds, err := LoadCredentialsFile(filepath.Join("testdata", "botocore", "credentials.json"))
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join("testdata", "botocore", "*.http"))
	if err != nil || len(files) == 0 {
		t.Fatalf("botocore fixtures: %v, %v", files, err)
	}
	for _, f := range files {
		cases = append(cases, signed{"botocore " + filepath.Base(f), func(t *testing.T) (*http.Request, []byte, string) {
			wire, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			r, body := readWireRequest(t, wire)
			auth, err := ParseAuthorization(r.Header.Get("Authorization"))
			if err != nil {
				t.Fatal(err)
			}
			cred, _ := creds.Lookup(auth.Credential.AccessKeyID)
			return r, body, cred.SecretAccessKey
		}})
	}
	v := NewVerifier(Config{})
	sdkSigned := 0
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, body, secret := c.load(t)
			auth, err := ParseAuthorization(r.Header.Get("Authorization"))
			if err != nil {
				t.Fatal(err)
			}
			at, _, _ := requestTime(r.Header)
			hash := sha256.Sum256(body)
			want, err := v.sign(r, auth, at, hash[:], secret)
			if err != nil {
				t.Fatal(err)
			}
			if !sdkCanSign(r, auth) {
				return
			}
			sdkSigned++
			got, err := v.signSDK(r, auth, at, hash[:], secret)
			if err != nil || got != want {
				t.Errorf("SDK signer: %x, %v; smithy-go: %x", got, err, want)
			}
		})
	}
	if sdkSigned < len(cases)/2 {
		t.Errorf("the SDK's signer could sign only %d of %d cases", sdkSigned, len(cases))
	}
}

// TestVerifyFallsBackToReference: a header list the SDK's signer cannot
// reproduce (here one that signs User-Agent) is verified by the smithy-go
// signer.
func TestVerifyFallsBackToReference(t *testing.T) {
	c := listContactsRequest()
	req, err := http.NewRequest(http.MethodPost, "http://localhost:4750/", bytes.NewReader([]byte(c.Body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", c.Target)
	req.Header.Set("User-Agent", "custom-client/1.0")
	hash := sha256.Sum256([]byte(c.Body))
	signer := sigv4.New(func(o *v4.SignerOptions) {
		o.HeaderRules = signedHeaderRules("content-length;content-type;host;user-agent;x-amz-date;x-amz-target")
	})
	if err := signer.SignRequest(&sigv4.SignRequestInput{Request: req, PayloadHash: hash[:],
		Credentials: credentials.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.Secret},
		Service:     c.Service, Region: c.Region, Time: c.At}); err != nil {
		t.Fatal(err)
	}
	r, body := overTheWire(t, req)
	auth, _ := ParseAuthorization(r.Header.Get("Authorization"))
	if !auth.Signs("user-agent") || sdkCanSign(r, auth) {
		t.Fatalf("SignedHeaders %q: want user-agent signed and the SDK's signer unable to reproduce it", auth.SignedHeaders)
	}
	v := testVerifier(t, ModeVerify, signedAt)
	if _, err := v.Verify(r, body); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	r.Header.Set("User-Agent", "changed/1.0")
	if _, err := v.Verify(r, body); err == nil {
		t.Fatal("Verify accepted the request after its signed User-Agent changed")
	}
}
