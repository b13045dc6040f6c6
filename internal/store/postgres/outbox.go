package postgres

import (
	"context"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/sqlstore"
)

func (t *Tx) OutboxInsert(ctx context.Context, m *contacts.Message) error {
	// seq (an identity column) orders the outbox by insertion, newest
	// first, even for messages created in the same millisecond.
	_, err := t.exec(ctx, `INSERT INTO outbox (`+sqlstore.OutboxColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.Scope.Account, m.Scope.Region, string(m.Kind), m.ChannelID, m.ChannelARN, m.ContactARN,
		string(m.ChannelType), m.Address, m.Subject, m.Body, m.Code, m.PageARN, m.EngagementARN, m.AckURL,
		string(m.Status), m.Attempts, m.Error, m.Transport, m.ProviderMessageID, sqlstore.Millis(m.CreatedAt),
		sqlstore.Millis(m.UpdatedAt), sqlstore.NullMillis(m.SentAt), m.ChannelName, m.Sender)
	return err
}
