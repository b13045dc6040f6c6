// Package contactcache keeps committed contacts in memory, so that reads
// of a contact (GetContact, the most frequent call) need no SQL at all.
// Each store decides when the cache may serve and invalidates it after
// every commit that changes a contact: SQLite because it is the only
// writer, PostgreSQL by telling every replica before a write is answered.
package contactcache

import (
	"slices"
	"sync"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// maxEntries bounds the cache.
const maxEntries = 10_000

// Key names a contact.
type Key struct{ Account, Region, Alias string }

// KeyOf is the key of the contact alias in scope s.
func KeyOf(s contacts.Scope, alias string) Key {
	return Key{s.Account, s.Region, alias}
}

// Cache maps keys to contacts, with a generation that moves at every
// invalidation. A reader fills the cache only if the generation has not
// moved since its snapshot began, so a value read from an older snapshot
// can never be put back after an invalidation. Writes never read from the
// cache: they must see their own transaction's uncommitted changes.
type Cache struct {
	mu  sync.Mutex
	gen uint64
	m   map[Key]*contacts.Contact
}

// New returns an empty cache.
func New() *Cache {
	return &Cache{m: make(map[Key]*contacts.Contact)}
}

// Generation is the count of invalidations so far.
func (c *Cache) Generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// Get returns a copy of the cached contact.
func (c *Cache) Get(k Key) (*contacts.Contact, bool) {
	c.mu.Lock()
	v, ok := c.m[k]
	c.mu.Unlock()
	if !ok {
		return nil, false
	}
	return Clone(v), true
}

// Put caches v, read from a snapshot that began at generation gen.
func (c *Cache) Put(k Key, v *contacts.Contact, gen uint64) {
	v = Clone(v)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return
	}
	if len(c.m) >= maxEntries {
		for old := range c.m { // evict one arbitrary entry
			delete(c.m, old)
			break
		}
	}
	c.m[k] = v
}

// Invalidate forgets keys after a commit that may have changed them.
func (c *Cache) Invalidate(keys []Key) {
	if len(keys) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		delete(c.m, k)
	}
	c.gen++
}

// Clear forgets every contact.
func (c *Cache) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.m)
	c.gen++
}

// Len is the number of contacts cached.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// Clone copies everything a caller could change in place.
func Clone(c *contacts.Contact) *contacts.Contact {
	out := *c
	out.Plan.RotationIDs = slices.Clone(c.Plan.RotationIDs)
	if c.Plan.Stages != nil {
		out.Plan.Stages = make([]contacts.Stage, len(c.Plan.Stages))
		for i, st := range c.Plan.Stages {
			st.Targets = slices.Clone(st.Targets)
			for j, t := range st.Targets {
				if t.Channel != nil {
					ch := *t.Channel
					st.Targets[j].Channel = &ch
				}
				if t.Contact != nil {
					ct := *t.Contact
					st.Targets[j].Contact = &ct
				}
			}
			out.Plan.Stages[i] = st
		}
	}
	return &out
}
