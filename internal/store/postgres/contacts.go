package postgres

import (
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/contactcache"
)

// txCache is the contact cache (contacts_cache.go) as a transaction sees
// it (sqlstore.ContactCache): a read is answered from it while this
// replica's lease holds, and a write records what it changes, to drop it
// here and, for an update or a delete, on every replica before it is
// answered. A replica without a cache still records its writes: the
// other replicas' caches must hear of them.
type txCache struct{ t *Tx }

func (c txCache) Get(k contactcache.Key) (*contacts.Contact, bool) {
	cache := c.t.db.contacts
	if cache == nil || c.t.write {
		return nil, false
	}
	if c.t.cacheable && cache.serving() {
		if v, ok := cache.cache.Get(k); ok {
			cache.hits.Add(1)
			return v, true
		}
	}
	cache.misses.Add(1)
	return nil, false
}

func (c txCache) Put(k contactcache.Key, v *contacts.Contact) {
	if c.t.cacheable {
		c.t.db.contacts.cache.Put(k, v, c.t.cacheGen)
	}
}

func (c txCache) Changed(k contactcache.Key, shared bool) {
	if !c.t.write {
		return
	}
	c.t.changed = append(c.t.changed, k)
	c.t.sharedChange = c.t.sharedChange || shared
}
