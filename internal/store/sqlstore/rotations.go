package sqlstore

import (
	"context"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

const rotationColumns = `account, region, id, name, current, past, created_at, updated_at`

func scanRotation(r Row) (*contacts.Rotation, error) {
	var (
		rot          contacts.Rotation
		cur, past    string
		created, upd int64
	)
	if err := r.Scan(&rot.Scope.Account, &rot.Scope.Region, &rot.ID, &rot.Name, &cur, &past, &created, &upd); err != nil {
		return nil, err
	}
	if err := fromJSON(cur, &rot.Current); err != nil {
		return nil, err
	}
	if err := fromJSON(past, &rot.Past); err != nil {
		return nil, err
	}
	rot.CreatedAt, rot.UpdatedAt = FromMillis(created), FromMillis(upd)
	return &rot, nil
}

func (t *Tx) RotationInsert(ctx context.Context, r *contacts.Rotation) error {
	cur, past, err := rotationJSON(r)
	if err != nil {
		return err
	}
	if _, err := t.exec(ctx, `INSERT INTO rotations (`+rotationColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Scope.Account, r.Scope.Region, r.ID, r.Name, cur, past, Millis(r.CreatedAt), Millis(r.UpdatedAt)); err != nil {
		return err
	}
	return t.setMembers(ctx, r)
}

func rotationJSON(r *contacts.Rotation) (cur, past string, err error) {
	if cur, err = toJSON(r.Current); err != nil {
		return "", "", err
	}
	p := r.Past
	if p == nil {
		p = []contacts.RotationSettings{}
	}
	past, err = toJSON(p)
	return cur, past, err
}

func (t *Tx) setMembers(ctx context.Context, r *contacts.Rotation) error {
	if _, err := t.exec(ctx, `DELETE FROM rotation_members WHERE account = ? AND region = ? AND rotation_id = ?`,
		r.Scope.Account, r.Scope.Region, r.ID); err != nil {
		return err
	}
	for _, arn := range r.Current.ContactIDs {
		if _, err := t.exec(ctx, `INSERT INTO rotation_members (account, region, rotation_id, contact_arn) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, r.Scope.Account, r.Scope.Region, r.ID, arn); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tx) RotationGet(ctx context.Context, s contacts.Scope, id string) (*contacts.Rotation, error) {
	return scanRotation(t.row(ctx, `SELECT `+rotationColumns+` FROM rotations WHERE account = ? AND region = ? AND id = ?`,
		s.Account, s.Region, id))
}

func (t *Tx) RotationUpdate(ctx context.Context, r *contacts.Rotation) error {
	cur, past, err := rotationJSON(r)
	if err != nil {
		return err
	}
	if err := MustAffect(t.exec(ctx, `UPDATE rotations SET current = ?, past = ?, updated_at = ? WHERE account = ? AND region = ? AND id = ?`,
		cur, past, Millis(r.UpdatedAt), r.Scope.Account, r.Scope.Region, r.ID)); err != nil {
		return err
	}
	return t.setMembers(ctx, r)
}

func (t *Tx) RotationDelete(ctx context.Context, s contacts.Scope, id string) error {
	return MustAffect(t.exec(ctx, `DELETE FROM rotations WHERE account = ? AND region = ? AND id = ?`, s.Account, s.Region, id))
}

func (t *Tx) RotationList(ctx context.Context, p contacts.RotationListParams) ([]*contacts.Rotation, error) {
	q := `SELECT ` + rotationColumns + ` FROM rotations WHERE account = ? AND region = ? AND (name > ? OR (name = ? AND id > ?))`
	args := []any{p.Scope.Account, p.Scope.Region, p.AfterName, p.AfterName, p.AfterID}
	if p.NamePrefix != "" {
		q += ` AND name >= ? AND name < ?`
		args = append(args, p.NamePrefix, prefixEnd(p.NamePrefix))
	}
	q += ` ORDER BY name, id LIMIT ?`
	args = append(args, p.Limit)
	return Collect(scanRotation)(t.query(ctx, q, args...))
}

func (t *Tx) RotationsWithMember(ctx context.Context, s contacts.Scope, contactARN string) ([]string, error) {
	rows, err := t.query(ctx, `SELECT rotation_id FROM rotation_members WHERE account = ? AND region = ? AND contact_arn = ?
		ORDER BY rotation_id`, s.Account, s.Region, contactARN)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

const overrideColumns = `account, region, rotation_id, id, new_contact_ids, start_time, end_time, created_at`

func scanOverride(r Row) (*contacts.Override, error) {
	var (
		o                   contacts.Override
		ids                 string
		start, end, created int64
	)
	if err := r.Scan(&o.Scope.Account, &o.Scope.Region, &o.RotationID, &o.ID, &ids, &start, &end, &created); err != nil {
		return nil, err
	}
	if err := fromJSON(ids, &o.NewContactIDs); err != nil {
		return nil, err
	}
	o.Start, o.End, o.CreatedAt = FromMillis(start), FromMillis(end), FromMillis(created)
	return &o, nil
}

func (t *Tx) OverrideInsert(ctx context.Context, o *contacts.Override) error {
	js, err := overrideMembersJSON(o)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO rotation_overrides (`+overrideColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		o.Scope.Account, o.Scope.Region, o.RotationID, o.ID, js, Millis(o.Start), Millis(o.End), Millis(o.CreatedAt))
	return err
}

func overrideMembersJSON(o *contacts.Override) (string, error) {
	ids := o.NewContactIDs
	if ids == nil {
		ids = []string{}
	}
	return toJSON(ids)
}

func (t *Tx) OverrideUpdate(ctx context.Context, o *contacts.Override) error {
	js, err := overrideMembersJSON(o)
	if err != nil {
		return err
	}
	return MustAffect(t.exec(ctx, `UPDATE rotation_overrides SET new_contact_ids = ?, start_time = ?, end_time = ?
		WHERE account = ? AND region = ? AND rotation_id = ? AND id = ?`,
		js, Millis(o.Start), Millis(o.End), o.Scope.Account, o.Scope.Region, o.RotationID, o.ID))
}

func (t *Tx) OverrideGet(ctx context.Context, s contacts.Scope, rotationID, id string) (*contacts.Override, error) {
	return scanOverride(t.row(ctx, `SELECT `+overrideColumns+` FROM rotation_overrides
		WHERE account = ? AND region = ? AND rotation_id = ? AND id = ?`, s.Account, s.Region, rotationID, id))
}

func (t *Tx) OverrideDelete(ctx context.Context, s contacts.Scope, rotationID, id string) error {
	return MustAffect(t.exec(ctx, `DELETE FROM rotation_overrides WHERE account = ? AND region = ? AND rotation_id = ? AND id = ?`,
		s.Account, s.Region, rotationID, id))
}

func (t *Tx) OverrideList(ctx context.Context, s contacts.Scope, rotationID string, from, to time.Time) ([]*contacts.Override, error) {
	q := `SELECT ` + overrideColumns + ` FROM rotation_overrides WHERE account = ? AND region = ? AND rotation_id = ?`
	args := []any{s.Account, s.Region, rotationID}
	if !from.IsZero() {
		q += ` AND end_time > ?`
		args = append(args, Millis(from))
	}
	if !to.IsZero() {
		q += ` AND start_time < ?`
		args = append(args, Millis(to))
	}
	// The insertion-order column grows with every insert: it keeps creation order among
	// overrides created in the same millisecond, where the newest must win.
	return Collect(scanOverride)(t.query(ctx, q+` ORDER BY created_at, `+t.dialect.InsertionOrder, args...))
}
