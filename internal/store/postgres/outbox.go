package postgres

import (
	"context"
	"database/sql"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

const outboxColumns = `id, account, region, kind, channel_id, channel_arn, contact_arn, channel_type, address, subject, body,
	code, page_arn, engagement_arn, ack_url, status, attempts, error, transport, provider_message_id, created_at,
	updated_at, sent_at, channel_name, sender`

func scanMessage(r rowScanner) (*contacts.Message, error) {
	var (
		m            contacts.Message
		created, upd int64
		sent         sql.NullInt64
	)
	if err := r.Scan(&m.ID, &m.Scope.Account, &m.Scope.Region, &m.Kind, &m.ChannelID, &m.ChannelARN, &m.ContactARN,
		&m.ChannelType, &m.Address, &m.Subject, &m.Body, &m.Code, &m.PageARN, &m.EngagementARN, &m.AckURL,
		&m.Status, &m.Attempts, &m.Error, &m.Transport, &m.ProviderMessageID, &created, &upd, &sent, &m.ChannelName, &m.Sender); err != nil {
		return nil, translate(err)
	}
	m.CreatedAt, m.UpdatedAt, m.SentAt = fromMillis(created), fromMillis(upd), fromNullMillis(sent)
	return &m, nil
}

func (t *Tx) OutboxInsert(ctx context.Context, m *contacts.Message) error {
	// seq (an identity column) orders the outbox by insertion, newest
	// first, even for messages created in the same millisecond.
	_, err := t.exec(ctx, `INSERT INTO outbox (`+outboxColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.Scope.Account, m.Scope.Region, string(m.Kind), m.ChannelID, m.ChannelARN, m.ContactARN,
		string(m.ChannelType), m.Address, m.Subject, m.Body, m.Code, m.PageARN, m.EngagementARN, m.AckURL,
		string(m.Status), m.Attempts, m.Error, m.Transport, m.ProviderMessageID, millis(m.CreatedAt),
		millis(m.UpdatedAt), nullMillis(m.SentAt), m.ChannelName, m.Sender)
	return err
}

func (t *Tx) OutboxGet(ctx context.Context, id string) (*contacts.Message, error) {
	return scanMessage(t.row(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE id = ?`, id))
}

func (t *Tx) OutboxUpdate(ctx context.Context, m *contacts.Message) error {
	return mustAffect(t.exec(ctx, `UPDATE outbox SET status = ?, attempts = ?, error = ?, transport = ?,
		provider_message_id = ?, updated_at = ?, sent_at = ? WHERE id = ?`,
		string(m.Status), m.Attempts, m.Error, m.Transport, m.ProviderMessageID, millis(m.UpdatedAt),
		nullMillis(m.SentAt), m.ID))
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
	q := `SELECT ` + outboxColumns + ` FROM outbox`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY seq DESC LIMIT ?`
	args = append(args, f.Limit)
	return collect(scanMessage)(t.query(ctx, q, args...))
}

func (t *Tx) OutboxClear(ctx context.Context) (int, error) {
	res, err := t.exec(ctx, `DELETE FROM outbox`)
	if err != nil {
		return 0, err
	}
	return int(res.RowsAffected()), nil
}
