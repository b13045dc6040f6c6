// Package teststore opens the store that domain and engine tests run on:
// an in-memory SQLite database, or, with SSMCONTACTS_TEST_STORE=postgres,
// a fresh PostgreSQL database from pgtest. The same tests then exercise
// either backend:
//
//	SSMCONTACTS_TEST_STORE=postgres go test ./internal/engage/
//
// A package using it calls Main from its TestMain, so that a PostgreSQL
// cluster the tests started is stopped at the end.
package teststore

import (
	"context"
	"os"
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres"
	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
	"github.com/ssmcontacts/ssmcontacts/internal/store/sqlite"
)

// EnvStore names the variable choosing the backend: "sqlite" (the
// default) or "postgres".
const EnvStore = "SSMCONTACTS_TEST_STORE"

// Opener returns a fresh, empty store closed when t ends.
type Opener func(t testing.TB) contacts.Store

// Backend names the backend EnvStore chooses.
func Backend() string {
	if os.Getenv(EnvStore) == "postgres" {
		return "postgres"
	}
	return "sqlite"
}

// Open returns a fresh, empty store of the chosen backend, closed when t
// ends.
func Open(t testing.TB) contacts.Store {
	t.Helper()
	if Backend() == "postgres" {
		return OpenPostgres(t)
	}
	return OpenSQLite(t)
}

// OpenSQLite returns a fresh in-memory SQLite store.
func OpenSQLite(t testing.TB) contacts.Store {
	t.Helper()
	db, err := sqlite.Open(context.Background(), sqlite.Memory)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// OpenPostgres returns a store on a fresh PostgreSQL database; t is
// skipped when no PostgreSQL is available.
func OpenPostgres(t testing.TB) contacts.Store {
	t.Helper()
	db, err := postgres.Open(context.Background(), pgtest.Database(t), postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Main runs the tests and stops the PostgreSQL cluster they started, if
// any.
func Main(m *testing.M) int { return pgtest.Main(m) }
