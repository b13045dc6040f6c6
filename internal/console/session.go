package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
)

// Cookie names.
const (
	sessionCookie = "ssmc_session"
	preCookie     = "ssmc_pre"    // the sign-in form's CSRF nonce
	regionCookie  = "ssmc_region" // the region last signed in to
)

// SessionLifetime is how long a sign-in lasts.
const SessionLifetime = 12 * time.Hour

// session is what the session cookie carries (signed).
type session struct {
	Key     string `json:"k"`
	Region  string `json:"r"`
	Zone    string `json:"z"`
	Expires int64  `json:"e"` // Unix seconds
	Nonce   string `json:"n"`
	Builtin bool   `json:"b,omitempty"`

	account string // from the credentials, not the cookie
	loc     *time.Location
}

func (s *session) scope() contacts.Scope { return contacts.Scope{Account: s.account, Region: s.Region} }

// sessions signs and opens session cookies.
type sessions struct {
	key   []byte
	creds *sigv4.Credentials
	now   func() time.Time
}

// mac signs payload, bound to the secret of the key it names: a changed
// secret ends the key's sessions.
func (s sessions) mac(payload []byte, secret string) []byte {
	h := hmac.New(sha256.New, s.key)
	h.Write(payload)
	h.Write([]byte{0})
	h.Write([]byte(secret))
	return h.Sum(nil)
}

func (s sessions) seal(sess *session) (string, error) {
	cred, ok := s.creds.Lookup(sess.Key)
	if !ok {
		return "", errors.New("unknown key")
	}
	payload, err := json.Marshal(sess)
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString(payload) + "." + enc.EncodeToString(s.mac(payload, cred.SecretAccessKey)), nil
}

// open returns the cookie's session, or nil when it is missing, forged,
// expired or its key is gone.
func (s sessions) open(r *http.Request) *session {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	body, sig, ok := strings.Cut(c.Value, ".")
	if !ok {
		return nil
	}
	enc := base64.RawURLEncoding
	payload, err1 := enc.DecodeString(body)
	mac, err2 := enc.DecodeString(sig)
	if err1 != nil || err2 != nil {
		return nil
	}
	var sess session
	if json.Unmarshal(payload, &sess) != nil {
		return nil
	}
	cred, ok := s.creds.Lookup(sess.Key)
	if !ok || !hmac.Equal(mac, s.mac(payload, cred.SecretAccessKey)) {
		return nil
	}
	if s.now().Unix() >= sess.Expires {
		return nil
	}
	sess.account = cred.AccountID
	sess.loc = loadZone(sess.Zone)
	return &sess
}

// csrf is the form token of a session (or of a sign-in form's nonce).
func (s sessions) csrf(nonce string) string {
	h := hmac.New(sha256.New, s.key)
	h.Write([]byte("csrf\x00" + nonce))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18])
}

func (s sessions) checkCSRF(nonce, token string) bool {
	return nonce != "" && subtle.ConstantTimeCompare([]byte(s.csrf(nonce)), []byte(token)) == 1
}

// checkSecret reports whether secret is the key's, in constant time.
func (s sessions) checkSecret(key, secret string) (sigv4.Credential, bool) {
	cred, ok := s.creds.Lookup(key)
	if !ok {
		// Compare anyway, so a wrong key takes as long as a wrong secret.
		subtle.ConstantTimeCompare([]byte(secret), []byte("not-a-secret-of-any-key"))
		return sigv4.Credential{}, false
	}
	return cred, subtle.ConstantTimeCompare([]byte(secret), []byte(cred.SecretAccessKey)) == 1
}

func newNonce() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func loadZone(name string) *time.Location {
	if name == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return time.UTC
	}
	return loc
}

// Failed sign-ins allowed per client address per window.
const (
	MaxFailedSignIns = 5
	SignInWindow     = 15 * time.Minute
)

// limiter counts failed sign-ins per client address.
type limiter struct {
	mu    sync.Mutex
	fails map[string]*failCount
}

type failCount struct {
	n     int
	since time.Time
}

// blocked reports how long client must wait before trying again (0: it
// may try now).
func (l *limiter) blocked(client string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.fails[client]
	if f == nil || now.Sub(f.since) >= SignInWindow {
		return 0
	}
	if f.n < MaxFailedSignIns {
		return 0
	}
	return f.since.Add(SignInWindow).Sub(now)
}

func (l *limiter) fail(client string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.fails == nil {
		l.fails = map[string]*failCount{}
	}
	if len(l.fails) > 10000 { // forget stale entries rather than grow
		for k, f := range l.fails {
			if now.Sub(f.since) >= SignInWindow {
				delete(l.fails, k)
			}
		}
	}
	f := l.fails[client]
	if f == nil || now.Sub(f.since) >= SignInWindow {
		f = &failCount{since: now}
		l.fails[client] = f
	}
	f.n++
}

func (l *limiter) succeed(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, client)
}

// clientOf is the address failed sign-ins are counted against.
func clientOf(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
