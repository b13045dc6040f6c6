package sigv4

import (
	"crypto/sha256"
	"net/http"
	"testing"

	"github.com/aws/smithy-go/aws-http-auth/credentials"
	smithysigv4 "github.com/aws/smithy-go/aws-http-auth/sigv4"
	v4 "github.com/aws/smithy-go/aws-http-auth/v4"
	"github.com/google/go-cmp/cmp"
)

// signOver signs c over exactly the headers in signed (a SignedHeaders
// list), as a hand-made client or someone preparing a replay would: the
// signature is valid, it just covers less than the SDKs sign.
func signOver(t testing.TB, c clientRequest, signed string) (*http.Request, []byte) {
	t.Helper()
	req := newClientRequest(t, c)
	sum := sha256.Sum256([]byte(c.Body))
	err := smithysigv4.New().SignRequest(&smithysigv4.SignRequestInput{
		Request:     req,
		PayloadHash: sum[:],
		Credentials: credentials.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.Secret, SessionToken: c.SessionToken},
		Service:     c.Service,
		Region:      c.Region,
		Time:        c.At,
	}, func(o *v4.SignerOptions) { o.HeaderRules = signedHeaderRules(signed) })
	if err != nil {
		t.Fatal(err)
	}
	return overTheWire(t, req)
}

// withDateHeader sends the signing time in Date, as SigV4 allows, instead
// of X-Amz-Date (which the signer always adds; a list without it does not
// cover it, so removing it keeps the signature valid).
func withDateHeader(c *clientRequest) {
	c.Header = http.Header{"Date": {c.At.Format(http.TimeFormat)}}
}

func dropAmzDate(r *http.Request) { r.Header.Del("X-Amz-Date") }

func TestVerifyRequiresSignedHeaders(t *testing.T) {
	notSigned := func(header string) verifyResult {
		return fails(KindInvalidSignature, "'"+header+"' must be a 'SignedHeader' in the AWS Authorization.")
	}
	tests := []struct {
		name   string
		client func(*clientRequest)
		signed string // the SignedHeaders list signed over
		tamper func(*http.Request)
		mode   Mode
		want   verifyResult
	}{
		{
			name:   "only host signed, target changed for a replay",
			signed: "host",
			tamper: func(r *http.Request) { r.Header.Set("X-Amz-Target", "SSMContacts.DeleteContact") },
			want:   notSigned("X-Amz-Target"),
		},
		{
			name:   "X-Amz-Target not signed",
			signed: "content-type;host;x-amz-date",
			want:   notSigned("X-Amz-Target"),
		},
		{
			name:   "X-Amz-Date not signed",
			signed: "content-type;host;x-amz-target",
			want:   notSigned("X-Amz-Date"),
		},
		{
			name:   "Date not signed when it gives the time",
			client: withDateHeader,
			signed: "content-type;host;x-amz-target",
			tamper: dropAmzDate,
			want:   notSigned("Date"),
		},
		{
			name:   "session token not signed",
			client: func(c *clientRequest) { c.SessionToken = "FwoGZXIvYXdzEXAMPLETOKEN" },
			signed: "content-type;host;x-amz-date;x-amz-target",
			want:   notSigned("X-Amz-Security-Token"),
		},
		{
			name: "X-Amz-Content-Sha256 not signed",
			client: func(c *clientRequest) {
				c.Header = http.Header{"X-Amz-Content-Sha256": {sha256Hex(c.Body)}}
			},
			signed: "content-type;host;x-amz-date;x-amz-target",
			want:   notSigned("X-Amz-Content-Sha256"),
		},
		{
			name:   "off: only host signed",
			mode:   ModeOff,
			signed: "host",
			want:   notSigned("X-Amz-Target"),
		},

		// What is not required.
		{
			name:   "required headers signed, others not",
			signed: "host;x-amz-date;x-amz-target",
			want:   verified(testAccount, "us-east-1"),
		},
		{
			name:   "Date signed instead of X-Amz-Date",
			client: withDateHeader,
			signed: "content-type;date;host;x-amz-target",
			tamper: dropAmzDate,
			want:   verified(testAccount, "us-east-1"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := listContactsRequest()
			if tt.client != nil {
				tt.client(&c)
			}
			r, body := signOver(t, c, tt.signed)
			if tt.tamper != nil {
				tt.tamper(r)
			}
			got := verify(testVerifier(t, tt.mode, signedAt), r, body)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Verify mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
