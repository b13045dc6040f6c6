package engage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/notify"
)

// OnCallResolver names the personal contacts on call in an on-call schedule
// at an instant.
type OnCallResolver interface {
	OnCall(ctx context.Context, tx contacts.Tx, schedule *contacts.Contact, at time.Time) ([]*contacts.Contact, error)
}

// Config wires an Engine.
type Config struct {
	Store  contacts.Store
	Clock  clock.Clock
	Sender notify.Sender
	Logger *slog.Logger
	// OnCall resolves on-call schedules; nil: nobody is ever on call.
	OnCall OnCallResolver
	// AckLinks makes the acknowledgement links of email pages; nil: no
	// links.
	AckLinks *AckLinks
	// PaginationKey seals the NextTokens of the engagement and page lists
	// (the stored contacts.PaginationSecret, as the contacts service's);
	// default: a random key, whose tokens are good for this Engine only.
	PaginationKey []byte
	// NewID returns fresh ids; default time-ordered UUIDs (see
	// timeOrderedID).
	NewID func() string
	// Concurrency bounds the steps in flight (default 64).
	Concurrency int
	// Owner names this engine's claims: the server's replica id (default
	// a random id).
	Owner string
	// Lease is how long a claim lasts unless its owner renews it (default
	// DefaultLease). While Run runs, the engine renews the claims of its
	// sends in flight every Lease/3 (see heartbeat), so a slow send keeps
	// its claim and only a dead (or paused) engine's claims expire.
	Lease time.Duration
	// SendTimeout bounds one send (default 2 minutes).
	SendTimeout time.Duration
	// Observe, optional, is told about every finished step.
	Observe func(kind contacts.TimerKind, due, done time.Time, err error)
	// Claims, optional, is told about claims and their renewals.
	Claims ClaimObserver
}

// DefaultLease is Config.Lease's default: on a shared store, the longest a
// dead replica's claims hold up its sends.
const DefaultLease = 10 * time.Second

// ClaimObserver is told about an engine's claims (for metrics).
type ClaimObserver interface {
	// Claimed: the engine claimed a due DELIVER timer; takeover when
	// the timer was claimed by another owner whose lease had expired.
	Claimed(takeover bool)
	// Renewed: a heartbeat renewed n claims of sends in flight.
	Renewed(n int)
}

// Engine runs engagements. It is safe for concurrent use.
type Engine struct {
	store       contacts.Store
	clock       clock.Clock
	sender      notify.Sender
	log         *slog.Logger
	onCall      OnCallResolver
	ackLinks    *AckLinks
	tokens      contacts.PageTokens
	newID       func() string
	concurrency int
	owner       string
	lease       time.Duration
	// recheck, on a shared store, bounds Run's sleep: see Run.
	recheck     time.Duration
	sendTimeout time.Duration
	observe     func(contacts.TimerKind, time.Time, time.Time, error)
	claimObs    ClaimObserver

	// mu makes runs of due work exclusive, so that AdvanceTo and the
	// background loop never interleave.
	mu sync.Mutex
	// released is set (under mu) once the claims of a previous process
	// have been voided.
	released bool

	// sends tracks the sends in flight. A send leaves the transaction
	// and may take seconds (a slow webhook, its retries), so the worker
	// does not wait for it before the next due work.
	sends sync.WaitGroup
	// sendSlots bounds the sends in flight.
	sendSlots chan struct{}
	// flying holds the ids of the DELIVER timers this engine has claimed
	// (or is claiming) and not yet finished, under flyingMu.
	flyingMu sync.Mutex
	flying   map[string]struct{}
}

// New returns an Engine; call Run to start its worker.
func New(cfg Config) (*Engine, error) {
	if cfg.Store == nil || cfg.Clock == nil || cfg.Sender == nil {
		return nil, errors.New("engage: Store, Clock and Sender are required")
	}
	e := &Engine{
		store: cfg.Store, clock: cfg.Clock, sender: cfg.Sender, log: cfg.Logger, onCall: cfg.OnCall,
		ackLinks: cfg.AckLinks, newID: cfg.NewID, concurrency: cfg.Concurrency, owner: cfg.Owner, lease: cfg.Lease,
		sendTimeout: cfg.SendTimeout, observe: cfg.Observe, claimObs: cfg.Claims, flying: map[string]struct{}{},
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	e.tokens = contacts.NewPageTokens(cfg.PaginationKey)
	shared := false
	if s, ok := cfg.Store.(contacts.SharedStore); ok && s.Shared() {
		shared = true
	}
	if e.newID == nil {
		e.newID = timeOrderedID
		if shared {
			// On PostgreSQL, SERIALIZABLE transactions lock the index
			// pages they read: time-ordered ids put every new row and
			// every read of a recent one on the same last page of each
			// index, so unrelated steps collided (16–30% of the engine's
			// writes rolled back in a burst, against 2% with random ids).
			e.newID = uuid.NewString
		}
	}
	if e.concurrency <= 0 {
		e.concurrency = 64
	}
	if e.owner == "" {
		e.owner = uuid.NewString()
	}
	if e.lease <= 0 {
		e.lease = DefaultLease
	}
	if e.sendTimeout <= 0 {
		e.sendTimeout = 2 * time.Minute
	}
	e.sendSlots = make(chan struct{}, e.concurrency)
	if shared {
		e.recheck = e.lease
		// Other replicas hold claims on the same timers: leave them to
		// expire (TimerNextDue wakes this one when they do).
		e.released = true
	}
	return e, nil
}

// Run is the worker: it performs due work, then sleeps until the earliest
// due time, until ctx ends. Every commit that schedules a timer earlier
// than that raises the store's DueSignal and wakes it (see sleep), so new
// work needs no call to remember. Claims left by a previous process are
// void: this node is the only worker of its database, unless the store is
// shared (contacts.SharedStore), where claims are leases that expire;
// while it runs, the engine's heartbeat renews its own.
func (e *Engine) Run(ctx context.Context) error {
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() { defer close(stopped); e.heartbeat(stop) }()
	defer func() {
		// A send that completes is recorded, under a claim still renewed;
		// one cut short by shutdown is released, so that another replica
		// takes it over at once rather than when its lease runs out (or
		// this node claims it again at its next start).
		e.sends.Wait()
		close(stop)
		<-stopped
		e.releaseClaims()
	}()
	for {
		e.mu.Lock()
		err := e.runDue(ctx)
		e.mu.Unlock()
		if err != nil && ctx.Err() == nil {
			e.log.Error("engine: running due work", "error", err)
		}
		next, err := e.nextDue(ctx)
		if err != nil && ctx.Err() == nil {
			e.log.Error("engine: reading timers", "error", err)
			retry := e.clock.Now().Add(time.Second) // look again after a store error
			next = &retry
		}
		if e.recheck > 0 {
			// A replica that commits a timer announces it after the
			// commit; if it dies in between, nothing wakes the others.
			// Reading the timers once a lease bounds how late that leaves
			// the timer, as it bounds a dead replica's claims.
			if limit := e.clock.Now().Add(e.recheck); next == nil || next.After(limit) {
				next = &limit
			}
		}
		if !e.sleep(ctx, next) {
			return nil
		}
	}
}

// sleep waits until next (nil: no timer at all), or until a commit raises
// a timer due before next; it reports false when ctx ends. A raise of a
// time at or after next changes nothing: the wake-up at next reads the
// timers again. A raise that came before next was read is still pending
// on the signal, so nothing committed in between is missed.
func (e *Engine) sleep(ctx context.Context, next *time.Time) bool {
	var fire <-chan time.Time
	if next != nil {
		timer := e.clock.NewTimer(next.Sub(e.clock.Now()))
		defer timer.Stop()
		fire = timer.C()
	}
	due := e.store.DueSignal()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-fire:
			return true
		case <-due.C():
			if at, ok := due.Take(); ok && (next == nil || at.Before(*next)) {
				return true
			}
		}
	}
}

func (e *Engine) nextDue(ctx context.Context) (*time.Time, error) {
	var next *time.Time
	err := e.store.Read(ctx, func(tx contacts.Tx) error {
		var err error
		next, err = tx.TimerNextDue(ctx, e.lease)
		return err
	})
	return next, err
}

// RunDue performs every step due now, including the steps those steps
// make due now, and returns when none is left. The engine's first run
// (RunDue, AdvanceTo or Run's) voids the claims left by a previous process
// before anything else: this node is the only worker of its database
// (on a shared store nothing is voided: other replicas hold those claims).
func (e *Engine) RunDue(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.settle(ctx)
}

// settle performs the work due now and waits for its sends, until nothing
// is left due now.
func (e *Engine) settle(ctx context.Context) error {
	for {
		err := e.runDue(ctx)
		e.sends.Wait() // even when runDue stopped early: its sends are this call's
		if err != nil {
			return err
		}
		now := e.clock.Now()
		next, err := e.nextDue(ctx)
		if err != nil {
			return err
		}
		if next == nil || next.After(now) {
			return nil
		}
	}
}

// batch is how many due timers one round reads.
const batch = 1024

func (e *Engine) runDue(ctx context.Context) error {
	if !e.released {
		if err := e.store.Write(ctx, func(tx contacts.Tx) error { return tx.TimerReleaseAll(ctx) }); err != nil {
			return fmt.Errorf("engage: release claims: %w", err)
		}
		e.released = true
	}
	for {
		now := e.clock.Now()
		var due []*contacts.Timer
		if err := e.store.Read(ctx, func(tx contacts.Tx) error {
			var err error
			due, err = tx.TimerDue(ctx, now, now.Add(-e.lease), batch)
			return err
		}); err != nil {
			return err
		}
		if len(due) == 0 {
			return nil
		}
		e.runSteps(ctx, due)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// runSteps performs timers concurrently; their writes share commits. It
// returns when every step is done, except the sends of DELIVER steps: those
// are claimed before it returns (so that no later read finds them due) and
// go on in the background, tracked by e.sends.
//
// Deliveries are claimed before the stage steps start. Within one track a
// send due in the batch is always due before a stage step in the same
// batch (a retry falls inside its stage), so this keeps the track's work
// in due order when it runs late: a retry that fell due before its plan
// ended is sent before the end is recorded.
func (e *Engine) runSteps(ctx context.Context, timers []*contacts.Timer) {
	var deliveries, stages []*contacts.Timer
	for _, t := range timers {
		if t.Kind == contacts.TimerDeliver {
			deliveries = append(deliveries, t)
		} else {
			stages = append(stages, t)
		}
	}
	e.concurrently(deliveries, func(t *contacts.Timer) { e.startDelivery(ctx, t) })
	e.concurrently(stages, func(t *contacts.Timer) { e.finished(ctx, t, e.step(ctx, t)) })
}

// concurrently runs fn on every timer, at most e.concurrency at a time,
// and returns when all are done.
func (e *Engine) concurrently(timers []*contacts.Timer, fn func(*contacts.Timer)) {
	sem := make(chan struct{}, e.concurrency)
	var wg sync.WaitGroup
	for _, t := range timers {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			fn(t)
		}()
	}
	wg.Wait()
}

// finished observes a step's outcome and postpones a failed step.
func (e *Engine) finished(ctx context.Context, t *contacts.Timer, err error) {
	if e.observe != nil {
		e.observe(t.Kind, t.DueAt, e.clock.Now(), err)
	}
	if err != nil && ctx.Err() == nil {
		if errors.Is(err, contacts.ErrBusy) {
			// The step's writes kept colliding with other writers: its
			// timer is still due and the next round takes it again.
			e.log.Warn("engine: step collided with concurrent writes; retrying", "kind", t.Kind, "ref", t.Ref, "error", err)
			return
		}
		e.log.Error("engine: step failed; retrying in a minute", "kind", t.Kind, "ref", t.Ref, "error", err)
		e.postpone(ctx, t)
	}
}

// startDelivery claims a DELIVER timer now and sends in the background.
func (e *Engine) startDelivery(ctx context.Context, t *contacts.Timer) {
	if !e.takeOff(t.ID) {
		return // this engine is sending it already (its claim expired while it was paused)
	}
	msg, err := e.claimDelivery(ctx, t)
	if err != nil || msg == nil {
		e.land(t.ID)
		e.finished(ctx, t, err)
		return
	}
	e.send(ctx, t, msg)
}

// send sends msg, whose DELIVER timer t this worker holds claimed, in the
// background, and records the outcome.
func (e *Engine) send(ctx context.Context, t *contacts.Timer, msg *contacts.Message) {
	e.sends.Add(1)
	go func() {
		defer e.sends.Done()
		defer e.land(t.ID)
		e.sendSlots <- struct{}{}
		defer func() { <-e.sendSlots }()
		e.finished(ctx, t, e.sendAndRecord(ctx, t, msg))
	}()
}

// postpone moves a failing timer a minute on, so that one broken row
// cannot keep the worker busy.
func (e *Engine) postpone(ctx context.Context, t *contacts.Timer) {
	err := e.writeStep(ctx, func(tx contacts.Tx) error {
		// Unless another replica has taken the timer over meanwhile.
		if err := tx.TimerDeleteClaimed(ctx, t.ID, e.owner); err != nil {
			return err
		}
		next := *t
		next.ID, next.DueAt, next.ClaimedAt, next.ClaimedBy = e.newID(), e.clock.Now().Add(time.Minute), nil, ""
		return tx.TimerInsert(ctx, &next)
	})
	if err != nil && !errors.Is(err, contacts.ErrNotFound) {
		e.log.Error("engine: postponing a timer", "id", t.ID, "error", err)
	}
}

// step performs a timer that stays inside the store (DELIVER timers go
// through startDelivery).
func (e *Engine) step(ctx context.Context, t *contacts.Timer) error {
	switch t.Kind {
	case contacts.TimerEscalationStage:
		return e.escalationStage(ctx, t)
	case contacts.TimerTrackStage:
		return e.trackStage(ctx, t)
	case contacts.TimerShiftReminders:
		return e.shiftReminders(ctx, t)
	default:
		e.log.Error("engine: dropping a timer of unknown kind", "kind", t.Kind, "id", t.ID)
		return ignoreGone(e.writeStep(ctx, func(tx contacts.Tx) error { return tx.TimerDelete(ctx, t.ID) }))
	}
}

func ignoreGone(err error) error {
	if errors.Is(err, contacts.ErrNotFound) {
		return nil
	}
	return err
}

// timeOrderedID is a version 7 UUID: random like version 4 but for its
// leading 48 bits, the creation time in milliseconds, so that the rows
// the engine inserts land at the end of their primary-key indexes rather
// than on a random page of each: under a burst, random ids made every
// insert dirty its own index page, and the commits wrote (and the
// checkpoints copied) those pages again and again.
func timeOrderedID() string {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.NewString()
	}
	return id.String()
}

// ErrNotControllable is returned by AdvanceTo on a real clock.
var ErrNotControllable = errors.New("engage: the clock is not controllable (start the server with --clock=controllable)")

// AdvanceTo moves a controllable clock to target, stopping at every due
// time on the way to perform the work due then, in order; it returns when
// the work due at target is done.
func (e *Engine) AdvanceTo(ctx context.Context, target time.Time) error {
	ctrl, ok := e.clock.(*clock.Controllable)
	if !ok {
		return ErrNotControllable
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.settle(ctx); err != nil {
		return err
	}
	for {
		next, err := e.nextDue(ctx)
		if err != nil {
			return err
		}
		if next == nil || next.After(target) {
			break
		}
		if next.After(ctrl.Now()) {
			ctrl.Set(*next)
		}
		if err := e.settle(ctx); err != nil {
			return err
		}
	}
	if target.After(ctrl.Now()) {
		ctrl.Set(target)
	}
	return e.settle(ctx)
}

// writeStep runs a step's transaction: through the store's WriteStep where
// it has one (contacts.StepWriter), else through Write.
func (e *Engine) writeStep(ctx context.Context, fn func(contacts.Tx) error) error {
	if sw, ok := e.store.(contacts.StepWriter); ok {
		return sw.WriteStep(ctx, fn)
	}
	return e.store.Write(ctx, fn)
}
