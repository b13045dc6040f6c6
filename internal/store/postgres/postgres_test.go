package postgres

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
	"github.com/ssmcontacts/ssmcontacts/internal/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func open(t *testing.T, url string) *DB {
	t.Helper()
	db, err := Open(context.Background(), url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) contacts.Store { return open(t, pgtest.Database(t)) })
}

// Two handles on one database are two replicas.
func TestConformancePair(t *testing.T) {
	storetest.RunPair(t, func(t *testing.T) (contacts.Store, contacts.Store) {
		url := pgtest.Database(t)
		return open(t, url), open(t, url)
	})
}

func TestMigrationsRunOnceAcrossReplicas(t *testing.T) {
	url := pgtest.Database(t)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			db, err := Open(context.Background(), url, nil)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Database(t)
	db := open(t, url)
	if _, err := db.pool.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_future.sql')`); err != nil {
		t.Fatal(err)
	}
	_, err := Open(ctx, url, nil)
	var tooNew *SchemaTooNewError
	if !errors.As(err, &tooNew) || tooNew.Database != 9999 {
		t.Fatalf("Open on a newer schema = %v, want SchemaTooNewError", err)
	}
}

func TestRebind(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT 1":                              "SELECT 1",
		"a = ? AND b = ?":                       "a = $1 AND b = $2",
		"x = '?' AND y = ?::text":               "x = '?' AND y = $1::text",
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)": "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
	} {
		if got := rebind(in); got != want {
			t.Errorf("rebind(%q) = %q, want %q", in, got, want)
		}
	}
}
