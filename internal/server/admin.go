package server

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// adminGuard keeps the /_ssmcontacts admin endpoints (outbox, clock) to
// the operator. A loopback client is not enough: a web page open on this
// machine is a loopback client too. So besides the client's address it
// checks
//   - the Host, against DNS rebinding (a page whose own name resolves to
//     127.0.0.1 could otherwise read activation and accept codes);
//   - for state-changing methods, the signs of a cross-site browser
//     request: an Origin not ours, Sec-Fetch-Site other than same-origin
//     or none, and a body a page can send without a CORS preflight (any
//     Content-Type but application/json).
//
// The admin token passes every check: a page cannot attach it without a
// preflight, which this server never grants.
type adminGuard struct {
	token string
	// publicHost and publicOrigin come from --public-url: a reverse
	// proxy on this machine may forward its Host and Origin.
	publicHost, publicOrigin string
}

func newAdminGuard(token, publicURL string) adminGuard {
	g := adminGuard{token: token}
	if u, err := url.Parse(publicURL); err == nil && u.Host != "" {
		g.publicHost = strings.ToLower(u.Hostname())
		g.publicOrigin = strings.ToLower(u.Scheme + "://" + u.Host)
	}
	return g
}

// wrap serves next to the requests the guard lets through, and answers
// the others 403 with a JSON error that says what to do.
func (g adminGuard) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !hasToken(r, g.token) {
			if why := g.refusal(r); why != "" {
				writeAdminJSON(w, http.StatusForbidden, map[string]string{
					"error": why + " (or send the admin token, --admin-token, as a Bearer token)",
				})
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// refusal says why r may not be served without the token, or "".
func (g adminGuard) refusal(r *http.Request) string {
	if !isLoopback(r.RemoteAddr) {
		return "this endpoint is served to loopback clients only"
	}
	if !g.ourHost(r.Host) {
		return fmt.Sprintf("Host %q is not this server: use a loopback name or address (localhost, 127.0.0.1, [::1]) or the host of --public-url", r.Host)
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return ""
	}
	if o := r.Header.Get("Origin"); o != "" && !g.ourOrigin(o, r.Host) {
		return fmt.Sprintf("Origin %q is not this server: web pages may not change state here", o)
	}
	if s := r.Header.Get("Sec-Fetch-Site"); s != "" && s != "same-origin" && s != "none" {
		return fmt.Sprintf("Sec-Fetch-Site %q: web pages may not change state here", s)
	}
	if ct := r.Header.Get("Content-Type"); (ct != "" || r.Method != http.MethodDelete) && !isJSON(ct) {
		return fmt.Sprintf("Content-Type %q: send the body as Content-Type: application/json (curl: -H 'Content-Type: application/json')", ct)
	}
	return ""
}

// ourHost reports whether a Host header names this server: "localhost",
// a loopback address, or the host of --public-url; any port.
func (g adminGuard) ourHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	if host == "localhost" || (g.publicHost != "" && host == g.publicHost) {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ourOrigin reports whether origin is the one the request was sent to
// (host already checked by ourHost, port included) or --public-url's.
func (g adminGuard) ourOrigin(origin, host string) bool {
	origin = strings.ToLower(origin)
	return origin == "http://"+strings.ToLower(host) || (g.publicOrigin != "" && origin == g.publicOrigin)
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/json"
}

func isLoopback(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func hasToken(r *http.Request, token string) bool {
	if token == "" {
		return false
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
}

func writeAdminJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
