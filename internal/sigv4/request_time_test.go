package sigv4

import (
	"net/http"
	"testing"
	"time"

	"github.com/aws/smithy-go/aws-http-auth/credentials"
	"github.com/aws/smithy-go/aws-http-auth/sigv4"
	v4 "github.com/aws/smithy-go/aws-http-auth/v4"
	"github.com/google/go-cmp/cmp"
)

func TestRequestTime(t *testing.T) {
	tests := []struct {
		name        string
		header      http.Header
		want        time.Time
		wantPresent bool
		wantErr     *Error
	}{
		{name: "X-Amz-Date", header: http.Header{"X-Amz-Date": {"20261127T070931Z"}},
			want: signedAt, wantPresent: true},
		{name: "X-Amz-Date wins over Date", header: http.Header{"X-Amz-Date": {"20261127T070931Z"},
			"Date": {"Sat, 28 Nov 2026 07:09:31 GMT"}}, want: signedAt, wantPresent: true},
		{name: "Date", header: http.Header{"Date": {"Fri, 27 Nov 2026 07:09:31 GMT"}},
			want: signedAt, wantPresent: true},
		{name: "neither", header: http.Header{}},
		{name: "X-Amz-Date with a zone offset", header: http.Header{"X-Amz-Date": {"20261127T070931+0100"}},
			wantPresent: true, wantErr: errDateFormat("20261127T070931+0100")},
		{name: "X-Amz-Date at 24:00", header: http.Header{"X-Amz-Date": {"20261127T240000Z"}},
			wantPresent: true, wantErr: errDateFormat("20261127T240000Z")},
		{name: "X-Amz-Date in lower case", header: http.Header{"X-Amz-Date": {"20261127t070931z"}},
			wantPresent: true, wantErr: errDateFormat("20261127t070931z")},
		{name: "Date not an HTTP date", header: http.Header{"Date": {"yesterday"}},
			wantPresent: true, wantErr: errDateFormat("yesterday")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, present, err := requestTime(tt.header)
			if diff := cmp.Diff(tt.wantErr, err); diff != "" {
				t.Fatalf("error mismatch (-want +got):\n%s", diff)
			}
			if !got.Equal(tt.want) || present != tt.wantPresent {
				t.Errorf("requestTime = %v, %v; want %v, %v", got, present, tt.want, tt.wantPresent)
			}
		})
	}
}

// TestVerifyDateHeader covers clients that sign the Date header instead of
// X-Amz-Date, which SigV4 allows.
func TestVerifyDateHeader(t *testing.T) {
	body := []byte(`{}`)
	req, err := http.NewRequest(http.MethodPost, "http://localhost:4750/", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "SSMContacts.ListContacts")
	req.Header.Set("Date", signedAt.Format(http.TimeFormat))
	sum := sha256Sum(body)
	err = sigv4.New().SignRequest(&sigv4.SignRequestInput{
		Request:     req,
		PayloadHash: sum[:],
		Credentials: credentials.Credentials{AccessKeyID: testAccessKeyID, SecretAccessKey: testSecret},
		Service:     Service,
		Region:      "us-east-1",
		Time:        signedAt,
	}, func(o *v4.SignerOptions) { o.HeaderRules = signedHeaderRules("content-type;date;host;x-amz-target") })
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Del("X-Amz-Date") // the signer always sets it; this client does not send it
	req.Body = http.NoBody
	req.ContentLength = 0
	r, _ := overTheWire(t, req)

	got := verify(testVerifier(t, ModeVerify, signedAt), r, body)
	if diff := cmp.Diff(verified(testAccount, "us-east-1"), got); diff != "" {
		t.Errorf("Verify mismatch (-want +got):\n%s", diff)
	}

	r.Header.Set("Date", signedAt.Add(time.Second).Format(http.TimeFormat))
	got = verify(testVerifier(t, ModeVerify, signedAt), r, body)
	if diff := cmp.Diff(fails(KindInvalidSignature, msgSignatureMismatch), got); diff != "" {
		t.Errorf("Verify with the Date changed, mismatch (-want +got):\n%s", diff)
	}
}
