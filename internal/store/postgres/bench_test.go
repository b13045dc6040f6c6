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
// with one ContactGet.
func BenchmarkContactGet(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, pgtest.Database(b), Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	now := time.Now()
	if err := db.Write(ctx, func(tx contacts.Tx) error {
		return tx.ContactInsert(ctx, &contacts.Contact{Scope: benchScope, Alias: "akuam", Type: contacts.Personal, CreatedAt: now, UpdatedAt: now})
	}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
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
