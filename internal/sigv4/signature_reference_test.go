package sigv4

import (
	"context"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdkv4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go/aws-http-auth/credentials"
	"github.com/aws/smithy-go/aws-http-auth/sigv4"
	v4 "github.com/aws/smithy-go/aws-http-auth/v4"
)

// The reference signers: the server once verified with these (the SDK's
// first where it could sign the client's header list, smithy-go's
// otherwise); canonical.go must compute the same signatures.

// sign re-signs a copy of r that holds only the headers the client listed
// in SignedHeaders. The signer picks headers with HeaderRules, set to
// exactly that list, so the canonical request is the client's, whatever
// rules the client's own signer followed.
func referenceSign(r *http.Request, auth Authorization, signedAt time.Time, payloadHash []byte, secret string) ([32]byte, error) {
	req := canonicalCopy(r, auth)
	err := sigv4.New().SignRequest(&sigv4.SignRequestInput{
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
func referenceSignSDK(r *http.Request, auth Authorization, signedAt time.Time, payloadHash []byte, secret string) ([32]byte, error) {
	req := canonicalCopy(r, auth)
	delete(req.Header, "Content-Length") // the SDK signs the length field, if positive
	req.ContentLength = 0
	if auth.Signs("content-length") {
		req.ContentLength = r.ContentLength
	}
	creds := aws.Credentials{AccessKeyID: auth.Credential.AccessKeyID, SecretAccessKey: secret}
	err := sdkv4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(payloadHash),
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

// signedHeaderRules tells the library signer to sign exactly the client's
// SignedHeaders.
type signedHeaderRules string

func (l signedHeaderRules) IsSigned(name string) bool {
	return Authorization{SignedHeaders: string(l)}.Signs(name)
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
