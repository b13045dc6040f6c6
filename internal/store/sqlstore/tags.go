package sqlstore

import (
	"context"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

func (t *Tx) TagsGet(ctx context.Context, s contacts.Scope, resourceARN string) ([]contacts.Tag, error) {
	rows, err := t.query(ctx, `SELECT key, value FROM tags WHERE account = ? AND region = ? AND resource_arn = ? ORDER BY key`,
		s.Account, s.Region, resourceARN)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []contacts.Tag
	for rows.Next() {
		var tag contacts.Tag
		if err := rows.Scan(&tag.Key, &tag.Value); err != nil {
			return nil, err
		}
		out = append(out, tag)
	}
	return out, rows.Err()
}

func (t *Tx) TagsReplace(ctx context.Context, s contacts.Scope, resourceARN string, tags []contacts.Tag) error {
	if err := t.execLater(ctx, `DELETE FROM tags WHERE account = ? AND region = ? AND resource_arn = ?`, s.Account, s.Region, resourceARN); err != nil {
		return err
	}
	for _, tag := range tags {
		if err := t.execLater(ctx, `INSERT INTO tags (account, region, resource_arn, key, value) VALUES (?, ?, ?, ?, ?)`,
			s.Account, s.Region, resourceARN, tag.Key, tag.Value); err != nil {
			return err
		}
	}
	return nil
}
