package notify

import (
	"context"
	"fmt"
	"strings"
)

// Router sends each message by its channel type: EMAIL through SMTP when
// set, else through Webhook; SMS through SMS when set (a phone provider
// such as Twilio), else through Webhook; VOICE likewise through Voice. A
// channel type
// with no sender is not delivered: Send returns Result{Transport: "none"}
// and no error, and the outbox's record is all there is.
//
// Leave a field nil (not a nil *SMTP or *Webhook) when that transport is
// not configured. The zero Router delivers nothing.
type Router struct {
	SMTP    Sender
	Webhook Sender
	SMS     Sender
	Voice   Sender
}

// channelTypes lists the channel types in the order Describe reports them.
var channelTypes = [...]string{ChannelEmail, ChannelSMS, ChannelVoice}

// Route returns the sender for a channel type, or nil when messages of
// that type are not delivered.
func (r Router) Route(channelType string) Sender {
	switch channelType {
	case ChannelEmail:
		if r.SMTP != nil {
			return r.SMTP
		}
		return r.Webhook
	case ChannelSMS:
		if r.SMS != nil {
			return r.SMS
		}
		return r.Webhook
	case ChannelVoice:
		if r.Voice != nil {
			return r.Voice
		}
		return r.Webhook
	}
	return nil
}

// Send hands m to the sender for its channel type. Messages that are not
// delivered are still validated, so a bad message fails the same way
// whatever is configured.
func (r Router) Send(ctx context.Context, m Message) (Result, error) {
	if s := r.Route(m.ChannelType); s != nil {
		return s.Send(ctx, m)
	}
	if err := m.Validate(); err != nil {
		return Result{}, invalidMessage(TransportNone, err)
	}
	return Result{Transport: TransportNone}, nil
}

// Describe says, for start-up logging, which transport serves each
// channel type, e.g.
//
//	EMAIL: smtp://mail.example.com:587 (STARTTLS when offered) from pager@example.com; SMS, VOICE: webhook POST https://hooks.example.com (signed, up to 4 attempts)
func (r Router) Describe() string {
	var parts []string
	var types []string
	last := ""
	flush := func() {
		if len(types) > 0 {
			parts = append(parts, strings.Join(types, ", ")+": "+last)
		}
	}
	for _, t := range channelTypes {
		d := describe(r.Route(t))
		if d != last {
			flush()
			types, last = nil, d
		}
		types = append(types, t)
	}
	flush()
	return strings.Join(parts, "; ")
}

func describe(s Sender) string {
	switch s := s.(type) {
	case nil:
		return "not delivered (outbox only)"
	case interface{ Describe() string }:
		return s.Describe()
	default:
		return fmt.Sprintf("%T", s)
	}
}
