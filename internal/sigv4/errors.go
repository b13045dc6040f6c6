package sigv4

import (
	"fmt"
	"strings"
	"time"
)

// Kind is the closed set of reasons a request fails authentication. The API
// layer maps each kind to a wire error (see the table in doc.go); nothing in
// this package picks wire codes or HTTP statuses.
type Kind int

const (
	// KindMissingAuthenticationToken: the request carries no Authorization
	// header (unsigned requests, query-string auth).
	KindMissingAuthenticationToken Kind = iota + 1
	// KindIncompleteSignature: the Authorization header or the request
	// date is malformed.
	KindIncompleteSignature
	// KindUnrecognizedClient: the access key is not a configured credential.
	KindUnrecognizedClient
	// KindInvalidSignature: the signature, its credential scope or the
	// payload hash does not match the request.
	KindInvalidSignature
	// KindSignatureExpired: the request date is more than MaxSkew away
	// from the server's clock.
	KindSignatureExpired
)

var kindNames = [...]string{
	KindMissingAuthenticationToken: "MissingAuthenticationToken",
	KindIncompleteSignature:        "IncompleteSignature",
	KindUnrecognizedClient:         "UnrecognizedClient",
	KindInvalidSignature:           "InvalidSignature",
	KindSignatureExpired:           "SignatureExpired",
}

// Kinds lists every Kind, so that the API layer can test that its wire
// table covers them all.
func Kinds() []Kind {
	return []Kind{
		KindMissingAuthenticationToken,
		KindIncompleteSignature,
		KindUnrecognizedClient,
		KindInvalidSignature,
		KindSignatureExpired,
	}
}

func (k Kind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Error is the only error Verify returns. Message is written for the client,
// in AWS's wording where AWS's wording is known.
type Error struct {
	Kind    Kind
	Message string
}

func (e *Error) Error() string { return e.Kind.String() + ": " + e.Message }

func newError(k Kind, msg string) *Error { return &Error{Kind: k, Message: msg} }

// AWS's messages. Where AWS is known to end a sentence with ". " (the scope
// messages), the trailing space is kept: clients print it verbatim.
const (
	msgMissingToken      = "Missing Authentication Token"
	msgUnrecognized      = "The security token included in the request is invalid."
	msgSignatureMismatch = "The request signature we calculated does not match the signature you provided. " +
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	msgHostNotSigned      = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
	msgContentSHAMismatch = "The provided 'x-amz-content-sha256' header does not match what was computed."
	msgRepeatedHeader     = "Authorization header must not be repeated."
)

func errMissingToken() *Error { return newError(KindMissingAuthenticationToken, msgMissingToken) }

func errUnrecognized() *Error { return newError(KindUnrecognizedClient, msgUnrecognized) }

// errNotSigned is AWS's answer for a required header missing from
// SignedHeaders, in the wording it uses for Host.
func errNotSigned(header string) *Error {
	return newError(KindInvalidSignature, "'"+header+"' must be a 'SignedHeader' in the AWS Authorization.")
}

func errSignatureMismatch() *Error { return newError(KindInvalidSignature, msgSignatureMismatch) }

func errUnsupportedAlgorithm(alg string) *Error {
	return newError(KindIncompleteSignature, "Unsupported AWS 'algorithm': '"+alg+"'.")
}

func errMissingEqualSign(token, header string) *Error {
	return newError(KindIncompleteSignature,
		"'"+token+"' not a valid key=value pair (missing equal-sign) in Authorization header: '"+header+"'.")
}

func errDuplicateParameter(name string) *Error {
	return newError(KindIncompleteSignature, "Authorization header has a duplicate '"+name+"' parameter.")
}

func errCredentialElements(credential string) *Error {
	return newError(KindIncompleteSignature,
		"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '"+credential+"'")
}

func errDateFormat(date string) *Error {
	return newError(KindIncompleteSignature,
		"Date must be in ISO-8601 'basic format'. Got '"+date+"'. See http://en.wikipedia.org/wiki/ISO_8601")
}

// errIncomplete lists every missing part in one message, as AWS does, and
// echoes the Authorization header it was given.
func errIncomplete(missingParams []string, missingDate bool, header string) *Error {
	var b strings.Builder
	for _, p := range missingParams {
		b.WriteString("Authorization header requires '" + p + "' parameter. ")
	}
	if missingDate {
		b.WriteString("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ")
	}
	b.WriteString("Authorization=" + header)
	return newError(KindIncompleteSignature, b.String())
}

// errExpired words a skew failure the way AWS does, with the request date,
// the edge of the window and the server's time.
func errExpired(signed, now time.Time, maxSkew time.Duration) *Error {
	window := formatSkew(maxSkew)
	if signed.Before(now) {
		return newError(KindSignatureExpired, fmt.Sprintf("Signature expired: %s is now earlier than %s (%s - %s.)",
			formatAmzDate(signed), formatAmzDate(now.Add(-maxSkew)), formatAmzDate(now), window))
	}
	return newError(KindSignatureExpired, fmt.Sprintf("Signature not yet current: %s is still later than %s (%s + %s.)",
		formatAmzDate(signed), formatAmzDate(now.Add(maxSkew)), formatAmzDate(now), window))
}

func formatSkew(d time.Duration) string {
	if d%time.Minute == 0 {
		return fmt.Sprintf("%d min", int(d/time.Minute))
	}
	return d.String()
}
