package engage

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// take deletes timer t as the first write of its step: if it is already
// gone, another run performed the step and this one must not.
func take(ctx context.Context, tx contacts.Tx, t *contacts.Timer) (bool, error) {
	err := tx.TimerDelete(ctx, t.ID)
	if errors.Is(err, contacts.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (e *Engine) schedule(ctx context.Context, tx contacts.Tx, kind contacts.TimerKind, sc contacts.Scope, ref string, arg int, due time.Time) error {
	return tx.TimerInsert(ctx, &contacts.Timer{ID: e.newID(), Kind: kind, Scope: sc, Ref: ref, Arg: arg, DueAt: due})
}

// escalationStage starts stage t.Arg of an escalation plan.
func (e *Engine) escalationStage(ctx context.Context, t *contacts.Timer) error {
	return e.writeStep(ctx, func(tx contacts.Tx) error {
		if ok, err := take(ctx, tx, t); !ok {
			return err
		}
		eng, err := tx.EngagementGet(ctx, t.Scope, t.Ref)
		if errors.Is(err, contacts.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		if eng.Stopped() || eng.EscalationDone {
			return nil
		}
		now := e.clock.Now()
		d := decideEscalationStage(eng.Plan, t.Arg, t.DueAt)
		if d.Done {
			eng.EscalationDone = true
		} else {
			stage := t.Arg
			path := []contacts.ResolutionStep{{ContactARN: eng.ContactARN(), Type: contacts.Escalation, StageIndex: &stage}}
			for _, target := range d.Targets {
				if err := e.engageContact(ctx, tx, eng, *target.ContactID, path, target.IsEssential, t.DueAt); err != nil {
					return err
				}
			}
			if err := e.schedule(ctx, tx, contacts.TimerEscalationStage, eng.Scope, eng.ID, t.Arg+1, *d.Next); err != nil {
				return err
			}
		}
		return e.finish(ctx, tx, eng, now)
	})
}

// finish stamps StopTime on an engagement with nothing left to do, and
// stores it.
func (e *Engine) finish(ctx context.Context, tx contacts.Tx, eng *contacts.Engagement, now time.Time) error {
	if complete(eng) {
		eng.StopTime = &now
		if eng.StopReason == "" {
			eng.StopReason = "Completed"
		}
	}
	return tx.EngagementUpdate(ctx, eng)
}

// engageContact engages one contact of an escalation stage (or the
// engaged contact itself) through its own plan: a personal contact gets a
// track; an on-call schedule gives a track to each contact on call at at.
func (e *Engine) engageContact(ctx context.Context, tx contacts.Tx, eng *contacts.Engagement, contactARN string, path []contacts.ResolutionStep, essential bool, at time.Time) error {
	c, err := contacts.FindContact(ctx, tx, eng.Scope, contactARN)
	if contacts.KindOf(err) == contacts.KindNotFound {
		e.log.Warn("engine: an engaged contact no longer exists", "engagement", eng.ARN(), "contact", contactARN)
		return nil
	} else if err != nil {
		return err
	}
	switch c.Type {
	case contacts.Personal:
		return e.openTrack(ctx, tx, eng, c, path, essential, at)
	case contacts.OnCallSchedule:
		people, err := e.whoIsOnCall(ctx, tx, c, at)
		if err != nil {
			return err
		}
		if len(people) == 0 {
			e.log.Info("engine: nobody is on call", "engagement", eng.ARN(), "schedule", c.ARN(), "at", at)
		}
		via := append(append([]contacts.ResolutionStep(nil), path...), contacts.ResolutionStep{ContactARN: c.ARN(), Type: contacts.OnCallSchedule})
		for _, p := range people {
			if err := e.openTrack(ctx, tx, eng, p, via, essential, at); err != nil {
				return err
			}
		}
		return nil
	default:
		e.log.Warn("engine: an escalation plan cannot engage another escalation plan", "engagement", eng.ARN(), "contact", c.ARN())
		return nil
	}
}

func (e *Engine) whoIsOnCall(ctx context.Context, tx contacts.Tx, schedule *contacts.Contact, at time.Time) ([]*contacts.Contact, error) {
	if e.onCall == nil {
		return nil, nil
	}
	return e.onCall.OnCall(ctx, tx, schedule, at)
}

// openTrack starts engaging a personal contact through its plan at at.
func (e *Engine) openTrack(ctx context.Context, tx contacts.Tx, eng *contacts.Engagement, person *contacts.Contact, path []contacts.ResolutionStep, essential bool, at time.Time) error {
	tr := &contacts.Track{
		Scope: eng.Scope, ID: e.newID(), EngagementID: eng.ID, ContactAlias: person.Alias, Plan: person.Plan,
		Path:      append(append([]contacts.ResolutionStep(nil), path...), contacts.ResolutionStep{ContactARN: person.ARN(), Type: contacts.Personal}),
		Essential: essential, StartedAt: at,
	}
	if err := tx.TrackInsert(ctx, tr); err != nil {
		return err
	}
	eng.OpenTracks++
	return e.schedule(ctx, tx, contacts.TimerTrackStage, eng.Scope, tr.ID, 0, at)
}

// trackStage starts stage t.Arg of a personal contact's plan. The pages it
// creates are claimed for this worker in the same transaction and sent
// once it commits.
func (e *Engine) trackStage(ctx context.Context, t *contacts.Timer) error {
	var sends []claimedSend
	err := e.writeStep(ctx, func(tx contacts.Tx) error {
		sends = sends[:0] // a store may run this again (PostgreSQL, on a serialization failure)
		if ok, err := take(ctx, tx, t); !ok {
			return err
		}
		tr, err := tx.TrackGet(ctx, t.Scope, t.Ref)
		if errors.Is(err, contacts.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		eng, err := tx.EngagementGet(ctx, t.Scope, tr.EngagementID)
		if err != nil {
			return err
		}
		if tr.Ended || eng.Stopped() {
			return nil
		}
		now := e.clock.Now()
		channels, err := e.stageChannels(ctx, tx, tr, t.Arg)
		if err != nil {
			return err
		}
		d := decideTrackStage(tr.Plan, t.Arg, t.DueAt, channels)
		if d.End {
			if err := tx.TrackEnd(ctx, tr.Scope, tr.ID); err != nil {
				return err
			}
			// A retry still waiting was due inside a stage that is over
			// (it ran late): it is not sent once the plan has ended. A
			// first send still to come goes out (see recordPageOutcome).
			if err := stopRetries(ctx, tx, eng, tr.ID, "Engagement plan ended", now); err != nil {
				return err
			}
			eng.OpenTracks--
			return e.finish(ctx, tx, eng, now)
		}
		for _, spec := range d.Pages {
			s, err := e.createPage(ctx, tx, eng, tr, spec, channels[spec.ChannelID], now)
			if err != nil {
				return err
			}
			sends = append(sends, s)
		}
		return e.schedule(ctx, tx, contacts.TimerTrackStage, tr.Scope, tr.ID, t.Arg+1, *d.Next)
	})
	if err != nil {
		return err
	}
	for _, s := range sends {
		// In flight from now, so that the heartbeat renews its claim.
		e.takeOff(s.timer.ID)
		if e.claimObs != nil {
			e.claimObs.Claimed(false)
		}
		e.send(ctx, s.timer, s.msg)
	}
	return nil
}

// claimedSend is a page's first send, claimed by the step that created
// the page.
type claimedSend struct {
	timer *contacts.Timer
	msg   *contacts.Message
}

// stageChannels loads the channels stage k of a track targets.
func (e *Engine) stageChannels(ctx context.Context, tx contacts.Tx, tr *contacts.Track, k int) (map[string]channelState, error) {
	out := map[string]channelState{}
	if k >= len(tr.Plan.Stages) {
		return out, nil
	}
	for _, t := range tr.Plan.Stages[k].Targets {
		if t.Channel == nil {
			continue
		}
		id := t.Channel.ChannelID
		a, ok := contacts.ParseARN(id)
		if !ok || a.Type != "contact-channel" || !a.In(tr.Scope) || a.Alias != tr.ContactAlias {
			continue
		}
		ch, err := tx.ChannelGet(ctx, tr.Scope, a.ID)
		if errors.Is(err, contacts.ErrNotFound) || (err == nil && ch.ContactAlias != tr.ContactAlias) {
			continue
		} else if err != nil {
			return nil, err
		}
		out[id] = channelState{Exists: true, Activated: ch.Activated, Type: ch.Type, Address: ch.Address, Name: ch.Name}
	}
	return out, nil
}

// createPage records a page and its message, and claims the message's
// DELIVER timer at now for this worker (message SENDING, one attempt), as
// claimDelivery would: the caller sends it once the transaction commits,
// with no claim transaction of its own. If the process dies before the
// outcome is recorded, the claim is voided or its lease expires, and the
// send is taken over like any other claimed one.
func (e *Engine) createPage(ctx context.Context, tx contacts.Tx, eng *contacts.Engagement, tr *contacts.Track, spec pageSpec, ch channelState, now time.Time) (claimedSend, error) {
	code, err := sixDigits()
	if err != nil {
		return claimedSend{}, err
	}
	a, _ := contacts.ParseARN(spec.ChannelID)
	p := &contacts.Page{
		Scope: eng.Scope, ID: e.newID(), EngagementID: eng.ID, TrackID: tr.ID, ContactAlias: tr.ContactAlias,
		ChannelID: a.ID, ChannelType: ch.Type, Address: ch.Address, StageIndex: spec.StageIndex, AcceptCode: code,
		Status: contacts.PagePending, MessageID: e.newID(), RetryInterval: spec.RetryInterval,
		WindowEnd: spec.WindowEnd, CreatedAt: now,
	}
	subject, body := pageTexts(eng, ch.Type)
	m := &contacts.Message{
		ID: p.MessageID, Scope: eng.Scope, Kind: contacts.KindPage,
		ChannelID: a.ID, ChannelARN: p.ChannelARN(), ContactARN: p.ContactARN(), ChannelType: ch.Type,
		ChannelName: ch.Name, Address: ch.Address, Sender: eng.Sender, Subject: subject, Body: body, Code: code,
		PageARN: p.ARN(), EngagementARN: eng.ARN(),
		Status: contacts.StatusSending, Attempts: 1, CreatedAt: now, UpdatedAt: now,
	}
	if ch.Type == contacts.Email && e.ackLinks != nil {
		m.AckURL = e.ackLinks.URL(p.ARN(), now)
	}
	if err := tx.PageInsert(ctx, p); err != nil {
		return claimedSend{}, err
	}
	if err := tx.OutboxInsert(ctx, m); err != nil {
		return claimedSend{}, err
	}
	t := &contacts.Timer{ID: e.newID(), Kind: contacts.TimerDeliver, Scope: eng.Scope, Ref: m.ID, DueAt: now, ClaimedAt: &now, ClaimedBy: e.owner}
	if err := tx.TimerInsert(ctx, t); err != nil {
		return claimedSend{}, err
	}
	return claimedSend{timer: t, msg: m}, nil
}

// sixDigits returns a uniformly random code from 000000 to 999999.
func sixDigits() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}
