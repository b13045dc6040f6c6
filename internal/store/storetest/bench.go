package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// The benchmarks both backends run.

// BenchContactGet is the store's share of a GetContact: parallel Reads of
// one contact, each with one ContactGet.
func BenchContactGet(b *testing.B, st contacts.Store) {
	ctx := context.Background()
	name, now := "Akua Mansa", time.Now()
	if err := st.Write(ctx, func(tx contacts.Tx) error {
		return tx.ContactInsert(ctx, &contacts.Contact{Scope: scopeA, Alias: "akuam", DisplayName: &name, Type: contacts.Personal, CreatedAt: now, UpdatedAt: now})
	}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := st.Read(ctx, func(tx contacts.Tx) error {
				_, err := tx.ContactGet(ctx, scopeA, "akuam")
				return err
			}); err != nil {
				panic(fmt.Sprint(err))
			}
		}
	})
}

// BenchTimerNextDue is the engine's question at every turn, with 10,000
// timers of which 10 are claimed ("indexed"), against fullScan, the
// backend's old query that read every timer, in the same run. seeded, if
// not nil, runs after the timers are written (PostgreSQL: ANALYZE, as
// autovacuum would soon).
func BenchTimerNextDue(b *testing.B, st contacts.Store, seeded, fullScan func(context.Context) error) {
	ctx := context.Background()
	base := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	if err := st.Write(ctx, func(tx contacts.Tx) error {
		for i := range 10_000 {
			tm := &contacts.Timer{ID: fmt.Sprintf("t%05d", i), Kind: contacts.TimerDeliver, Scope: scopeA, Ref: "r",
				DueAt: base.Add(time.Duration(i) * time.Second)}
			if err := tx.TimerInsert(ctx, tm); err != nil {
				return err
			}
			if i%1000 == 0 {
				if err := tx.TimerClaim(ctx, tm.ID, "owner", base, base.Add(-time.Minute)); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	if seeded != nil {
		if err := seeded(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("indexed", func(b *testing.B) {
		for b.Loop() {
			if err := st.Read(ctx, func(tx contacts.Tx) error { _, err := tx.TimerNextDue(ctx, 10*time.Second); return err }); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("full-scan", func(b *testing.B) {
		for b.Loop() {
			if err := fullScan(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
