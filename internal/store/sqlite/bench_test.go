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
