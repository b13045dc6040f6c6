package engage

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/notify"
	"github.com/ssmcontacts/ssmcontacts/internal/notify/notifytest"
)

// timedFailures fails every send, as a webhook answering 500 does, and
// tells when each attempt was made on the engine's clock. A non-nil
// during runs inside each send (a send that takes time).
type timedFailures struct {
	clock  clock.Clock
	at     chan time.Time
	during func()
}

func (s timedFailures) Send(ctx context.Context, m notify.Message) (notify.Result, error) {
	if s.during != nil {
		s.during()
	}
	s.at <- s.clock.Now()
	return notify.Result{}, &notify.Error{Transport: "webhook", Reason: "HTTP 500"}
}

// The engine's worker, left to itself on a clock that moves by itself,
// sends each retry of a failing page on time: the retry timer is written
// by a background send while the worker sleeps towards the stage's end,
// and the commit that writes it must wake the worker. (On the
// controllable clock this hid: moving the clock re-reads the timers.)
func TestRetriesGoOutOnTimeOnAClockThatMovesByItself(t *testing.T) {
	f := newFixture(t)
	fast := clock.NewScaled(t0, 60) // a minute a second
	sender := timedFailures{clock: fast, at: make(chan time.Time, 16)}
	steps := make(chan struct{}, 64)
	f.engine = f.newEngine(sender, func(c *Config) {
		c.Clock = fast
		c.Observe = func(contacts.TimerKind, time.Time, time.Time, error) {
			select {
			case steps <- struct{}{}:
			default:
			}
		}
	})
	ctx, stop := context.WithCancel(f.ctx)
	done := make(chan error, 1)
	go func() { done <- f.engine.Run(ctx) }()
	defer func() { stop(); <-done }()

	alice, _ := f.person("alice", minutes(1), 4)
	eng := f.start(alice)
	start := f.engagement(eng).StartTime

	// Page at +0, retries at +1, +2 and +3 minutes; none at +4, where
	// the stage (and the plan) ends. Half a minute of slack on this clock
	// is half a second of the test's (a loaded machine running -race),
	// still far from the minutes a retry waited for a wake-up before.
	const slack = 30 * time.Second
	for i := range 4 {
		select {
		case got := <-sender.at:
			due := start.Add(time.Duration(i) * time.Minute)
			if late := got.Sub(due); late < 0 || late > slack {
				t.Errorf("attempt %d went out at %v, %v after its due time %v", i+1, got.Sub(start), late, due.Sub(start))
			}
		case <-f.ctx.Done():
			t.Fatalf("attempt %d never went out", i+1)
		}
	}
	var e *contacts.Engagement
	for e = f.engagement(eng); e.StopTime == nil; e = f.engagement(eng) {
		select {
		case <-steps:
		case <-f.ctx.Done():
			t.Fatal("the engagement never ended")
		}
	}
	if end := e.StopTime.Sub(start); end < 4*time.Minute || end > 4*time.Minute+slack {
		t.Errorf("the engagement ended at +%v, want at its plan's end, +4m", end)
	}
	select {
	case got := <-sender.at:
		t.Errorf("an attempt went out at +%v, after the stage ended", got.Sub(start))
	default:
	}
	receipts := f.receipts(f.pages(eng)[0])
	if len(receipts) != 4 {
		t.Errorf("receipts = %v, want four ERRORs", receipts)
	}
	assertNothingAfterStop(t, f, eng)
}

// A retry that fell due before its plan ended but runs late (the server
// was down) is sent before the end is recorded, and the engagement ends
// with it: nothing about its pages is recorded after its StopTime, even
// when the send takes time.
func TestALateRetryIsNotRecordedAfterTheEngagementStops(t *testing.T) {
	f := newFixture(t)
	sender := timedFailures{clock: f.clock, at: make(chan time.Time, 16), during: func() { f.clock.Advance(time.Second) }}
	f.engine = f.newEngine(sender)
	alice, _ := f.person("alice", minutes(1), 4)
	eng := f.start(alice)
	f.runDue() // the page fails at +0 (the send takes a second); a retry is due at +1m0s
	f.clock.Set(t0.Add(10 * time.Minute))
	f.runDue() // the retry (due +1m) and the plan's end (due +4m) together
	if n := len(sender.at); n != 2 {
		t.Errorf("%d attempts, want 2: the page and the retry that was due", n)
	}
	e := f.engagement(eng)
	if e.StopTime == nil {
		t.Fatal("the engagement did not end")
	}
	assertNothingAfterStop(t, f, eng)
}

// assertNothingAfterStop checks that no receipt of an engagement's pages
// is later than its StopTime.
func assertNothingAfterStop(t *testing.T, f *fixture, eng string) {
	t.Helper()
	e := f.engagement(eng)
	for _, p := range f.pages(eng) {
		var list []*contacts.Receipt
		f.read(func(tx contacts.Tx) (err error) {
			list, err = tx.ReceiptList(f.ctx, scope, p.ID, 0, 1000)
			return err
		})
		for _, r := range list {
			if r.Time.After(*e.StopTime) {
				t.Errorf("receipt %s at %v is after the engagement's StopTime %v", r.Type, fmt.Sprint(r.Time.Sub(t0)), e.StopTime.Sub(t0))
			}
		}
	}
}

// timedSends delivers every send and tells when it was made on the
// engine's clock (and, when sent is set, what it was). With a Recorder the
// result is the recorder's (a provider message id); without one, no
// transport.
type timedSends struct {
	*notifytest.Recorder
	clock clock.Clock
	sent  chan notify.Message
	at    chan time.Time
}

func (s timedSends) Send(ctx context.Context, m notify.Message) (notify.Result, error) {
	res, err := notify.Result{Transport: notify.TransportNone}, error(nil)
	if s.Recorder != nil {
		res, err = s.Recorder.Send(ctx, m)
	}
	if s.sent != nil {
		s.sent <- m
	}
	s.at <- s.clock.Now()
	return res, err
}

// A provider's report that a page failed (a call not answered) schedules
// its retry from outside the engine, while the worker sleeps towards the
// stage's end; on a clock that moves by itself the retry goes out on time.
func TestAReportedFailureIsRetriedOnTimeOnAClockThatMovesByItself(t *testing.T) {
	f := newFixture(t)
	fast := clock.NewScaled(t0, 60)
	sender := timedSends{Recorder: &notifytest.Recorder{}, clock: fast, at: make(chan time.Time, 16)}
	recorded := make(chan struct{}, 16)
	f.engine = f.newEngine(sender, func(c *Config) {
		c.Clock = fast
		c.Observe = func(contacts.TimerKind, time.Time, time.Time, error) {
			select {
			case recorded <- struct{}{}:
			default:
			}
		}
	})
	ctx, stop := context.WithCancel(f.ctx)
	done := make(chan error, 1)
	go func() { done <- f.engine.Run(ctx) }()
	defer func() { stop(); <-done }()

	alice, _ := f.person("alice", minutes(1), 10)
	eng := f.start(alice)
	select {
	case <-sender.at:
	case <-f.ctx.Done():
		t.Fatal("the page never went out")
	}
	var m *contacts.Message
	for m = f.message(f.pages(eng)[0].MessageID); m.Status != contacts.StatusSent; m = f.message(m.ID) {
		select { // the send's outcome is being recorded
		case <-recorded:
		case <-f.ctx.Done():
			t.Fatal("the send was never recorded")
		}
	}
	reported := fast.Now()
	if err := f.engine.ReportDelivery(f.ctx, DeliveryReport{MessageID: m.ID, ProviderID: m.ProviderMessageID, Outcome: Failed, Reason: "no-answer"}); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-sender.at:
		if late := got.Sub(reported.Add(time.Minute)); late < -time.Second || late > 30*time.Second {
			t.Errorf("the retry went out %v after the report, want a minute (within half a minute of this clock)", got.Sub(reported))
		}
	case <-f.ctx.Done():
		t.Fatal("the retry never went out")
	}
}

// A page's first send is claimed by the stage step that creates the page,
// in the same transaction. When the worker dies before the outcome is
// recorded, another worker takes the claim over as soon as its lease runs
// out, on a clock that moves by itself, and records the send once.
func TestAFirstSendCutShortIsTakenOverWhenItsLeaseRunsOut(t *testing.T) {
	f := newFixture(t)
	fast := clock.NewScaled(t0, 60) // a minute a second
	const lease = 2 * time.Minute
	sender := timedSends{Recorder: &notifytest.Recorder{}, clock: fast, at: make(chan time.Time, 16)}
	steps := make(chan struct{}, 64)
	onFast := func(c *Config) {
		c.Clock, c.Lease = fast, lease
		c.Observe = func(contacts.TimerKind, time.Time, time.Time, error) {
			select {
			case steps <- struct{}{}:
			default:
			}
		}
	}
	other := f.newEngine(sender, onFast)
	if err := other.RunDue(f.ctx); err != nil { // already up: it voids no claim later
		t.Fatal(err)
	}

	gate := newGateSender()
	f.engine = f.newEngine(gate, onFast)
	alice, _ := f.person("alice", nil, 30)
	eng := f.start(alice)
	dying, kill := context.WithCancel(f.ctx)
	died := make(chan error, 1)
	go func() { died <- f.engine.RunDue(dying) }()
	<-gate.entered // the stage step has committed the page with its claim
	kill()
	if err := <-died; !errors.Is(err, context.Canceled) {
		t.Fatalf("RunDue after the kill: %v, want context.Canceled", err)
	}
	p := f.pages(eng)[0]
	m := f.message(p.MessageID)
	if m.Status != contacts.StatusSending || m.Attempts != 1 {
		t.Fatalf("after the crash the message is %s with %d attempts, want SENDING with 1", m.Status, m.Attempts)
	}
	claimed := m.UpdatedAt

	ctx, stop := context.WithCancel(f.ctx)
	done := make(chan error, 1)
	go func() { done <- other.Run(ctx) }()
	defer func() { stop(); <-done }()
	const slack = 30 * time.Second
	select {
	case got := <-sender.at:
		if late := got.Sub(claimed.Add(lease)); late < 0 || late > slack {
			t.Errorf("the send was taken over %v after the claim, want %v (lease) to %v", got.Sub(claimed), lease, lease+slack)
		}
	case <-f.ctx.Done():
		t.Fatal("the claimed send was never taken over")
	}
	for m = f.message(p.MessageID); m.Status == contacts.StatusSending; m = f.message(p.MessageID) {
		select {
		case <-steps:
		case <-f.ctx.Done():
			t.Fatal("the send taken over was never recorded")
		}
	}
	if m.Status != contacts.StatusSent || m.Attempts != 2 {
		t.Errorf("message is %s after %d attempts, want SENT after 2", m.Status, m.Attempts)
	}
	if got := f.receipts(p); len(got) != 1 || got[0][:5] != "SENT@" {
		t.Errorf("receipts = %v, want one SENT", got)
	}
	select {
	case <-sender.at:
		t.Error("the page was sent a third time")
	default:
	}
}

// busyStore fails the engine's next busy step writes (WriteStep) with
// contacts.ErrBusy, as a shared store does when a write keeps colliding
// with others; API writes go through.
type busyStore struct {
	contacts.Store
	busy atomic.Int32
}

func (s *busyStore) WriteStep(ctx context.Context, fn func(contacts.Tx) error) error {
	if s.busy.Add(-1) >= 0 {
		return fmt.Errorf("%w (30 attempts): could not serialize access", contacts.ErrBusy)
	}
	return s.Store.Write(ctx, fn)
}

// A step whose writes kept colliding stays due and runs again in the
// worker's next round, not a minute later as a broken step is postponed.
// On a clock that moves by itself, 60× real time.
func TestAStepThatCollidedRunsAgainAtOnce(t *testing.T) {
	base := newFixture(t)
	st := &busyStore{Store: base.store}
	f := newFixtureOn(t, st)
	fast := clock.NewScaled(t0, 60)
	f.engine = f.newEngine(f.sender, func(c *Config) { c.Clock = fast })
	alice, _ := f.person("alice", nil, 30)

	ctx, stop := context.WithCancel(f.ctx)
	done := make(chan error, 1)
	go func() { done <- f.engine.Run(ctx) }()
	defer func() { stop(); <-done }()

	st.busy.Store(3) // the steps' next writes collide
	f.start(alice)
	started := fast.Now()
	wait, cancel := context.WithTimeout(f.ctx, 10*time.Second)
	defer cancel()
	if _, err := f.sender.Wait(wait, 1); err != nil {
		t.Fatalf("the first page never went out: %v", err)
	}
	if late := fast.Now().Sub(started); late >= 30*time.Second {
		t.Errorf("the first page went out %v after the start; a step that collided waited as if broken", late)
	}
	if n := st.busy.Load(); n > 0 {
		t.Errorf("%d collisions were never met: the test did not exercise them", n)
	}
}
