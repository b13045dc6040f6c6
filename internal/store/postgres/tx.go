package postgres

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/contactcache"
	"github.com/ssmcontacts/ssmcontacts/internal/store/sqlstore"
)

// Tx implements contacts.Tx over one PostgreSQL transaction.
type Tx struct {
	// Tx is the SQL shared with the SQLite backend, run through conn.
	sqlstore.Tx
	tx    querier
	db    *DB
	write bool
	// retry is set when a statement failed with a serialization failure
	// or a deadlock: Write then runs the whole fn again, whatever fn made
	// of the error.
	retry bool

	// A read may fill the contact cache when cacheable: the cache was
	// serving when it began, at generation cacheGen.
	cacheGen  uint64
	cacheable bool
	// changed names the contacts a write changes; sharedChange is set when
	// other replicas may have cached one of them (an update or a delete).
	changed      []contactcache.Key
	sharedChange bool

	// In a write's first attempt, presume lets IdempotencyGet presume a
	// token unused without reading (idempotency.go); presumed lists the
	// tokens presumed so and not yet verified by their record's insert,
	// and hasPresumed says whether any was.
	presume     bool
	presumed    []idempotencyKey
	hasPresumed bool
}

var _ contacts.Tx = (*Tx)(nil)

// querier runs a transaction's statements (a lazyTx).
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Later(ctx context.Context, sql string, args ...any) error
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// newTx returns a transaction over tx.
func (db *DB) newTx(tx querier, write bool) *Tx {
	t := &Tx{tx: tx, db: db, write: write}
	if !write && db.contacts != nil {
		t.cacheGen, t.cacheable = db.contacts.begin()
	}
	d := sqlstore.Dialect{InsertionOrder: "seq", Greatest: "GREATEST"}
	if write {
		d.LockDue = " FOR UPDATE SKIP LOCKED"
	}
	t.Tx = sqlstore.NewTx(conn{t}, d)
	t.SetContactCache(txCache{t})
	return t
}

// note remembers a retryable failure and translates err.
func (t *Tx) note(err error) error {
	if err != nil && retryable(err) {
		t.retry = true
	}
	return translate(err)
}

// The queries are written with ? placeholders, as in the SQLite backend,
// and numbered ($1, $2, …) by rebind just before they are sent.
func (t *Tx) exec(ctx context.Context, query string, args ...any) (pgconn.CommandTag, error) {
	tag, err := t.tx.Exec(ctx, rebind(query), args...)
	if err != nil {
		return tag, t.note(err)
	}
	return tag, nil
}

func (t *Tx) later(ctx context.Context, query string, args ...any) error {
	return t.note(t.tx.Later(ctx, rebind(query), args...))
}

func (t *Tx) query(ctx context.Context, query string, args ...any) (pgx.Rows, error) {
	rows, err := t.tx.Query(ctx, rebind(query), args...)
	if err != nil {
		return nil, t.note(err)
	}
	return noteRows{rows, t}, nil
}

func (t *Tx) row(ctx context.Context, query string, args ...any) rowScanner {
	return noteRow{t.tx.QueryRow(ctx, rebind(query), args...), t}
}

// collect reads every row of a query with scan: collect(scanX)(t.query(…)),
// as the SQLite backend does.
func collect[T any](scan func(rowScanner) (T, error)) func(pgx.Rows, error) ([]T, error) {
	return func(rows pgx.Rows, err error) ([]T, error) {
		if err != nil {
			return nil, translate(err)
		}
		return sqlstore.Collect(scan)(sharedRows{rows}, nil)
	}
}

type rowScanner = sqlstore.Row

// noteRow and noteRows pass a row's errors through note.
type noteRow struct {
	pgx.Row
	t *Tx
}

func (r noteRow) Scan(dest ...any) error {
	err := r.Row.Scan(dest...)
	if err != nil && retryable(err) {
		r.t.retry = true
	}
	return err
}

type noteRows struct {
	pgx.Rows
	t *Tx
}

func (r noteRows) Err() error {
	err := r.Rows.Err()
	if err != nil && retryable(err) {
		r.t.retry = true
	}
	return err
}

// rebind numbers the ? placeholders of query ($1, $2, …), leaving quoted
// text alone.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n, quoted := 0, false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// mustAffect turns "no row changed" into ErrNotFound.
func mustAffect(tag pgconn.CommandTag, err error) error {
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return contacts.ErrNotFound
	}
	return nil
}

// conn runs the shared SQL (sqlstore) in the transaction.
type conn struct{ t *Tx }

func (c conn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := c.t.exec(ctx, query, args...)
	return tag.RowsAffected(), err
}

func (c conn) ExecLater(ctx context.Context, query string, args ...any) error {
	return c.t.later(ctx, query, args...)
}

func (c conn) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := c.t.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return sharedRows{rows}, nil
}

func (c conn) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return sharedRow{c.t.row(ctx, query, args...)}
}

// sharedRow and sharedRows translate errors for the shared SQL, after
// noteRow and noteRows have noted the retryable ones.
type sharedRow struct{ r rowScanner }

func (r sharedRow) Scan(dest ...any) error { return translate(r.r.Scan(dest...)) }

type sharedRows struct{ pgx.Rows }

func (r sharedRows) Scan(dest ...any) error { return translate(r.Rows.Scan(dest...)) }
func (r sharedRows) Err() error             { return translate(r.Rows.Err()) }
