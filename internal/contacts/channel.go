package contacts

import (
	"net/mail"
	"strings"
	"time"
)

// ChannelType is SMS, VOICE or EMAIL.
type ChannelType string

const (
	SMS   ChannelType = "SMS"
	Voice ChannelType = "VOICE"
	Email ChannelType = "EMAIL"
)

// Channel is a way to reach a personal contact.
type Channel struct {
	Scope        Scope
	ID           string // lowercase UUID
	ContactAlias string
	Name         string
	Type         ChannelType
	Address      string
	Activated    bool

	// The pending activation challenge: the last code sent, its expiry
	// and the wrong guesses made against it. Code is empty when none is
	// pending.
	Code          string
	CodeExpiresAt time.Time
	CodeAttempts  int
	// Activation codes sent in the current rate window.
	SendWindowStart time.Time
	SendsInWindow   int

	CreatedAt time.Time
	UpdatedAt time.Time
}

// ARN returns the channel's ARN.
func (c *Channel) ARN() string { return c.Scope.ChannelARN(c.ContactAlias, c.ID) }

// ContactARN returns the ARN of the channel's contact.
func (c *Channel) ContactARN() string { return c.Scope.ContactARN(c.ContactAlias) }

// Activation rules. A code lives CodeLifetime; MaxCodeAttempts wrong guesses
// burn it; a channel is sent at most MaxCodesPerWindow codes per
// CodeSendWindow.
const (
	CodeLifetime      = 15 * time.Minute
	MaxCodeAttempts   = 5
	MaxCodesPerWindow = 5
	CodeSendWindow    = time.Hour
)

// isE164 reports "+" and 8 to 15 digits (written out rather than as
// `^\+[0-9]{8,15}$`, compiled at package init by every run of the
// binary).
func isE164(s string) bool {
	if len(s) < 9 || len(s) > 16 || s[0] != '+' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validateAddress checks a delivery address against its channel type.
func validateAddress(typ ChannelType, address string) error {
	switch typ {
	case SMS, Voice:
		if !isE164(address) {
			return Invalidf("DeliveryAddress %q is not an E.164 phone number: %s channels take '+' followed by 8 to 15 digits (country code and number), such as +12065550100", address, typ)
		}
	case Email:
		// net/mail insists on local@domain; a display name or angle
		// brackets are not an address.
		a, err := mail.ParseAddress(address)
		if err != nil || a.Name != "" || a.Address != address || strings.HasSuffix(address, "@") {
			return Invalidf("DeliveryAddress %q is not an email address (local-part@domain)", address)
		}
	default:
		return Invalidf("Unknown contact channel type %s", typ)
	}
	return nil
}
