package sqlite

import (
	"slices"
	"sync"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// maxCachedContacts bounds the contact cache.
const maxCachedContacts = 10_000

// contactKey names a contact.
type contactKey struct{ account, region, alias string }

func keyOf(s contacts.Scope, alias string) contactKey {
	return contactKey{s.Account, s.Region, alias}
}

// contactCache keeps committed contacts in memory so that reads of a
// contact (GetContact, the most frequent call) need no SQL at all.
//
// It stays exact because this process is the only writer of the database
// (the group-commit writer): every batch that touches a contact invalidates
// it after the commit and before any caller of the batch is answered, and
// bumps the generation. A reader fills the cache only if the generation
// has not moved since its snapshot began, so a value read from an older
// snapshot can never be put back after an invalidation. Writes never read
// from the cache: they must see their own batch's uncommitted changes.
type contactCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[contactKey]*contacts.Contact
}

func newContactCache() *contactCache {
	return &contactCache{m: make(map[contactKey]*contacts.Contact)}
}

func (c *contactCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// get returns a copy of the cached contact.
func (c *contactCache) get(k contactKey) (*contacts.Contact, bool) {
	c.mu.Lock()
	v, ok := c.m[k]
	c.mu.Unlock()
	if !ok {
		return nil, false
	}
	return cloneContact(v), true
}

// put caches v, read from a snapshot that began at generation gen.
func (c *contactCache) put(k contactKey, v *contacts.Contact, gen uint64) {
	v = cloneContact(v)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return
	}
	if len(c.m) >= maxCachedContacts {
		for old := range c.m { // evict one arbitrary entry
			delete(c.m, old)
			break
		}
	}
	c.m[k] = v
}

// invalidate forgets keys after a batch that may have changed them.
func (c *contactCache) invalidate(keys []contactKey) {
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

// cloneContact copies everything a caller could change in place.
func cloneContact(c *contacts.Contact) *contacts.Contact {
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
