package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// BenchmarkContactGet is the store's share of a GetContact: one Read
// with one ContactGet, on a file database.
func BenchmarkContactGet(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "db.sqlite"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	sc := contacts.Scope{Account: "000000000000", Region: "us-east-2"}
	name := "Akua Mansa"
	now := time.Now()
	if err := db.Write(ctx, func(tx contacts.Tx) error {
		return tx.ContactInsert(ctx, &contacts.Contact{Scope: sc, Alias: "akuam", DisplayName: &name, Type: contacts.Personal, CreatedAt: now, UpdatedAt: now})
	}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := db.Read(ctx, func(tx contacts.Tx) error {
				_, err := tx.ContactGet(ctx, sc, "akuam")
				return err
			}); err != nil {
				panic(fmt.Sprint(err))
			}
		}
	})
}

// BenchmarkTimerNextDue: the engine's question at every turn, with 10,000
// timers of which 10 are claimed, against the single query that scanned
// every timer (the baseline, in the same run).
func BenchmarkTimerNextDue(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "db.sqlite"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	sc := contacts.Scope{Account: "000000000000", Region: "us-east-2"}
	base := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	if err := db.Write(ctx, func(tx contacts.Tx) error {
		for i := range 10_000 {
			tm := &contacts.Timer{ID: fmt.Sprintf("t%05d", i), Kind: contacts.TimerDeliver, Scope: sc, Ref: "r",
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
	b.Run("indexed", func(b *testing.B) {
		for b.Loop() {
			if err := db.Read(ctx, func(tx contacts.Tx) error { _, err := tx.TimerNextDue(ctx, 10*time.Second); return err }); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("full-scan", func(b *testing.B) {
		for b.Loop() {
			var due *int64
			if err := db.read.QueryRowContext(ctx, `SELECT min(CASE WHEN claimed_at IS NULL THEN due_at
				ELSE max(due_at, claimed_at + 10000 + 1) END) FROM timers`).Scan(&due); err != nil {
				b.Fatal(err)
			}
		}
	})
}
