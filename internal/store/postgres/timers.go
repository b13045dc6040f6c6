package postgres

import (
	"context"
	"database/sql"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/sqlstore"
)

const timerColumns = `id, kind, account, region, ref, arg, due_at, claimed_at, claimed_by`

func scanTimer(r rowScanner) (*contacts.Timer, error) {
	var (
		tm      contacts.Timer
		due     int64
		claimed sql.NullInt64
		owner   sql.NullString
	)
	if err := r.Scan(&tm.ID, &tm.Kind, &tm.Scope.Account, &tm.Scope.Region, &tm.Ref, &tm.Arg, &due, &claimed, &owner); err != nil {
		return nil, translate(err)
	}
	tm.DueAt, tm.ClaimedAt, tm.ClaimedBy = sqlstore.FromMillis(due), sqlstore.FromNullMillis(claimed), owner.String
	return &tm, nil
}

func (t *Tx) TimerInsert(ctx context.Context, tm *contacts.Timer) error {
	_, err := t.exec(ctx, `INSERT INTO timers (`+timerColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		tm.ID, string(tm.Kind), tm.Scope.Account, tm.Scope.Region, tm.Ref, tm.Arg, sqlstore.Millis(tm.DueAt), sqlstore.NullMillis(tm.ClaimedAt), sqlstore.NullOwner(tm))
	if err == nil && tm.ClaimedAt == nil {
		t.due.Add(tm.DueAt)
	}
	return err
}

func (t *Tx) TimerNextDue(ctx context.Context, lease time.Duration) (*time.Time, error) {
	var due sql.NullInt64
	// A claim made at c is void once c < now - lease: from c + lease + 1 ms.
	err := t.row(ctx, `SELECT min(CASE WHEN claimed_at IS NULL THEN due_at ELSE GREATEST(due_at, claimed_at + ?::bigint + 1) END)
		FROM timers`, lease.Milliseconds()).Scan(&due)
	if err != nil {
		return nil, translate(err)
	}
	return sqlstore.FromNullMillis(due), nil
}

// TimerDue selects due timers. In a Write it locks them, skipping the rows
// other transactions hold (FOR UPDATE SKIP LOCKED), so that two replicas
// selecting at once take different timers. A Read (the engine's scan)
// cannot lock: there the exclusivity comes from TimerClaim, a
// compare-and-set that a concurrent claim turns into a serialization
// failure, retried, and then ErrNotFound.
func (t *Tx) TimerDue(ctx context.Context, now, leaseExpired time.Time, limit int) ([]*contacts.Timer, error) {
	lock := ""
	if t.write {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	return collect(scanTimer)(t.query(ctx, `SELECT `+timerColumns+` FROM timers
		WHERE due_at <= ? AND (claimed_at IS NULL OR claimed_at < ?)
		ORDER BY due_at, id LIMIT ?`+lock, sqlstore.Millis(now), sqlstore.Millis(leaseExpired), limit))
}

func (t *Tx) TimerClaim(ctx context.Context, id, owner string, now, leaseExpired time.Time) error {
	return mustAffect(t.exec(ctx, `UPDATE timers SET claimed_at = ?, claimed_by = ?
		WHERE id = ? AND (claimed_at IS NULL OR claimed_at < ?)`, sqlstore.Millis(now), owner, id, sqlstore.Millis(leaseExpired)))
}

func (t *Tx) TimerDelete(ctx context.Context, id string) error {
	return mustAffect(t.exec(ctx, `DELETE FROM timers WHERE id = ?`, id))
}

// TimerReleaseAll voids every claim. Several replicas share a PostgreSQL
// database, and one replica's start must not void the claims of the
// others (they would send the same page twice): the engine does not call
// it on a shared store (see contacts.SharedStore); claims here are leases
// that expire on their own. It stays for the conformance suite and for an
// operator who knows every replica is stopped.
func (t *Tx) TimerReleaseAll(ctx context.Context) error {
	var due sql.NullInt64
	err := t.row(ctx, `SELECT min(due_at) FROM timers WHERE claimed_at IS NOT NULL`).Scan(&due)
	if err != nil {
		return translate(err)
	}
	if _, err := t.exec(ctx, `UPDATE timers SET claimed_at = NULL, claimed_by = NULL WHERE claimed_at IS NOT NULL`); err != nil {
		return err
	}
	if due.Valid {
		t.due.Add(sqlstore.FromMillis(due.Int64))
	}
	return nil
}
