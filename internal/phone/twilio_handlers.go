package phone

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
)

// twilio authenticates a provider callback before next sees it: the
// X-Twilio-Signature over the URL as the provider called it (PublicURL
// plus the request's path and query) and the form parameters. A missing
// or wrong signature gets 403 and nothing else happens.
func (h *Handler) twilio(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		if err := r.ParseForm(); err != nil {
			http.Error(w, "cannot read the form", http.StatusBadRequest)
			return
		}
		full := strings.TrimRight(h.cfg.PublicURL, "/") + r.URL.RequestURI()
		if !validTwilioSignature(h.cfg.TwilioAuthToken, full, r.PostForm, r.Header.Get(HeaderTwilioSignature)) {
			h.log.Warn("phone: refused a callback with a missing or wrong X-Twilio-Signature",
				"path", r.URL.Path, "remote", r.RemoteAddr, "signed_url", full)
			http.Error(w, "the X-Twilio-Signature is missing or does not verify", http.StatusForbidden)
			return
		}
		if sid := r.PostForm.Get("AccountSid"); sid != "" && h.cfg.TwilioAccountSID != "" && sid != h.cfg.TwilioAccountSID {
			http.Error(w, "this callback is for another account", http.StatusForbidden)
			return
		}
		next(w, r)
	})
}

// sms answers an incoming text with a TwiML <Message>.
func (h *Handler) sms(w http.ResponseWriter, r *http.Request) {
	from := r.PostForm.Get("From")
	if !isE164(from) {
		writeTwiML(w, render()) // not a phone (a short code, an email gateway): no reply
		return
	}
	text, err := h.answer(r.Context(), from, r.PostForm.Get("Body"), "SMS")
	if err != nil {
		h.internal(w, "answering an SMS", err)
		return
	}
	h.log.Info("phone: answered an SMS", "from", from, "sid", r.PostForm.Get("MessageSid"))
	writeTwiML(w, render(message{Text: text}))
}

// voice says what a call is about: the provider fetches it when the
// callee answers (no Digits), and again with the key pressed (Digits).
func (h *Handler) voice(w http.ResponseWriter, r *http.Request) {
	id, ok := h.cfg.Links.verify(TwilioVoicePath, r.URL.Query())
	if !ok {
		http.Error(w, "this voice URL was not made by this server", http.StatusForbidden)
		return
	}
	m, open, err := h.cfg.Engine.PhoneMessage(r.Context(), id)
	if errors.Is(err, contacts.ErrNotFound) {
		writeTwiML(w, render(say{Text: "This is ssmcontacts. This message is no longer available. Goodbye."}, hangup{}))
		return
	} else if err != nil {
		h.internal(w, "loading a call's message", err)
		return
	}
	action := h.cfg.Links.VoiceURL(id)
	if m.Kind == contacts.KindActivation {
		writeTwiML(w, activationCall(m))
		return
	}
	if machine(r.PostForm.Get("AnsweredBy")) {
		writeTwiML(w, voicemail(m))
		return
	}
	switch digits := r.PostForm.Get("Digits"); {
	case digits == "1" && open:
		note := "Acknowledged by pressing 1 during a call to " + m.Address
		if err := h.cfg.Engine.AcceptMessage(r.Context(), id, note); errors.Is(err, engage.ErrPageNotOpen) {
			writeTwiML(w, closedCall(m))
			return
		} else if err != nil {
			h.internal(w, "acknowledging a page by keypress", err)
			return
		}
		h.log.Info("phone: a page was acknowledged by keypress", "page", m.PageARN, "call", r.PostForm.Get("CallSid"))
		writeTwiML(w, acknowledgedCall())
	case !open:
		writeTwiML(w, closedCall(m))
	default: // answered, or another key: (again) say the page
		writeTwiML(w, pageCall(m, action))
	}
}

// status records a provider's delivery report.
func (h *Handler) status(w http.ResponseWriter, r *http.Request) {
	id, ok := h.cfg.Links.verify(TwilioStatusPath, r.URL.Query())
	if !ok {
		http.Error(w, "this status URL was not made by this server", http.StatusForbidden)
		return
	}
	rep, final := deliveryReport(r.PostForm)
	if !final {
		w.WriteHeader(http.StatusNoContent) // queued, sent, ringing…: nothing to record
		return
	}
	rep.MessageID = id
	err := h.cfg.Engine.ReportDelivery(r.Context(), rep)
	if err != nil && !errors.Is(err, contacts.ErrNotFound) {
		h.internal(w, "recording a delivery report", err)
		return
	}
	h.log.Info("phone: delivery report", "message", id, "provider_id", rep.ProviderID, "outcome", rep.Outcome, "reason", rep.Reason)
	w.WriteHeader(http.StatusNoContent)
}

// twilioErrors names the provider's delivery error codes seen most.
var twilioErrors = map[string]string{
	"30001": "queue overflow",
	"30002": "account suspended",
	"30003": "unreachable destination handset",
	"30004": "message blocked",
	"30005": "unknown destination handset",
	"30006": "landline or unreachable carrier",
	"30007": "message filtered by the carrier",
	"30008": "unknown error",
}

// deliveryReport reads a status callback of a text (MessageStatus) or a
// call (CallStatus). final is false for statuses that are not an outcome.
func deliveryReport(form map[string][]string) (engage.DeliveryReport, bool) {
	get := func(k string) string {
		if v := form[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	withCode := func(what string) string {
		code := get("ErrorCode")
		if code == "" {
			return what
		}
		if name := twilioErrors[code]; name != "" {
			return fmt.Sprintf("%s: error %s (%s)", what, code, name)
		}
		return fmt.Sprintf("%s: error %s", what, code)
	}
	if status := get("MessageStatus"); status != "" {
		r := engage.DeliveryReport{ProviderID: get("MessageSid")}
		switch status {
		case "delivered", "read":
			r.Outcome = engage.Delivered
		case "undelivered":
			r.Outcome, r.Reason = engage.Undelivered, withCode("SMS undelivered")
		case "failed":
			r.Outcome, r.Reason = engage.Failed, withCode("SMS failed")
		default:
			return r, false
		}
		return r, true
	}
	r := engage.DeliveryReport{ProviderID: get("CallSid"), Outcome: engage.Failed}
	switch get("CallStatus") {
	case "completed":
		if machine(get("AnsweredBy")) {
			r.Reason = "call answered by a machine (" + get("AnsweredBy") + "): voicemail is not an answer"
		} else {
			r.Outcome = engage.Delivered
		}
	case "busy":
		r.Reason = "call busy"
	case "no-answer":
		r.Reason = "call not answered"
	case "failed":
		r.Reason = withCode("call failed")
	case "canceled":
		r.Reason = "call canceled"
	default:
		return r, false
	}
	return r, true
}

// machine reports whether machine detection found a machine (or a fax).
func machine(answeredBy string) bool {
	return strings.HasPrefix(answeredBy, "machine") || answeredBy == "fax"
}

func (h *Handler) internal(w http.ResponseWriter, doing string, err error) {
	h.log.Error("phone: "+doing, "error", err)
	http.Error(w, "internal error", http.StatusInternalServerError)
}

func isE164(s string) bool {
	if len(s) < 9 || len(s) > 16 || s[0] != '+' {
		return false
	}
	return strings.Trim(s[1:], "0123456789") == ""
}
