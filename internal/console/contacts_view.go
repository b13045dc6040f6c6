package console

import (
	"net/http"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

type contactListData struct {
	Query    string
	Contacts []*contacts.Contact
	People   people
}

func (h *Handler) contactList(w http.ResponseWriter, r request) {
	all, ppl, err := allContacts(r.ctx, h.cfg.Domain, r.sc())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	d := &contactListData{Query: q, People: ppl}
	for _, c := range all {
		if q == "" || strings.Contains(strings.ToLower(c.Alias), strings.ToLower(q)) ||
			(c.DisplayName != nil && strings.Contains(strings.ToLower(*c.DisplayName), strings.ToLower(q))) {
			d.Contacts = append(d.Contacts, c)
		}
	}
	h.render(w, r.Request, http.StatusOK, "contacts", r.sess, &view{Title: "Contacts", Nav: "contacts", Data: d})
}

// stageView is one stage of a plan, with when it starts.
type stageView struct {
	Index       int
	StartMinute int
	Stage       contacts.Stage
}

type contactData struct {
	Contact   *contacts.Contact
	Channels  []*contacts.Channel
	Tags      []contacts.Tag
	Stages    []stageView
	Rotations []*contacts.Rotation // an on-call schedule's
	People    people
	Feed      *feedPanel
	// Errors are the activation forms' errors by channel id.
	Errors map[string]formErrors
}

// ChannelName names a channel of the contact by id.
func (d *contactData) ChannelName(id string) string {
	for _, c := range d.Channels {
		if c.ID == id || c.ARN() == id {
			return c.Name + " (" + string(c.Type) + ")"
		}
	}
	return id
}

// RotationName names a rotation by ARN.
func (d *contactData) RotationName(arn string) string {
	for _, r := range d.Rotations {
		if r.ARN() == arn {
			return r.Name
		}
	}
	return arn
}

func (h *Handler) contactView(w http.ResponseWriter, r request) {
	h.contactPage(w, r, http.StatusOK, nil)
}

func (h *Handler) contactPage(w http.ResponseWriter, r request, status int, errs map[string]formErrors) {
	h.contactPageWith(w, r, status, errs, "")
}

func (h *Handler) contactPageWith(w http.ResponseWriter, r request, status int, errs map[string]formErrors, newFeedURL string) {
	sc, ctx := r.sc(), r.ctx
	arn := sc.ContactARN(r.PathValue("alias"))
	c, err := h.cfg.Domain.GetContact(ctx, sc, arn)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	_, ppl, err := allContacts(ctx, h.cfg.Domain, sc)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &contactData{Contact: c, People: ppl, Errors: errs}
	if c.Type == contacts.Personal {
		if d.Channels, err = channelsOf(ctx, h.cfg.Domain, sc, arn); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if d.Tags, err = h.cfg.Domain.ListTagsForResource(ctx, sc, arn); err != nil {
		h.fail(w, r, err)
		return
	}
	if len(c.Plan.RotationIDs) > 0 {
		if d.Rotations, err = allRotations(ctx, h.cfg.Domain, sc); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if c.Type == contacts.Personal {
		if d.Feed, err = h.feedPanel(r, arn, Prefix+"contacts/"+c.Alias+"/feeds", newFeedURL); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	at := 0
	for i, s := range c.Plan.Stages {
		d.Stages = append(d.Stages, stageView{Index: i + 1, StartMinute: at, Stage: s})
		at += s.DurationInMinutes
	}
	title := c.Alias
	if c.DisplayName != nil && *c.DisplayName != "" {
		title = *c.DisplayName
	}
	h.render(w, r.Request, status, "contact", r.sess, &view{Title: title, Nav: "contacts", Data: d})
}

// channelARN is the channel a form names, inside the session's scope.
func channelARN(r request) string {
	return r.sc().ChannelARN(r.PathValue("alias"), r.PathValue("id"))
}

func (h *Handler) sendCode(w http.ResponseWriter, r request) {
	arn := channelARN(r)
	errs := h.check("SendActivationCode", map[string]any{"ContactChannelId": arn}, map[string]string{"contactChannelId": ""})
	if !errs.Has() {
		err := h.cfg.Domain.SendActivationCode(r.ctx, r.sc(), arn)
		if err == nil {
			back(w, r, Prefix+"contacts/"+r.PathValue("alias"), "Activation code sent. Enter it below once it arrives.")
			return
		}
		var ok bool
		if errs, ok = fromDomain(err, map[string]string{"code": "code"}); !ok {
			h.fail(w, r, err)
			return
		}
	}
	h.contactPage(w, r, http.StatusBadRequest, map[string]formErrors{r.PathValue("id"): errs})
}

func (h *Handler) activate(w http.ResponseWriter, r request) {
	arn := channelARN(r)
	code := strings.TrimSpace(r.PostForm.Get("code"))
	errs := h.check("ActivateContactChannel", map[string]any{"ContactChannelId": arn, "ActivationCode": code},
		map[string]string{"contactChannelId": "", "activationCode": "code"})
	if !errs.Has() {
		err := h.cfg.Domain.ActivateContactChannel(r.ctx, r.sc(), arn, code)
		if err == nil {
			back(w, r, Prefix+"contacts/"+r.PathValue("alias"), "Channel activated.")
			return
		}
		var ok bool
		if errs, ok = fromDomain(err, map[string]string{"code": "code", "activation": "code"}); !ok {
			h.fail(w, r, err)
			return
		}
		if contacts.KindOf(err) == contacts.KindNotFound {
			h.fail(w, r, err)
			return
		}
	}
	h.contactPage(w, r, http.StatusBadRequest, map[string]formErrors{r.PathValue("id"): errs})
}
