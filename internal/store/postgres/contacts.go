package postgres

import (
	"context"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/contactcache"
)

// The contact methods add the contact cache (contacts_cache.go) to the
// shared SQL: a read is answered from it while this replica's lease holds,
// and a write records what it changes, to drop it here and, for an update
// or a delete, on every replica before it is answered. An insert needs no
// other replica: none caches a contact that does not exist.

func (t *Tx) ContactInsert(ctx context.Context, c *contacts.Contact) error {
	t.change(contactcache.KeyOf(c.Scope, c.Alias), false)
	return t.Tx.ContactInsert(ctx, c)
}

func (t *Tx) ContactGet(ctx context.Context, s contacts.Scope, alias string) (*contacts.Contact, error) {
	k := contactcache.KeyOf(s, alias)
	cache := t.db.contacts
	if t.cacheable && cache.serving() {
		if c, ok := cache.cache.Get(k); ok {
			cache.hits.Add(1)
			return c, nil
		}
	}
	if cache != nil && !t.write {
		cache.misses.Add(1)
	}
	c, err := t.Tx.ContactGet(ctx, s, alias)
	if err == nil && t.cacheable {
		cache.cache.Put(k, c, t.cacheGen)
	}
	return c, err
}

func (t *Tx) ContactUpdate(ctx context.Context, c *contacts.Contact) error {
	t.change(contactcache.KeyOf(c.Scope, c.Alias), true)
	return t.Tx.ContactUpdate(ctx, c)
}

func (t *Tx) ContactDelete(ctx context.Context, s contacts.Scope, alias string) error {
	t.change(contactcache.KeyOf(s, alias), true)
	return t.Tx.ContactDelete(ctx, s, alias)
}

// change records that this write changes contact k; shared when other
// replicas may have it cached.
func (t *Tx) change(k contactcache.Key, shared bool) {
	if !t.write {
		return
	}
	t.changed = append(t.changed, k)
	t.sharedChange = t.sharedChange || shared
}
