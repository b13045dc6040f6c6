package sqlite

import (
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

func TestContactCacheRefusesValuesFromOlderSnapshots(t *testing.T) {
	c := newContactCache()
	k := contactKey{"000000000000", "us-east-2", "akuam"}
	old := &contacts.Contact{Alias: "akuam", Plan: contacts.Plan{Stages: []contacts.Stage{}}}

	// A reader began its snapshot, then a write committed and
	// invalidated the contact: what the reader read must not be cached.
	gen := c.generation()
	c.invalidate([]contactKey{k})
	c.put(k, old, gen)
	if _, ok := c.get(k); ok {
		t.Fatal("a value read before an invalidation was cached after it")
	}

	// A reader whose snapshot began after the invalidation may fill it.
	c.put(k, old, c.generation())
	got, ok := c.get(k)
	if !ok {
		t.Fatal("a current value was not cached")
	}
	// Callers get copies: changing one changes nothing cached.
	got.Plan.Stages = append(got.Plan.Stages, contacts.Stage{DurationInMinutes: 1})
	again, _ := c.get(k)
	if len(again.Plan.Stages) != 0 {
		t.Fatal("a caller's change reached the cache")
	}
}
