package sigv4

import (
	"context"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/aws-http-auth/credentials"
	"github.com/aws/smithy-go/aws-http-auth/sigv4"
	v4 "github.com/aws/smithy-go/aws-http-auth/v4"
)

// checkContentSHA256 holds a client to its X-Amz-Content-Sha256 claim: the
// header, when sent, must be the hex SHA-256 of the body actually received.
func checkContentSHA256(h http.Header, payloadHash [32]byte) *Error {
	claimed := h.Get("X-Amz-Content-Sha256")
	if claimed == "" {
		return nil
	}
	if got, ok := decodeHex32(claimed); !ok || got != payloadHash {
		return newError(KindInvalidSignature, msgContentSHAMismatch)
	}
	return nil
}

// checkSignature recomputes the signature with the library signer and
// compares it with the client's in constant time.
//
// aws-sdk-go-v2's signer goes first where it can sign the client's header
// list: it is about twice as fast as smithy-go's and caches derived keys,
// and verification is a large share of a request's cost. A match there is
// a valid signature (the SDK signed exactly the client's canonical
// request); anything else is decided by the smithy-go signer, which signs
// whatever list the client chose.
func (v *Verifier) checkSignature(r *http.Request, auth Authorization, signedAt time.Time, payloadHash []byte, secret string) *Error {
	want, ok := decodeHex32(auth.Signature)
	if !ok || !canonicalHeaderList(auth.SignedHeaders) {
		return errSignatureMismatch()
	}
	if sdkCanSign(r, auth) {
		got, err := v.signSDK(r, auth, signedAt, payloadHash, secret)
		if err == nil && subtle.ConstantTimeCompare(want[:], got[:]) == 1 {
			return nil
		}
	}
	got, err := v.sign(r, auth, signedAt, payloadHash, secret)
	if err != nil {
		return errSignatureMismatch()
	}
	if subtle.ConstantTimeCompare(want[:], got[:]) != 1 {
		return errSignatureMismatch()
	}
	return nil
}

// sign re-signs a copy of r that holds only the headers the client listed
// in SignedHeaders. The signer picks headers with HeaderRules, set to
// exactly that list, so the canonical request is the client's, whatever
// rules the client's own signer followed.
func (v *Verifier) sign(r *http.Request, auth Authorization, signedAt time.Time, payloadHash []byte, secret string) ([32]byte, error) {
	req := canonicalCopy(r, auth)
	err := v.signer.SignRequest(&sigv4.SignRequestInput{
		Request:     req,
		PayloadHash: payloadHash,
		Credentials: credentials.Credentials{AccessKeyID: auth.Credential.AccessKeyID, SecretAccessKey: secret},
		Service:     auth.Credential.Service,
		Region:      auth.Credential.Region,
		Time:        signedAt,
	}, func(o *v4.SignerOptions) { o.HeaderRules = signedHeaderRules(auth.SignedHeaders) })
	if err != nil {
		return [32]byte{}, err
	}
	sig, ok := decodeHex32(signatureOf(req.Header.Get("Authorization")))
	if !ok {
		// Never a zero signature that a forged "Signature=000…" could match.
		return [32]byte{}, errors.New("sigv4: library signer produced no signature")
	}
	return sig, nil
}

// sdkIgnored are the headers aws-sdk-go-v2's signer never signs.
var sdkIgnored = [...]string{"authorization", "user-agent", "x-amzn-trace-id", "expect", "transfer-encoding"}

// sdkCanSign reports whether aws-sdk-go-v2's signer, given a copy of r with
// exactly the client's signed headers, signs the same list: it always
// signs X-Amz-Date (which it sets itself), signs content-length when the
// length it is given is positive, and never signs sdkIgnored.
func sdkCanSign(r *http.Request, auth Authorization) bool {
	if !auth.Signs("x-amz-date") || (auth.Signs("content-length") && r.ContentLength <= 0) {
		return false
	}
	for _, h := range sdkIgnored {
		if auth.Signs(h) {
			return false
		}
	}
	return true
}

// signSDK is sign with aws-sdk-go-v2's signer.
func (v *Verifier) signSDK(r *http.Request, auth Authorization, signedAt time.Time, payloadHash []byte, secret string) ([32]byte, error) {
	req := canonicalCopy(r, auth)
	delete(req.Header, "Content-Length") // the SDK signs the length field, if positive
	req.ContentLength = 0
	if auth.Signs("content-length") {
		req.ContentLength = r.ContentLength
	}
	creds := aws.Credentials{AccessKeyID: auth.Credential.AccessKeyID, SecretAccessKey: secret}
	err := v.sdk.SignHTTP(context.Background(), creds, req, hex.EncodeToString(payloadHash),
		auth.Credential.Service, auth.Credential.Region, signedAt)
	if err != nil {
		return [32]byte{}, err
	}
	sig, ok := decodeHex32(signatureOf(req.Header.Get("Authorization")))
	if !ok {
		return [32]byte{}, errors.New("sigv4: SDK signer produced no signature")
	}
	return sig, nil
}

// canonicalCopy builds the request the client signed: same method, path,
// query and host, and only its signed headers, with runs of spaces inside
// values collapsed (the SigV4 "Trimall" step, which the library signer
// leaves to its callers).
func canonicalCopy(r *http.Request, auth Authorization) *http.Request {
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	req := &http.Request{
		Method: r.Method,
		URL:    &url.URL{Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery},
		Host:   host,
		Header: make(http.Header, strings.Count(auth.SignedHeaders, ";")+3),
	}
	for name, values := range r.Header {
		if name == "Authorization" || name == "Host" || !signsFold(auth.SignedHeaders, name) {
			continue
		}
		req.Header[name] = trimAllValues(values)
	}
	// An outgoing Go request keeps its length in ContentLength rather than
	// in the header map; the SDK signs it all the same.
	if _, ok := req.Header["Content-Length"]; !ok && r.ContentLength > 0 && auth.Signs("content-length") {
		req.Header["Content-Length"] = []string{strconv.FormatInt(r.ContentLength, 10)}
	}
	return req
}

// canonicalHeaderList reports whether a SignedHeaders list is in the form
// the canonical request requires: lowercase names, sorted, each once. The
// library signer writes the list in that form whatever the input, so a list
// in any other form cannot have produced the client's signature.
func canonicalHeaderList(list string) bool {
	prev := ""
	for rest := list; rest != ""; {
		var h string
		h, rest, _ = strings.Cut(rest, ";")
		if h == "" || h <= prev || strings.ContainsAny(h, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			return false
		}
		prev = h
	}
	return !strings.HasSuffix(list, ";")
}

// signedHeaderRules tells the library signer to sign exactly the client's
// SignedHeaders.
type signedHeaderRules string

func (l signedHeaderRules) IsSigned(name string) bool {
	return Authorization{SignedHeaders: string(l)}.Signs(name)
}

// signsFold is Signs for a header name in any case, without allocating.
func signsFold(signedHeaders, name string) bool {
	for rest := signedHeaders; rest != ""; {
		var h string
		h, rest, _ = strings.Cut(rest, ";")
		if strings.EqualFold(h, name) {
			return true
		}
	}
	return false
}

// trimAllValues returns values with each one's runs of spaces collapsed,
// reusing the slice when nothing changes.
func trimAllValues(values []string) []string {
	var out []string
	for i, v := range values {
		t := collapseSpaces(v)
		if t != v && out == nil {
			out = make([]string, len(values))
			copy(out, values[:i])
		}
		if out != nil {
			out[i] = t
		}
	}
	if out == nil {
		return values
	}
	return out
}

// collapseSpaces trims spaces at both ends and turns inner runs of spaces
// into one, as the SDKs do.
func collapseSpaces(s string) string {
	s = strings.Trim(s, " ")
	if !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' && i > 0 && s[i-1] == ' ' {
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// signatureOf extracts the Signature parameter from an Authorization header
// the library signer produced (it always comes last).
func signatureOf(header string) string {
	const param = "Signature="
	i := strings.LastIndex(header, param)
	if i < 0 {
		return ""
	}
	return header[i+len(param):]
}

// decodeHex32 decodes 64 lowercase hex digits, the only form SigV4 uses
// for hashes and signatures; anything else cannot match.
func decodeHex32(s string) ([32]byte, bool) {
	var b [32]byte
	if len(s) != 2*len(b) {
		return b, false
	}
	for i := range b {
		hi, ok1 := hexDigit(s[2*i])
		lo, ok2 := hexDigit(s[2*i+1])
		if !ok1 || !ok2 {
			return b, false
		}
		b[i] = hi<<4 | lo
	}
	return b, true
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}
