package engage

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// sharedStore makes the fixture's store count as shared, as PostgreSQL
// is: engines on it are replicas, which never void each other's claims.
type sharedStore struct{ contacts.Store }

func (sharedStore) Shared() bool { return true }

// mortalStore is one replica's handle on a shared store: once dead is
// set it writes nothing, as a killed process cannot (its shutdown releases
// no claim).
type mortalStore struct {
	contacts.Store
	dead *atomic.Bool
}

func (mortalStore) Shared() bool { return true }

func (m mortalStore) Write(ctx context.Context, fn func(contacts.Tx) error) error {
	if m.dead.Load() {
		return errors.New("this replica was killed")
	}
	return m.Store.Write(ctx, fn)
}

func mortal(dead *atomic.Bool) fixtureOption {
	return func(c *Config) { c.Store = mortalStore{c.Store, dead} }
}

// claimLog is a ClaimObserver that counts, and signals each renewal.
type claimLog struct {
	mu                          sync.Mutex
	claims, takeovers, renewals int
	renewed                     chan int
}

func newClaimLog() *claimLog { return &claimLog{renewed: make(chan int, 64)} }

func (l *claimLog) Claimed(takeover bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.claims++
	if takeover {
		l.takeovers++
	}
}

func (l *claimLog) Renewed(n int) {
	l.mu.Lock()
	l.renewals += n
	l.mu.Unlock()
	select {
	case l.renewed <- n:
	default:
	}
}

func (l *claimLog) counts() (claims, takeovers, renewals int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.claims, l.takeovers, l.renewals
}

func withClaims(l *claimLog) fixtureOption { return func(c *Config) { c.Claims = l } }

// delivered signals every DELIVER step an engine finishes.
func delivered(ch chan<- error) fixtureOption {
	return func(c *Config) {
		c.Observe = func(kind contacts.TimerKind, _, _ time.Time, err error) {
			if kind == contacts.TimerDeliver {
				ch <- err
			}
		}
	}
}

// A send slower than the lease keeps its claim: the engine running it
// renews the claim every lease/3, and another replica that runs its due
// work all the while never takes it over.
func TestALiveSlowSendKeepsItsClaim(t *testing.T) {
	f := newFixtureOn(t, sharedStore{newFixture(t).store})
	other := f.newEngine(f.sender)
	gate, log, done := newGateSender(), newClaimLog(), make(chan error, 4)
	slow := f.newEngine(gate, withClaims(log), delivered(done))
	ctx, stop := context.WithCancel(f.ctx)
	ran := make(chan error, 1)
	go func() { ran <- slow.Run(ctx) }()
	defer func() { stop(); <-ran }()

	alice, _ := f.person("alice", nil, 30)
	eng := f.start(alice)
	<-gate.entered
	for i := 1; i <= 9; i++ { // three leases
		f.clock.Set(t0.Add(time.Duration(i) * (DefaultLease / 3)))
		select {
		case n := <-log.renewed:
			if n != 1 {
				t.Fatalf("heartbeat %d renewed %d claims, want 1", i, n)
			}
		case <-f.ctx.Done():
			t.Fatalf("no heartbeat at %s", f.clock.Now().Sub(t0))
		}
		if err := other.RunDue(f.ctx); err != nil {
			t.Fatal(err)
		}
		if n := f.sender.Attempts(); n != 0 {
			t.Fatalf("another replica sent the page at %s, while its send was live", f.clock.Now().Sub(t0))
		}
	}
	f.clock.Set(t0.Add(30 * time.Second))
	gate.release <- nil
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	p := f.pages(eng)[0]
	if diff := cmp.Diff([]string{"SENT@30s"}, f.receipts(p)); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	if m := f.message(p.MessageID); m.Status != contacts.StatusSent || m.Attempts != 1 {
		t.Errorf("message is %s after %d attempts, want SENT after 1", m.Status, m.Attempts)
	}
	if claims, takeovers, renewals := log.counts(); claims != 1 || takeovers != 0 || renewals != 9 {
		t.Errorf("claims %d, takeovers %d, renewals %d; want 1, 0, 9", claims, takeovers, renewals)
	}
}

// A replica paused past its lease (a long GC, SIGSTOP) loses its claim to
// another, which sends and records; when the paused one's send completes
// after all, its outcome is not recorded over the new owner's.
func TestAPausedOwnerDoesNotRecordOverItsSuccessor(t *testing.T) {
	f := newFixtureOn(t, sharedStore{newFixture(t).store})
	log := newClaimLog()
	successor := f.newEngine(f.sender, withClaims(log))
	gate := newGateSender()
	paused := f.newEngine(gate)
	alice, _ := f.person("alice", nil, 30)
	eng := f.start(alice)
	done := make(chan error, 1)
	go func() { done <- paused.RunDue(f.ctx) }() // RunDue has no heartbeat: as good as paused
	<-gate.entered

	f.clock.Set(t0.Add(DefaultLease + time.Millisecond))
	if err := successor.RunDue(f.ctx); err != nil {
		t.Fatal(err)
	}
	if msgs := f.sender.Messages(); len(msgs) != 1 {
		t.Fatalf("the successor sent %d messages, want the page whose claim expired", len(msgs))
	}
	gate.release <- nil // the paused replica wakes up, and its send completes
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	p := f.pages(eng)[0]
	if diff := cmp.Diff([]string{"SENT@10.001s"}, f.receipts(p)); diff != "" {
		t.Errorf("receipts: only the successor's outcome is recorded (-want +got):\n%s", diff)
	}
	if m := f.message(p.MessageID); m.Status != contacts.StatusSent || m.Attempts != 2 || m.Transport != "recorder" {
		t.Errorf("message is %s (%s) after %d attempts, want SENT (recorder) after 2", m.Status, m.Transport, m.Attempts)
	}
	if claims, takeovers, _ := log.counts(); claims != 1 || takeovers != 1 {
		t.Errorf("the successor counted %d claims, %d takeovers; want 1, 1", claims, takeovers)
	}
	if diff := cmp.Diff([]string{"TRACK_STAGE@30m0s"}, f.timers()); diff != "" {
		t.Errorf("timers left (-want +got):\n%s", diff)
	}
}

// On the real clock, with a short lease: a send that takes several leases
// keeps its claim while its replica lives, and once the replica dies the
// other takes the send over within the lease.
func TestLeasesOnTheRealClock(t *testing.T) {
	// Long enough that a heartbeat late by a loaded machine (two thirds
	// of it) still comes in time.
	const lease = 1500 * time.Millisecond
	real := func(c *Config) { c.Clock, c.Lease = clock.Real{}, lease }
	newF := func(t *testing.T) *fixture { return newFixtureOn(t, sharedStore{newFixture(t).store}, real) }
	run := func(t *testing.T, e *Engine) (stop func()) {
		ctx, cancel := context.WithCancel(context.Background())
		ran := make(chan error, 1)
		go func() { ran <- e.Run(ctx) }()
		return func() {
			cancel()
			if err := <-ran; err != nil {
				t.Error(err)
			}
		}
	}

	t.Run("a slow send keeps its claim", func(t *testing.T) {
		f := newF(t)
		gate, la, lb := newGateSender(), newClaimLog(), newClaimLog()
		defer run(t, f.newEngine(gate, real, withClaims(la)))()
		defer run(t, f.newEngine(gate, real, withClaims(lb)))()
		alice, _ := f.person("alice", nil, 30)
		eng := f.start(alice)
		<-gate.entered
		select {
		case <-gate.entered:
			t.Fatal("the page was sent twice while its first send was live")
		case <-time.After(4 * lease):
		}
		gate.release <- nil
		_, _, ra := la.counts()
		_, _, rb := lb.counts()
		if ra+rb < 6 {
			t.Errorf("%d renewals in four leases, want at least 6 (one a third of a lease)", ra+rb)
		}
		waitFor(t, func() bool { return f.message(f.pages(eng)[0].MessageID).Status == contacts.StatusSent })
	})

	t.Run("a dead replica's send is taken over within the lease", func(t *testing.T) {
		f := newF(t)
		gate, log, done := newGateSender(), newClaimLog(), make(chan error, 4)
		var dead atomic.Bool
		kill := run(t, f.newEngine(gate, real, mortal(&dead)))
		alice, _ := f.person("alice", nil, 30)
		eng := f.start(alice)
		<-gate.entered
		defer run(t, f.newEngine(f.sender, real, withClaims(log), delivered(done)))()
		time.Sleep(lease / 2) // let a heartbeat or two renew the claim
		killed := time.Now()
		dead.Store(true)
		kill() // the claim stays, no longer renewed
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		took := time.Since(killed)
		t.Logf("taken over %s after the kill (lease %s)", took.Round(time.Millisecond), lease)
		if took < lease/2 || took > lease+2*time.Second {
			t.Errorf("taken over %s after the kill, want within the lease (%s), and not before the last heartbeat's lease ran out", took, lease)
		}
		if claims, takeovers, _ := log.counts(); claims != 1 || takeovers != 1 {
			t.Errorf("the survivor counted %d claims, %d takeovers; want 1, 1", claims, takeovers)
		}
		if m := f.message(f.pages(eng)[0].MessageID); m.Status != contacts.StatusSent || m.Attempts != 2 {
			t.Errorf("message is %s after %d attempts, want SENT after 2", m.Status, m.Attempts)
		}
	})

	t.Run("a replica shutting down hands its send over at once", func(t *testing.T) {
		f := newF(t)
		gate, log, done := newGateSender(), newClaimLog(), make(chan error, 4)
		stop := run(t, f.newEngine(gate, real))
		alice, _ := f.person("alice", nil, 30)
		eng := f.start(alice)
		<-gate.entered
		defer run(t, f.newEngine(f.sender, real, withClaims(log), delivered(done)))()
		stopped := time.Now()
		stop() // the send is cut short, and its claim released
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		took := time.Since(stopped)
		t.Logf("sent by the other replica %s after the shutdown began (lease %s)", took.Round(time.Millisecond), lease)
		if took > lease/2 {
			t.Errorf("sent %s after the shutdown, want well within the lease (%s): the claim is released", took, lease)
		}
		if claims, takeovers, _ := log.counts(); claims != 1 || takeovers != 0 {
			t.Errorf("the other replica counted %d claims, %d takeovers; want 1, 0 (a released claim is no takeover)", claims, takeovers)
		}
		if m := f.message(f.pages(eng)[0].MessageID); m.Status != contacts.StatusSent || m.Attempts != 2 {
			t.Errorf("message is %s after %d attempts, want SENT after 2", m.Status, m.Attempts)
		}
	})
}

// waitFor polls cond on the real clock for up to ten seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// deafStore is a shared store whose due signal never rises: the commits of
// another replica that died before announcing them.
type deafStore struct{ sharedStore }

func (deafStore) DueSignal() *contacts.DueSignal { return contacts.NewDueSignal() }

// On a shared store the worker reads the timers again once a lease even
// when nothing wakes it, so a timer whose announcement was lost (its
// replica died between the commit and the NOTIFY) is late by a lease at
// most, not until something else happens. On a clock that moves by
// itself: 60× real time, a 30 s lease.
func TestASharedStoreIsReadAgainOnceALeaseWhenNothingWakesTheWorker(t *testing.T) {
	base := newFixture(t)
	f := newFixtureOn(t, deafStore{sharedStore{base.store}})
	fast := clock.NewScaled(t0, 60)
	f.engine = f.newEngine(f.sender, func(c *Config) { c.Clock, c.Lease = fast, 30*time.Second })
	ctx, stop := context.WithCancel(f.ctx)
	done := make(chan error, 1)
	go func() { done <- f.engine.Run(ctx) }()
	defer func() { stop(); <-done }()
	time.Sleep(50 * time.Millisecond) // the worker is asleep with no timer at all

	alice, _ := f.person("alice", nil, 30)
	f.start(alice)
	started := fast.Now()
	wait, cancel := context.WithTimeout(f.ctx, 10*time.Second)
	defer cancel()
	if _, err := f.sender.Wait(wait, 1); err != nil {
		t.Fatalf("the first page never went out: %v", err)
	}
	if late := fast.Now().Sub(started); late > 30*time.Second+15*time.Second {
		t.Errorf("the first page went out %v after the engagement started; want within the 30 s lease (and slack)", late)
	}
}
