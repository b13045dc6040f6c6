package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/storetest"
)

func TestConformanceMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) contacts.Store {
		db, err := Open(context.Background(), Memory)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

func TestConformanceFile(t *testing.T) {
	storetest.Run(t, func(t *testing.T) contacts.Store {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "db.sqlite"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

func TestReopenKeepsDataAndMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "db.sqlite")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s := contacts.Scope{Account: "000000000000", Region: "us-east-2"}
	if err := db.Write(ctx, func(tx contacts.Tx) error {
		return tx.ContactInsert(ctx, &contacts.Contact{Scope: s, Alias: "kept", Type: contacts.Personal})
	}); err != nil {
		t.Fatal(err)
	}
	key, _ := db.Secret(ctx, "k")
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Read(ctx, func(tx contacts.Tx) error { _, err := tx.ContactGet(ctx, s, "kept"); return err }); err != nil {
		t.Fatalf("contact lost across reopen: %v", err)
	}
	if again, _ := db.Secret(ctx, "k"); string(again) != string(key) {
		t.Fatal("secret changed across reopen")
	}
}

// One process holds a SQLite file: the "two handles" are one.
func TestConformancePair(t *testing.T) {
	storetest.RunPair(t, func(t *testing.T) (contacts.Store, contacts.Store) {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "db.sqlite"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db, db
	})
}
