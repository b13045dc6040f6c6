package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/contactcache"
	"github.com/ssmcontacts/ssmcontacts/internal/store/sqlstore"
)

// Tx implements contacts.Tx over one SQL transaction. A read transaction
// begins lazily, at its first query: a read served entirely from the
// contact cache costs no BEGIN and COMMIT.
type Tx struct {
	// Tx is the SQL shared with the PostgreSQL backend, run through conn.
	sqlstore.Tx
	tx *sql.Tx
	db *DB
	// gen is the contact cache's generation when the snapshot began.
	gen uint64
	// dirty collects the contacts a write batch changes; nil for reads.
	dirty *[]contactcache.Key
}

var _ contacts.Tx = (*Tx)(nil)

// newTx returns a transaction on db; tx is nil for a read, begun lazily.
func newTx(db *DB, tx *sql.Tx, dirty *[]contactcache.Key) *Tx {
	t := &Tx{tx: tx, db: db, dirty: dirty}
	t.Tx = sqlstore.NewTx(conn{t}, sqlstore.Dialect{InsertionOrder: "rowid", Greatest: "max"})
	t.SetContactCache(txCache{t})
	return t
}

func (t *Tx) writing() bool { return t.dirty != nil }

// begin starts a read transaction at its first query.
func (t *Tx) begin(ctx context.Context) (*sql.Tx, error) {
	if t.tx == nil {
		t.gen = t.db.cache.Generation()
		tx, err := t.db.read.BeginTx(ctx, nil)
		if err != nil {
			return nil, fmt.Errorf("sqlite: begin read: %w", err)
		}
		t.tx = tx
	}
	return t.tx, nil
}

// touch records that this write changes contact k.
func (t *Tx) touch(k contactcache.Key) {
	if t.dirty != nil {
		*t.dirty = append(*t.dirty, k)
	}
}

func (t *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	tx, err := t.begin(ctx)
	if err != nil {
		return nil, err
	}
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return nil, translate(err)
	}
	return res, nil
}

func (t *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	tx, err := t.begin(ctx)
	if err != nil {
		return nil, err
	}
	return tx.QueryContext(ctx, query, args...)
}

func (t *Tx) row(ctx context.Context, query string, args ...any) rowScanner {
	tx, err := t.begin(ctx)
	if err != nil {
		return errRow{err}
	}
	return tx.QueryRowContext(ctx, query, args...)
}

// collect reads every row of a query with scan: collect(scanX)(t.query(…)).
func collect[T any](scan func(rowScanner) (T, error)) func(*sql.Rows, error) ([]T, error) {
	return func(rows *sql.Rows, err error) ([]T, error) {
		if err != nil {
			return nil, translate(err)
		}
		return sqlstore.Collect(scan)(sqlRows{rows}, nil)
	}
}

type rowScanner = sqlstore.Row

// errRow is a row whose query could not start.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// mustAffect turns "no row changed" into ErrNotFound.
func mustAffect(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return contacts.ErrNotFound
	}
	return nil
}

// conn runs the shared SQL (sqlstore) in the transaction, beginning a read
// transaction at its first statement.
type conn struct{ t *Tx }

func (c conn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := c.t.exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// ExecLater runs the statement at once: SQLite has no round trips to save.
func (c conn) ExecLater(ctx context.Context, query string, args ...any) error {
	_, err := c.t.exec(ctx, query, args...)
	return err
}

func (c conn) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := c.t.query(ctx, query, args...)
	if err != nil {
		return nil, translate(err)
	}
	return sqlRows{rows}, nil
}

func (c conn) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return sqlRow{c.t.row(ctx, query, args...)}
}

// sqlRow and sqlRows translate the driver's errors.
type sqlRow struct{ r rowScanner }

func (r sqlRow) Scan(dest ...any) error { return translate(r.r.Scan(dest...)) }

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Scan(dest ...any) error { return translate(r.Rows.Scan(dest...)) }
func (r sqlRows) Err() error             { return translate(r.Rows.Err()) }
func (r sqlRows) Close()                 { r.Rows.Close() }
