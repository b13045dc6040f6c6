package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// The owner's side of a claim (contacts.TimerClaimTx). Claiming a timer
// stays in each backend: PostgreSQL finds due timers FOR UPDATE SKIP
// LOCKED.

// NullOwner is the owner column of a timer: NULL unless it is claimed by a
// named owner.
func NullOwner(tm *contacts.Timer) sql.NullString {
	return sql.NullString{String: tm.ClaimedBy, Valid: tm.ClaimedAt != nil && tm.ClaimedBy != ""}
}

func (t *Tx) TimerRenewClaims(ctx context.Context, owner string, now time.Time) (int, error) {
	n, err := t.exec(ctx, `UPDATE timers SET claimed_at = ? WHERE claimed_by = ?`, Millis(now), owner)
	return int(n), err
}

func (t *Tx) TimerReleaseClaims(ctx context.Context, owner string) (int, error) {
	var due sql.NullInt64
	if err := t.row(ctx, `SELECT min(due_at) FROM timers WHERE claimed_by = ?`, owner).Scan(&due); err != nil {
		return 0, err
	}
	n, err := t.exec(ctx, `UPDATE timers SET claimed_at = NULL, claimed_by = NULL WHERE claimed_by = ?`, owner)
	if err != nil {
		return 0, err
	}
	if n > 0 && due.Valid {
		t.due.Add(FromMillis(due.Int64))
	}
	return int(n), nil
}

func (t *Tx) TimerDeleteClaimed(ctx context.Context, id, owner string) error {
	return MustAffect(t.exec(ctx, `DELETE FROM timers WHERE id = ? AND (claimed_by = ? OR claimed_by IS NULL)`, id, owner))
}
