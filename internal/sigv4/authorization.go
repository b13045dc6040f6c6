package sigv4

import "strings"

// Algorithm is the only signing algorithm accepted.
const Algorithm = "AWS4-HMAC-SHA256"

// Authorization is a parsed "Authorization: AWS4-HMAC-SHA256 ..." header.
type Authorization struct {
	Credential CredentialScope
	// SignedHeaders is the client's list exactly as sent: lowercase names
	// joined by ';'. It is part of the canonical request, so it is kept
	// as a string rather than re-joined.
	SignedHeaders string
	Signature     string
}

// CredentialScope is the Credential parameter:
// AccessKeyID/Date/Region/Service/Terminator.
type CredentialScope struct {
	AccessKeyID string
	Date        string // yyyymmdd
	Region      string
	Service     string
	Terminator  string // aws4_request
}

func (c CredentialScope) String() string {
	return c.AccessKeyID + "/" + c.Date + "/" + c.Region + "/" + c.Service + "/" + c.Terminator
}

// String formats the header the way the SDKs do; ParseAuthorization reads
// it back to the same value.
func (a Authorization) String() string {
	return Algorithm + " Credential=" + a.Credential.String() +
		", SignedHeaders=" + a.SignedHeaders + ", Signature=" + a.Signature
}

// Signs reports whether the client signed the header with the given
// lowercase name.
func (a Authorization) Signs(name string) bool {
	for rest := a.SignedHeaders; rest != ""; {
		var h string
		h, rest, _ = strings.Cut(rest, ";")
		if h == name {
			return true
		}
	}
	return false
}

// ParseAuthorization parses an Authorization header value. Errors are
// *Error of KindIncompleteSignature.
func ParseAuthorization(header string) (Authorization, error) {
	a, missing, err := parseAuthorization(header)
	if err != nil {
		return Authorization{}, err
	}
	if len(missing) > 0 {
		return Authorization{}, errIncomplete(missing, false, header)
	}
	return a, nil
}

// The three parameters, in the order AWS reports them missing.
const (
	paramCredential    = "Credential"
	paramSignature     = "Signature"
	paramSignedHeaders = "SignedHeaders"
)

// parseAuthorization returns the parameters it could not find separately
// from other errors, so that Verify can add a missing date to the same
// message, as AWS does.
func parseAuthorization(header string) (a Authorization, missing []string, err *Error) {
	alg, rest, _ := strings.Cut(header, " ")
	if alg != Algorithm {
		if strings.HasPrefix(alg, "AWS4-") {
			return a, nil, errUnsupportedAlgorithm(alg)
		}
		// Anything else (SigV2, Bearer, garbage) reads as a header with no
		// SigV4 parameters at all.
		return a, []string{paramCredential, paramSignature, paramSignedHeaders}, nil
	}
	var credential string
	var seen [3]bool // Credential, Signature, SignedHeaders
	for rest != "" {
		var token string
		token, rest = nextToken(rest)
		if token == "" {
			continue
		}
		name, value, ok := strings.Cut(token, "=")
		if !ok {
			return a, nil, errMissingEqualSign(token, header)
		}
		var i int
		var dst *string
		switch name {
		case paramCredential:
			i, dst = 0, &credential
		case paramSignature:
			i, dst = 1, &a.Signature
		case paramSignedHeaders:
			i, dst = 2, &a.SignedHeaders
		default:
			continue // AWS ignores parameters it does not know
		}
		if seen[i] {
			return a, nil, errDuplicateParameter(name)
		}
		seen[i], *dst = true, value
	}
	for i, p := range [...]string{paramCredential, paramSignature, paramSignedHeaders} {
		if !seen[i] {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		return Authorization{}, missing, nil
	}
	scope, ok := parseCredentialScope(credential)
	if !ok {
		return Authorization{}, nil, errCredentialElements(credential)
	}
	a.Credential = scope
	return a, nil, nil
}

// nextToken splits off one parameter. AWS separates parameters by commas
// and by whitespace alike: "Credential= AKID/..." is two tokens, the
// second one lacking an equal sign.
func nextToken(s string) (token, rest string) {
	i := strings.IndexAny(s, ", \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i+1:]
}

func parseCredentialScope(s string) (CredentialScope, bool) {
	var parts [5]string
	for i := range 4 {
		var ok bool
		parts[i], s, ok = strings.Cut(s, "/")
		if !ok {
			return CredentialScope{}, false
		}
	}
	if strings.Contains(s, "/") {
		return CredentialScope{}, false
	}
	parts[4] = s
	return CredentialScope{
		AccessKeyID: parts[0],
		Date:        parts[1],
		Region:      parts[2],
		Service:     parts[3],
		Terminator:  parts[4],
	}, true
}
