package sqlstore

import (
	"context"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

func (t *Tx) FeedTokenInsert(ctx context.Context, f *contacts.FeedToken) error {
	_, err := t.exec(ctx, `INSERT INTO feed_tokens (account, region, id, resource_arn, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		f.Scope.Account, f.Scope.Region, f.ID, f.ResourceARN, f.Hash, Millis(f.CreatedAt))
	return err
}

func (t *Tx) FeedTokenList(ctx context.Context, s contacts.Scope, resourceARN string) ([]*contacts.FeedToken, error) {
	return Collect(scanFeedToken)(t.query(ctx, `SELECT account, region, id, resource_arn, token_hash, created_at FROM feed_tokens
		WHERE account = ? AND region = ? AND resource_arn = ? ORDER BY created_at, id`, s.Account, s.Region, resourceARN))
}

func (t *Tx) FeedTokenByHash(ctx context.Context, hash string) (*contacts.FeedToken, error) {
	return scanFeedToken(t.row(ctx, `SELECT account, region, id, resource_arn, token_hash, created_at FROM feed_tokens WHERE token_hash = ?`, hash))
}

func (t *Tx) FeedTokenDelete(ctx context.Context, s contacts.Scope, id string) error {
	n, err := t.exec(ctx, `DELETE FROM feed_tokens WHERE account = ? AND region = ? AND id = ?`, s.Account, s.Region, id)
	if err != nil {
		return err
	}
	if n == 0 {
		return contacts.ErrNotFound
	}
	return nil
}

func scanFeedToken(r Row) (*contacts.FeedToken, error) {
	var (
		f  contacts.FeedToken
		ms int64
	)
	if err := r.Scan(&f.Scope.Account, &f.Scope.Region, &f.ID, &f.ResourceARN, &f.Hash, &ms); err != nil {
		return nil, err
	}
	f.CreatedAt = FromMillis(ms)
	return &f, nil
}
