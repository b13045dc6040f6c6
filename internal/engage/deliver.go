package engage

import (
	"context"
	"errors"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/notify"
)

// A DELIVER timer sends outbox message t.Ref in three steps (see doc.go):
// claimDelivery, then, in the background, sendAndRecord.

// claimDelivery claims a DELIVER timer and marks its message SENDING; it
// returns nil when there is nothing to send (done already, held by another
// worker, or a page stopped before it was sent).
func (e *Engine) claimDelivery(ctx context.Context, t *contacts.Timer) (*contacts.Message, error) {
	var msg *contacts.Message
	skip, claimed := false, false
	err := e.writeStep(ctx, func(tx contacts.Tx) error {
		msg, skip, claimed = nil, false, false // a store may run this again (PostgreSQL, on a serialization failure)
		now := e.clock.Now()
		if err := tx.TimerClaim(ctx, t.ID, e.owner, now, now.Add(-e.lease)); errors.Is(err, contacts.ErrNotFound) {
			skip = true // done already, or another worker holds it
			return nil
		} else if err != nil {
			return err
		}
		claimed = true
		m, err := tx.OutboxGet(ctx, t.Ref)
		if errors.Is(err, contacts.ErrNotFound) {
			skip = true
			return tx.TimerDelete(ctx, t.ID)
		} else if err != nil {
			return err
		}
		if m.Kind == contacts.KindPage {
			p, err := pageOf(ctx, tx, m)
			if err != nil {
				return err
			}
			if p == nil || p.Status != contacts.PagePending {
				// Stopped (or gone) before it was sent.
				skip = true
				if m.Status == contacts.StatusPending {
					m.Status, m.UpdatedAt = contacts.StatusCancelled, now
					if err := tx.OutboxUpdate(ctx, m); err != nil {
						return err
					}
				}
				return tx.TimerDelete(ctx, t.ID)
			}
		}
		m.Status, m.Attempts, m.UpdatedAt = contacts.StatusSending, m.Attempts+1, now
		msg = m
		return tx.OutboxUpdate(ctx, m)
	})
	if err == nil && claimed && e.claimObs != nil {
		e.claimObs.Claimed(t.ClaimedAt != nil && t.ClaimedBy != e.owner)
	}
	if err != nil || skip {
		return nil, err
	}
	return msg, nil
}

// sendAndRecord sends a claimed message and records the outcome.
func (e *Engine) sendAndRecord(ctx context.Context, t *contacts.Timer, msg *contacts.Message) error {
	sendCtx, cancel := context.WithTimeout(ctx, e.sendTimeout)
	res, sendErr := e.sender.Send(sendCtx, toNotify(msg))
	cancel()
	if sendErr != nil && ctx.Err() != nil {
		return ctx.Err() // shutting down: the claim is released at the next start
	}
	// The send is done: record it even when shutdown has begun, or the
	// next start would send it again.
	ctx = context.WithoutCancel(ctx)
	return e.writeStep(ctx, func(tx contacts.Tx) error {
		now := e.clock.Now()
		if ok, err := e.takeClaimed(ctx, tx, t); !ok {
			return err
		}
		m, err := tx.OutboxGet(ctx, msg.ID)
		if err != nil {
			return err
		}
		m.UpdatedAt, m.Transport = now, res.Transport
		if sendErr == nil {
			m.Status, m.Error, m.ProviderMessageID, m.SentAt = contacts.StatusSent, "", res.ProviderMessageID, &now
		} else {
			m.Status, m.Error = contacts.StatusFailed, sendErr.Error()
			// A failed send returns no Result; its error names the
			// transport that failed.
			var ne *notify.Error
			if errors.As(sendErr, &ne) {
				m.Transport = ne.Transport
			}
		}
		if m.Kind == contacts.KindPage {
			if err := e.recordPageOutcome(ctx, tx, m, res, sendErr, now); err != nil {
				return err
			}
		}
		return tx.OutboxUpdate(ctx, m)
	})
}

// pageOf loads the page a page message belongs to (nil if gone).
func pageOf(ctx context.Context, tx contacts.Tx, m *contacts.Message) (*contacts.Page, error) {
	a, ok := contacts.ParseARN(m.PageARN)
	if !ok {
		return nil, nil
	}
	p, err := tx.PageGet(ctx, m.Scope, a.ID)
	if errors.Is(err, contacts.ErrNotFound) {
		return nil, nil
	}
	return p, err
}

// recordPageOutcome writes SENT or ERROR on the page and schedules a retry
// when the page's plan asks for one. It reads the page with only the stop
// time of its engagement and the end of its track (PageGetState): under a
// burst, loading and decoding both for every outcome was a large share of
// the single writer's time (BenchmarkEngagements, profiled).
func (e *Engine) recordPageOutcome(ctx context.Context, tx contacts.Tx, m *contacts.Message, res notify.Result, sendErr error, now time.Time) error {
	a, ok := contacts.ParseARN(m.PageARN)
	if !ok {
		return nil
	}
	st, err := tx.PageGetState(ctx, m.Scope, a.ID)
	if errors.Is(err, contacts.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	p := st.Page
	providerID := res.ProviderMessageID
	if providerID == "" {
		providerID = m.ID
	}
	if p.Status == contacts.PageStopped {
		// Stopped while the send was in flight (acknowledged, the plan
		// over, the engagement stopped): the page's STOP receipt is its
		// last, so that nothing is recorded after an engagement's
		// StopTime; the outbox entry says what the send did.
		return nil
	}
	live := st.EngagementStopTime == nil && !st.TrackEnded
	d := decideDelivery(p, live, sendErr, providerID, now)
	if err := tx.ReceiptInsert(ctx, &contacts.Receipt{Scope: p.Scope, PageID: p.ID, Type: d.Receipt, ChannelARN: p.ChannelARN(), Info: d.Info, Time: now}); err != nil {
		return err
	}
	if st.EngagementStopTime != nil && st.EngagementStopTime.Before(now) {
		// The plan ended while this page's first send was on its way (a
		// last stage of duration 0, or work that ran late): the
		// engagement ends with the send it was waiting for.
		eng, err := tx.EngagementGet(ctx, p.Scope, p.EngagementID)
		if err != nil {
			return err
		}
		eng.StopTime = &now
		if err := tx.EngagementUpdate(ctx, eng); err != nil {
			return err
		}
	}
	p.Status = d.Status
	if d.Status == contacts.PageSent && p.SentTime == nil {
		p.SentTime = &now
	}
	if d.RetryAt != nil {
		m.Status = contacts.StatusPending
		if err := e.schedule(ctx, tx, contacts.TimerDeliver, m.Scope, m.ID, 0, *d.RetryAt); err != nil {
			return err
		}
	}
	return tx.PageUpdate(ctx, p)
}

func toNotify(m *contacts.Message) notify.Message {
	n := notify.Message{
		ID: m.ID, Kind: notify.Kind(m.Kind), ChannelType: string(m.ChannelType), ChannelName: m.ChannelName,
		Address: m.Address, Sender: m.Sender,
		ChannelArn: m.ChannelARN, ContactArn: m.ContactARN, PageArn: m.PageARN, EngagementArn: m.EngagementARN,
		Subject: m.Subject, Body: m.Body, Code: m.Code, AckURL: m.AckURL, CreatedAt: m.CreatedAt,
	}
	if m.Kind == contacts.KindActivation {
		n.CodeValidFor = contacts.CodeLifetime
	}
	return n
}
