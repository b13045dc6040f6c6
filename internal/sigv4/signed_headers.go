package sigv4

import "net/http"

// checkSignedHeaders rejects a signature that leaves out a header that says
// what the request is, naming the first one missing: Host; X-Amz-Target,
// which picks the operation; the date header the signing time came from
// (X-Amz-Date, else Date), which ties the signature to its skew window;
// X-Amz-Security-Token, the session; and X-Amz-Content-Sha256, the payload
// hash claimed. A signature still matches after an unsigned header is
// changed, so without this a captured GetContact could be replayed as
// DeleteContact.
//
// All but Host are required only when sent: parseRequest has already made
// sure a date header is, and a request without X-Amz-Target names no
// operation. Every SDK signs all of them. Names match in any case, as AWS
// matches Host; a list in the wrong case still fails the signature check.
func checkSignedHeaders(auth Authorization, h http.Header) *Error {
	if !signsFold(auth.SignedHeaders, "Host") {
		return newError(KindInvalidSignature, msgHostNotSigned)
	}
	for _, name := range [...]string{"X-Amz-Target", dateHeader(h), "X-Amz-Security-Token", "X-Amz-Content-Sha256"} {
		if len(h.Values(name)) > 0 && !signsFold(auth.SignedHeaders, name) {
			return errNotSigned(name)
		}
	}
	return nil
}

// dateHeader names the header requestTime takes the signing time from.
func dateHeader(h http.Header) string {
	if h.Get("X-Amz-Date") != "" {
		return "X-Amz-Date"
	}
	return "Date"
}
