package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/contactcache"
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
	t.contactChanged(c.Scope, c.Alias, false)
	plan, err := toJSON(c.Plan)
	if err != nil {
		return err
	}
	return t.execLater(ctx, `INSERT INTO contacts (`+contactColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.Scope.Account, c.Scope.Region, c.Alias, string(c.Type), nullString(c.DisplayName), plan, nullString(c.Policy),
		Millis(c.CreatedAt), Millis(c.UpdatedAt))
}

func (t *Tx) ContactGet(ctx context.Context, s contacts.Scope, alias string) (*contacts.Contact, error) {
	k := contactcache.KeyOf(s, alias)
	if t.cache != nil {
		if c, ok := t.cache.Get(k); ok {
			return c, nil
		}
	}
	c, err := scanContact(t.row(ctx,
		`SELECT `+contactColumns+` FROM contacts WHERE account = ? AND region = ? AND alias = ?`,
		s.Account, s.Region, alias))
	if err == nil && t.cache != nil {
		t.cache.Put(k, c)
	}
	return c, err
}

// contactChanged tells the contact cache, if any, what this write changes.
func (t *Tx) contactChanged(s contacts.Scope, alias string, shared bool) {
	if t.cache != nil {
		t.cache.Changed(contactcache.KeyOf(s, alias), shared)
	}
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
	t.contactChanged(c.Scope, c.Alias, true)
	plan, err := toJSON(c.Plan)
	if err != nil {
		return err
	}
	return MustAffect(t.exec(ctx, `UPDATE contacts SET display_name = ?, plan = ?, policy = ?, updated_at = ?
		WHERE account = ? AND region = ? AND alias = ?`,
		nullString(c.DisplayName), plan, nullString(c.Policy), Millis(c.UpdatedAt), c.Scope.Account, c.Scope.Region, c.Alias))
}

func (t *Tx) ContactDelete(ctx context.Context, s contacts.Scope, alias string) error {
	t.contactChanged(s, alias, true)
	return MustAffect(t.exec(ctx, `DELETE FROM contacts WHERE account = ? AND region = ? AND alias = ?`, s.Account, s.Region, alias))
}
