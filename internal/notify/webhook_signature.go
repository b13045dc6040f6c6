package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Headers of a webhook call.
const (
	HeaderTimestamp = "X-Ssmcontacts-Timestamp"
	HeaderSignature = "X-Ssmcontacts-Signature"
)

// DefaultWebhookTolerance is how far a webhook timestamp may be from the
// receiver's clock when VerifyWebhookSignature is given no tolerance.
const DefaultWebhookTolerance = 5 * time.Minute

// ErrWebhookSignature is wrapped by every error VerifyWebhookSignature returns.
var ErrWebhookSignature = errors.New("webhook signature does not verify")

const signaturePrefix = "sha256="

// signWebhook returns the signature header value for body sent at
// timestamp (Unix seconds): HMAC-SHA256 over "<timestamp>.<body>".
func signWebhook(secret []byte, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(timestamp))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return signaturePrefix + hex.EncodeToString(mac.Sum(nil))
}

// VerifyWebhookSignature checks a webhook call as the package comment
// describes: the timestamp header is within tolerance of now (zero means
// DefaultWebhookTolerance), and the signature header is "sha256=" followed
// by the lower-case hex HMAC-SHA256, under secret, of the timestamp
// header, a dot, and body, compared in constant time. body must be the
// exact bytes received.
func VerifyWebhookSignature(secret []byte, header http.Header, body []byte, now time.Time, tolerance time.Duration) error {
	if tolerance <= 0 {
		tolerance = DefaultWebhookTolerance
	}
	ts := header.Get(HeaderTimestamp)
	sent, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: missing or malformed %s", ErrWebhookSignature, HeaderTimestamp)
	}
	if skew := now.Sub(time.Unix(sent, 0)); skew > tolerance || skew < -tolerance {
		return fmt.Errorf("%w: timestamp is %s away from now, more than %s", ErrWebhookSignature, skew.Round(time.Second), tolerance)
	}
	sig := header.Get(HeaderSignature)
	if sig == "" {
		return fmt.Errorf("%w: missing %s", ErrWebhookSignature, HeaderSignature)
	}
	if !hmac.Equal([]byte(sig), []byte(signWebhook(secret, ts, body))) {
		return fmt.Errorf("%w: the signature does not match", ErrWebhookSignature)
	}
	return nil
}
