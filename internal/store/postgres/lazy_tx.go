package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The BEGIN statements of the transactions: a read's snapshot, a write,
// and one of the engine's steps.
const (
	beginRead  = `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`
	beginWrite = `BEGIN ISOLATION LEVEL SERIALIZABLE`
	beginStep  = `BEGIN ISOLATION LEVEL REPEATABLE READ`
)

// lazyTx is a transaction that takes a connection from pool and begins
// with its first statement, sent together with BEGIN in one round trip (a
// pgx batch): a read of one statement then costs two round trips, the
// statement and COMMIT, instead of three, and a read the contact cache
// answers costs none.
//
// In a write, statements whose caller needs nothing back but success
// (Later) wait and go with the next statement or with COMMIT, in the same
// batch: a CreateContact, its tags and its idempotency record then cost
// one round trip in all. A statement held back that fails sets
// laterFailed, and the transaction can then only be rolled back: the
// error reached a statement or a COMMIT its caller did not send, so the
// write runs again without holding anything back (DB.write).
type lazyTx struct {
	pool  *pgxpool.Pool
	begin string
	conn  *pgxpool.Conn
	begun bool
	// hold lets Later hold statements back; later holds them.
	hold  bool
	later []heldStatement
	// laterFailed is set when a statement held back failed.
	laterFailed bool
	// trips counts the round trips sent, when not nil (tests).
	trips *atomic.Int64
}

type heldStatement struct {
	sql  string
	args []any
}

// errLaterFailed is end's error after a statement held back failed.
var errLaterFailed = errors.New("postgres: a statement sent with a later one failed")

// laterError is a held-back statement's failure, as the statement that
// carried it reports it: it does not unwrap, so that no caller mistakes it
// for its own statement's (a duplicate key, say). A serialization failure
// is reported as itself, since the whole transaction runs again anyway.
type laterError struct{ err error }

func (e laterError) Error() string {
	return "postgres: a statement sent with this one failed: " + e.err.Error()
}

// Later runs sql no later than the transaction's next statement or its
// commit, or at once when the transaction may not hold statements back.
func (l *lazyTx) Later(ctx context.Context, sql string, args ...any) error {
	if l.hold {
		l.later = append(l.later, heldStatement{sql, args})
		return nil
	}
	_, err := l.Exec(ctx, sql, args...)
	return err
}

// send sends, in one batch, BEGIN if the transaction has not begun, the
// statements held back, and sql; the caller reads sql's result from the
// batch and closes it.
func (l *lazyTx) send(ctx context.Context, sql string, args ...any) (pgx.BatchResults, error) {
	b := &pgx.Batch{}
	begin := !l.begun
	if begin {
		conn, err := l.pool.Acquire(ctx)
		if err != nil {
			return nil, fmt.Errorf("postgres: begin: %w", err)
		}
		l.conn, l.begun = conn, true
		b.Queue(l.begin)
	}
	held := l.later
	l.later = nil
	for _, h := range held {
		b.Queue(h.sql, h.args...)
	}
	b.Queue(sql, args...)
	l.trip()
	br := l.conn.SendBatch(ctx, b)
	if begin {
		if _, err := br.Exec(); err != nil {
			br.Close()
			return nil, err
		}
	}
	for range held {
		if _, err := br.Exec(); err != nil {
			br.Close()
			l.laterFailed = true
			if retryable(err) {
				return nil, err
			}
			return nil, laterError{err}
		}
	}
	return br, nil
}

// direct reports whether a statement can go straight to the connection:
// the transaction has begun and holds nothing back.
func (l *lazyTx) direct() bool { return l.begun && len(l.later) == 0 }

// trip counts a round trip.
func (l *lazyTx) trip() {
	if l.trips != nil {
		l.trips.Add(1)
	}
}

func (l *lazyTx) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if l.direct() {
		l.trip()
		return l.conn.Exec(ctx, sql, args...)
	}
	br, err := l.send(ctx, sql, args...)
	if err != nil {
		return pgconn.CommandTag{}, err
	}
	tag, err := br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return tag, err
}

func (l *lazyTx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	if l.direct() {
		l.trip()
		return l.conn.Query(ctx, sql, args...)
	}
	br, err := l.send(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	rows, err := br.Query()
	if err != nil {
		br.Close()
		return nil, err
	}
	return batchRows{rows, br}, nil
}

func (l *lazyTx) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	if l.direct() {
		l.trip()
		return l.conn.QueryRow(ctx, sql, args...)
	}
	rows, err := l.Query(ctx, sql, args...)
	return firstRow{rows, err}
}

// end commits the transaction if it began; a connection left inside a
// transaction (a failed COMMIT) is destroyed by the pool on release.
// A transaction in which a held-back statement failed is never committed:
// PostgreSQL would answer that COMMIT with a rollback, not an error.
func (l *lazyTx) end(ctx context.Context) error {
	if l.laterFailed {
		return errLaterFailed
	}
	if !l.begun && len(l.later) == 0 {
		return nil
	}
	_, err := l.Exec(ctx, "COMMIT")
	return err
}

// release gives the connection back to the pool, if the read took one.
func (l *lazyTx) release() {
	if l.conn != nil {
		l.conn.Release()
	}
}

// abort rolls the transaction back if it began, keeping the connection
// for the pool (a read that failed, such as a contact not found).
func (l *lazyTx) abort(ctx context.Context) {
	if l.begun {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		l.conn.Exec(ctx, "ROLLBACK")
	}
}

// batchRows closes its batch with the rows.
type batchRows struct {
	pgx.Rows
	br pgx.BatchResults
}

func (r batchRows) Close() {
	r.Rows.Close()
	r.br.Close()
}

// firstRow is QueryRow over Query: the first row, or pgx.ErrNoRows.
type firstRow struct {
	rows pgx.Rows
	err  error
}

func (r firstRow) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	defer r.rows.Close()
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return pgx.ErrNoRows
	}
	if err := r.rows.Scan(dest...); err != nil {
		return err
	}
	r.rows.Close()
	return r.rows.Err()
}
