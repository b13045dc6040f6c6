package sqlite

import (
	"context"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/contactcache"
)

// The contact methods add the contact cache to the shared SQL: reads are
// served from it outside writes, and writes record what they change so
// that the cache drops it when they commit.

func (t *Tx) ContactInsert(ctx context.Context, c *contacts.Contact) error {
	t.touch(contactcache.KeyOf(c.Scope, c.Alias))
	return t.Tx.ContactInsert(ctx, c)
}

func (t *Tx) ContactGet(ctx context.Context, s contacts.Scope, alias string) (*contacts.Contact, error) {
	k := contactcache.KeyOf(s, alias)
	if !t.writing() {
		if c, ok := t.db.cache.Get(k); ok {
			return c, nil
		}
	}
	c, err := t.Tx.ContactGet(ctx, s, alias)
	if err == nil && !t.writing() {
		t.db.cache.Put(k, c, t.gen)
	}
	return c, err
}

func (t *Tx) ContactUpdate(ctx context.Context, c *contacts.Contact) error {
	t.touch(contactcache.KeyOf(c.Scope, c.Alias))
	return t.Tx.ContactUpdate(ctx, c)
}

func (t *Tx) ContactDelete(ctx context.Context, s contacts.Scope, alias string) error {
	t.touch(contactcache.KeyOf(s, alias))
	return t.Tx.ContactDelete(ctx, s, alias)
}
