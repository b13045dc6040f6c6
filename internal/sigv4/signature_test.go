package sigv4

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/aws/smithy-go/aws-http-auth/credentials"
	"github.com/aws/smithy-go/aws-http-auth/sigv4"
	v4 "github.com/aws/smithy-go/aws-http-auth/v4"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
)

// signedCase is a request as the server reads it, the secret it was signed
// with, and the signed header list to recompute.
type signedCase struct {
	name   string
	load   func(t *testing.T) (*http.Request, []byte, string) // request, body, secret
	tamper func(r *http.Request)                              // applied after signing, nil for none
}

// referenceCases are requests signed by aws-sdk-go-v2, by botocore, and by
// the smithy-go signer over odd header lists, with odd headers, paths and
// queries, each also tampered with after signing.
func referenceCases(t *testing.T) []signedCase {
	var cases []signedCase
	for _, c := range []clientRequest{listContactsRequest(), benchRequest(t)} {
		cases = append(cases, signedCase{name: "sdk " + c.Target, load: func(t *testing.T) (*http.Request, []byte, string) {
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
		cases = append(cases, signedCase{name: "botocore " + filepath.Base(f), load: func(t *testing.T) (*http.Request, []byte, string) {
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
	odd := []struct {
		name   string
		url    string
		header http.Header
		signed string
	}{
		{"user-agent signed", "http://localhost:4750/", http.Header{"User-Agent": {"custom-client/1.0"}},
			"content-length;content-type;host;user-agent;x-amz-date;x-amz-target"},
		{"spaces and tabs in values", "http://localhost:4750/", http.Header{"X-Odd": {"  a   b \t c  ", "\td  e"}},
			"content-type;host;x-amz-date;x-amz-target;x-odd"},
		{"repeated header", "http://localhost:4750/", http.Header{"X-Odd": {"1", "2", " 3 "}},
			"host;x-amz-date;x-amz-target;x-odd"},
		{"empty value", "http://localhost:4750/", http.Header{"X-Odd": {""}}, "host;x-amz-date;x-amz-target;x-odd"},
		{"non-ASCII value", "http://localhost:4750/", http.Header{"X-Odd": {"Akua Mansa ✓\u00a0"}},
			"host;x-amz-date;x-amz-target;x-odd"},
		{"listed header absent", "http://localhost:4750/", nil, "content-type;host;x-absent;x-amz-date;x-amz-target"},
		{"no content-length signed", "http://localhost:4750/", nil, "host;x-amz-date;x-amz-target"},
		{"escaped path", "http://localhost:4750/a%2Fb/c%20d/%C3%BC", nil, "host;x-amz-date;x-amz-target"},
		{"path with reserved characters", "http://localhost:4750/a+b/c;d/e=f/~x/$/!", nil, "host;x-amz-date;x-amz-target"},
		{"double slash", "http://localhost:4750//a//b/", nil, "host;x-amz-date;x-amz-target"},
		{"query", "http://localhost:4750/?x=a/b&x=a-b&b=2&a=1&a=0&empty=&sp=a%20b+c", nil, "host;x-amz-date;x-amz-target"},
		{"query that does not parse", "http://localhost:4750/?a=%zz&b=1&c;d=2", nil, "host;x-amz-date;x-amz-target"},
		{"host with port and case", "http://LocalHost:4750/", nil, "host;x-amz-date;x-amz-target"},
	}
	for _, o := range odd {
		cases = append(cases, signedCase{name: o.name, load: func(t *testing.T) (*http.Request, []byte, string) {
			c := listContactsRequest()
			req := newClientRequest(t, c)
			u, err := req.URL.Parse(o.url)
			if err != nil {
				t.Fatal(err)
			}
			req.URL, req.Host = u, u.Host
			for k, v := range o.header {
				req.Header[k] = v
			}
			sum := sha256.Sum256([]byte(c.Body))
			if err := sigv4.New().SignRequest(&sigv4.SignRequestInput{Request: req, PayloadHash: sum[:],
				Credentials: credentials.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.Secret},
				Service:     c.Service, Region: c.Region, Time: c.At},
				func(opt *v4.SignerOptions) { opt.HeaderRules = signedHeaderRules(o.signed) }); err != nil {
				t.Fatal(err)
			}
			r, body := overTheWire(t, req)
			return r, body, c.Secret
		}})
	}
	tampers := []struct {
		name string
		fn   func(r *http.Request)
	}{
		{"target changed", func(r *http.Request) { r.Header.Set("X-Amz-Target", "SSMContacts.DeleteContact") }},
		{"header added", func(r *http.Request) { r.Header.Set("X-Odd", "added") }},
		{"value spaced", func(r *http.Request) { r.Header.Set("Content-Type", "  application/x-amz-json-1.1 ") }},
		{"path changed", func(r *http.Request) { r.URL.Path = "/other" }},
		{"query added", func(r *http.Request) { r.URL.RawQuery = "a=1" }},
		{"host changed", func(r *http.Request) { r.Host = "example.com" }},
		{"length unknown", func(r *http.Request) { r.Header.Del("Content-Length"); r.ContentLength = 203 }},
		{"non-canonical key", func(r *http.Request) { r.Header["x-amz-target"] = []string{"SSMContacts.ListContacts"} }},
	}
	n := len(cases)
	for _, c := range cases[:n] {
		for _, tm := range tampers {
			cases = append(cases, signedCase{name: c.name + ", " + tm.name, load: c.load, tamper: tm.fn})
		}
	}
	return cases
}

// TestSignatureMatchesReference: the signature the verifier computes is the
// one the reference signers compute (smithy-go's on every request, the
// SDK's where it can sign the client's header list), for valid and
// tampered requests alike, and Verify accepts exactly the untampered ones.
func TestSignatureMatchesReference(t *testing.T) {
	v := NewVerifier(Config{})
	sdkSigned := 0
	for _, c := range referenceCases(t) {
		t.Run(c.name, func(t *testing.T) {
			r, body, secret := c.load(t)
			if c.tamper != nil {
				c.tamper(r)
			}
			auth, err := ParseAuthorization(r.Header.Get("Authorization"))
			if err != nil {
				t.Fatal(err)
			}
			at, _, _ := requestTime(r.Header)
			hash := sha256.Sum256(body)
			want, err := referenceSign(r, auth, at, hash[:], secret)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := v.signature(r, auth, at, hash, secret)
			if c.tamper != nil && !ok {
				return // a request no client could have signed
			}
			if !ok || got != want {
				t.Errorf("signature %x (ok %v); smithy-go reference %x", got, ok, want)
			}
			if sdkCanSign(r, auth) {
				sdkSigned++
				sdk, err := referenceSignSDK(r, auth, at, hash[:], secret)
				if err != nil || sdk != want {
					t.Errorf("SDK signer: %x, %v; smithy-go: %x", sdk, err, want)
				}
			}
		})
	}
	if sdkSigned < 10 {
		t.Errorf("the SDK's signer could sign only %d cases", sdkSigned)
	}
}

// FuzzSignatureMatchesReference reads a request off the wire from fuzzed
// parts (method, request target, one header, the signed list, body) and
// requires the verifier's signature to equal the smithy-go reference's;
// Verify must accept the reference's signature unless another check
// refuses the request, and refuse it with one bit flipped.
func FuzzSignatureMatchesReference(f *testing.F) {
	f.Add("POST", "/", "X-Odd", "  a   b ", "content-type;host;x-amz-date;x-amz-target;x-odd", []byte(`{"MaxResults":10}`))
	f.Add("POST", "/a%2Fb/%C3%BC?x=a/b&x=a-b", "User-Agent", "custom/1.0", "host;user-agent;x-amz-date;x-amz-target", []byte(`{}`))
	f.Add("GET", "/?a=%zz&b=1&c;d=2", "Content-Type", "\tjson", "content-length;content-type;host;x-amz-date;x-amz-target", []byte(""))
	f.Add("POST", "//x//", "X-Amz-Date", "20261127T070931Z", "host;x-amz-date;x-amz-target;x-absent", []byte("x"))
	f.Fuzz(func(t *testing.T, method, target, name, value, signed string, body []byte) {
		var wire bytes.Buffer
		wire.WriteString(method + " " + target + " HTTP/1.1\r\nHost: localhost:4750\r\n")
		wire.WriteString("X-Amz-Target: SSMContacts.ListContacts\r\nContent-Type: application/x-amz-json-1.1\r\n")
		wire.WriteString("X-Amz-Date: " + formatAmzDate(signedAt) + "\r\n")
		wire.WriteString(name + ": " + value + "\r\n")
		wire.WriteString("Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n")
		wire.Write(body)
		r, err := http.ReadRequest(bufio.NewReader(&wire))
		if err != nil || !canonicalHeaderList(signed) {
			return
		}
		auth := Authorization{
			Credential:    CredentialScope{testAccessKeyID, "20261127", "us-east-1", Service, scopeTerminator},
			SignedHeaders: signed,
		}
		hash := sha256.Sum256(body)
		want, err := referenceSign(r, auth, signedAt, hash[:], testSecret)
		if err != nil {
			t.Fatal(err)
		}
		v := NewVerifier(Config{Credentials: testCredentials(t), Clock: clock.NewControllable(signedAt)})
		got, ok := v.signature(r, auth, signedAt, hash, testSecret)
		if !ok {
			return // two header keys for one name cannot come off the wire
		}
		if got != want {
			t.Fatalf("signature %x; smithy-go reference %x", got, want)
		}
		auth.Signature = hex.EncodeToString(want[:])
		r.Header.Set("Authorization", auth.String())
		if _, err := v.Verify(r, body); err != nil && err.(*Error).Message == msgSignatureMismatch {
			t.Fatalf("Verify refused the reference signature: %v", err)
		}
		want[len(want)-1] ^= 1
		auth.Signature = hex.EncodeToString(want[:])
		r.Header.Set("Authorization", auth.String())
		if _, err := v.Verify(r, body); err == nil {
			t.Fatal("Verify accepted a signature with one bit flipped")
		}
	})
}

// TestKeyCacheScopes: a cached signing key serves only its own secret and
// day. A cache keyed without the secret would verify a request signed with
// another key's secret; one keyed without the day would refuse the next
// day's requests.
func TestKeyCacheScopes(t *testing.T) {
	const otherKey, otherSecret = "AKIDOTHER", "another-secret"
	creds, err := NewCredentials([]Credential{
		{AccessKeyID: testAccessKeyID, SecretAccessKey: testSecret, AccountID: testAccount},
		{AccessKeyID: otherKey, SecretAccessKey: otherSecret, AccountID: DefaultAccountID},
	})
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewControllable(signedAt)
	v := NewVerifier(Config{Mode: ModeVerify, Credentials: creds, Clock: clk})
	v.keys.max = 2 // also exercise emptying when full
	check := func(name string, c clientRequest, wantOK bool) {
		t.Helper()
		r, body := signWithSDK(t, c)
		_, err := v.Verify(r, body)
		if (err == nil) != wantOK {
			t.Errorf("%s: Verify error %v, want accepted %v", name, err, wantOK)
		}
	}
	c := listContactsRequest()
	check("first key", c, true)
	forged := c
	forged.Secret = otherSecret // the other key's secret, under the first key's ID
	check("other secret under the first key", forged, false)
	other := c
	other.AccessKeyID, other.Secret = otherKey, otherSecret
	check("other key", other, true)
	check("first key again", c, true)
	for day := 1; day <= 3; day++ {
		next := c
		next.At = signedAt.Add(time.Duration(day) * 24 * time.Hour)
		clk.Set(next.At)
		check("day +"+strconv.Itoa(day), next, true)
		check("day +"+strconv.Itoa(day)+" other region", func() clientRequest { n := next; n.Region = "eu-west-1"; return n }(), true)
	}
	if len(v.keys.keys) > 2 {
		t.Errorf("cache holds %d keys, max 2", len(v.keys.keys))
	}
}
