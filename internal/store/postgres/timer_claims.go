package postgres

import (
	"context"
	"database/sql"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// The owner's side of a claim (contacts.TimerClaimTx); see doc.go, "Timers
// across replicas".

func nullOwner(tm *contacts.Timer) sql.NullString {
	return sql.NullString{String: tm.ClaimedBy, Valid: tm.ClaimedAt != nil && tm.ClaimedBy != ""}
}

func (t *Tx) TimerRenewClaims(ctx context.Context, owner string, now time.Time) (int, error) {
	tag, err := t.exec(ctx, `UPDATE timers SET claimed_at = ? WHERE claimed_by = ?`, millis(now), owner)
	if err != nil {
		return 0, err
	}
	return int(tag.RowsAffected()), nil
}

func (t *Tx) TimerDeleteClaimed(ctx context.Context, id, owner string) error {
	return mustAffect(t.exec(ctx, `DELETE FROM timers WHERE id = ? AND (claimed_by = ? OR claimed_by IS NULL)`, id, owner))
}
