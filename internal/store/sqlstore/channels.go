package sqlstore

import (
	"context"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

const channelColumns = `account, region, id, contact_alias, name, type, address, activated, code, code_expires_at,
	code_attempts, send_window_start, sends_in_window, created_at, updated_at`

func scanChannel(r Row) (*contacts.Channel, error) {
	var (
		c                             contacts.Channel
		expires, window, created, upd int64
	)
	if err := r.Scan(&c.Scope.Account, &c.Scope.Region, &c.ID, &c.ContactAlias, &c.Name, &c.Type, &c.Address,
		&c.Activated, &c.Code, &expires, &c.CodeAttempts, &window, &c.SendsInWindow, &created, &upd); err != nil {
		return nil, err
	}
	c.CodeExpiresAt, c.SendWindowStart = FromMillis(expires), FromMillis(window)
	c.CreatedAt, c.UpdatedAt = FromMillis(created), FromMillis(upd)
	return &c, nil
}

func (t *Tx) ChannelInsert(ctx context.Context, c *contacts.Channel) error {
	_, err := t.exec(ctx, `INSERT INTO channels (`+channelColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.Scope.Account, c.Scope.Region, c.ID, c.ContactAlias, c.Name, string(c.Type), c.Address, c.Activated,
		c.Code, Millis(c.CodeExpiresAt), c.CodeAttempts, Millis(c.SendWindowStart), c.SendsInWindow,
		Millis(c.CreatedAt), Millis(c.UpdatedAt))
	return err
}

func (t *Tx) ChannelGet(ctx context.Context, s contacts.Scope, id string) (*contacts.Channel, error) {
	return scanChannel(t.row(ctx, `SELECT `+channelColumns+` FROM channels
		WHERE account = ? AND region = ? AND id = ?`, s.Account, s.Region, id))
}

func (t *Tx) ChannelList(ctx context.Context, p contacts.ChannelListParams) ([]*contacts.Channel, error) {
	return Collect(scanChannel)(t.query(ctx, `SELECT `+channelColumns+` FROM channels
		WHERE account = ? AND region = ? AND contact_alias = ? AND (created_at > ? OR (created_at = ? AND id > ?))
		ORDER BY created_at, id LIMIT ?`,
		p.Scope.Account, p.Scope.Region, p.ContactAlias, afterMillis(p), afterMillis(p), p.AfterID, p.Limit))
}

// afterMillis is the position to list after; the zero position lists from
// the very first row.
func afterMillis(p contacts.ChannelListParams) int64 {
	if p.AfterCreated.IsZero() && p.AfterID == "" {
		return -1 << 62
	}
	return Millis(p.AfterCreated)
}

func (t *Tx) ChannelUpdate(ctx context.Context, c *contacts.Channel) error {
	return MustAffect(t.exec(ctx, `UPDATE channels SET name = ?, address = ?, activated = ?, code = ?, code_expires_at = ?,
		code_attempts = ?, send_window_start = ?, sends_in_window = ?, updated_at = ?
		WHERE account = ? AND region = ? AND id = ?`,
		c.Name, c.Address, c.Activated, c.Code, Millis(c.CodeExpiresAt), c.CodeAttempts, Millis(c.SendWindowStart),
		c.SendsInWindow, Millis(c.UpdatedAt), c.Scope.Account, c.Scope.Region, c.ID))
}

func (t *Tx) ChannelDelete(ctx context.Context, s contacts.Scope, id string) error {
	return MustAffect(t.exec(ctx, `DELETE FROM channels WHERE account = ? AND region = ? AND id = ?`, s.Account, s.Region, id))
}

func (t *Tx) ChannelListByAddress(ctx context.Context, typ contacts.ChannelType, address string) ([]*contacts.Channel, error) {
	return Collect(scanChannel)(t.query(ctx, `SELECT `+channelColumns+` FROM channels WHERE type = ? AND address = ?
		ORDER BY account, region, created_at, id`, string(typ), address))
}
