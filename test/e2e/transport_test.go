package e2e

import (
	"bytes"
	"io"
	"net/http"
)

// ownBody gives Go's transport its own copy of every request body.
//
// The SDK (smithy-go) closes a request's body as soon as the response
// headers arrive, while the transport may still be reading that body one
// last time to check it holds no more than Content-Length bytes; the read
// then fails and the transport closes the connection under the response
// it is still receiving: "use of closed network connection" on responses
// larger than the transport's 4 KB buffer (aws/aws-sdk-go-v2#2737). The
// SDK's default retryer retries such errors; the harness's clients do not
// retry, and this server answers fast enough on loopback to make the race
// frequent.
type ownBody struct{ next http.RoundTripper }

func (o ownBody) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return o.next.RoundTrip(r)
	}
	body, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		return nil, err
	}
	own := r.Clone(r.Context())
	own.Body = io.NopCloser(bytes.NewReader(body))
	own.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return o.next.RoundTrip(own)
}
