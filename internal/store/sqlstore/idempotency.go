package sqlstore

import (
	"context"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

func (t *Tx) IdempotencyGet(ctx context.Context, s contacts.Scope, operation, token string) (*contacts.IdempotencyRecord, error) {
	r := contacts.IdempotencyRecord{Scope: s, Operation: operation, Token: token}
	var created int64
	err := t.row(ctx, `SELECT request_hash, result, created_at FROM idempotency
		WHERE account = ? AND region = ? AND operation = ? AND token = ?`, s.Account, s.Region, operation, token).
		Scan(&r.RequestHash, &r.Result, &created)
	if err != nil {
		return nil, err
	}
	r.CreatedAt = FromMillis(created)
	return &r, nil
}

func (t *Tx) IdempotencyPut(ctx context.Context, r *contacts.IdempotencyRecord) error {
	return t.execLater(ctx, `INSERT INTO idempotency (account, region, operation, token, request_hash, result, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account, region, operation, token) DO UPDATE SET
			request_hash = excluded.request_hash, result = excluded.result, created_at = excluded.created_at`,
		r.Scope.Account, r.Scope.Region, r.Operation, r.Token, r.RequestHash, r.Result, Millis(r.CreatedAt))
}

// IdempotencyInsertNew inserts the record of a token presumed unused: it
// fails with ErrDuplicate, perhaps only at the commit (ExecLater), if the
// token has a record, expired or not.
func (t *Tx) IdempotencyInsertNew(ctx context.Context, r *contacts.IdempotencyRecord) error {
	return t.execLater(ctx, `INSERT INTO idempotency (account, region, operation, token, request_hash, result, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		r.Scope.Account, r.Scope.Region, r.Operation, r.Token, r.RequestHash, r.Result, Millis(r.CreatedAt))
}
