package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

const contactColumns = `account, region, alias, type, display_name, plan, policy, created_at, updated_at`

func scanContact(r Row) (*contacts.Contact, error) {
	var (
		c            contacts.Contact
		display, pol sql.NullString
		plan         string
		created, upd int64
	)
	if err := r.Scan(&c.Scope.Account, &c.Scope.Region, &c.Alias, &c.Type, &display, &plan, &pol, &created, &upd); err != nil {
		return nil, err
	}
	if err := fromJSON(plan, &c.Plan); err != nil {
		return nil, err
	}
	c.DisplayName, c.Policy = fromNullString(display), fromNullString(pol)
	c.CreatedAt, c.UpdatedAt = FromMillis(created), FromMillis(upd)
	return &c, nil
}

func (t *Tx) ContactInsert(ctx context.Context, c *contacts.Contact) error {
	plan, err := toJSON(c.Plan)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO contacts (`+contactColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.Scope.Account, c.Scope.Region, c.Alias, string(c.Type), nullString(c.DisplayName), plan, nullString(c.Policy),
		Millis(c.CreatedAt), Millis(c.UpdatedAt))
	return err
}

func (t *Tx) ContactGet(ctx context.Context, s contacts.Scope, alias string) (*contacts.Contact, error) {
	return scanContact(t.row(ctx,
		`SELECT `+contactColumns+` FROM contacts WHERE account = ? AND region = ? AND alias = ?`,
		s.Account, s.Region, alias))
}

func (t *Tx) ContactList(ctx context.Context, p contacts.ContactListParams) ([]*contacts.Contact, error) {
	var (
		where = []string{"account = ?", "region = ?", "alias > ?"}
		args  = []any{p.Scope.Account, p.Scope.Region, p.AfterAlias}
	)
	if p.AliasPrefix != "" {
		where = append(where, "alias >= ?", "alias < ?")
		args = append(args, p.AliasPrefix, prefixEnd(p.AliasPrefix))
	}
	if p.Type != "" {
		where = append(where, "type = ?")
		args = append(args, string(p.Type))
	}
	args = append(args, p.Limit)
	return Collect(scanContact)(t.query(ctx, `SELECT `+contactColumns+` FROM contacts WHERE `+
		strings.Join(where, " AND ")+` ORDER BY alias LIMIT ?`, args...))
}

func (t *Tx) ContactUpdate(ctx context.Context, c *contacts.Contact) error {
	plan, err := toJSON(c.Plan)
	if err != nil {
		return err
	}
	return MustAffect(t.exec(ctx, `UPDATE contacts SET display_name = ?, plan = ?, policy = ?, updated_at = ?
		WHERE account = ? AND region = ? AND alias = ?`,
		nullString(c.DisplayName), plan, nullString(c.Policy), Millis(c.UpdatedAt), c.Scope.Account, c.Scope.Region, c.Alias))
}

func (t *Tx) ContactDelete(ctx context.Context, s contacts.Scope, alias string) error {
	return MustAffect(t.exec(ctx, `DELETE FROM contacts WHERE account = ? AND region = ? AND alias = ?`, s.Account, s.Region, alias))
}
