package sqlite

import (
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/contactcache"
)

// txCache is the contact cache as a transaction sees it
// (sqlstore.ContactCache): reads are served from it outside writes, and
// writes record what they change so that the cache drops it when they
// commit.
type txCache struct{ t *Tx }

func (c txCache) Get(k contactcache.Key) (*contacts.Contact, bool) {
	if c.t.writing() {
		return nil, false
	}
	return c.t.db.cache.Get(k)
}

func (c txCache) Put(k contactcache.Key, v *contacts.Contact) {
	if !c.t.writing() {
		c.t.db.cache.Put(k, v, c.t.gen)
	}
}

// Changed records k for the invalidation after the commit: this process
// is the only writer, so no other holds it.
func (c txCache) Changed(k contactcache.Key, _ bool) { c.t.touch(k) }
