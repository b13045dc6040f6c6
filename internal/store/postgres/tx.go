package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// Tx implements contacts.Tx over one PostgreSQL transaction.
type Tx struct {
	tx    pgx.Tx
	write bool
	// retry is set when a statement failed with a serialization failure
	// or a deadlock: Write then runs the whole fn again, whatever fn made
	// of the error.
	retry bool
	// due collects the due times of the timers this write makes due,
	// announced (NOTIFY, then DueSignal) once it commits.
	due contacts.DueTimes
}

var _ contacts.Tx = (*Tx)(nil)

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
		return "", fmt.Errorf("postgres: encode: %w", err)
	}
	return string(b), nil
}

func fromJSON(s string, v any) error {
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("postgres: decode: %w", err)
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
