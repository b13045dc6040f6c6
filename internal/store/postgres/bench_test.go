package postgres

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
	"github.com/ssmcontacts/ssmcontacts/internal/store/storetest"
)

var benchScope = contacts.Scope{Account: "000000000000", Region: "us-east-2"}

// BenchmarkContactGet is the store's share of a GetContact, answered by
// the contact cache or by the database.
func BenchmarkContactGet(b *testing.B) {
	for _, bc := range []struct {
		name string
		cfg  Config
	}{{"cached", Config{}}, {"uncached", Config{NoContactCache: true}}} {
		b.Run(bc.name, func(b *testing.B) {
			db, err := Open(context.Background(), pgtest.Database(b), bc.cfg)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			for db.contacts != nil && !db.contacts.serving() {
				time.Sleep(time.Millisecond)
			}
			storetest.BenchContactGet(b, db)
		})
	}
}

// BenchmarkTimerNextDue against the query that scanned every timer.
func BenchmarkTimerNextDue(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, pgtest.Database(b), Config{NoContactCache: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	analyze := func(ctx context.Context) error { _, err := db.pool.Exec(ctx, "ANALYZE timers"); return err }
	storetest.BenchTimerNextDue(b, db, analyze, func(ctx context.Context) error {
		var due *int64
		return db.pool.QueryRow(ctx, `SELECT min(CASE WHEN claimed_at IS NULL THEN due_at
			ELSE GREATEST(due_at, claimed_at + $1::bigint + 1) END) FROM timers`, int64(10_000)).Scan(&due)
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
