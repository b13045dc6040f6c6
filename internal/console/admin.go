package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
)

// AdminDomain is what the admin endpoints consume of the domain.
type AdminDomain interface {
	ListOutbox(ctx context.Context, f contacts.OutboxFilter) ([]*contacts.Message, error)
	ClearOutbox(ctx context.Context) (int, error)
}

// AdminEngine moves the engine's controllable clock.
type AdminEngine interface {
	AdvanceTo(ctx context.Context, target time.Time) error
}

// SharedClock is a controllable clock that several replicas share (on
// PostgreSQL): its value is read from the database, and moving it moves
// it for every replica. It only moves forward.
type SharedClock interface {
	// Load reads the clock's value.
	Load(ctx context.Context) (time.Time, error)
	// AdvanceTo moves it forward to target and returns when the work due
	// on the way is done, whichever replica did it.
	AdvanceTo(ctx context.Context, target time.Time) error
}

// Admin serves the operator's JSON endpoints under /_ssmcontacts/
// (outbox and clock): the HTTP adapter beside the console, over the same
// domain. Who may call them is the server's to decide (it wraps them in
// its admin guard).
type Admin struct {
	Domain AdminDomain
	Engine AdminEngine
	Clock  clock.Clock
	// Shared, when set, is the controllable clock the replicas share:
	// the clock endpoints read and move it instead of Clock and Engine.
	Shared SharedClock
}

// Register adds the endpoints to mux, each wrapped by guard.
func (a *Admin) Register(mux *http.ServeMux, guard func(http.Handler) http.Handler) {
	mux.Handle("GET /_ssmcontacts/outbox", guard(http.HandlerFunc(a.outboxGet)))
	mux.Handle("DELETE /_ssmcontacts/outbox", guard(http.HandlerFunc(a.outboxDelete)))
	mux.Handle("GET /_ssmcontacts/clock", guard(http.HandlerFunc(a.clockGet)))
	mux.Handle("POST /_ssmcontacts/clock", guard(http.HandlerFunc(a.clockPost)))
}

// writeAdminJSON answers an admin endpoint.
func writeAdminJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// outboxMessage is one message as GET /_ssmcontacts/outbox shows it.
type outboxMessage struct {
	ID                string  `json:"id"`
	Account           string  `json:"account"`
	Region            string  `json:"region"`
	Kind              string  `json:"kind"`
	ChannelArn        string  `json:"channelArn"`
	ContactArn        string  `json:"contactArn"`
	ChannelType       string  `json:"channelType"`
	Address           string  `json:"address"`
	Subject           string  `json:"subject"`
	Body              string  `json:"body"`
	Code              string  `json:"code"`
	PageArn           string  `json:"pageArn,omitempty"`
	EngagementArn     string  `json:"engagementArn,omitempty"`
	AckURL            string  `json:"ackUrl,omitempty"`
	Status            string  `json:"status"`
	Attempts          int     `json:"attempts"`
	Error             string  `json:"error,omitempty"`
	Transport         string  `json:"transport,omitempty"`
	ProviderMessageID string  `json:"providerMessageId,omitempty"`
	CreatedAt         string  `json:"createdAt"`
	SentAt            *string `json:"sentAt,omitempty"`
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// outboxGet lists recorded messages, newest first. Query parameters:
// channelArn, address, kind (ACTIVATION|PAGE), account, limit (default 100).
func (a *Admin) outboxGet(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := contacts.OutboxFilter{
		ChannelARN: q.Get("channelArn"), Address: q.Get("address"),
		Kind: contacts.MessageKind(q.Get("kind")), Account: q.Get("account"), Limit: 100,
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 10000 {
			writeAdminJSON(w, http.StatusBadRequest, map[string]string{"error": "limit must be a number from 1 to 10000"})
			return
		}
		f.Limit = n
	}
	list, err := a.Domain.ListOutbox(r.Context(), f)
	if err != nil {
		writeAdminJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
		return
	}
	out := make([]outboxMessage, 0, len(list))
	for _, msg := range list {
		o := outboxMessage{
			ID: msg.ID, Account: msg.Scope.Account, Region: msg.Scope.Region, Kind: string(msg.Kind),
			ChannelArn: msg.ChannelARN, ContactArn: msg.ContactARN, ChannelType: string(msg.ChannelType),
			Address: msg.Address, Subject: msg.Subject, Body: msg.Body, Code: msg.Code, PageArn: msg.PageARN,
			EngagementArn: msg.EngagementARN, AckURL: msg.AckURL, Status: string(msg.Status), Attempts: msg.Attempts,
			Error: msg.Error, Transport: msg.Transport, ProviderMessageID: msg.ProviderMessageID,
			CreatedAt: rfc3339(msg.CreatedAt),
		}
		if msg.SentAt != nil {
			s := rfc3339(*msg.SentAt)
			o.SentAt = &s
		}
		out = append(out, o)
	}
	writeAdminJSON(w, http.StatusOK, map[string]any{"messages": out})
}

// outboxDelete clears the outbox.
func (a *Admin) outboxDelete(w http.ResponseWriter, r *http.Request) {
	n, err := a.Domain.ClearOutbox(r.Context())
	if err != nil {
		writeAdminJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
		return
	}
	writeAdminJSON(w, http.StatusOK, map[string]int{"deleted": n})
}

type clockState struct {
	Now          string `json:"now"`
	EpochMillis  int64  `json:"epochMillis"`
	Controllable bool   `json:"controllable"`
}

// clockNow is the clock's value: a shared clock's is read from the
// database, as another replica may have just moved it.
func (a *Admin) clockNow(ctx context.Context) (time.Time, error) {
	if a.Shared != nil {
		return a.Shared.Load(ctx)
	}
	return a.Clock.Now(), nil
}

func (a *Admin) clockState(ctx context.Context) (clockState, error) {
	now, err := a.clockNow(ctx)
	if err != nil {
		return clockState{}, err
	}
	_, ok := a.Clock.(*clock.Controllable)
	return clockState{Now: rfc3339(now), EpochMillis: now.UnixMilli(), Controllable: ok || a.Shared != nil}, nil
}

func (a *Admin) writeClockState(w http.ResponseWriter, r *http.Request) {
	st, err := a.clockState(r.Context())
	if err != nil {
		writeAdminJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
		return
	}
	writeAdminJSON(w, http.StatusOK, st)
}

func (a *Admin) clockGet(w http.ResponseWriter, r *http.Request) {
	a.writeClockState(w, r)
}

// clockPost moves a controllable clock: {"advance": "15m"} or
// {"set": "2026-01-02T15:04:05Z"}. It returns when the work that became
// due has been done. A shared clock only moves forward: a set to an
// earlier time is refused (409).
func (a *Admin) clockPost(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Advance string `json:"advance"`
		Set     string `json:"set"`
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err := json.Unmarshal(body, &req); err != nil || (req.Advance == "") == (req.Set == "") {
		writeAdminJSON(w, http.StatusBadRequest, map[string]string{"error": `send {"advance": "<Go duration, e.g. 15m>"} or {"set": "<RFC 3339 time>"}`})
		return
	}
	now, err := a.clockNow(r.Context())
	if err != nil {
		writeAdminJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
		return
	}
	target := now
	if req.Advance != "" {
		d, err := time.ParseDuration(req.Advance)
		if err != nil || d < 0 {
			writeAdminJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("advance %q is not a non-negative duration such as 90s or 15m", req.Advance)})
			return
		}
		target = now.Add(d)
	} else {
		t, err := time.Parse(time.RFC3339Nano, req.Set)
		if err != nil {
			writeAdminJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("set %q is not an RFC 3339 time", req.Set)})
			return
		}
		target = t
	}
	if a.Shared != nil {
		a.advanceShared(w, r, now, target)
		return
	}
	if !target.After(now) {
		// Going back is allowed (a test may want a fixed date); timers
		// already due stay due.
		if ctrl, ok := a.Clock.(*clock.Controllable); ok {
			ctrl.Set(target)
		}
	}
	if err := a.Engine.AdvanceTo(r.Context(), target); err != nil {
		status := http.StatusInternalServerError
		if errors.Is(err, engage.ErrNotControllable) {
			status = http.StatusConflict
		}
		writeAdminJSON(w, status, map[string]string{"error": err.Error()})
		return
	}
	a.writeClockState(w, r)
}

// advanceShared moves the shared clock from now to target.
func (a *Admin) advanceShared(w http.ResponseWriter, r *http.Request, now, target time.Time) {
	if target.Before(now) {
		writeAdminJSON(w, http.StatusConflict, map[string]string{"error": fmt.Sprintf(
			"the clock is shared by the replicas on PostgreSQL and only moves forward: it is at %s", rfc3339(now))})
		return
	}
	if err := a.Shared.AdvanceTo(r.Context(), target); err != nil {
		writeAdminJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
		return
	}
	a.writeClockState(w, r)
}
