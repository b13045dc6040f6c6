package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// beginRead starts a read's snapshot.
const beginRead = `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`

// lazyRead is a read transaction on conn that begins with its first
// statement, sent together with BEGIN in one round trip (a pgx batch):
// a read of one statement (GetContact) then costs two round trips, the
// statement and COMMIT, instead of three.
type lazyRead struct {
	conn  *pgxpool.Conn
	begun bool
}

// first sends BEGIN and the first statement in one batch; the caller
// reads the statement's result from the batch and closes it.
func (l *lazyRead) first(ctx context.Context, sql string, args ...any) (pgx.BatchResults, error) {
	l.begun = true
	b := &pgx.Batch{}
	b.Queue(beginRead)
	b.Queue(sql, args...)
	br := l.conn.SendBatch(ctx, b)
	if _, err := br.Exec(); err != nil {
		br.Close()
		return nil, err
	}
	return br, nil
}

func (l *lazyRead) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
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

func (l *lazyRead) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
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

func (l *lazyRead) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	if l.begun {
		return l.conn.QueryRow(ctx, sql, args...)
	}
	rows, err := l.Query(ctx, sql, args...)
	return firstRow{rows, err}
}

// end commits the read if it began; a connection left inside a
// transaction (a failed COMMIT) is destroyed by the pool on release.
func (l *lazyRead) end(ctx context.Context) error {
	if !l.begun {
		return nil
	}
	_, err := l.conn.Exec(ctx, "COMMIT")
	return err
}

// abort rolls the read back if it began, keeping the connection for the
// pool (a read that failed, such as a contact not found).
func (l *lazyRead) abort(ctx context.Context) {
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
