package sigv4

import (
	"crypto/sha256"
	"net/http"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
)

// Identity is who a verified request acts as.
type Identity struct {
	AccessKeyID string
	Account     string // 12 digits
	Region      string // from the credential scope
	// SessionToken is the X-Amz-Security-Token of session credentials,
	// set only when the client signed it.
	SessionToken string
}

// Config configures a Verifier.
type Config struct {
	Mode Mode
	// Credentials are the accepted keys; nil means BuiltinCredentials().
	Credentials *Credentials
	// Clock gives the time the request date is checked against; nil means
	// the wall clock.
	Clock clock.Clock
	// Service is the signing name credential scopes must carry; empty
	// means Service (ssm-contacts).
	Service string
}

// Verifier authenticates requests. It is safe for concurrent use.
type Verifier struct {
	mode  Mode
	creds *Credentials
	clock clock.Clock
	keys  keyCache // derived signing keys
	// service is the signing name checked in credential scopes.
	service string
}

// NewVerifier returns a Verifier for cfg.
func NewVerifier(cfg Config) *Verifier {
	v := &Verifier{mode: cfg.Mode, creds: cfg.Credentials, clock: cfg.Clock, keys: keyCache{max: maxCachedKeys}}
	if v.creds == nil {
		v.creds = BuiltinCredentials()
	}
	if v.clock == nil {
		v.clock = clock.Real{}
	}
	v.service = cfg.Service
	if v.service == "" {
		v.service = Service
	}
	return v
}

// Mode returns the verifier's mode.
func (v *Verifier) Mode() Mode { return v.mode }

// Verify authenticates r, whose body has already been read into body (r.Body
// is not touched). Every error is an *Error; its Kind says which wire error
// to answer with.
//
// The checks run in the order AWS reports them: the Authorization header
// and request date are parsed; Host, X-Amz-Target, the date header,
// X-Amz-Security-Token and X-Amz-Content-Sha256 (all but Host only when
// sent) must be signed; the date must be within MaxSkew of the clock; the
// credential scope must name a valid region, this service, aws4_request
// and the request's day; then the access key must be known,
// X-Amz-Content-Sha256 (if sent) must be the body's hash, and the signature
// must match.
func (v *Verifier) Verify(r *http.Request, body []byte) (Identity, error) {
	auth, signed, err := parseRequest(r.Header)
	if err != nil {
		return Identity{}, err
	}
	if err := checkSignedHeaders(auth, r.Header); err != nil {
		return Identity{}, err
	}
	if v.mode != ModeOff {
		if err := checkSkew(signed.time, v.clock.Now()); err != nil {
			return Identity{}, err
		}
	}
	if err := checkServiceScope(auth.Credential, signed.iso, v.service); err != nil {
		return Identity{}, err
	}
	if v.mode == ModeOff {
		return v.identityWithoutCheck(auth, r.Header), nil
	}
	cred, ok := v.creds.Lookup(auth.Credential.AccessKeyID)
	if !ok {
		return Identity{}, errUnrecognized()
	}
	payloadHash := sha256.Sum256(body)
	if err := checkContentSHA256(r.Header, payloadHash); err != nil {
		return Identity{}, err
	}
	if err := v.checkSignature(r, auth, signed.time, payloadHash, cred.SecretAccessKey); err != nil {
		return Identity{}, err
	}
	return identity(auth, cred.AccountID, r.Header), nil
}

// requestDate is the signing time and its ISO-8601 basic form, which is
// what the string to sign and the credential scope are built from.
type requestDate struct {
	time time.Time
	iso  string
}

// parseRequest reads the Authorization header and the request date,
// reporting every missing part in one message as AWS does.
func parseRequest(h http.Header) (Authorization, requestDate, error) {
	header, err := authorizationHeader(h)
	if err != nil {
		return Authorization{}, requestDate{}, err
	}
	auth, missing, perr := parseAuthorization(header)
	if perr != nil {
		return Authorization{}, requestDate{}, perr
	}
	t, datePresent, derr := requestTime(h)
	if len(missing) > 0 || !datePresent {
		return Authorization{}, requestDate{}, errIncomplete(missing, !datePresent, header)
	}
	if derr != nil {
		return Authorization{}, requestDate{}, derr
	}
	iso := h.Get("X-Amz-Date")
	if iso == "" {
		iso = formatAmzDate(t)
	}
	return auth, requestDate{time: t, iso: iso}, nil
}

// authorizationHeader returns the single Authorization header; a request
// without one is unsigned.
func authorizationHeader(h http.Header) (string, *Error) {
	values := h["Authorization"]
	switch {
	case len(values) > 1:
		return "", newError(KindIncompleteSignature, msgRepeatedHeader)
	case len(values) == 0 || values[0] == "":
		return "", errMissingToken()
	}
	return values[0], nil
}

func identity(auth Authorization, account string, h http.Header) Identity {
	id := Identity{
		AccessKeyID: auth.Credential.AccessKeyID,
		Account:     account,
		Region:      auth.Credential.Region,
	}
	if auth.Signs("x-amz-security-token") {
		id.SessionToken = h.Get("X-Amz-Security-Token")
	}
	return id
}

// identityWithoutCheck is ModeOff's identity. A configured key acts in its
// own account, as it does when signatures are checked, so that turning
// verification off never moves a client to another account. Any other key
// that looks like an account ID is taken as one, as other emulators do.
func (v *Verifier) identityWithoutCheck(auth Authorization, h http.Header) Identity {
	key := auth.Credential.AccessKeyID
	account := DefaultAccountID
	if cred, ok := v.creds.Lookup(key); ok {
		account = cred.AccountID
	} else if isAccountID(key) {
		account = key
	}
	return identity(auth, account, h)
}
