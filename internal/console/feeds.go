package console

import (
	"context"
	"net/http"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// Feeds is what the console consumes of the domain for calendar feeds.
type Feeds interface {
	CreateFeedToken(ctx context.Context, sc contacts.Scope, resourceARN string) (string, *contacts.FeedToken, error)
	ListFeedTokens(ctx context.Context, sc contacts.Scope, resourceARN string) ([]*contacts.FeedToken, error)
	RevokeFeedToken(ctx context.Context, sc contacts.Scope, id string) error
	FeedByToken(ctx context.Context, token string) (*contacts.Feed, error)
}

// feedPanel is the "Calendar feed" section of a rotation or contact.
type feedPanel struct {
	Action string // where the panel's forms post
	Tokens []*contacts.FeedToken
	NewURL string // the URL of a token just created (shown once)
}

// WebcalURL is NewURL for calendar applications that subscribe to
// webcal: links.
func (p *feedPanel) WebcalURL() string {
	_, rest, _ := strings.Cut(p.NewURL, "://")
	return "webcal://" + rest
}

func (h *Handler) feedPanel(r request, resourceARN, action, newURL string) (*feedPanel, error) {
	list, err := h.cfg.Domain.ListFeedTokens(r.ctx, r.sc(), resourceARN)
	if err != nil {
		return nil, err
	}
	return &feedPanel{Action: action, Tokens: list, NewURL: newURL}, nil
}

// baseURL is this server's URL as the browser reached it, or
// --public-url.
func (h *Handler) baseURL(r *http.Request) string {
	if h.cfg.PublicURL != "" {
		return strings.TrimSuffix(h.cfg.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// feedCreate makes a token and shows the page with its URL, once.
func (h *Handler) feedCreate(w http.ResponseWriter, r request, resourceARN string, show func(newURL string)) {
	token, _, err := h.cfg.Domain.CreateFeedToken(r.ctx, r.sc(), resourceARN)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	show(h.baseURL(r.Request) + Prefix + "feeds/" + token + ".ics")
}

func (h *Handler) feedRevoke(w http.ResponseWriter, r request, to string) {
	if err := h.cfg.Domain.RevokeFeedToken(r.ctx, r.sc(), r.PathValue("fid")); err != nil {
		h.fail(w, r, err)
		return
	}
	back(w, r, to, "Feed link revoked: calendars subscribed to it no longer update.")
}

func (h *Handler) rotationFeedCreate(w http.ResponseWriter, r request) {
	arn := r.sc().RotationARN(r.PathValue("id"))
	h.feedCreate(w, r, arn, func(u string) {
		h.rotationPageWith(w, r, http.StatusOK, overrideForm{}, u)
	})
}

func (h *Handler) rotationFeedRevoke(w http.ResponseWriter, r request) {
	h.feedRevoke(w, r, Prefix+"rotations/"+r.PathValue("id"))
}

func (h *Handler) contactFeedCreate(w http.ResponseWriter, r request) {
	arn := r.sc().ContactARN(r.PathValue("alias"))
	h.feedCreate(w, r, arn, func(u string) {
		h.contactPageWith(w, r, http.StatusOK, nil, u)
	})
}

func (h *Handler) contactFeedRevoke(w http.ResponseWriter, r request) {
	h.feedRevoke(w, r, Prefix+"contacts/"+r.PathValue("alias"))
}

// feed serves an iCalendar feed to whoever has its token: no session.
func (h *Handler) feed(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		http.NotFound(w, r)
		return
	}
	f, err := h.cfg.Domain.FeedByToken(r.Context(), token)
	switch contacts.KindOf(err) {
	case contacts.KindInternal:
		if err != nil {
			h.cfg.Logger.Error("console: feed", "error", err)
			http.Error(w, "The feed could not be computed; try again later.", http.StatusInternalServerError)
			return
		}
	default:
		http.Error(w, "No such feed: the link is wrong or was revoked.", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Write(renderICS(f, h.cfg.Clock.Now()))
}
