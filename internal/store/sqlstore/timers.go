package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

const timerColumns = `id, kind, account, region, ref, arg, due_at, claimed_at, claimed_by`

func scanTimer(r Row) (*contacts.Timer, error) {
	var (
		tm      contacts.Timer
		due     int64
		claimed sql.NullInt64
		owner   sql.NullString
	)
	if err := r.Scan(&tm.ID, &tm.Kind, &tm.Scope.Account, &tm.Scope.Region, &tm.Ref, &tm.Arg, &due, &claimed, &owner); err != nil {
		return nil, err
	}
	tm.DueAt, tm.ClaimedAt, tm.ClaimedBy = FromMillis(due), FromNullMillis(claimed), owner.String
	return &tm, nil
}

// Due returns the due times of the timers this transaction made due, for
// the backend to announce once it commits.
func (t *Tx) Due() contacts.DueTimes { return t.due }

func (t *Tx) TimerInsert(ctx context.Context, tm *contacts.Timer) error {
	_, err := t.exec(ctx, `INSERT INTO timers (`+timerColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		tm.ID, string(tm.Kind), tm.Scope.Account, tm.Scope.Region, tm.Ref, tm.Arg, Millis(tm.DueAt), NullMillis(tm.ClaimedAt), NullOwner(tm))
	if err == nil && tm.ClaimedAt == nil {
		t.due.Add(tm.DueAt)
	}
	return err
}

func (t *Tx) TimerNextDue(ctx context.Context, lease time.Duration) (*time.Time, error) {
	var unclaimed, claimed sql.NullInt64
	// A claim made at c is void once c < now - lease: from c + lease + 1 ms.
	// Each half reads a partial index: the earliest unclaimed timer, and
	// the claims (few: the sends in flight).
	err := t.row(ctx, `SELECT (SELECT min(due_at) FROM timers WHERE claimed_at IS NULL),
		(SELECT min(`+t.dialect.Greatest+`(due_at, claimed_at + CAST(? AS BIGINT) + 1)) FROM timers WHERE claimed_at IS NOT NULL)`,
		lease.Milliseconds()).Scan(&unclaimed, &claimed)
	if err != nil {
		return nil, err
	}
	if !unclaimed.Valid || (claimed.Valid && claimed.Int64 < unclaimed.Int64) {
		unclaimed = claimed
	}
	return FromNullMillis(unclaimed), nil
}

// TimerDue selects due timers. On SQLite, with its one writer, the
// selecting transaction owns them until it commits. On PostgreSQL a Write
// locks them, skipping the rows other transactions hold
// (Dialect.LockDue: FOR UPDATE SKIP LOCKED), so that two replicas
// selecting at once take different timers; a Read (the engine's scan)
// cannot lock: there the exclusivity comes from TimerClaim, a
// compare-and-set.
func (t *Tx) TimerDue(ctx context.Context, now, leaseExpired time.Time, limit int) ([]*contacts.Timer, error) {
	return Collect(scanTimer)(t.query(ctx, `SELECT `+timerColumns+` FROM timers
		WHERE due_at <= ? AND (claimed_at IS NULL OR claimed_at < ?)
		ORDER BY due_at, id LIMIT ?`+t.dialect.LockDue, Millis(now), Millis(leaseExpired), limit))
}

func (t *Tx) TimerClaim(ctx context.Context, id, owner string, now, leaseExpired time.Time) error {
	return MustAffect(t.exec(ctx, `UPDATE timers SET claimed_at = ?, claimed_by = ?
		WHERE id = ? AND (claimed_at IS NULL OR claimed_at < ?)`, Millis(now), owner, id, Millis(leaseExpired)))
}

func (t *Tx) TimerDelete(ctx context.Context, id string) error {
	return MustAffect(t.exec(ctx, `DELETE FROM timers WHERE id = ?`, id))
}

// TimerReleaseAll voids every claim: a single node's start voids the
// claims of its previous life. The engine never calls it on a shared
// store (contacts.SharedStore), where one replica's start must not void
// the claims of the others (they would send the same page twice) and
// claims are leases that expire on their own; there it stays for the
// conformance suite and for an operator who knows every replica is
// stopped.
func (t *Tx) TimerReleaseAll(ctx context.Context) error {
	var due sql.NullInt64
	if err := t.row(ctx, `SELECT min(due_at) FROM timers WHERE claimed_at IS NOT NULL`).Scan(&due); err != nil {
		return err
	}
	if _, err := t.exec(ctx, `UPDATE timers SET claimed_at = NULL, claimed_by = NULL WHERE claimed_at IS NOT NULL`); err != nil {
		return err
	}
	if due.Valid {
		t.due.Add(FromMillis(due.Int64))
	}
	return nil
}
