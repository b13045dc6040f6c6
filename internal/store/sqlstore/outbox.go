package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// OutboxColumns are the outbox table's columns, in scan order.
const OutboxColumns = `id, account, region, kind, channel_id, channel_arn, contact_arn, channel_type, address, subject, body,
	code, page_arn, engagement_arn, ack_url, status, attempts, error, transport, provider_message_id, created_at,
	updated_at, sent_at, channel_name, sender`

func scanMessage(r Row) (*contacts.Message, error) {
	var (
		m            contacts.Message
		created, upd int64
		sent         sql.NullInt64
	)
	if err := r.Scan(&m.ID, &m.Scope.Account, &m.Scope.Region, &m.Kind, &m.ChannelID, &m.ChannelARN, &m.ContactARN,
		&m.ChannelType, &m.Address, &m.Subject, &m.Body, &m.Code, &m.PageARN, &m.EngagementARN, &m.AckURL,
		&m.Status, &m.Attempts, &m.Error, &m.Transport, &m.ProviderMessageID, &created, &upd, &sent, &m.ChannelName, &m.Sender); err != nil {
		return nil, err
	}
	m.CreatedAt, m.UpdatedAt, m.SentAt = FromMillis(created), FromMillis(upd), FromNullMillis(sent)
	return &m, nil
}

func (t *Tx) OutboxGet(ctx context.Context, id string) (*contacts.Message, error) {
	return scanMessage(t.row(ctx, `SELECT `+OutboxColumns+` FROM outbox WHERE id = ?`, id))
}

func (t *Tx) OutboxUpdate(ctx context.Context, m *contacts.Message) error {
	return MustAffect(t.exec(ctx, `UPDATE outbox SET status = ?, attempts = ?, error = ?, transport = ?,
		provider_message_id = ?, updated_at = ?, sent_at = ? WHERE id = ?`,
		string(m.Status), m.Attempts, m.Error, m.Transport, m.ProviderMessageID, Millis(m.UpdatedAt),
		NullMillis(m.SentAt), m.ID))
}

func (t *Tx) OutboxList(ctx context.Context, f contacts.OutboxFilter) ([]*contacts.Message, error) {
	var (
		where []string
		args  []any
	)
	add := func(cond string, v any) {
		where = append(where, cond)
		args = append(args, v)
	}
	if f.Account != "" {
		add("account = ?", f.Account)
	}
	if f.ChannelARN != "" {
		add("channel_arn = ?", f.ChannelARN)
	}
	if f.Address != "" {
		add("address = ?", f.Address)
	}
	if f.Kind != "" {
		add("kind = ?", string(f.Kind))
	}
	q := `SELECT ` + OutboxColumns + ` FROM outbox`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY seq DESC LIMIT ?`
	args = append(args, f.Limit)
	return Collect(scanMessage)(t.query(ctx, q, args...))
}

func (t *Tx) OutboxClear(ctx context.Context) (int, error) {
	n, err := t.exec(ctx, `DELETE FROM outbox`)
	if err != nil {
		return 0, err
	}
	return int(n), nil
}
