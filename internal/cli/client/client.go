package client

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/awsconfig"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// Client sends operations to one endpoint.
type Client struct {
	HTTP     *http.Client
	Endpoint string // e.g. "http://127.0.0.1:4750"
	Region   string
	Service  *model.Service
	// Credentials is called when a request is signed; nil sends unsigned
	// requests (--no-sign-request).
	Credentials func() (*awsconfig.Credentials, error)
	Retry       awsconfig.Retry
	// Sleep waits between attempts; Rand returns a number in [0, 1) for
	// jitter.
	Sleep     func(ctx context.Context, d time.Duration) error
	Rand      func() float64
	Now       func() time.Time
	NewID     func() string
	UserAgent string
	Timestamp TimestampFormat
	// Debug, when set, receives a log of each request and response.
	Debug io.Writer
}

// Call sends op with the serialized input document and returns the parsed
// output.
func (c *Client) Call(ctx context.Context, op *model.Operation, input value.Value) (*value.Object, error) {
	req := c.encode(op, input)
	invocation := c.NewID()
	maxAttempts := c.Retry.MaxAttempts
	if maxAttempts < 1 {
		maxAttempts = 1
	}
	for attempt := 1; ; attempt++ {
		status, respBody, errType, err := c.send(ctx, op, req, invocation, attempt, maxAttempts)
		if err != nil {
			var ce *ConnectionError
			if errors.As(err, &ce) && attempt < maxAttempts {
				if err := c.backoff(ctx, attempt); err != nil {
					return nil, err
				}
				continue
			}
			return nil, err
		}
		if status < 301 {
			return parseOutput(op.Output, respBody, c.Timestamp)
		}
		code, msg, doc, err := parseError(status, respBody)
		if err != nil {
			return nil, err
		}
		if errType != "" && c.Service.Metadata.Protocol == "rest-json" {
			code = restErrorCode(errType)
		}
		se := &ServiceError{Code: code, Message: msg, Operation: op.Name, Status: status, Body: doc}
		if !c.retryable(status, code) {
			return nil, se
		}
		if attempt >= maxAttempts {
			se.Retries = attempt - 1
			return nil, se
		}
		if err := c.backoff(ctx, attempt); err != nil {
			return nil, err
		}
	}
}

var legacyThrottles = map[string]bool{
	"Throttling": true, "ThrottlingException": true, "ThrottledException": true,
	"RequestThrottledException": true, "ProvisionedThroughputExceededException": true,
}

var standardThrottles = map[string]bool{
	"Throttling": true, "ThrottlingException": true, "ThrottledException": true, "RequestThrottledException": true,
	"TooManyRequestsException": true, "ProvisionedThroughputExceededException": true,
	"TransactionInProgressException": true, "RequestLimitExceeded": true, "BandwidthLimitExceeded": true,
	"LimitExceededException": true, "RequestThrottled": true, "SlowDown": true, "EC2ThrottledException": true,
}

var standardTransient = map[string]bool{"RequestTimeout": true, "RequestTimeoutException": true, "PriorRequestNotComplete": true}

// retryable applies botocore's retry rules: legacy mode's _retry.json
// policies, or standard mode's transient and throttling checks.
func (c *Client) retryable(status int, code string) bool {
	if c.Retry.Mode == "legacy" {
		switch status {
		case 429, 500, 502, 503, 504, 509:
			return true
		case 400:
			return legacyThrottles[code]
		}
		return false
	}
	switch status {
	case 500, 502, 503, 504:
		return true
	}
	return standardThrottles[code] || standardTransient[code]
}

// backoff sleeps before the retry after attempt: legacy mode waits
// rand * 2^(attempt-1) seconds; standard mode the same capped at 20s.
func (c *Client) backoff(ctx context.Context, attempt int) error {
	d := c.Rand() * float64(int64(1)<<(attempt-1))
	if c.Retry.Mode != "legacy" && d > 20 {
		d = 20
	}
	return c.Sleep(ctx, time.Duration(d*float64(time.Second)))
}

func (c *Client) url(path string) string {
	u := strings.TrimRight(c.Endpoint, "/")
	return u + path
}

func (c *Client) send(ctx context.Context, op *model.Operation, r request, invocation string, attempt, max int) (int, []byte, string, error) {
	target := c.url(r.path)
	body := r.body
	req, err := http.NewRequestWithContext(ctx, r.method, target, bytes.NewReader(body))
	if err != nil {
		return 0, nil, "", err
	}
	md := c.Service.Metadata
	if r.target != "" {
		req.Header.Set("X-Amz-Target", r.target)
	}
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	if c.Credentials != nil {
		creds, err := c.Credentials()
		if err != nil {
			return 0, nil, "", err
		}
		sum := sha256.Sum256(body)
		err = v4.NewSigner().SignHTTP(ctx, aws.Credentials{
			AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey, SessionToken: creds.SessionToken,
		}, req, hex.EncodeToString(sum[:]), md.SigningName, c.Region, c.Now())
		if err != nil {
			return 0, nil, "", err
		}
	}
	// Added after signing, as botocore does, so they are not signed.
	req.Header.Set("User-Agent", c.UserAgent)
	req.Header.Set("Accept-Encoding", "identity")
	req.Header.Set("amz-sdk-invocation-id", invocation)
	req.Header.Set("amz-sdk-request", fmt.Sprintf("attempt=%d; max=%d", attempt, max))
	c.debugf("Making request for OperationModel(name=%s) with params: %s\n", op.Name, body)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return 0, nil, "", connectionError(target, err)
	}
	defer resp.Body.Close()
	respBody, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, "", connectionError(target, err)
	}
	c.debugf("Response headers: %v\nResponse body:\n%s\n", resp.Header, respBody)
	return resp.StatusCode, respBody, resp.Header.Get("X-Amzn-Errortype"), nil
}

func (c *Client) debugf(format string, args ...any) {
	if c.Debug != nil {
		fmt.Fprintf(c.Debug, "%s - ssmcontacts.client - DEBUG - "+format, append([]any{c.Now().Format("2006-01-02 15:04:05,000")}, args...)...)
	}
}

func connectionError(target string, err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	kind := "connect"
	var netErr net.Error
	var urlErr *url.Error
	var certErr *tls.CertificateVerificationError
	switch {
	case errors.As(err, &certErr):
		kind = "ssl"
	case errors.As(err, &netErr) && netErr.Timeout():
		kind = "read-timeout"
		var opErr *net.OpError
		if errors.As(err, &opErr) && opErr.Op == "dial" {
			kind = "connect-timeout"
		}
	case errors.As(err, &urlErr):
	}
	return &ConnectionError{Kind: kind, URL: target, Err: err}
}
