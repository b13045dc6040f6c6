package engage

import (
	"context"
	"crypto/subtle"
	"errors"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// StartEngagementInput is StartEngagement's request.
type StartEngagementInput struct {
	ContactID        string
	Sender           string
	Subject          string
	Content          string
	PublicSubject    *string
	PublicContent    *string
	IncidentID       *string
	IdempotencyToken string `json:"-"`
}

// StartEngagement engages a contact and returns the engagement's ARN: a
// personal contact through its engagement plan, an escalation plan stage by
// stage, an on-call schedule through whoever is on call now. The first
// pages go out as soon as the worker sees the new timers (at once).
// Errors: KindNotFound (contact), KindValidation.
func (e *Engine) StartEngagement(ctx context.Context, sc contacts.Scope, in StartEngagementInput) (string, error) {
	var arn string
	err := e.store.Write(ctx, func(tx contacts.Tx) error {
		now := e.clock.Now()
		var err error
		arn, err = contacts.Idempotent(ctx, tx, now, sc, "StartEngagement", in.IdempotencyToken, in, func() (string, error) {
			c, err := contacts.FindContact(ctx, tx, sc, in.ContactID)
			if err != nil {
				return "", err
			}
			eng := &contacts.Engagement{
				Scope: sc, ID: e.newID(), ContactAlias: c.Alias, ContactType: c.Type,
				Sender: in.Sender, Subject: in.Subject, Content: in.Content,
				PublicSubject: in.PublicSubject, PublicContent: in.PublicContent, IncidentID: in.IncidentID,
				StartTime: now, Plan: c.Plan, EscalationDone: c.Type != contacts.Escalation,
			}
			if err := tx.EngagementInsert(ctx, eng); err != nil {
				return "", err
			}
			switch c.Type {
			case contacts.Escalation:
				if err := e.schedule(ctx, tx, contacts.TimerEscalationStage, sc, eng.ID, 0, now); err != nil {
					return "", err
				}
			default:
				if err := e.engageContact(ctx, tx, eng, c.ARN(), nil, true, now); err != nil {
					return "", err
				}
			}
			if err := e.finish(ctx, tx, eng, now); err != nil {
				return "", err
			}
			return eng.ARN(), nil
		})
		return err
	})
	return arn, err
}

// StopEngagement stops an engagement: no further stages, retries or pages;
// pages not yet sent get a STOP receipt. Stopping a stopped engagement does
// nothing. Errors: KindNotFound.
func (e *Engine) StopEngagement(ctx context.Context, sc contacts.Scope, engagementID string, reason *string) error {
	return e.store.Write(ctx, func(tx contacts.Tx) error {
		eng, err := contacts.FindEngagement(ctx, tx, sc, engagementID)
		if err != nil {
			return err
		}
		if eng.Stopped() {
			return nil
		}
		now := e.clock.Now()
		why := "Stopped"
		if reason != nil && *reason != "" {
			why = *reason
		}
		eng.StopTime, eng.StopReason, eng.EscalationDone, eng.OpenTracks = &now, why, true, 0
		open, err := tx.TrackListOpen(ctx, sc, eng.ID)
		if err != nil {
			return err
		}
		for _, tr := range open {
			if err := tx.TrackEnd(ctx, sc, tr.ID); err != nil {
				return err
			}
		}
		if err := stopPending(ctx, tx, eng, "", why, now); err != nil {
			return err
		}
		return tx.EngagementUpdate(ctx, eng)
	})
}

// stopPending stops the pages of eng not yet sent (those of one track, or
// all when trackID is empty): each gets a STOP receipt saying why, and its
// message, if still waiting, is cancelled.
func stopPending(ctx context.Context, tx contacts.Tx, eng *contacts.Engagement, trackID, why string, now time.Time) error {
	return stopPages(ctx, tx, eng, trackID, why, now, false)
}

// stopRetries stops the pages of a track that wait for a retry after a
// failed send; pages whose first send is still to come or in flight go
// on.
func stopRetries(ctx context.Context, tx contacts.Tx, eng *contacts.Engagement, trackID, why string, now time.Time) error {
	return stopPages(ctx, tx, eng, trackID, why, now, true)
}

func stopPages(ctx context.Context, tx contacts.Tx, eng *contacts.Engagement, trackID, why string, now time.Time, retriesOnly bool) error {
	pending, err := tx.PageList(ctx, contacts.PageListParams{Scope: eng.Scope, EngagementID: eng.ID, Pending: true, Limit: 1 << 30})
	if err != nil {
		return err
	}
	for _, p := range pending {
		if trackID != "" && p.TrackID != trackID {
			continue
		}
		m, err := tx.OutboxGet(ctx, p.MessageID)
		if errors.Is(err, contacts.ErrNotFound) {
			m = nil // the outbox was cleared: nothing left to cancel
		} else if err != nil {
			return err
		}
		if retriesOnly && (m == nil || m.Status != contacts.StatusPending || m.Attempts == 0) {
			continue
		}
		p.Status = contacts.PageStopped
		if err := tx.PageUpdate(ctx, p); err != nil {
			return err
		}
		if err := tx.ReceiptInsert(ctx, &contacts.Receipt{Scope: p.Scope, PageID: p.ID, Type: contacts.ReceiptStop, ChannelARN: p.ChannelARN(), Info: clip(why), Time: now}); err != nil {
			return err
		}
		if m != nil && m.Status == contacts.StatusPending {
			m.Status, m.UpdatedAt = contacts.StatusCancelled, now
			if err := tx.OutboxUpdate(ctx, m); err != nil {
				return err
			}
		}
	}
	return nil
}

// AcceptPageInput is AcceptPage's request.
type AcceptPageInput struct {
	PageID     string
	ChannelID  *string
	Read       bool // AcceptType READ (else DELIVERED)
	Note       *string
	AcceptCode string
	// Enforce checks AcceptCode against the page's code
	// (AcceptCodeValidation ENFORCE); the default, IGNORE, does not.
	Enforce bool
}

// AcceptPage records that a page was delivered or read. A READ ends the
// reader's own plan and, for an essential escalation target, the
// escalation plan's progression. It is idempotent. Errors: KindNotFound,
// KindValidation (wrong code under ENFORCE: nothing changes).
func (e *Engine) AcceptPage(ctx context.Context, sc contacts.Scope, in AcceptPageInput) error {
	return e.store.Write(ctx, func(tx contacts.Tx) error {
		p, err := contacts.FindPage(ctx, tx, sc, in.PageID)
		if err != nil {
			return err
		}
		if in.Enforce && subtle.ConstantTimeCompare([]byte(in.AcceptCode), []byte(p.AcceptCode)) != 1 {
			return contacts.Invalidf("The accept code is incorrect")
		}
		return e.accept(ctx, tx, p, in)
	})
}

func (e *Engine) accept(ctx context.Context, tx contacts.Tx, p *contacts.Page, in AcceptPageInput) error {
	tr, err := tx.TrackGet(ctx, p.Scope, p.TrackID)
	if err != nil {
		return err
	}
	eng, err := tx.EngagementGet(ctx, p.Scope, p.EngagementID)
	if err != nil {
		return err
	}
	d := decideAccept(p, tr, eng, in.Read)
	if d.Receipt == nil {
		return nil
	}
	now := e.clock.Now()
	if d.SetDelivery {
		p.DeliveryTime = &now
	}
	if d.SetRead {
		p.ReadTime = &now
	}
	if err := tx.PageUpdate(ctx, p); err != nil {
		return err
	}
	channel := p.ChannelARN()
	if in.ChannelID != nil {
		channel = *in.ChannelID
	}
	info := in.AcceptCode
	if in.Note != nil && *in.Note != "" {
		info = *in.Note
	}
	if err := tx.ReceiptInsert(ctx, &contacts.Receipt{Scope: p.Scope, PageID: p.ID, Type: *d.Receipt, ChannelARN: channel, Info: clip(info), Time: now}); err != nil {
		return err
	}
	if !d.EndTrack && !d.EndEscalation {
		return nil
	}
	if d.EndTrack {
		if err := tx.TrackEnd(ctx, tr.Scope, tr.ID); err != nil {
			return err
		}
		eng.OpenTracks--
		// The contact is not paged further: no retry of their other
		// channels either.
		if err := stopPending(ctx, tx, eng, tr.ID, "Acknowledged", now); err != nil {
			return err
		}
	}
	if d.EndEscalation {
		eng.EscalationDone = true
	}
	return e.finish(ctx, tx, eng, now)
}

// AcceptByLink performs the READ acknowledgement an email's link carries.
// Errors: KindValidation (bad or expired link), KindNotFound.
func (e *Engine) AcceptByLink(ctx context.Context, token string) (pageARN string, err error) {
	if e.ackLinks == nil {
		return "", contacts.Invalidf("Acknowledgement links are not enabled")
	}
	pageARN, err = e.ackLinks.Verify(token, e.clock.Now())
	if err != nil {
		return "", err
	}
	a, _ := contacts.ParseARN(pageARN)
	sc := contacts.Scope{Account: a.Account, Region: a.Region}
	note := "Acknowledged with the link in the email"
	return pageARN, e.store.Write(ctx, func(tx contacts.Tx) error {
		p, err := contacts.FindPage(ctx, tx, sc, pageARN)
		if err != nil {
			return err
		}
		return e.accept(ctx, tx, p, AcceptPageInput{PageID: pageARN, Read: true, Note: &note, AcceptCode: p.AcceptCode})
	})
}
