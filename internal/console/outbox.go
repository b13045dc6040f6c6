package console

import (
	"net/http"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

type outboxData struct {
	Kind, Address string
	AllAccounts   bool
	Messages      []*contacts.Message
}

// outbox shows what was sent, to whom, and how it went: the operator's
// view (loopback or the admin token), of the session's account unless
// all accounts are asked for.
func (h *Handler) outbox(w http.ResponseWriter, r request) {
	if !h.cfg.Admin(r.Request) {
		h.render(w, r.Request, http.StatusForbidden, "message", r.sess, &view{Title: "Outbox", Nav: "outbox",
			Message: "The outbox is shown on this machine only (a loopback address), or with the admin token (--admin-token) sent as a Bearer token."})
		return
	}
	q := r.URL.Query()
	d := &outboxData{Kind: q.Get("kind"), Address: strings.TrimSpace(q.Get("address")), AllAccounts: q.Get("all") == "1"}
	f := contacts.OutboxFilter{Account: r.sess.account, Kind: contacts.MessageKind(d.Kind), Address: d.Address, Limit: 200}
	if d.AllAccounts {
		f.Account = ""
	}
	list, err := h.cfg.Domain.ListOutbox(r.ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Messages = list
	h.render(w, r.Request, http.StatusOK, "outbox", r.sess, &view{Title: "Outbox", Nav: "outbox", Data: d})
}
