package postgres

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
)

var benchScope = contacts.Scope{Account: "000000000000", Region: "us-east-2"}

// BenchmarkContactGet is the store's share of a GetContact: one Read
// with one ContactGet, answered by the contact cache or by the database.
func BenchmarkContactGet(b *testing.B) {
	for _, bc := range []struct {
		name string
		cfg  Config
	}{{"cached", Config{}}, {"uncached", Config{NoContactCache: true}}} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := context.Background()
			db, err := Open(ctx, pgtest.Database(b), bc.cfg)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			for db.contacts != nil && !db.contacts.serving() {
				time.Sleep(time.Millisecond)
			}
			now := time.Now()
			if err := db.Write(ctx, func(tx contacts.Tx) error {
				return tx.ContactInsert(ctx, &contacts.Contact{Scope: benchScope, Alias: "akuam", Type: contacts.Personal, CreatedAt: now, UpdatedAt: now})
			}); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := db.Read(ctx, func(tx contacts.Tx) error {
						_, err := tx.ContactGet(ctx, benchScope, "akuam")
						return err
					}); err != nil {
						panic(fmt.Sprint(err))
					}
				}
			})
		})
	}
}

// BenchmarkTimerNextDue: the engine's question at every turn, with 10,000
// timers of which 10 are claimed, against the single query that scanned
// every timer (the baseline, in the same run).
func BenchmarkTimerNextDue(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, pgtest.Database(b), Config{NoContactCache: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	base := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	if err := db.Write(ctx, func(tx contacts.Tx) error {
		for i := range 10_000 {
			tm := &contacts.Timer{ID: fmt.Sprintf("t%05d", i), Kind: contacts.TimerDeliver, Scope: benchScope, Ref: "r",
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
	if _, err := db.pool.Exec(ctx, "ANALYZE timers"); err != nil {
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
			if err := db.pool.QueryRow(ctx, `SELECT min(CASE WHEN claimed_at IS NULL THEN due_at
				ELSE GREATEST(due_at, claimed_at + $1::bigint + 1) END) FROM timers`, int64(10_000)).Scan(&due); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkContactInsert is the store's share of a CreateContact: one
// SERIALIZABLE Write inserting a contact, from parallel callers.
func BenchmarkContactInsert(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, pgtest.Database(b), Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	var n atomic.Int64
	now := time.Now()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			alias := fmt.Sprintf("c%d", n.Add(1))
			if err := db.Write(ctx, func(tx contacts.Tx) error {
				if _, err := tx.ContactGet(ctx, benchScope, alias); err == nil {
					return contacts.ErrDuplicate
				}
				return tx.ContactInsert(ctx, &contacts.Contact{Scope: benchScope, Alias: alias, Type: contacts.Personal, CreatedAt: now, UpdatedAt: now})
			}); err != nil {
				panic(fmt.Sprint(err))
			}
		}
	})
}
