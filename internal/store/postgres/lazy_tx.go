package postgres

import (
	"context"
	"fmt"
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
// statement and COMMIT, instead of three, a write of one statement
// (CreateContact) the same, and a read the contact cache answers costs
// none.
type lazyTx struct {
	pool  *pgxpool.Pool
	begin string
	conn  *pgxpool.Conn
	begun bool
}

// first sends BEGIN and the first statement in one batch; the caller
// reads the statement's result from the batch and closes it.
func (l *lazyTx) first(ctx context.Context, sql string, args ...any) (pgx.BatchResults, error) {
	conn, err := l.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: begin read: %w", err)
	}
	l.conn, l.begun = conn, true
	b := &pgx.Batch{}
	b.Queue(l.begin)
	b.Queue(sql, args...)
	br := l.conn.SendBatch(ctx, b)
	if _, err := br.Exec(); err != nil {
		br.Close()
		return nil, err
	}
	return br, nil
}

func (l *lazyTx) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if l.begun {
		return l.conn.Exec(ctx, sql, args...)
	}
	br, err := l.first(ctx, sql, args...)
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
	if l.begun {
		return l.conn.Query(ctx, sql, args...)
	}
	br, err := l.first(ctx, sql, args...)
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
	if l.begun {
		return l.conn.QueryRow(ctx, sql, args...)
	}
	rows, err := l.Query(ctx, sql, args...)
	return firstRow{rows, err}
}

// end commits the transaction if it began; a connection left inside a
// transaction (a failed COMMIT) is destroyed by the pool on release.
func (l *lazyTx) end(ctx context.Context) error {
	if !l.begun {
		return nil
	}
	_, err := l.conn.Exec(ctx, "COMMIT")
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
