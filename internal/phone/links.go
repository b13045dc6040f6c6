package phone

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strings"
)

// Paths of the provider callbacks.
const (
	TwilioSMSPath    = "/_ssmcontacts/twilio/sms"
	TwilioVoicePath  = "/_ssmcontacts/twilio/voice"
	TwilioStatusPath = "/_ssmcontacts/twilio/status"
	InboundPath      = "/_ssmcontacts/inbound"
)

// Links makes the callback URLs of one message, each naming the message
// and sealed with an HMAC under Key, so that the provider (or anyone)
// calls back about exactly the message it was given. It implements
// notify.TwilioCallbacks.
type Links struct {
	BaseURL string // --public-url
	Key     []byte
}

// VoiceURL is where the provider fetches what a call says.
func (l Links) VoiceURL(messageID string) string { return l.url(TwilioVoicePath, messageID) }

// StatusURL is where the provider reports a message's delivery.
func (l Links) StatusURL(messageID string) string { return l.url(TwilioStatusPath, messageID) }

func (l Links) url(path, messageID string) string {
	q := url.Values{"m": {messageID}, "s": {l.mac(path, messageID)}}
	return strings.TrimRight(l.BaseURL, "/") + path + "?" + q.Encode()
}

func (l Links) mac(path, messageID string) string {
	m := hmac.New(sha256.New, l.Key)
	m.Write([]byte("phone-callback\x00" + path + "\x00" + messageID))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// verify returns the message id a callback URL names, or false when the
// URL was not made by Links (with this key, for this path).
func (l Links) verify(path string, q url.Values) (string, bool) {
	id, sig := q.Get("m"), q.Get("s")
	if id == "" || !hmac.Equal([]byte(sig), []byte(l.mac(path, id))) {
		return "", false
	}
	return id, true
}
