package notify

import (
	"bytes"
	"encoding/json"
	"time"
)

// WebhookPayloadVersion is the version of WebhookPayload. It changes only
// when a field changes meaning or goes away; new fields may appear
// without it changing.
const WebhookPayloadVersion = 1

// WebhookPayload is the JSON body of a webhook call, documented in the
// package comment. Receivers in Go can decode into it.
type WebhookPayload struct {
	Version       int    `json:"version"`
	MessageID     string `json:"messageId"`
	Kind          Kind   `json:"kind"`
	ChannelType   string `json:"channelType"`
	Address       string `json:"address"`
	ChannelArn    string `json:"channelArn,omitempty"`
	ContactArn    string `json:"contactArn,omitempty"`
	PageArn       string `json:"pageArn,omitempty"`
	EngagementArn string `json:"engagementArn,omitempty"`
	Subject       string `json:"subject"`
	Body          string `json:"body"`
	Code          string `json:"code"`
	AckURL        string `json:"ackUrl,omitempty"`
	CreatedAt     string `json:"createdAt"` // RFC 3339, UTC
}

func newWebhookPayload(m Message) WebhookPayload {
	return WebhookPayload{
		Version:       WebhookPayloadVersion,
		MessageID:     m.ID,
		Kind:          m.Kind,
		ChannelType:   m.ChannelType,
		Address:       m.Address,
		ChannelArn:    m.ChannelArn,
		ContactArn:    m.ContactArn,
		PageArn:       m.PageArn,
		EngagementArn: m.EngagementArn,
		Subject:       m.Subject,
		Body:          m.Body,
		Code:          m.Code,
		AckURL:        m.AckURL,
		CreatedAt:     m.CreatedAt.UTC().Format(time.RFC3339Nano),
	}
}

// encodePayload is compact JSON without HTML escaping, so links and
// messages read as written ("&", not "\u0026").
func encodePayload(p WebhookPayload) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
