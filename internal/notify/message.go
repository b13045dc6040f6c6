package notify

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
)

// Kind says why a message is sent.
type Kind string

// The kinds of message the service sends.
const (
	// KindActivation carries a channel's activation code.
	KindActivation Kind = "ACTIVATION"
	// KindPage carries an engagement's content and the page's accept code.
	KindPage Kind = "PAGE"
	// KindReminder tells a rotation's member that their shift is near;
	// it carries no code.
	KindReminder Kind = "REMINDER"
)

// Channel types, as the ssm-contacts API spells them.
const (
	ChannelSMS   = "SMS"
	ChannelVoice = "VOICE"
	ChannelEmail = "EMAIL"
)

// Message is one notification to one contact channel.
type Message struct {
	// ID is unique per message (a UUID) and stays the same when the
	// message is sent again, so receivers can de-duplicate on it.
	ID          string
	Kind        Kind
	ChannelType string // ChannelSMS, ChannelVoice or ChannelEmail
	ChannelName string // the channel's name, for texts that name it; may be empty
	Address     string // E.164 number or email address
	Sender      string // pages only: who started the engagement; may be empty

	ChannelArn    string
	ContactArn    string
	PageArn       string // pages only
	EngagementArn string // pages only

	// Subject and Body are what to say, chosen by the caller (the public
	// texts for SMS, the secure ones otherwise).
	Subject string
	Body    string
	// Code is the activation code or the page's accept code.
	Code string
	// CodeValidFor, for an activation code, is how long it works after
	// CreatedAt; zero when not said.
	CodeValidFor time.Duration
	// AckURL, for pages, optionally links to a confirmation page whose
	// button acknowledges the page (opening the link changes nothing, so
	// that mail scanners fetching it acknowledge nothing).
	AckURL    string
	CreatedAt time.Time
}

// Result says how a message left.
type Result struct {
	// Transport is "smtp", "webhook", or "none" when no transport is
	// configured for the channel type and the message is only recorded.
	Transport string
	// ProviderMessageID is what the receiving system knows the message
	// by (a Message-ID header, a provider's id); empty for "none".
	ProviderMessageID string
}

// Sender delivers a message. Implementations are safe for concurrent use.
// A failed delivery returns an *Error.
type Sender interface {
	Send(ctx context.Context, m Message) (Result, error)
}

// Transport names reported in Result.Transport.
const (
	TransportSMTP    = "smtp"
	TransportWebhook = "webhook"
	TransportNone    = "none"
)

// Longest values accepted; they bound what ends up in mail headers.
const (
	maxIDLen      = 128
	maxAddressLen = 320 // the model's SimpleAddress
	maxArnLen     = 900 // far above any ARN the service makes; fits one header line
)

// Validate reports the first thing wrong with m that would make any
// transport refuse it: missing or malformed identifiers, codes that are
// not 6–10 digits, or control characters where a header would carry them.
func (m Message) Validate() error {
	if err := validateID(m.ID); err != nil {
		return err
	}
	switch m.Kind {
	case KindActivation, KindPage, KindReminder:
	default:
		return fmt.Errorf("unknown message kind %q", m.Kind)
	}
	switch m.ChannelType {
	case ChannelSMS, ChannelVoice, ChannelEmail:
	default:
		return fmt.Errorf("unknown channel type %q", m.ChannelType)
	}
	if err := validateHeaderValue("address", m.Address, maxAddressLen); err != nil {
		return err
	}
	if m.Kind == KindReminder {
		if m.Code != "" {
			return errors.New("a reminder carries no code")
		}
	} else if !isDigits(m.Code) || len(m.Code) < 6 || len(m.Code) > 10 {
		return errors.New("code must be 6 to 10 digits")
	}
	arns := []struct{ name, value string }{
		{"channel ARN", m.ChannelArn},
		{"contact ARN", m.ContactArn},
		{"page ARN", m.PageArn},
		{"engagement ARN", m.EngagementArn},
	}
	for _, a := range arns {
		if a.value == "" {
			continue
		}
		if err := validateHeaderValue(a.name, a.value, maxArnLen); err != nil {
			return err
		}
	}
	if m.Kind == KindPage && (m.PageArn == "" || m.EngagementArn == "") {
		return errors.New("a page needs its page ARN and engagement ARN")
	}
	if m.AckURL != "" {
		if err := validateAckURL(m.AckURL); err != nil {
			return err
		}
	}
	return nil
}

// validateID keeps IDs to characters that are safe in a Message-ID and an
// HTTP header without quoting.
func validateID(id string) error {
	if id == "" || len(id) > maxIDLen {
		return fmt.Errorf("message ID must be 1 to %d characters", maxIDLen)
	}
	for _, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_'
		if !ok {
			return fmt.Errorf("message ID %q may hold only letters, digits, '-' and '_'", id)
		}
	}
	return nil
}

func validateHeaderValue(name, v string, max int) error {
	if v == "" {
		return fmt.Errorf("%s is empty", name)
	}
	if len(v) > max {
		return fmt.Errorf("%s is longer than %d bytes", name, max)
	}
	if strings.IndexFunc(v, unicode.IsControl) >= 0 {
		return fmt.Errorf("%s contains control characters", name)
	}
	return nil
}

func validateAckURL(raw string) error {
	if err := validateHeaderValue("ack URL", raw, 2048); err != nil {
		return err
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("ack URL must be an absolute http or https URL")
	}
	return nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
