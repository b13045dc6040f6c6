package engage

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// Two workers over one database, both running the same due work at the
// same time, perform each step once: stage steps delete their timer as
// their first write, sends claim theirs with a compare-and-set.
func TestTwoWorkersPerformEachStepOnce(t *testing.T) {
	f := newFixture(t)
	other := f.newEngine(f.sender)
	both := func() {
		t.Helper()
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		for _, e := range []*Engine{f.engine, other} {
			wg.Add(1)
			go func() { defer wg.Done(); errs <- e.RunDue(f.ctx) }()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	// Both workers are up (each voids old claims at its first run) before
	// any work exists.
	both()
	const people = 30
	var engagements []string
	for i := range people {
		c, _ := f.person(fmt.Sprintf("p%02d", i), nil, 5, 5)
		engagements = append(engagements, f.start(c))
	}
	both() // stage 0
	f.clock.Set(t0.Add(5 * time.Minute))
	both()
	f.clock.Set(t0.Add(10 * time.Minute))
	both()

	msgs := f.sender.Messages()
	if len(msgs) != 2*people {
		t.Errorf("%d messages sent, want %d", len(msgs), 2*people)
	}
	seen := map[string]bool{}
	for _, m := range msgs {
		if seen[m.ID] {
			t.Errorf("message %s (%s) sent twice", m.ID, m.Address)
		}
		seen[m.ID] = true
	}
	for _, arn := range engagements {
		pages := f.pages(arn)
		if len(pages) != 2 {
			t.Errorf("%s has %d pages, want 2", arn, len(pages))
		}
		for _, p := range pages {
			if got := f.receipts(p); len(got) != 1 || got[0] != fmt.Sprintf("SENT@%s", time.Duration(p.StageIndex)*5*time.Minute) {
				t.Errorf("page %s receipts = %v, want one SENT", p.ARN(), got)
			}
		}
		if e := f.engagement(arn); e.StopTime == nil || e.OpenTracks != 0 {
			t.Errorf("%s did not end cleanly: StopTime %v, OpenTracks %d", arn, e.StopTime, e.OpenTracks)
		}
	}
}

// crashMidSend leaves a page the way a process killed during its send
// does: the timer claimed, the message SENDING, no outcome recorded. It
// returns the page.
func crashMidSend(t *testing.T, f *fixture) *contacts.Page {
	t.Helper()
	gate := newGateSender()
	dying := f.newEngine(gate)
	alice, _ := f.person("alice", nil, 30)
	eng := f.start(alice)
	ctx, kill := context.WithCancel(f.ctx)
	done := make(chan error, 1)
	go func() { done <- dying.RunDue(ctx) }()
	<-gate.entered
	kill()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("RunDue after the kill: %v, want context.Canceled", err)
	}
	p := f.pages(eng)[0]
	if m := f.message(p.MessageID); m.Status != contacts.StatusSending || m.Attempts != 1 {
		t.Fatalf("after the crash the message is %s with %d attempts, want SENDING with 1", m.Status, m.Attempts)
	}
	return p
}

func TestAClaimHoldsUntilItsLeaseExpires(t *testing.T) {
	f := newFixture(t)
	f.runDue() // this worker was already up when the other one died
	p := crashMidSend(t, f)
	f.runDue()
	if n := f.sender.Attempts(); n != 0 {
		t.Fatalf("another worker sent a page claimed %s ago (lease %s)", f.clock.Now().Sub(t0), DefaultLease)
	}
	f.advanceTo(DefaultLease + time.Millisecond)
	msgs := f.sender.Messages()
	if len(msgs) != 1 || msgs[0].ID != p.MessageID {
		t.Fatalf("after the lease expired: sent %v, want the same message %s again", sent(msgs), p.MessageID)
	}
	if diff := cmp.Diff([]string{"SENT@10.001s"}, f.receipts(p)); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	if m := f.message(p.MessageID); m.Status != contacts.StatusSent || m.Attempts != 2 {
		t.Errorf("message is %s after %d attempts, want SENT after 2", m.Status, m.Attempts)
	}
}

// A restarted node voids the claims of its previous life at once: the
// send cut short goes out again, with the same message id (the one
// at-least-once edge, which receivers de-duplicate on).
func TestRunReleasesClaimsLeftByAPreviousProcess(t *testing.T) {
	f := newFixture(t)
	f.skipOnSharedStore(t)
	p := crashMidSend(t, f)
	ctx, stop := context.WithCancel(f.ctx)
	done := make(chan error, 1)
	go func() { done <- f.engine.Run(ctx) }()
	msgs, err := f.sender.Wait(f.ctx, 1)
	stop()
	if err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if msgs[0].ID != p.MessageID {
		t.Errorf("resent message id %s, want %s", msgs[0].ID, p.MessageID)
	}
	if diff := cmp.Diff([]string{"SENT@0s"}, f.receipts(p)); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
}

// The clock endpoint may be called before the restarted server's worker
// has started: its AdvanceTo voids the old claims first all the same.
func TestAdvanceToAfterARestartVoidsOldClaims(t *testing.T) {
	f := newFixture(t)
	f.skipOnSharedStore(t)
	p := crashMidSend(t, f)
	restarted := f.newEngine(f.sender)
	if err := restarted.AdvanceTo(f.ctx, f.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if msgs := f.sender.Messages(); len(msgs) != 1 || msgs[0].ID != p.MessageID {
		t.Fatalf("after the restart: sent %v, want the message cut short (%s) again", sent(msgs), p.MessageID)
	}
	if diff := cmp.Diff([]string{"SENT@0s"}, f.receipts(p)); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
}

// A send that completes while the worker shuts down is still recorded, so
// the next start does not send it again.
func TestASendFinishedDuringShutdownIsRecorded(t *testing.T) {
	f := newFixture(t)
	gate := newGateSender()
	gate.finishOnCancel = true
	stopping := f.newEngine(gate)
	alice, _ := f.person("alice", nil, 30)
	eng := f.start(alice)
	ctx, shutdown := context.WithCancel(f.ctx)
	done := make(chan error, 1)
	go func() { done <- stopping.RunDue(ctx) }()
	<-gate.entered
	shutdown()
	gate.release <- nil
	<-done
	p := f.pages(eng)[0]
	if diff := cmp.Diff([]string{"SENT@0s"}, f.receipts(p)); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	if m := f.message(p.MessageID); m.Status != contacts.StatusSent {
		t.Errorf("message status = %s, want SENT", m.Status)
	}
	f.runDue() // the next start
	if n := f.sender.Attempts(); n != 0 {
		t.Errorf("the next start sent the page again (%d attempts)", n)
	}
}

func TestAFailingStepIsPostponedAMinute(t *testing.T) {
	db := newFaultyStore(t)
	f := newFixtureOn(t, db)
	alice, _ := f.person("alice", nil, 10)
	bob, _ := f.person("bob", nil, 10)
	db.failPageInsert("alice", 1)
	ea, eb := f.start(alice), f.start(bob)
	f.runDue()

	if diff := cmp.Diff([]string{"bob-sms@0s"}, sent(f.sender.Messages())); diff != "" {
		t.Fatalf("at t0 (-want +got):\n%s", diff)
	}
	if pages := f.pages(ea); len(pages) != 0 {
		t.Fatalf("the failed step left %d pages; its writes must roll back", len(pages))
	}
	var failed []observedStep
	for _, s := range f.steps.all() {
		if s.Err != nil {
			failed = append(failed, s)
		}
	}
	if len(failed) != 1 || failed[0].Kind != contacts.TimerTrackStage {
		t.Fatalf("failed steps = %+v, want one TRACK_STAGE", failed)
	}
	f.advanceTo(time.Hour)
	want := []string{"bob-sms@0s", "alice-sms@1m0s"}
	if diff := cmp.Diff(want, sent(f.sender.Messages())); diff != "" {
		t.Errorf("sends (-want +got):\n%s", diff)
	}
	// The postponed stage began a minute late, and its duration counts
	// from then.
	for arn, end := range map[string]time.Duration{ea: 11 * time.Minute, eb: 10 * time.Minute} {
		if e := f.engagement(arn); e.StopTime == nil || !e.StopTime.Equal(t0.Add(end)) {
			t.Errorf("%s StopTime = %v, want t0+%s", arn, e.StopTime, end)
		}
	}
}

// faultyStore is the SQLite store with failures injected into chosen
// writes: PageInsert fails for the pages of one contact, a number of times.
type faultyStore struct {
	contacts.Store
	mu       sync.Mutex
	failFor  string
	failLeft int
}

var errInjected = errors.New("injected store failure")

func newFaultyStore(t *testing.T) *faultyStore {
	f := newFixture(t) // only for its store
	return &faultyStore{Store: f.store}
}

func (s *faultyStore) failPageInsert(alias string, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failFor, s.failLeft = alias, times
}

func (s *faultyStore) Write(ctx context.Context, fn func(contacts.Tx) error) error {
	return s.Store.Write(ctx, func(tx contacts.Tx) error { return fn(faultyTx{Tx: tx, s: s}) })
}

type faultyTx struct {
	contacts.Tx
	s *faultyStore
}

func (t faultyTx) PageInsert(ctx context.Context, p *contacts.Page) error {
	t.s.mu.Lock()
	fail := p.ContactAlias == t.s.failFor && t.s.failLeft > 0
	if fail {
		t.s.failLeft--
	}
	t.s.mu.Unlock()
	if fail {
		return errInjected
	}
	return t.Tx.PageInsert(ctx, p)
}
