// Package sqlstore is the SQL both store backends share: contacts,
// channels, engagements, rotations, tags, idempotency, incidents, feed
// tokens and the outbox, written once with ? placeholders over a Conn.
//
// A backend (internal/store/sqlite, internal/store/postgres) embeds Tx in
// its own transaction type, gives it a Conn that runs statements in that
// transaction, and keeps only what is its own: timers (PostgreSQL locks
// them FOR UPDATE SKIP LOCKED), the outbox's insertion order, SQLite's
// contact cache, and what each does after a commit. The SQL here keeps to
// what both engines read the same way: CAST for typed placeholders,
// TRUE/FALSE for booleans; the one spelling that differs is in Dialect.
package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/contactcache"
)

// Conn runs the statements of one transaction, written with ?
// placeholders (a backend renumbers them if its engine needs to). It
// returns errors already translated to contacts' kinds: ErrDuplicate for a
// unique key, ErrNotFound for a single row that is not there, from Exec,
// Query, a Row's Scan and a Rows' Scan and Err alike.
type Conn interface {
	// Exec returns the number of rows the statement changed.
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	// ExecLater runs a statement whose caller needs nothing back but its
	// success, no later than the transaction's next statement or commit.
	// A backend may send it with either (PostgreSQL does, to save round
	// trips); its failure then fails that statement or the commit, and
	// the backend runs the whole write again with every statement run at
	// once, so that the failure reaches the caller where it expects it.
	ExecLater(ctx context.Context, query string, args ...any) error
	Query(ctx context.Context, query string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) Row
}

// Row is one result row.
type Row interface{ Scan(dest ...any) error }

// Rows is a result set, read with Next and Scan and closed with Close.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Dialect names what the engines spell differently.
type Dialect struct {
	// InsertionOrder is a column of rotation_overrides that grows with
	// every insert (SQLite's rowid, a PostgreSQL identity column).
	InsertionOrder string
	// Greatest is the function giving the greater of two values
	// (SQLite's scalar max, PostgreSQL's GREATEST).
	Greatest string
	// LockDue ends TimerDue's query: empty, or " FOR UPDATE SKIP LOCKED"
	// in a PostgreSQL write.
	LockDue string
}

// Tx implements the shared part of contacts.Tx over a Conn.
type Tx struct {
	conn    Conn
	dialect Dialect
	// due collects the due times of the timers this transaction makes
	// due (Due).
	due contacts.DueTimes
	// lockRows makes EngagementGet and TrackGet lock the rows they read
	// until the commit (SELECT … FOR UPDATE): see LockRows.
	lockRows bool
	// cache is the backend's contact cache, if it keeps one.
	cache ContactCache
}

// ContactCache is a backend's contact cache as one transaction sees it
// (SetContactCache): the shared contact methods ask it before reading a
// contact, and tell it what they read and what they change.
type ContactCache interface {
	// Get returns a cached copy of k, if this transaction may use one.
	Get(k contactcache.Key) (*contacts.Contact, bool)
	// Put offers a contact this transaction read.
	Put(k contactcache.Key, c *contacts.Contact)
	// Changed says this transaction changes k; shared when another
	// process may hold k (an update or a delete: none holds a contact
	// that does not exist yet).
	Changed(k contactcache.Key, shared bool)
}

// SetContactCache makes the contact methods use c.
func (t *Tx) SetContactCache(c ContactCache) { t.cache = c }

// LockRows makes EngagementGet and TrackGet lock the rows they return
// until the transaction ends. A backend that runs the engine's steps under
// snapshot isolation (PostgreSQL's REPEATABLE READ) sets it, so that a
// step deciding on an engagement or a track conflicts with any concurrent
// write to it (a stop, an acknowledgement) instead of acting on what was
// true before it.
func (t *Tx) LockRows() { t.lockRows = true }

// forUpdate is the locking clause a getter appends.
func (t *Tx) forUpdate() string {
	if t.lockRows {
		return ` FOR UPDATE`
	}
	return ""
}

// NewTx returns a Tx running its statements on conn.
func NewTx(conn Conn, d Dialect) Tx { return Tx{conn: conn, dialect: d} }

func (t *Tx) exec(ctx context.Context, query string, args ...any) (int64, error) {
	return t.conn.Exec(ctx, query, args...)
}

func (t *Tx) execLater(ctx context.Context, query string, args ...any) error {
	return t.conn.ExecLater(ctx, query, args...)
}

func (t *Tx) query(ctx context.Context, query string, args ...any) (Rows, error) {
	return t.conn.Query(ctx, query, args...)
}

func (t *Tx) row(ctx context.Context, query string, args ...any) Row {
	return t.conn.QueryRow(ctx, query, args...)
}

// Collect reads every row of a query with scan: Collect(scanX)(query(…)).
func Collect[T any](scan func(Row) (T, error)) func(Rows, error) ([]T, error) {
	return func(rows Rows, err error) ([]T, error) {
		if err != nil {
			return nil, err
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
		return out, rows.Err()
	}
}

// MustAffect turns "no row changed" into ErrNotFound.
func MustAffect(n int64, err error) error {
	if err != nil {
		return err
	}
	if n == 0 {
		return contacts.ErrNotFound
	}
	return nil
}

// Times are stored as Unix milliseconds.

// Millis is t in Unix milliseconds.
func Millis(t time.Time) int64 { return t.UnixMilli() }

// FromMillis is the UTC time at ms Unix milliseconds.
func FromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// NullMillis is t in Unix milliseconds, NULL for nil.
func NullMillis(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

// FromNullMillis is the time n holds, nil for NULL.
func FromNullMillis(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := FromMillis(n.Int64)
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
		return "", fmt.Errorf("store: encode: %w", err)
	}
	return string(b), nil
}

func fromJSON(s string, v any) error {
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("store: decode: %w", err)
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
