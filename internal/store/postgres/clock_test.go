package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
	"github.com/ssmcontacts/ssmcontacts/internal/store/sqlstore"
)

var clockT0 = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

func sharedClock(t *testing.T, db *DB, start time.Time, given bool) *SharedClock {
	t.Helper()
	c, err := db.SharedClock(context.Background(), start, given)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func insertTimer(t *testing.T, db *DB, id string, due time.Time) {
	t.Helper()
	ctx := context.Background()
	if err := db.Write(ctx, func(tx contacts.Tx) error {
		return tx.TimerInsert(ctx, &contacts.Timer{ID: id, Kind: contacts.TimerDeliver,
			Scope: contacts.Scope{Account: "000000000000", Region: "us-east-2"}, Ref: "r", DueAt: due})
	}); err != nil {
		t.Fatal(err)
	}
}

func deleteTimer(t *testing.T, db *DB, id string) {
	t.Helper()
	ctx := context.Background()
	if err := db.Write(ctx, func(tx contacts.Tx) error { return tx.TimerDelete(ctx, id) }); err != nil {
		t.Fatal(err)
	}
}

// within fails t unless ch receives within 15 s.
func within[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(15 * time.Second):
		t.Fatalf("%s: nothing within 15s", what)
		panic("unreachable")
	}
}

// TestSharedClockIsOneClockForTheDatabase: two handles on one database
// (two replicas) share one controllable clock. Advancing it through b
// stops at a timer's due time, moves a's copy there (firing a's timers and
// raising a's DueSignal), and returns only once that timer's work is done,
// here by a, and once a has applied the target.
func TestSharedClockIsOneClockForTheDatabase(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Database(t)
	a, b := open(t, url), open(t, url)
	ca := sharedClock(t, a, clockT0, true)
	cb := sharedClock(t, b, clockT0.Add(-time.Hour), false) // takes the database's value
	if !cb.Now().Equal(clockT0) {
		t.Fatalf("b's clock starts at %v, want the shared %v", cb.Now(), clockT0)
	}

	insertTimer(t, a, "stage", clockT0.Add(5*time.Minute))
	at5 := ca.NewTimer(5 * time.Minute)
	advanced := make(chan error, 1)
	go func() { advanced <- cb.AdvanceTo(ctx, clockT0.Add(10*time.Minute)) }()

	within(t, at5.C(), "a's 5-minute timer")
	if got := ca.Now(); !got.Equal(clockT0.Add(5 * time.Minute)) {
		t.Fatalf("a's clock = %v, want the timer's due time t0+5m", got)
	}
	select {
	case err := <-advanced:
		t.Fatalf("AdvanceTo returned (%v) while the work due at t0+5m was not done", err)
	default:
	}
	a.DueSignal().Take()
	at10 := ca.NewTimer(5 * time.Minute)
	deleteTimer(t, a, "stage") // a does the work
	if err := within(t, advanced, "AdvanceTo"); err != nil {
		t.Fatal(err)
	}
	// AdvanceTo waited for a to apply the value: a's copy is there, its
	// timer has fired and its engine has been woken.
	if got := ca.Now(); !got.Equal(clockT0.Add(10 * time.Minute)) {
		t.Errorf("a's clock when b's AdvanceTo returned = %v, want t0+10m", got)
	}
	select {
	case <-at10.C():
	default:
		t.Error("a's 10-minute timer had not fired when b's AdvanceTo returned")
	}
	within(t, a.DueSignal().C(), "a's DueSignal after the move")
	for name, c := range map[string]*SharedClock{"a": ca, "b": cb} {
		got, err := c.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := clockT0.Add(10 * time.Minute); !got.Equal(want) || !c.Now().Equal(want) {
			t.Errorf("%s: Load = %v, Now = %v, want %v", name, got, c.Now(), want)
		}
	}

	// Never back: an earlier target leaves the clock where it is.
	if err := ca.AdvanceTo(ctx, clockT0); err != nil {
		t.Fatal(err)
	}
	if got := ca.Now(); !got.Equal(clockT0.Add(10 * time.Minute)) {
		t.Errorf("after AdvanceTo(t0): %v, want t0+10m still", got)
	}

	// Concurrent advances combine as their maximum.
	errs := make(chan error, 2)
	go func() { errs <- ca.AdvanceTo(ctx, clockT0.Add(20*time.Minute)) }()
	go func() { errs <- cb.AdvanceTo(ctx, clockT0.Add(15*time.Minute)) }()
	for range 2 {
		if err := within(t, errs, "concurrent AdvanceTo"); err != nil {
			t.Fatal(err)
		}
	}
	for name, c := range map[string]*SharedClock{"a": ca, "b": cb} {
		if got, err := c.Load(ctx); err != nil || !got.Equal(clockT0.Add(20*time.Minute)) {
			t.Errorf("%s after concurrent advances: %v, %v; want t0+20m", name, got, err)
		}
	}

	// A replica starting later with an explicit earlier start does not
	// move the clock back.
	c := sharedClock(t, open(t, url), clockT0, true)
	if got := c.Now(); !got.Equal(clockT0.Add(20 * time.Minute)) {
		t.Errorf("a third replica's clock = %v, want t0+20m", got)
	}
}

// TestSharedClockGivesUpOnWorkNobodyDoes: AdvanceTo stops at a due timer
// that no replica works on and reports it after SettleTimeout.
func TestSharedClockGivesUpOnWorkNobodyDoes(t *testing.T) {
	db := open(t, pgtest.Database(t))
	c := sharedClock(t, db, clockT0, true)
	c.SettleTimeout = 50 * time.Millisecond
	insertTimer(t, db, "stuck", clockT0.Add(time.Minute))
	err := c.AdvanceTo(context.Background(), clockT0.Add(time.Hour))
	if !errors.Is(err, ErrSettleTimeout) {
		t.Fatalf("AdvanceTo = %v, want ErrSettleTimeout", err)
	}
	if got := c.Now(); !got.Equal(clockT0.Add(time.Minute)) {
		t.Errorf("the clock stopped at %v, want the stuck timer's t0+1m", got)
	}
}

// TestSharedClockReadAgainAfterReconnecting: a move that a replica did not
// hear (here written without NOTIFY) reaches it once its listener
// reconnects.
func TestSharedClockReadAgainAfterReconnecting(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Database(t)
	a, b := open(t, url), open(t, url)
	ca := sharedClock(t, a, clockT0, true)
	sharedClock(t, b, clockT0, false)
	fired := ca.NewTimer(time.Hour)
	if _, err := b.pool.Exec(ctx, `UPDATE service_clock SET now_ms = $1`, sqlstore.Millis(clockT0.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	if _, err := b.pool.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN%'`); err != nil {
		t.Fatal(err)
	}
	within(t, fired.C(), "a's timer after reconnecting")
	if got := ca.Now(); !got.Equal(clockT0.Add(time.Hour)) {
		t.Errorf("a's clock = %v, want t0+1h", got)
	}
}
