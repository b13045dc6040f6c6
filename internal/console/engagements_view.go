package console

import (
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
)

type engagementListData struct {
	State    string // open, stopped or "" (all)
	Contact  string
	Incident string
	List     []*contacts.Engagement
	People   people
	Older    string // the next page's token
}

func (h *Handler) engagementList(w http.ResponseWriter, r request) {
	q := r.URL.Query()
	d := &engagementListData{State: q.Get("state"), Contact: strings.TrimSpace(q.Get("contact")), Incident: strings.TrimSpace(q.Get("incident"))}
	_, ppl, err := allContacts(r.ctx, h.cfg.Domain, r.sc())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.People = ppl
	in := engage.ListEngagementsInput{NextToken: q.Get("token")}
	n := 50
	in.MaxResults = &n
	if d.Incident != "" {
		in.IncidentID = &d.Incident
	}
	list, next, err := h.cfg.Engine.ListEngagements(r.ctx, r.sc(), in)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Older = next
	for _, e := range list {
		switch {
		case d.State == "open" && e.Stopped(), d.State == "stopped" && !e.Stopped():
			continue
		case d.Contact != "" && !strings.Contains(strings.ToLower(e.ContactAlias+" "+ppl.Name(e.ContactARN())), strings.ToLower(d.Contact)):
			continue
		}
		d.List = append(d.List, e)
	}
	h.render(w, r.Request, http.StatusOK, "engagements", r.sess, &view{Title: "Engagements", Nav: "engagements", Data: d})
}

// event is one line of an engagement's timeline.
type event struct {
	At   time.Time
	Rel  string // since the engagement started
	Kind string // start, stage, page, receipt, ack, stop
	Text string
	Who  string
}

type engagementData struct {
	Engagement *contacts.Engagement
	People     people
	Pages      []pageRow
	Stages     []stageView
	Events     []event
	Back       string
}

func (h *Handler) engagementView(w http.ResponseWriter, r request) {
	sc := r.sc()
	arn := sc.EngagementARN(r.PathValue("alias"), r.PathValue("id"))
	e, err := h.cfg.Engine.DescribeEngagement(r.ctx, sc, arn)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	_, ppl, err := allContacts(r.ctx, h.cfg.Domain, sc)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pages, err := pagesOf(r.ctx, h.cfg.Engine, sc, arn)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &engagementData{Engagement: e, People: ppl, Pages: pages, Back: r.URL.Path}
	at := 0
	for i, s := range e.Plan.Stages {
		if e.ContactType == contacts.Escalation {
			d.Stages = append(d.Stages, stageView{Index: i + 1, StartMinute: at, Stage: s})
		}
		at += s.DurationInMinutes
	}
	d.Events = timeline(e, pages, ppl, h.cfg.Clock.Now())
	h.render(w, r.Request, http.StatusOK, "engagement", r.sess, &view{Title: e.Subject, Nav: "engagements", Data: d})
}

// timeline orders what happened in an engagement: its start, the
// escalation stages that have begun, each page and its receipts, its
// stop.
func timeline(e *contacts.Engagement, pages []pageRow, ppl people, now time.Time) []event {
	add := func(evs []event, at time.Time, kind, text, who string) []event {
		return append(evs, event{At: at, Rel: rel(at.Sub(e.StartTime)), Kind: kind, Text: text, Who: who})
	}
	evs := add(nil, e.StartTime, "start", "Engagement of "+ppl.Name(e.ContactARN())+" started by "+e.Sender, "")
	if e.ContactType == contacts.Escalation {
		at := e.StartTime
		for i, s := range e.Plan.Stages {
			if e.StopTime != nil && at.After(*e.StopTime) || at.After(now) {
				break
			}
			evs = add(evs, at, "stage", "Stage "+itoa(i+1)+" of "+itoa(len(e.Plan.Stages))+" began", "")
			at = at.Add(time.Duration(s.DurationInMinutes) * time.Minute)
		}
	}
	for _, p := range pages {
		who := ppl.Name(p.Page.ContactARN())
		evs = add(evs, p.Page.CreatedAt, "page", "Paged through "+string(p.Page.ChannelType), who)
		for _, rc := range p.Receipts {
			kind, text := "receipt", string(rc.Type)
			switch rc.Type {
			case contacts.ReceiptRead:
				kind, text = "ack", "Acknowledged"
			case contacts.ReceiptSent:
				text = "Sent"
			case contacts.ReceiptDelivered:
				text = "Delivered"
			case contacts.ReceiptError:
				kind, text = "error", "Delivery failed"
			case contacts.ReceiptStop:
				kind, text = "stop", "Not sent: stopped"
			}
			switch {
			case rc.Info == "" || rc.Type == contacts.ReceiptSent || rc.Info == p.Page.AcceptCode:
				// SENT carries the message id; a READ with only the code says no more.
			case rc.Type == contacts.ReceiptRead && strings.HasPrefix(rc.Info, "Acknowledged"):
				text = rc.Info
			default:
				text += " — " + rc.Info
			}
			evs = add(evs, rc.Time, kind, text, who)
		}
	}
	if e.StopTime != nil {
		reason := e.StopReason
		if reason == "" {
			reason = "stopped"
		}
		evs = add(evs, *e.StopTime, "stop", "Engagement ended: "+reason, "")
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].At.Before(evs[j].At) })
	return evs
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}

// safeBack keeps a form's return address inside the console.
func safeBack(r request, fallback string) string {
	if b := r.PostForm.Get("back"); strings.HasPrefix(b, Prefix) && !strings.Contains(b, "//") {
		return b
	}
	return fallback
}

func (h *Handler) engagementStop(w http.ResponseWriter, r request) {
	sc := r.sc()
	arn := sc.EngagementARN(r.PathValue("alias"), r.PathValue("id"))
	reason := strings.TrimSpace(r.PostForm.Get("reason"))
	doc := map[string]any{"EngagementId": arn}
	var rp *string
	if reason != "" {
		doc["Reason"], rp = reason, &reason
	}
	if errs := h.check("StopEngagement", doc, map[string]string{"reason": "reason"}); errs.Has() {
		h.render(w, r.Request, http.StatusBadRequest, "message", r.sess, &view{Title: "Not stopped", Message: firstError(errs)})
		return
	}
	if err := h.cfg.Engine.StopEngagement(r.ctx, sc, arn, rp); err != nil {
		h.fail(w, r, err)
		return
	}
	back(w, r, safeBack(r, Prefix+"engagements/"+r.PathValue("alias")+"/"+r.PathValue("id")), "Engagement stopped.")
}

func (h *Handler) acknowledge(w http.ResponseWriter, r request) {
	sc := r.sc()
	arn := sc.PageARN(r.PathValue("alias"), r.PathValue("id"))
	// The console acknowledges as the signed-in account, which may read
	// the page's accept code anyway (DescribePage); the note says who.
	v, err := pageOf(r, h.cfg.Engine, arn)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	note := "Acknowledged in the console (access key " + r.sess.Key + ")"
	if errs := h.check("AcceptPage", map[string]any{"PageId": arn, "AcceptType": "READ", "AcceptCode": v.AcceptCode, "Note": note}, nil); errs.Has() {
		h.render(w, r.Request, http.StatusBadRequest, "message", r.sess, &view{Title: "Not acknowledged", Message: firstError(errs)})
		return
	}
	if err := h.cfg.Engine.AcceptPage(r.ctx, sc, engage.AcceptPageInput{PageID: arn, Read: true, Note: &note, AcceptCode: v.AcceptCode}); err != nil {
		h.fail(w, r, err)
		return
	}
	back(w, r, safeBack(r, Prefix), "Acknowledged: you will not be paged further for this engagement.")
}

// pageOf reads a page (DescribePage).
func pageOf(r request, d Engine, pageARN string) (*contacts.Page, error) {
	v, err := d.DescribePage(r.ctx, r.sc(), pageARN)
	return v.Page, err
}

func firstError(errs formErrors) string {
	for _, m := range errs {
		return m
	}
	return ""
}
