package sqlstore

import (
	"context"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

func (t *Tx) IncidentDocInsert(ctx context.Context, d *contacts.IncidentDoc) error {
	_, err := t.exec(ctx, `INSERT INTO incident_docs (account, region, kind, id, parent, sort_key, body, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.Scope.Account, d.Scope.Region, d.Kind, d.ID, d.Parent, d.SortKey, d.Body, Millis(d.CreatedAt), Millis(d.UpdatedAt))
	return err
}

func (t *Tx) IncidentDocGet(ctx context.Context, s contacts.Scope, kind, id string) (*contacts.IncidentDoc, error) {
	d := contacts.IncidentDoc{Scope: s, Kind: kind, ID: id}
	var created, updated int64
	err := t.row(ctx, `SELECT parent, sort_key, body, created_at, updated_at FROM incident_docs
		WHERE account = ? AND region = ? AND kind = ? AND id = ?`, s.Account, s.Region, kind, id).
		Scan(&d.Parent, &d.SortKey, &d.Body, &created, &updated)
	if err != nil {
		return nil, err
	}
	d.CreatedAt, d.UpdatedAt = FromMillis(created), FromMillis(updated)
	return &d, nil
}

func (t *Tx) IncidentDocUpdate(ctx context.Context, d *contacts.IncidentDoc) error {
	return MustAffect(t.exec(ctx, `UPDATE incident_docs SET sort_key = ?, body = ?, updated_at = ?
		WHERE account = ? AND region = ? AND kind = ? AND id = ?`,
		d.SortKey, d.Body, Millis(d.UpdatedAt), d.Scope.Account, d.Scope.Region, d.Kind, d.ID))
}

func (t *Tx) IncidentDocDelete(ctx context.Context, s contacts.Scope, kind, id string) error {
	if err := MustAffect(t.exec(ctx, `DELETE FROM incident_docs WHERE account = ? AND region = ? AND kind = ? AND id = ?`,
		s.Account, s.Region, kind, id)); err != nil {
		return err
	}
	_, err := t.exec(ctx, `DELETE FROM incident_docs WHERE account = ? AND region = ? AND parent = ?`, s.Account, s.Region, id)
	return err
}

func (t *Tx) IncidentDocList(ctx context.Context, s contacts.Scope, kind, parent string) ([]*contacts.IncidentDoc, error) {
	q := `SELECT id, parent, sort_key, body, created_at, updated_at FROM incident_docs
		WHERE account = ? AND region = ? AND kind = ?`
	args := []any{s.Account, s.Region, kind}
	if parent != "" {
		q += ` AND parent = ?`
		args = append(args, parent)
	}
	rows, err := t.query(ctx, q+` ORDER BY sort_key, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*contacts.IncidentDoc
	for rows.Next() {
		d := &contacts.IncidentDoc{Scope: s, Kind: kind}
		var created, updated int64
		if err := rows.Scan(&d.ID, &d.Parent, &d.SortKey, &d.Body, &created, &updated); err != nil {
			return nil, err
		}
		d.CreatedAt, d.UpdatedAt = FromMillis(created), FromMillis(updated)
		out = append(out, d)
	}
	return out, rows.Err()
}
