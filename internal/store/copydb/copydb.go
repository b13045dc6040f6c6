// Package copydb moves a whole ssmcontacts database from SQLite to
// PostgreSQL (`ssmcontacts copy-db`): every table, in one PostgreSQL
// transaction, into a database that holds no data yet.
//
// The tables and columns come from the two live schemas, matched by
// name; the differences between the backends' schemas are listed in
// schema.go, and any other difference stops the copy before it writes
// anything, so that a migration made on one backend only cannot lose
// data silently (TestSchemaParity fails on it first). Rows are read in
// SQLite's insertion order (rowid, or the outbox's seq), so PostgreSQL's
// identity columns number them in the same order. Timers are copied
// unclaimed; secrets are copied, so acknowledgement links, console
// sessions and phone links keep working.
package copydb

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres"
	"github.com/ssmcontacts/ssmcontacts/internal/store/sqlite"
)

// Options says what to copy where.
type Options struct {
	// From is the SQLite database file.
	From string
	// To is the PostgreSQL URL.
	To string
	// Log receives the PostgreSQL store's warnings (nil: discarded).
	Log *slog.Logger

	// afterRow, for tests, runs after each row is read from SQLite.
	afterRow func(table string)
}

// Result is what a copy did.
type Result struct {
	// Tables are the tables copied, in the order they were copied.
	Tables  []TableCount
	Elapsed time.Duration
}

// Run copies the SQLite database o.From into the PostgreSQL database o.To.
// It commits everything or nothing.
func Run(ctx context.Context, o Options) (*Result, error) {
	began := time.Now()
	if !postgres.IsURL(o.To) {
		return nil, fmt.Errorf("--to %q is not a postgres:// or postgresql:// URL", postgres.Redact(o.To))
	}
	src, err := openSource(ctx, o.From)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	dst, err := postgres.Open(ctx, o.To, postgres.Config{NoContactCache: true, Log: o.Log})
	if err != nil {
		return nil, fmt.Errorf("--to %s: %w", postgres.Redact(o.To), err)
	}
	defer dst.Close()
	tables, err := copyAll(ctx, src.SQL(), dst.Pool(), o.afterRow)
	if err != nil {
		if ctx.Err() != nil && !errors.Is(err, errCommit) {
			return nil, fmt.Errorf("interrupted (%w); nothing was written to PostgreSQL", ctx.Err())
		}
		return nil, err
	}
	return &Result{Tables: tables, Elapsed: time.Since(began)}, nil
}

// openSource opens an existing SQLite file, taking its lock. Open would
// create a missing file, and copying an empty new database is never
// what was meant.
func openSource(ctx context.Context, path string) (*sqlite.DB, error) {
	switch {
	case path == "":
		return nil, errors.New("--from is required: the SQLite database file to copy")
	case path == sqlite.Memory:
		return nil, errors.New("--from :memory: is an in-memory database, which no other process can read: give the database file")
	case postgres.IsURL(path):
		return nil, errors.New("--from must be a SQLite database file, not a PostgreSQL URL")
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("--from %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("--from %s: not a regular file", path)
	}
	if fi.Size() == 0 && !nonEmpty(path+"-wal") {
		// SQLite would take an empty file for a new database and migrate
		// it: a file no server ran on, most likely a wrong path.
		return nil, fmt.Errorf("--from %s: the file is empty, not a database a server ran on", path)
	}
	db, err := sqlite.Open(ctx, path)
	var inUse *sqlite.InUseError
	if errors.As(err, &inUse) {
		return nil, fmt.Errorf("--from %s: the database is in use by another ssmcontacts process (%s); stop it before copying", path, inUse.Holder())
	}
	if err != nil {
		return nil, fmt.Errorf("--from %s: %w", path, err)
	}
	return db, nil
}

func nonEmpty(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Size() > 0
}
