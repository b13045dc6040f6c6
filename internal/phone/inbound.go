package phone

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/ssmcontacts/ssmcontacts/internal/notify"
)

// InboundMessage is what a gateway posts to /_ssmcontacts/inbound.
type InboundMessage struct {
	From string `json:"from"`
	Body string `json:"body"`
}

// InboundReply is the answer: the text the gateway may send back.
type InboundReply struct {
	Reply string `json:"reply"`
}

// inbound serves the provider-neutral inbound endpoint: the same rules as
// an incoming SMS, for any gateway that signs its POST as this server
// signs its own webhooks (notify.VerifyWebhookSignature).
func (h *Handler) inbound(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "cannot read the body"})
		return
	}
	if err := notify.VerifyWebhookSignature(h.cfg.InboundSecret, r.Header, body, h.cfg.Clock.Now(), notify.DefaultWebhookTolerance); err != nil {
		h.log.Warn("phone: refused an inbound message", "remote", r.RemoteAddr, "error", err)
		writeJSON(w, http.StatusForbidden, map[string]string{"error": err.Error()})
		return
	}
	var in InboundMessage
	if err := json.Unmarshal(body, &in); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "the body must be JSON {\"from\": \"+1…\", \"body\": \"…\"}"})
		return
	}
	if !isE164(in.From) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "from must be an E.164 number, such as +12065550100"})
		return
	}
	text, err := h.answer(r.Context(), in.From, in.Body, "reply")
	if err != nil {
		h.log.Error("phone: answering an inbound message", "error", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal error"})
		return
	}
	writeJSON(w, http.StatusOK, InboundReply{Reply: text})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
