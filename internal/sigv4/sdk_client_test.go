package sigv4

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/google/go-cmp/cmp"
)

// capturingClient stands in for the network: it keeps what the SDK would
// have sent and answers {}.
type capturingClient struct {
	t    *testing.T
	sent [][]byte
}

func (c *capturingClient) Do(req *http.Request) (*http.Response, error) {
	var wire bytes.Buffer
	if err := req.Write(&wire); err != nil {
		c.t.Fatal(err)
	}
	c.sent = append(c.sent, wire.Bytes())
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"application/x-amz-json-1.1"}},
		Body:       io.NopCloser(bytes.NewReader([]byte("{}"))),
		Request:    req,
	}, nil
}

// TestVerifySDKClient runs real ssm-contacts calls through aws-sdk-go-v2's
// full client pipeline and verifies what it would have put on the wire. The
// SDK signs with its own clock, so the server's clock is set to the
// request's X-Amz-Date.
func TestVerifySDKClient(t *testing.T) {
	tests := []struct {
		name   string
		region string
		creds  aws.Credentials
		call   func(context.Context, *ssmcontacts.Client) error
		want   Identity
	}{
		{
			name:   "ListContacts",
			region: "us-east-1",
			creds:  aws.Credentials{AccessKeyID: testAccessKeyID, SecretAccessKey: testSecret},
			call: func(ctx context.Context, c *ssmcontacts.Client) error {
				_, err := c.ListContacts(ctx, &ssmcontacts.ListContactsInput{})
				return err
			},
			want: Identity{AccessKeyID: testAccessKeyID, Account: testAccount, Region: "us-east-1"},
		},
		{
			name:   "CreateContact with session credentials",
			region: "eu-central-1",
			creds:  aws.Credentials{AccessKeyID: testAccessKeyID, SecretAccessKey: testSecret, SessionToken: "IQoJb3JpZ2luX2VjEXAMPLE"},
			call: func(ctx context.Context, c *ssmcontacts.Client) error {
				_, err := c.CreateContact(ctx, &ssmcontacts.CreateContactInput{
					Alias: aws.String("akuam"),
					Type:  types.ContactTypePersonal,
					Plan:  &types.Plan{Stages: []types.Stage{}},
					Tags:  []types.Tag{{Key: aws.String("k1"), Value: aws.String("v 1  with  spaces")}},
				})
				return err
			},
			want: Identity{AccessKeyID: testAccessKeyID, Account: testAccount, Region: "eu-central-1",
				SessionToken: "IQoJb3JpZ2luX2VjEXAMPLE"},
		},
		{
			name:   "built-in key",
			region: "us-west-2",
			creds:  aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"},
			call: func(ctx context.Context, c *ssmcontacts.Client) error {
				_, err := c.GetContact(ctx, &ssmcontacts.GetContactInput{
					ContactId: aws.String("arn:aws:ssm-contacts:us-west-2:000000000000:contact/akuam"),
				})
				return err
			},
			want: Identity{AccessKeyID: "test", Account: DefaultAccountID, Region: "us-west-2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			httpClient := &capturingClient{t: t}
			client := ssmcontacts.New(ssmcontacts.Options{
				Region:       tt.region,
				BaseEndpoint: aws.String("http://localhost:4750"),
				Credentials:  aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) { return tt.creds, nil }),
				HTTPClient:   httpClient,
			})
			if err := tt.call(context.Background(), client); err != nil {
				t.Fatal(err)
			}
			if len(httpClient.sent) != 1 {
				t.Fatalf("SDK sent %d requests, want 1", len(httpClient.sent))
			}
			r, body := readWireRequest(t, httpClient.sent[0])
			signed, err := time.Parse(amzDateLayout, r.Header.Get("X-Amz-Date"))
			if err != nil {
				t.Fatal(err)
			}
			got, err := testVerifier(t, ModeVerify, signed).Verify(r, body)
			if err != nil {
				t.Fatalf("Verify: %v\nrequest:\n%s", err, httpClient.sent[0])
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("identity mismatch (-want +got):\n%s", diff)
			}

			// The same request must fail once its body is changed.
			_, err = testVerifier(t, ModeVerify, signed).Verify(r, append(body, ' '))
			if e, ok := err.(*Error); !ok || e.Kind != KindInvalidSignature {
				t.Errorf("Verify with a changed body = %v, want an InvalidSignature error", err)
			}
		})
	}
}
