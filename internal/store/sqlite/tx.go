package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// Tx implements contacts.Tx over one SQL transaction. A read transaction
// begins lazily, at its first query: a read served entirely from the
// contact cache costs no BEGIN and COMMIT.
type Tx struct {
	tx *sql.Tx
	db *DB
	// gen is the contact cache's generation when the snapshot began.
	gen uint64
	// dirty collects the contacts a write batch changes; nil for reads.
	dirty *[]contactKey
	// due collects the due times of the timers this write makes due,
	// raised on the store's DueSignal once it commits.
	due contacts.DueTimes
}

var _ contacts.Tx = (*Tx)(nil)

func (t *Tx) writing() bool { return t.dirty != nil }

// begin starts a read transaction at its first query.
func (t *Tx) begin(ctx context.Context) (*sql.Tx, error) {
	if t.tx == nil {
		t.gen = t.db.cache.generation()
		tx, err := t.db.read.BeginTx(ctx, nil)
		if err != nil {
			return nil, fmt.Errorf("sqlite: begin read: %w", err)
		}
		t.tx = tx
	}
	return t.tx, nil
}

// touch records that this write changes contact k.
func (t *Tx) touch(k contactKey) {
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
		defer rows.Close()
		var out []T
		for rows.Next() {
			v, err := scan(rows)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, translate(rows.Err())
	}
}

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

func millis(t time.Time) int64 { return t.UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

func nullMillis(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

func fromNullMillis(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := fromMillis(n.Int64)
	return &t
}

func nullString(s *string) sql.NullString {
	if s == nil {
		return sql.NullString{}
	}
	return sql.NullString{String: *s, Valid: true}
}

func fromNullString(n sql.NullString) *string {
	if !n.Valid {
		return nil
	}
	s := n.String
	return &s
}

func toJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("sqlite: encode: %w", err)
	}
	return string(b), nil
}

func fromJSON(s string, v any) error {
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("sqlite: decode: %w", err)
	}
	return nil
}

// prefixEnd returns the smallest string greater than every string that
// starts with p (p non-empty), for index-friendly prefix ranges.
func prefixEnd(p string) string {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1])
		}
	}
	return ""
}
