package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// testDueSignal holds a store to its promise to the engine: every commit
// that makes a timer due raises DueSignal, before Write returns, with the
// earliest due time; writes that roll back or make nothing due raise
// nothing.
func testDueSignal(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	sig := st.DueSignal()
	sig.Take() // whatever opening the store raised
	timer := func(id string, due time.Time) *contacts.Timer {
		return &contacts.Timer{ID: id, Kind: contacts.TimerDeliver, Scope: scopeA, Ref: "ref-" + id, DueAt: due}
	}
	expect := func(what string, want time.Time, wantOK bool) {
		t.Helper()
		got, ok := sig.Take()
		if ok != wantOK || (ok && !got.Equal(want)) {
			t.Errorf("%s: raised (%v, %v), want (%v, %v)", what, got, ok, want, wantOK)
		}
	}

	if err := write(t, st, func(tx contacts.Tx) error {
		if err := tx.TimerInsert(ctx, timer("late", t0.Add(time.Hour))); err != nil {
			return err
		}
		return tx.TimerInsert(ctx, timer("soon", t0.Add(time.Minute)))
	}); err != nil {
		t.Fatal(err)
	}
	expect("two timers in one write", t0.Add(time.Minute), true)

	mustInsert(t, st, contact(scopeA, "no-timers", contacts.Personal))
	expect("a write without timers", time.Time{}, false)

	boom := errors.New("boom")
	if err := write(t, st, func(tx contacts.Tx) error {
		if err := tx.TimerInsert(ctx, timer("rolled-back", t0)); err != nil {
			return err
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("failing write = %v", err)
	}
	expect("a write rolled back", time.Time{}, false)

	if err := write(t, st, func(tx contacts.Tx) error { return tx.TimerClaim(ctx, "late", "owner-1", t0.Add(time.Hour), t0) }); err != nil {
		t.Fatal(err)
	}
	sig.Take()
	if err := write(t, st, func(tx contacts.Tx) error { return tx.TimerReleaseAll(ctx) }); err != nil {
		t.Fatal(err)
	}
	expect("released claims", t0.Add(time.Hour), true)

	// Concurrent writes (sharing commits where the store groups them):
	// the earliest of them all is raised by the time the last returns.
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			due := t0.Add(time.Duration(20-i) * time.Second)
			if err := st.Write(ctx, func(tx contacts.Tx) error {
				return tx.TimerInsert(ctx, timer("c"+string(rune('a'+i)), due))
			}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	expect("concurrent writes", t0.Add(time.Second), true)
	select {
	case <-sig.C():
	default:
		t.Error("DueSignal.C() did not receive after a raise")
	}
}
