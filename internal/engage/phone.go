package engage

import (
	"context"
	"errors"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// What the engine offers the adapters of phone providers: the pages open
// to a number, their acknowledgement by whoever holds that number, and
// delivery reports. A phone number is not an account: these work across
// accounts, and only on pages that were sent to the number given.

// maxOpenPages bounds the pages a reply from a phone considers.
const maxOpenPages = 20

// PhonePage is a page still open to a phone number: sent, not read, of a
// running engagement, and of a contact who has not acknowledged it.
type PhonePage struct {
	Scope         contacts.Scope
	PageARN       string
	EngagementARN string
	TrackID       string
	ChannelType   contacts.ChannelType
	Code          string
	Sender        string
	Subject       string // the text the channel was sent (public subject for SMS)
}

// OpenPagesTo returns the pages open to address, newest first, at most 20.
func (e *Engine) OpenPagesTo(ctx context.Context, address string) ([]PhonePage, error) {
	var out []PhonePage
	err := e.store.Read(ctx, func(tx contacts.Tx) error {
		var err error
		out, err = openPagesTo(ctx, tx, address)
		return err
	})
	return out, err
}

func openPagesTo(ctx context.Context, tx contacts.Tx, address string) ([]PhonePage, error) {
	pages, err := tx.PageListOpenTo(ctx, address, maxOpenPages)
	if err != nil {
		return nil, err
	}
	out := make([]PhonePage, 0, len(pages))
	for _, p := range pages {
		eng, err := tx.EngagementGet(ctx, p.Scope, p.EngagementID)
		if err != nil {
			return nil, err
		}
		subject, _ := pageTexts(eng, p.ChannelType)
		out = append(out, PhonePage{
			Scope: p.Scope, PageARN: p.ARN(), EngagementARN: eng.ARN(), TrackID: p.TrackID,
			ChannelType: p.ChannelType, Code: p.AcceptCode, Sender: eng.Sender, Subject: subject,
		})
	}
	return out, nil
}

// ErrPageNotOpen is returned when a page is not open to the number that
// tries to acknowledge it.
var ErrPageNotOpen = errors.New("engage: the page is not open to this number")

// AcceptPageSentTo acknowledges (READ) pageARN on behalf of whoever holds
// address, as AcceptPage does, with note as the receipt's information.
// It returns ErrPageNotOpen unless the page is open to address.
func (e *Engine) AcceptPageSentTo(ctx context.Context, address, pageARN, note string) error {
	return e.store.Write(ctx, func(tx contacts.Tx) error {
		return e.acceptSentTo(ctx, tx, address, pageARN, note)
	})
}

func (e *Engine) acceptSentTo(ctx context.Context, tx contacts.Tx, address, pageARN, note string) error {
	open, err := tx.PageListOpenTo(ctx, address, 1<<20)
	if err != nil {
		return err
	}
	for _, p := range open {
		if p.ARN() == pageARN {
			return e.accept(ctx, tx, p, AcceptPageInput{PageID: pageARN, Read: true, Note: &note, AcceptCode: p.AcceptCode})
		}
	}
	return ErrPageNotOpen
}

// PhoneMessage returns outbox message id and, for a page, whether the
// page is still open to the address it was sent to.
// Errors: contacts.ErrNotFound.
func (e *Engine) PhoneMessage(ctx context.Context, id string) (m *contacts.Message, open bool, err error) {
	err = e.store.Read(ctx, func(tx contacts.Tx) error {
		if m, err = tx.OutboxGet(ctx, id); err != nil {
			return err
		}
		if m.Kind != contacts.KindPage {
			return nil
		}
		pages, err := tx.PageListOpenTo(ctx, m.Address, 1<<20)
		for _, p := range pages {
			open = open || p.ARN() == m.PageARN
		}
		return err
	})
	return m, open, err
}

// AcceptMessage acknowledges the page outbox message id carried, on
// behalf of whoever holds the number it went to (a keypress during the
// call). Errors: contacts.ErrNotFound, ErrPageNotOpen.
func (e *Engine) AcceptMessage(ctx context.Context, id, note string) error {
	return e.store.Write(ctx, func(tx contacts.Tx) error {
		m, err := tx.OutboxGet(ctx, id)
		if err != nil {
			return err
		}
		if m.Kind != contacts.KindPage {
			return ErrPageNotOpen
		}
		return e.acceptSentTo(ctx, tx, m.Address, m.PageARN, note)
	})
}

// DeliveryOutcome is what a provider reports about a message it took.
type DeliveryOutcome int

const (
	// Delivered: the text reached the handset, or a person took the call.
	Delivered DeliveryOutcome = iota + 1
	// Undelivered: the carrier could not deliver the text.
	Undelivered
	// Failed: the provider could not send it, or the call was busy, not
	// answered, failed, or reached a machine.
	Failed
)

// DeliveryReport is one status callback of a provider.
type DeliveryReport struct {
	MessageID  string // our outbox message id
	ProviderID string // the provider's id (sid) of the attempt reported on
	Outcome    DeliveryOutcome
	Reason     string // for failures: what the provider said
}

// ReportDelivery records a provider's report on the outbox entry and,
// for a page, the receipt AWS shows: DELIVERED, or ERROR with the reason,
// after which the page is retried as its plan's RetryIntervalInMinutes
// says (decideDelivery). A report about an earlier attempt than the
// last, or on a message not SENT, changes nothing; so does a report on a
// page of a stopped engagement beyond its outbox entry (nothing is
// recorded on a page after its engagement's StopTime).
// Errors: contacts.ErrNotFound (no such message).
func (e *Engine) ReportDelivery(ctx context.Context, r DeliveryReport) error {
	return e.store.Write(ctx, func(tx contacts.Tx) error {
		m, err := tx.OutboxGet(ctx, r.MessageID)
		if err != nil {
			return err
		}
		if m.ProviderMessageID != r.ProviderID || m.Status != contacts.StatusSent {
			return nil // about another attempt, or already reported
		}
		now := e.clock.Now()
		m.UpdatedAt = now
		switch r.Outcome {
		case Delivered:
			m.Status = contacts.StatusDelivered
		case Undelivered:
			m.Status, m.Error = contacts.StatusUndelivered, r.Reason
		default:
			m.Status, m.Error = contacts.StatusFailed, r.Reason
		}
		if m.Kind == contacts.KindPage {
			if err := e.recordReport(ctx, tx, m, r, now); err != nil {
				return err
			}
		}
		return tx.OutboxUpdate(ctx, m)
	})
}

// recordReport records a delivery report on the page of message m.
func (e *Engine) recordReport(ctx context.Context, tx contacts.Tx, m *contacts.Message, r DeliveryReport, now time.Time) error {
	p, err := pageOf(ctx, tx, m)
	if err != nil || p == nil || p.Status != contacts.PageSent || p.ReadTime != nil {
		return err
	}
	eng, err := tx.EngagementGet(ctx, p.Scope, p.EngagementID)
	if err != nil || eng.Stopped() {
		return err
	}
	if r.Outcome == Delivered {
		return e.accept(ctx, tx, p, AcceptPageInput{PageID: p.ARN(), AcceptCode: p.AcceptCode})
	}
	tr, err := tx.TrackGet(ctx, p.Scope, p.TrackID)
	if err != nil {
		return err
	}
	d := decideDelivery(p, !tr.Ended, errors.New(r.Reason), "", now)
	if err := tx.ReceiptInsert(ctx, &contacts.Receipt{Scope: p.Scope, PageID: p.ID, Type: d.Receipt, ChannelARN: p.ChannelARN(), Info: d.Info, Time: now}); err != nil {
		return err
	}
	p.Status = d.Status
	if d.RetryAt != nil {
		m.Status = contacts.StatusPending
		if err := e.schedule(ctx, tx, contacts.TimerDeliver, m.Scope, m.ID, 0, *d.RetryAt); err != nil {
			return err
		}
	}
	return tx.PageUpdate(ctx, p)
}
