package contactcache

import (
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

func TestContactCacheRefusesValuesFromOlderSnapshots(t *testing.T) {
	c := New()
	k := Key{"000000000000", "us-east-2", "akuam"}
	old := &contacts.Contact{Alias: "akuam", Plan: contacts.Plan{Stages: []contacts.Stage{}}}

	// A reader began its snapshot, then a write committed and
	// invalidated the contact: what the reader read must not be cached.
	gen := c.Generation()
	c.Invalidate([]Key{k})
	c.Put(k, old, gen)
	if _, ok := c.Get(k); ok {
		t.Fatal("a value read before an invalidation was cached after it")
	}

	// A reader whose snapshot began after the invalidation may fill it.
	c.Put(k, old, c.Generation())
	got, ok := c.Get(k)
	if !ok {
		t.Fatal("a current value was not cached")
	}
	// Callers get copies: changing one changes nothing cached.
	got.Plan.Stages = append(got.Plan.Stages, contacts.Stage{DurationInMinutes: 1})
	again, _ := c.Get(k)
	if len(again.Plan.Stages) != 0 {
		t.Fatal("a caller's change reached the cache")
	}
}

func TestClearForgetsEverythingAndRefusesOlderSnapshots(t *testing.T) {
	c := New()
	k := Key{"000000000000", "us-east-2", "akuam"}
	v := &contacts.Contact{Alias: "akuam"}
	c.Put(k, v, c.Generation())
	gen := c.Generation()
	c.Clear()
	if c.Len() != 0 {
		t.Fatal("Clear left contacts cached")
	}
	c.Put(k, v, gen)
	if _, ok := c.Get(k); ok {
		t.Fatal("a value read before Clear was cached after it")
	}
}
