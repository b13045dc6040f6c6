package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// PairOpener returns two handles on one empty store, as two replicas
// sharing one PostgreSQL database have. A store that only one process may
// open (SQLite) returns the same handle twice.
type PairOpener func(t *testing.T) (a, b contacts.Store)

// RunPair runs the tests of several handles on one store.
func RunPair(t *testing.T, open PairOpener) {
	tests := []struct {
		name string
		fn   func(*testing.T, contacts.Store, contacts.Store)
	}{
		{"NoLostUpdate", testNoLostUpdate},
		{"NoLostUpdateBetweenStepsAndWrites", testNoLostUpdateWithSteps},
		{"ClaimsAreExclusive", testClaimsAreExclusive},
		{"ReadYourWritesAcrossHandles", testReadYourWritesAcross},
		{"DueSignalAcrossHandles", testDueSignalAcross},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := open(t)
			tc.fn(t, a, b)
		})
	}
}

// testNoLostUpdate: concurrent read-modify-writes of one engagement, half
// through each handle, all count.
func testNoLostUpdate(t *testing.T, a, b contacts.Store) {
	countConcurrentIncrements(t, a, b, func(st contacts.Store) func(context.Context, func(contacts.Tx) error) error {
		return st.Write
	})
}

// testNoLostUpdateWithSteps: the same, with every other increment made
// through the engine's WriteStep (contacts.StepWriter) where the store has
// one, which PostgreSQL runs in another isolation level.
func testNoLostUpdateWithSteps(t *testing.T, a, b contacts.Store) {
	i := 0
	countConcurrentIncrements(t, a, b, func(st contacts.Store) func(context.Context, func(contacts.Tx) error) error {
		i++
		if sw, ok := st.(contacts.StepWriter); ok && i%3 != 0 {
			return sw.WriteStep
		}
		return st.Write
	})
}

func countConcurrentIncrements(t *testing.T, a, b contacts.Store, writer func(contacts.Store) func(context.Context, func(contacts.Tx) error) error) {
	ctx := context.Background()
	e := &contacts.Engagement{Scope: scopeA, ID: "counted", ContactAlias: "akuam", ContactType: contacts.Personal,
		Sender: "cli", Subject: "s", Content: "c", StartTime: t0, Plan: contacts.Plan{Stages: []contacts.Stage{}}}
	if err := a.Write(ctx, func(tx contacts.Tx) error { return tx.EngagementInsert(ctx, e) }); err != nil {
		t.Fatal(err)
	}
	const perHandle = 20
	var wg sync.WaitGroup
	for i := range 2 * perHandle {
		st := a
		if i%2 == 1 {
			st = b
		}
		write := writer(st)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := write(ctx, func(tx contacts.Tx) error {
				cur, err := tx.EngagementGet(ctx, scopeA, "counted")
				if err != nil {
					return err
				}
				cur.OpenTracks++
				return tx.EngagementUpdate(ctx, cur)
			}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if err := b.Read(ctx, func(tx contacts.Tx) error {
		got, err := tx.EngagementGet(ctx, scopeA, "counted")
		if err != nil {
			return err
		}
		if got.OpenTracks != 2*perHandle {
			t.Errorf("OpenTracks = %d after %d increments: updates were lost", got.OpenTracks, 2*perHandle)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// testClaimsAreExclusive: workers on both handles scan for due timers
// (in a Read, as the engine does) and claim them one by one; every timer
// is claimed exactly once.
func testClaimsAreExclusive(t *testing.T, a, b contacts.Store) {
	ctx := context.Background()
	const n = 60
	if err := a.Write(ctx, func(tx contacts.Tx) error {
		for i := range n {
			if err := tx.TimerInsert(ctx, &contacts.Timer{ID: fmt.Sprintf("t%02d", i), Kind: contacts.TimerDeliver,
				Scope: scopeA, Ref: "r", DueAt: t0}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	now, leaseExpired := t0.Add(time.Second), t0.Add(-time.Minute)
	var (
		mu     sync.Mutex
		claims = map[string]int{}
		wg     sync.WaitGroup
	)
	for w := range 6 {
		st := a
		if w%2 == 1 {
			st = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				var due []*contacts.Timer
				if err := st.Read(ctx, func(tx contacts.Tx) error {
					var err error
					due, err = tx.TimerDue(ctx, now, leaseExpired, 10)
					return err
				}); err != nil {
					t.Error(err)
					return
				}
				if len(due) == 0 {
					return
				}
				for _, tm := range due {
					err := st.Write(ctx, func(tx contacts.Tx) error {
						return tx.TimerClaim(ctx, tm.ID, fmt.Sprintf("worker-%d", w), now, leaseExpired)
					})
					switch {
					case err == nil:
						mu.Lock()
						claims[tm.ID]++
						mu.Unlock()
					case !errors.Is(err, contacts.ErrNotFound):
						t.Error(err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	if len(claims) != n {
		t.Errorf("%d timers claimed, want %d", len(claims), n)
	}
	for id, c := range claims {
		if c != 1 {
			t.Errorf("timer %s claimed %d times", id, c)
		}
	}
}

// testReadYourWritesAcross: a write acknowledged through one handle is
// seen by the next read through the other.
func testReadYourWritesAcross(t *testing.T, a, b contacts.Store) {
	ctx := context.Background()
	mustInsert(t, a, contact(scopeA, "shared", contacts.Personal))
	for i := range 50 {
		w, r := a, b
		if i%2 == 1 {
			w, r = b, a
		}
		name := fmt.Sprintf("version %d", i)
		if err := w.Write(ctx, func(tx contacts.Tx) error {
			cur, err := tx.ContactGet(ctx, scopeA, "shared")
			if err != nil {
				return err
			}
			cur.DisplayName = &name
			return tx.ContactUpdate(ctx, cur)
		}); err != nil {
			t.Fatal(err)
		}
		if err := r.Read(ctx, func(tx contacts.Tx) error {
			got, err := tx.ContactGet(ctx, scopeA, "shared")
			if err != nil {
				return err
			}
			if got.DisplayName == nil || *got.DisplayName != name {
				t.Fatalf("after writing %q through one handle, the other read %v", name, got.DisplayName)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
}

// testDueSignalAcrossHandles: a timer scheduled through one handle wakes
// the engine of the other, soon.
func testDueSignalAcross(t *testing.T, a, b contacts.Store) {
	ctx := context.Background()
	sig := b.DueSignal()
	sig.Take()
	due := t0.Add(5 * time.Minute)
	if err := a.Write(ctx, func(tx contacts.Tx) error {
		return tx.TimerInsert(ctx, &contacts.Timer{ID: "wake", Kind: contacts.TimerDeliver, Scope: scopeA, Ref: "r", DueAt: due})
	}); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(10 * time.Second)
	for {
		if got, ok := sig.Take(); ok {
			if !got.Equal(due) {
				t.Errorf("raised %v, want %v", got, due)
			}
			return
		}
		select {
		case <-sig.C():
		case <-deadline:
			t.Fatal("the other handle's DueSignal was not raised within 10s")
		}
	}
}
