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

func (t *Tx) TimerDeleteClaimed(ctx context.Context, id, owner string) error {
	return MustAffect(t.exec(ctx, `DELETE FROM timers WHERE id = ? AND (claimed_by = ? OR claimed_by IS NULL)`, id, owner))
}
