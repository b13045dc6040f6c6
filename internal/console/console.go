package console

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/api/validate"
	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// Prefix is where the console is served.
const Prefix = "/console/"

var (
	//go:embed templates/*.html
	templateFS embed.FS
	//go:embed static
	staticFS embed.FS
)

// Domain is what the console consumes of the contacts service.
type Domain interface {
	ListContacts(ctx context.Context, sc contacts.Scope, in contacts.ListContactsInput) ([]*contacts.Contact, string, error)
	GetContact(ctx context.Context, sc contacts.Scope, contactID string) (*contacts.Contact, error)
	ListContactChannels(ctx context.Context, sc contacts.Scope, in contacts.ListContactChannelsInput) ([]*contacts.Channel, string, error)
	SendActivationCode(ctx context.Context, sc contacts.Scope, channelID string) error
	ActivateContactChannel(ctx context.Context, sc contacts.Scope, channelID, code string) error
	ListTagsForResource(ctx context.Context, sc contacts.Scope, resourceARN string) ([]contacts.Tag, error)
	ListRotations(ctx context.Context, sc contacts.Scope, in contacts.ListRotationsInput) ([]*contacts.Rotation, string, error)
	GetRotation(ctx context.Context, sc contacts.Scope, id string) (*contacts.Rotation, error)
	ListRotationShifts(ctx context.Context, sc contacts.Scope, rotationID string, in contacts.ShiftsInput) ([]contacts.Shift, string, error)
	CreateRotationOverride(ctx context.Context, sc contacts.Scope, in contacts.CreateRotationOverrideInput) (string, error)
	DeleteRotationOverride(ctx context.Context, sc contacts.Scope, rotationID, overrideID string) error
	ListRotationOverrides(ctx context.Context, sc contacts.Scope, rotationID string, start, end time.Time, maxResults *int, nextToken string) (string, []*contacts.Override, string, error)
	ListOutbox(ctx context.Context, f contacts.OutboxFilter) ([]*contacts.Message, error)
	Feeds
}

// Engine is what the console consumes of the engagement engine, which
// owns the engagement and page operations.
type Engine interface {
	ListEngagements(ctx context.Context, sc contacts.Scope, in engage.ListEngagementsInput) ([]*contacts.Engagement, string, error)
	DescribeEngagement(ctx context.Context, sc contacts.Scope, id string) (*contacts.Engagement, error)
	DescribePage(ctx context.Context, sc contacts.Scope, id string) (engage.PageView, error)
	ListPagesByEngagement(ctx context.Context, sc contacts.Scope, in engage.ListPagesInput) ([]engage.PageView, string, error)
	ListPageReceipts(ctx context.Context, sc contacts.Scope, pageID string, maxResults *int, nextToken string) ([]*contacts.Receipt, string, error)
	AcceptPage(ctx context.Context, sc contacts.Scope, in engage.AcceptPageInput) error
	StopEngagement(ctx context.Context, sc contacts.Scope, engagementID string, reason *string) error
}

// Config wires a Handler.
type Config struct {
	Domain      Domain
	Engine      Engine
	Model       *model.Service
	Credentials *sigv4.Credentials
	// Clock is the service's clock (what "now" is on the calendar; a
	// controllable clock in tests). Sessions and sign-in limits run on
	// WallClock.
	Clock     clock.Clock
	WallClock clock.Clock
	// SessionKey signs session cookies and CSRF tokens (a stored secret,
	// so sessions survive restarts).
	SessionKey []byte
	// Secure marks cookies Secure (--public-url is https).
	Secure bool
	// PublicURL is the base of feed links (--public-url); default: the
	// URL the browser used.
	PublicURL string
	// Local reports whether a request comes from this machine (loopback
	// address and a Host naming this server): one-click sign-in as the
	// built-in key is offered there.
	Local func(*http.Request) bool
	// Admin reports whether a request may see the outbox (loopback, or
	// the admin token).
	Admin  func(*http.Request) bool
	Logger *slog.Logger
}

// Handler serves the console under Prefix.
type Handler struct {
	cfg       Config
	sess      sessions
	limit     limiter
	validator *validate.Validator
	// pages are parsed on first render, not at start-up (a server that
	// nobody opens the console of pays nothing); TestPagesParse parses
	// them all.
	pagesOnce sync.Once
	pages     map[string]*template.Template
	pagesErr  error
	mux       *http.ServeMux
	csp       string
}

// New returns the console handler.
func New(cfg Config) (*Handler, error) {
	if cfg.Domain == nil || cfg.Engine == nil || cfg.Model == nil || cfg.Credentials == nil || cfg.Clock == nil || len(cfg.SessionKey) == 0 {
		return nil, errors.New("console: Domain, Engine, Model, Credentials, Clock and SessionKey are required")
	}
	if cfg.WallClock == nil {
		cfg.WallClock = clock.Real{}
	}
	if cfg.Local == nil {
		cfg.Local = func(*http.Request) bool { return false }
	}
	if cfg.Admin == nil {
		cfg.Admin = cfg.Local
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	v, err := validate.New(cfg.Model)
	if err != nil {
		return nil, err
	}
	h := &Handler{
		cfg: cfg, validator: v,
		sess: sessions{key: cfg.SessionKey, creds: cfg.Credentials, now: cfg.WallClock.Now},
		csp: "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
			"form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
	}
	h.routes()
	return h, nil
}

func (h *Handler) routes() {
	m := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	m.Handle("GET /console/static/", http.StripPrefix("/console/static/", staticHandler(static)))
	m.HandleFunc("GET /console/signin", h.signInForm)
	m.HandleFunc("POST /console/signin", h.signIn)
	m.HandleFunc("POST /console/signout", h.signOut)
	m.HandleFunc("GET /console/{$}", h.authed(h.now))
	m.HandleFunc("GET /console/contacts", h.authed(h.contactList))
	m.HandleFunc("GET /console/contacts/{alias}", h.authed(h.contactView))
	m.HandleFunc("POST /console/contacts/{alias}/channels/{id}/send-code", h.authed(h.sendCode))
	m.HandleFunc("POST /console/contacts/{alias}/channels/{id}/activate", h.authed(h.activate))
	m.HandleFunc("GET /console/rotations", h.authed(h.rotationList))
	m.HandleFunc("GET /console/rotations/{id}", h.authed(h.rotationView))
	m.HandleFunc("POST /console/rotations/{id}/overrides", h.authed(h.overrideAdd))
	m.HandleFunc("POST /console/rotations/{id}/overrides/{oid}/delete", h.authed(h.overrideDelete))
	m.HandleFunc("GET /console/engagements", h.authed(h.engagementList))
	m.HandleFunc("GET /console/engagements/{alias}/{id}", h.authed(h.engagementView))
	m.HandleFunc("POST /console/engagements/{alias}/{id}/stop", h.authed(h.engagementStop))
	m.HandleFunc("POST /console/pages/{alias}/{id}/acknowledge", h.authed(h.acknowledge))
	m.HandleFunc("GET /console/outbox", h.authed(h.outbox))
	m.HandleFunc("POST /console/rotations/{id}/feeds", h.authed(h.rotationFeedCreate))
	m.HandleFunc("POST /console/rotations/{id}/feeds/{fid}/revoke", h.authed(h.rotationFeedRevoke))
	m.HandleFunc("POST /console/contacts/{alias}/feeds", h.authed(h.contactFeedCreate))
	m.HandleFunc("POST /console/contacts/{alias}/feeds/{fid}/revoke", h.authed(h.contactFeedRevoke))
	m.HandleFunc("GET /console/feeds/{file}", h.feed)
	m.HandleFunc("/console/", func(w http.ResponseWriter, r *http.Request) {
		h.render(w, r, http.StatusNotFound, "notfound", nil, &view{Title: "Not found"})
	})
	h.mux = m
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Content-Security-Policy", h.csp)
	hdr.Set("X-Frame-Options", "DENY")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "same-origin")
	if r.URL.Path == "/console" {
		http.Redirect(w, r, Prefix, http.StatusFound)
		return
	}
	h.mux.ServeHTTP(w, r)
}

func staticHandler(fsys fs.FS) http.Handler {
	files := http.FileServerFS(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=300")
		files.ServeHTTP(w, r)
	})
}

// request is one signed-in request.
type request struct {
	*http.Request
	sess *session
	ctx  context.Context
}

func (r request) sc() contacts.Scope { return r.sess.scope() }

// authed serves fn to signed-in requests; others go to the sign-in page
// (GET) or are refused (POST). Every POST must carry the session's CSRF
// token.
func (h *Handler) authed(fn func(http.ResponseWriter, request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		sess := h.sess.open(r)
		if sess == nil {
			if r.Method == http.MethodGet {
				to := "/console/signin"
				if r.URL.Path != Prefix {
					to += "?next=" + urlQueryEscape(r.URL.RequestURI())
				}
				http.Redirect(w, r, to, http.StatusSeeOther)
				return
			}
			h.render(w, r, http.StatusUnauthorized, "message", nil, &view{Title: "Signed out",
				Message: "Your session has ended. Sign in again and repeat the action."})
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
			if err := r.ParseForm(); err != nil || !h.sess.checkCSRF(sess.Nonce, r.PostForm.Get("csrf")) || r.Header.Get("Sec-Fetch-Site") == "cross-site" {
				h.render(w, r, http.StatusForbidden, "message", sess, &view{Title: "Refused",
					Message: "The form was not sent from this console page (its security token is missing or stale). Reload the page and try again."})
				return
			}
		}
		fn(w, request{Request: r, sess: sess, ctx: r.Context()})
	}
}

// view is what every page template gets.
type view struct {
	Title   string
	Nav     string // the section to highlight
	Session *session
	CSRF    string
	Account string
	Zone    string
	Now     time.Time
	Admin   bool
	Flash   string
	Message string
	Data    any
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, page string, sess *session, v *view) {
	h.pagesOnce.Do(func() { h.pages, h.pagesErr = parsePages() })
	t := h.pages[page]
	if h.pagesErr != nil || t == nil {
		h.cfg.Logger.Error("console: templates", "page", page, "error", h.pagesErr)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if sess != nil {
		v.Session, v.CSRF, v.Account = sess, h.sess.csrf(sess.Nonce), sess.account
		v.Zone = sess.loc.String()
		v.Admin = h.cfg.Admin(r)
	}
	v.Now = h.cfg.Clock.Now()
	if v.Flash == "" {
		v.Flash = r.URL.Query().Get("done")
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		h.cfg.Logger.Error("console: render", "page", page, "error", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// fail shows an error that concerns the whole page.
func (h *Handler) fail(w http.ResponseWriter, r request, err error) {
	status, msg := http.StatusInternalServerError, "The server could not do that. Try again; the server log has the details."
	switch contacts.KindOf(err) {
	case contacts.KindNotFound:
		status, msg = http.StatusNotFound, messageOf(err)
	case contacts.KindValidation, contacts.KindConflict, contacts.KindQuotaExceeded:
		status, msg = http.StatusBadRequest, messageOf(err)
	case contacts.KindAccessDenied:
		status, msg = http.StatusForbidden, messageOf(err)
	case contacts.KindThrottling:
		status, msg = http.StatusTooManyRequests, messageOf(err)
	default:
		h.cfg.Logger.Error("console", "path", r.URL.Path, "error", err)
	}
	h.render(w, r.Request, status, "message", r.sess, &view{Title: http.StatusText(status), Message: msg})
}

// back redirects after a successful action (POST, redirect, GET), with a
// note for the next page.
func back(w http.ResponseWriter, r request, to, done string) {
	if done != "" {
		sep := "?"
		if strings.Contains(to, "?") {
			sep = "&"
		}
		to += sep + "done=" + urlQueryEscape(done)
	}
	http.Redirect(w, r.Request, to, http.StatusSeeOther)
}
