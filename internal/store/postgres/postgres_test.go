package postgres

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
	"github.com/ssmcontacts/ssmcontacts/internal/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func open(t *testing.T, url string) *DB {
	t.Helper()
	return openWith(t, url, Config{})
}

func openWith(t *testing.T, url string, cfg Config) *DB {
	t.Helper()
	db, err := Open(context.Background(), url, cfg)
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
			db, err := Open(context.Background(), url, Config{})
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
	_, err := Open(ctx, url, Config{})
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

// TestListenerReconnects: when its LISTEN connection is cut, a store
// reconnects, raises DueSignal once (announcements may have been missed),
// and hears the other replicas' timers again.
func TestListenerReconnects(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Database(t)
	a, b := open(t, url), open(t, url)
	sig := b.DueSignal()
	sig.Take()
	if _, err := a.pool.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN%'`); err != nil {
		t.Fatal(err)
	}
	waitRaise := func(what string) time.Time {
		t.Helper()
		deadline := time.After(15 * time.Second)
		for {
			if at, ok := sig.Take(); ok {
				return at
			}
			select {
			case <-sig.C():
			case <-deadline:
				t.Fatalf("%s: DueSignal not raised within 15s", what)
			}
		}
	}
	if at := waitRaise("after reconnecting"); !at.IsZero() {
		t.Errorf("the raise after reconnecting is %v, want the zero time (look now)", at)
	}
	due := time.Date(2026, 12, 5, 15, 0, 0, 0, time.UTC)
	if err := a.Write(ctx, func(tx contacts.Tx) error {
		return tx.TimerInsert(ctx, &contacts.Timer{ID: "t", Kind: contacts.TimerDeliver, Scope: contacts.Scope{Account: "000000000000", Region: "us-east-2"}, Ref: "r", DueAt: due})
	}); err != nil {
		t.Fatal(err)
	}
	if at := waitRaise("a timer after reconnecting"); !at.Equal(due) {
		t.Errorf("raised %v, want %v", at, due)
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://ssm:secret@db:5432/contacts?sslmode=require": "postgres://ssm:xxxxx@db:5432/contacts?sslmode=require",
		"postgresql://db/contacts?password=secret&user=ssm":      "postgresql://db/contacts?password=xxxxx&user=ssm",
		"postgres://":                "postgres://",
		"postgres://ssm@db/contacts": "postgres://ssm@db/contacts",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// A read begins with its first statement (BEGIN and the statement in one
// round trip) and holds one snapshot to its end; a failed read gives its
// connection back to the pool rather than destroying it.
func TestLazyReadHoldsOneSnapshot(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Database(t)
	// Without the contact cache, which would answer the first read
	// without beginning the snapshot.
	a, b := openWith(t, url, Config{NoContactCache: true}), open(t, url)
	s := contacts.Scope{Account: "000000000000", Region: "us-east-2"}
	contact := func(alias string) *contacts.Contact {
		return &contacts.Contact{Scope: s, Alias: alias, Type: contacts.Personal, Plan: contacts.Plan{Stages: []contacts.Stage{}}}
	}
	if err := a.Write(ctx, func(tx contacts.Tx) error { return tx.ContactInsert(ctx, contact("first")) }); err != nil {
		t.Fatal(err)
	}
	err := a.Read(ctx, func(tx contacts.Tx) error {
		if _, err := tx.ContactGet(ctx, s, "first"); err != nil {
			return err
		}
		// Committed by another replica after this read's first statement.
		if err := b.Write(ctx, func(tx contacts.Tx) error { return tx.ContactInsert(ctx, contact("second")) }); err != nil {
			return err
		}
		if _, err := tx.ContactGet(ctx, s, "second"); !errors.Is(err, contacts.ErrNotFound) {
			t.Errorf("a contact committed after the read began: err = %v, want ErrNotFound (one snapshot)", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	before := a.pool.Stat().NewConnsCount()
	for range 20 {
		err := a.Read(ctx, func(tx contacts.Tx) error { _, err := tx.ContactGet(ctx, s, "missing"); return err })
		if !errors.Is(err, contacts.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	}
	if n := a.pool.Stat().NewConnsCount() - before; n > 0 {
		t.Errorf("20 failed reads opened %d new connections; want their connections reused", n)
	}
	if err := a.Read(ctx, func(tx contacts.Tx) error { _, err := tx.ContactGet(ctx, s, "second"); return err }); err != nil {
		t.Errorf("a read after failed ones: %v", err)
	}
}
