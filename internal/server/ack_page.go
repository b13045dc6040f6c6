package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"errors"
	"html/template"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
)

var (
	//go:embed ack_page.html
	ackPageHTML string
	//go:embed ack_page.css
	ackPageCSS string
)

// ackEngine is what the acknowledgement page needs of the engine.
type ackEngine interface {
	PageByLink(ctx context.Context, token string) (engage.AckView, error)
	AcceptByLink(ctx context.Context, token string) (pageARN string, err error)
}

// ackHandler serves the links in email pages. A GET (or HEAD) only shows
// what the link would acknowledge, with one button: mail scanners and
// link previewers fetch every link in a message, and must not stop an
// escalation with nobody awake. The button POSTs the token back, and
// that acknowledges (READ) the page. It is public: the signed, expiring
// token is the credential.
type ackHandler struct {
	engine ackEngine
	log    *slog.Logger
	page   *template.Template
	csp    string
}

func newAckHandler(engine ackEngine, log *slog.Logger) *ackHandler {
	funcs := template.FuncMap{
		"utc": func(t time.Time) string { return t.UTC().Format("Mon 2 Jan 2006, 15:04:05") },
		"iso": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		// An ARN is one long word; a narrow screen should break it
		// after a colon or slash, not inside the account number.
		"arnParts": func(arn string) []string { return strings.SplitAfterN(arn, ":", 6) },
	}
	sum := sha256.Sum256([]byte(ackPageCSS))
	return &ackHandler{
		engine: engine, log: log,
		page: template.Must(template.New("ack").Funcs(funcs).Parse(ackPageHTML)),
		// Nothing but the page's own style; no framing, so that the
		// button cannot be clicked through a decoy (clickjacking).
		csp: "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; " +
			"form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
	}
}

// ackPage is what the template shows.
type ackPage struct {
	Title  string
	Tone   string // ask, done or fail: the heading's colour
	Note   string
	View   *engage.AckView
	Token  string // when set, the page has the Acknowledge button
	Action string
	CSS    template.CSS
}

func (h *ackHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("Referrer-Policy", "no-referrer")
	hdr.Set("X-Frame-Options", "DENY")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Content-Security-Policy", h.csp)
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		h.confirm(w, r)
	case http.MethodPost:
		h.acknowledge(w, r)
	default:
		hdr.Set("Allow", "GET, HEAD, POST")
		h.fail(w, http.StatusMethodNotAllowed, "Open the link in the email to acknowledge the page.")
	}
}

// confirm shows what the link names and changes nothing.
func (h *ackHandler) confirm(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("t")
	v, err := h.engine.PageByLink(r.Context(), token)
	if err != nil {
		h.failWith(w, err)
		return
	}
	if v.ReadTime != nil {
		h.render(w, http.StatusOK, alreadyAcknowledged(&v))
		return
	}
	h.render(w, http.StatusOK, ackPage{Title: "Acknowledge the page?", Tone: "ask", View: &v,
		Note:  "Nothing is acknowledged until you press the button.",
		Token: token, Action: path.Base(engage.AckPath)})
}

// alreadyAcknowledged is the page shown for a page read before.
func alreadyAcknowledged(v *engage.AckView) ackPage {
	return ackPage{Title: "Already acknowledged", Tone: "done",
		Note: "Nothing more to do: it was acknowledged before.", View: v}
}

// acknowledge records the READ receipt the form's token carries.
func (h *ackHandler) acknowledge(w http.ResponseWriter, r *http.Request) {
	token, ok := h.formToken(w, r)
	if !ok {
		return
	}
	before, err := h.engine.PageByLink(r.Context(), token)
	if err != nil {
		h.failWith(w, err)
		return
	}
	if before.ReadTime != nil {
		h.render(w, http.StatusOK, alreadyAcknowledged(&before))
		return
	}
	if _, err := h.engine.AcceptByLink(r.Context(), token); err != nil {
		h.failWith(w, err)
		return
	}
	h.acknowledged(r.Context(), w, token)
}

// formToken reads the token of the confirmation page's form.
func (h *ackHandler) formToken(w http.ResponseWriter, r *http.Request) (string, bool) {
	// The form is only ever on this server's own page, so a browser
	// never sends it cross-site legitimately. The token is what guards
	// the page (whoever has it can POST from anywhere); this only keeps
	// another site's page from pressing the button for the responder.
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		h.fail(w, http.StatusForbidden, "The acknowledgement did not come from this server's page. Open the link in the email again.")
		return "", false
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		h.fail(w, http.StatusUnsupportedMediaType, "Use the Acknowledge button on the link's page.")
		return "", false
	}
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		h.fail(w, http.StatusBadRequest, "The form could not be read. Open the link in the email again.")
		return "", false
	}
	return r.PostForm.Get("t"), true
}

// acknowledged answers a successful acknowledgement, rereading the page
// for the time recorded. The acknowledgement stands even if that read
// fails, so the answer does not say otherwise.
func (h *ackHandler) acknowledged(ctx context.Context, w http.ResponseWriter, token string) {
	p := ackPage{Title: "Acknowledged", Tone: "done", Note: "You will not be paged further for this engagement."}
	if v, err := h.engine.PageByLink(ctx, token); err == nil {
		p.View = &v
	} else {
		h.log.Error("acknowledgement page: reread after acknowledging", "error", err)
	}
	h.render(w, http.StatusOK, p)
}

// failWith shows why a link did nothing.
func (h *ackHandler) failWith(w http.ResponseWriter, err error) {
	switch contacts.KindOf(err) {
	case contacts.KindValidation:
		h.fail(w, http.StatusBadRequest, ackProblem(err)+". Nothing was acknowledged.")
	case contacts.KindNotFound:
		h.fail(w, http.StatusNotFound, "The page this link names no longer exists. Nothing was acknowledged.")
	default:
		h.log.Error("acknowledgement link", "error", err)
		h.fail(w, http.StatusInternalServerError, "The server could not look up the page. Nothing was acknowledged; try again.")
	}
}

// ackProblem is a link's validation error as a person should read it:
// the message without the API's "validation:" kind and AWS's prefix.
func ackProblem(err error) string {
	var e *contacts.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	return strings.TrimPrefix(e.Message, "Invalid value provided - ")
}

func (h *ackHandler) fail(w http.ResponseWriter, status int, note string) {
	h.render(w, status, ackPage{Title: "Not acknowledged", Tone: "fail", Note: note})
}

// render writes the page whole, so that a template error is a 500 rather
// than half a page.
func (h *ackHandler) render(w http.ResponseWriter, status int, p ackPage) {
	p.CSS = template.CSS(ackPageCSS)
	var buf bytes.Buffer
	if err := h.page.Execute(&buf, p); err != nil {
		h.log.Error("acknowledgement page", "error", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
