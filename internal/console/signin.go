package console

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
)

// isRegionName reports two lowercase letters, one or more "-" and
// lowercase letters, then "-" and one or two digits ("eu-central-1"):
// `^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$`, written out rather than compiled at
// package init by every run of the binary.
func isRegionName(s string) bool {
	i := strings.LastIndexByte(s, '-')
	if i < 0 || len(s)-i-1 < 1 || len(s)-i-1 > 2 {
		return false
	}
	for _, c := range []byte(s[i+1:]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	parts := strings.Split(s[:i], "-")
	if len(parts) < 2 || len(parts[0]) != 2 {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
		for _, c := range []byte(p) {
			if c < 'a' || c > 'z' {
				return false
			}
		}
	}
	return true
}

// signInData is the sign-in page.
type signInData struct {
	Key, Region, Zone, Next string
	Errors                  formErrors
	Builtin                 bool // offer the one-click built-in sign-in
	BuiltinAccount          string
	PreCSRF                 string
	Regions                 []string
}

var commonRegions = []string{"us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "eu-north-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-south-1", "ca-central-1", "sa-east-1"}

func (h *Handler) builtinOffered(r *http.Request) (string, bool) {
	c, ok := h.cfg.Credentials.Lookup(sigv4.BuiltinAccessKeyID)
	if !ok || c.SecretAccessKey != sigv4.BuiltinSecretAccessKey || !h.cfg.Local(r) {
		return "", false
	}
	return c.AccountID, true
}

func (h *Handler) signInForm(w http.ResponseWriter, r *http.Request) {
	if sess := h.sess.open(r); sess != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	d := &signInData{Region: "us-east-1", Zone: "UTC", Next: r.URL.Query().Get("next")}
	if c, err := r.Cookie(regionCookie); err == nil && isRegionName(c.Value) {
		d.Region = c.Value
	}
	h.signInPage(w, r, http.StatusOK, d)
}

// signInPage renders the form with a fresh CSRF nonce cookie.
func (h *Handler) signInPage(w http.ResponseWriter, r *http.Request, status int, d *signInData) {
	w.Header().Set("Cache-Control", "no-store")
	nonce := ""
	if c, err := r.Cookie(preCookie); err == nil && len(c.Value) >= 16 {
		nonce = c.Value
	} else {
		nonce = newNonce()
		http.SetCookie(w, h.cookie(preCookie, nonce, 0))
	}
	d.PreCSRF = h.sess.csrf("pre\x00" + nonce)
	d.BuiltinAccount, d.Builtin = h.builtinOffered(r)
	d.Regions = commonRegions
	h.render(w, r, status, "signin", nil, &view{Title: "Sign in", Data: d})
}

func (h *Handler) signIn(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	f := r.PostForm
	d := &signInData{Key: strings.TrimSpace(f.Get("key")), Region: strings.TrimSpace(f.Get("region")),
		Zone: strings.TrimSpace(f.Get("zone")), Next: f.Get("next"), Errors: formErrors{}}
	pre, _ := r.Cookie(preCookie)
	if pre == nil || !h.sess.checkCSRF("pre\x00"+pre.Value, f.Get("csrf")) || r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		d.Errors[""] = "The form was stale or not sent from this page. Sign in again."
		h.signInPage(w, r, http.StatusForbidden, d)
		return
	}
	client, now := clientOf(r), h.cfg.WallClock.Now()
	if wait := h.limit.blocked(client, now); wait > 0 {
		d.Errors[""] = fmt.Sprintf("Too many failed sign-ins from your address. Try again in %d minutes.", int(wait.Minutes())+1)
		h.signInPage(w, r, http.StatusTooManyRequests, d)
		return
	}
	if f.Get("builtin") == "1" {
		if _, ok := h.builtinOffered(r); !ok {
			d.Errors[""] = "One-click sign-in is only offered on this machine's loopback address."
			h.signInPage(w, r, http.StatusForbidden, d)
			return
		}
		d.Key = sigv4.BuiltinAccessKeyID
	} else if _, ok := h.sess.checkSecret(d.Key, f.Get("secret")); !ok {
		h.limit.fail(client, now)
		d.Errors["secret"] = "The access key ID or secret access key is not one this server accepts."
		h.signInPage(w, r, http.StatusUnauthorized, d)
		return
	}
	if d.Region == "" {
		d.Region = "us-east-1"
	}
	if !isRegionName(d.Region) {
		d.Errors["region"] = fmt.Sprintf("%q is not a region name such as us-east-1 or eu-west-2.", d.Region)
		h.signInPage(w, r, http.StatusBadRequest, d)
		return
	}
	if d.Zone == "" {
		d.Zone = "UTC"
	}
	if loc, err := time.LoadLocation(d.Zone); err != nil || d.Zone == "Local" || loc == nil {
		d.Errors["zone"] = fmt.Sprintf("%q is not an IANA time zone such as Europe/London or America/New_York.", d.Zone)
		h.signInPage(w, r, http.StatusBadRequest, d)
		return
	}
	h.limit.succeed(client)
	sess := &session{Key: d.Key, Region: d.Region, Zone: d.Zone, Nonce: newNonce(),
		Expires: now.Add(SessionLifetime).Unix(), Builtin: f.Get("builtin") == "1"}
	value, err := h.sess.seal(sess)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	http.SetCookie(w, h.cookie(sessionCookie, value, SessionLifetime))
	http.SetCookie(w, h.cookie(regionCookie, d.Region, 365*24*time.Hour))
	http.SetCookie(w, h.cookie(preCookie, "", -1))
	http.Redirect(w, r, safeNext(d.Next), http.StatusSeeOther)
}

func (h *Handler) signOut(w http.ResponseWriter, r *http.Request) {
	sess := h.sess.open(r)
	if sess != nil {
		if err := r.ParseForm(); err != nil || !h.sess.checkCSRF(sess.Nonce, r.PostForm.Get("csrf")) {
			http.Error(w, "stale form: reload the page", http.StatusForbidden)
			return
		}
	}
	http.SetCookie(w, h.cookie(sessionCookie, "", -1))
	http.Redirect(w, r, "/console/signin", http.StatusSeeOther)
}

// cookie is a console cookie: HttpOnly, SameSite=Lax, Secure behind
// https. maxAge 0 is a browser-session cookie; negative deletes.
func (h *Handler) cookie(name, value string, maxAge time.Duration) *http.Cookie {
	c := &http.Cookie{Name: name, Value: value, Path: Prefix, HttpOnly: true, Secure: h.cfg.Secure, SameSite: http.SameSiteLaxMode}
	switch {
	case maxAge < 0:
		c.MaxAge = -1
	case maxAge > 0:
		c.MaxAge = int(maxAge.Seconds())
	}
	return c
}

// safeNext keeps a post-sign-in redirect inside the console.
func safeNext(next string) string {
	if !strings.HasPrefix(next, Prefix) || strings.HasPrefix(next, "//") || strings.Contains(next, `\`) {
		return Prefix
	}
	return next
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
