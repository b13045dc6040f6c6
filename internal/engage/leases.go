package engage

import (
	"context"
	"errors"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// Claims are leases owned by an engine (its replica): see doc.go, "Sends
// and the at-least-once edge".

// heartbeat renews the claims of this engine's sends in flight every
// lease/3 until stop is closed: a send may take longer than the lease (a
// webhook timing out and retrying), and must keep its claim all the same,
// while the claims of an engine that died expire within the lease of its
// last heartbeat. Beats keep their cadence however long a renewal takes;
// after a pause the first beat comes at once.
func (e *Engine) heartbeat(stop <-chan struct{}) {
	next := e.clock.Now().Add(e.lease / 3)
	for {
		timer := e.clock.NewTimer(next.Sub(e.clock.Now()))
		select {
		case <-stop:
			timer.Stop()
			return
		case <-timer.C():
		}
		e.renewClaims()
		next = next.Add(e.lease / 3)
		if now := e.clock.Now(); next.Before(now) {
			next = now
		}
	}
}

// renewClaims renews this engine's claims in one statement, if it has any.
func (e *Engine) renewClaims() {
	if e.inFlight() == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), e.lease)
	defer cancel()
	var n int
	err := e.writeStep(ctx, func(tx contacts.Tx) error {
		var err error
		n, err = tx.TimerRenewClaims(ctx, e.owner, e.clock.Now())
		return err
	})
	if err != nil {
		e.log.Error("engine: renewing claims", "error", err)
		return
	}
	if e.claimObs != nil {
		e.claimObs.Renewed(n)
	}
}

// takeClaimed deletes a DELIVER timer this engine claimed, as the first
// write of recording its outcome; false when another engine has taken it
// over since (this one was paused past its lease): that engine's outcome
// is the one recorded.
func (e *Engine) takeClaimed(ctx context.Context, tx contacts.Tx, t *contacts.Timer) (bool, error) {
	err := tx.TimerDeleteClaimed(ctx, t.ID, e.owner)
	if errors.Is(err, contacts.ErrNotFound) {
		e.log.Warn("engine: a send's timer was gone, or taken over by another replica, before its outcome was recorded; not recording it", "timer", t.ID, "message", t.Ref)
		return false, nil
	}
	return err == nil, err
}

// takeOff marks timer id in flight; false when it is already.
func (e *Engine) takeOff(id string) bool {
	e.flyingMu.Lock()
	defer e.flyingMu.Unlock()
	if _, ok := e.flying[id]; ok {
		return false
	}
	e.flying[id] = struct{}{}
	return true
}

// land marks timer id no longer in flight.
func (e *Engine) land(id string) {
	e.flyingMu.Lock()
	defer e.flyingMu.Unlock()
	delete(e.flying, id)
}

func (e *Engine) inFlight() int {
	e.flyingMu.Lock()
	defer e.flyingMu.Unlock()
	return len(e.flying)
}

// releaseClaims voids the claims this engine still holds once its sends
// have ended: sends cut short by shutdown, sent again under the same
// message id by whichever replica claims them next.
func (e *Engine) releaseClaims() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var n int
	err := e.writeStep(ctx, func(tx contacts.Tx) error {
		var err error
		n, err = tx.TimerReleaseClaims(ctx, e.owner)
		return err
	})
	switch {
	case err != nil:
		e.log.Warn("engine: releasing this replica's claims at shutdown failed; they expire with their lease", "error", err)
	case n > 0:
		e.log.Info("engine: released the claims of sends cut short by shutdown", "claims", n)
	}
}
