package postgres

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/store/contactcache"
)

// FuzzCacheNotified: whatever arrives on the cache's channel (another
// replica's payload, or anyone's NOTIFY on the database), the listener
// neither panics nor blocks, and an invalidation it cannot read empties
// the cache rather than leaving a contact that may have changed.
func FuzzCacheNotified(f *testing.F) {
	for _, seed := range []string{
		invalidation("writer", "inv1", []contactcache.Key{{Account: "000000000000", Region: "us-east-2", Alias: "akuam"}}),
		"inv writer inv2 *",
		"inv writer inv3 [",
		"ack other inv1 inv2",
		"hb me token",
		"",
		"inv",
		"inv  ",
		"ack",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, payload string) {
		db := &DB{id: "me", waiters: map[string]*dropWaiter{}}
		db.contacts = newReplicaCache(db, time.Second, nil)
		k := contactcache.Key{Account: "000000000000", Region: "us-east-2", Alias: "akuam"}
		db.contacts.cache.Put(k, namedContact("akuam", "cached"), db.contacts.cache.Generation())
		w := db.addWaiter("inv1")
		for range 3 { // more than once: nothing may block on a full channel
			db.cacheNotified(payload)
		}
		db.removeWaiter("inv1")
		_ = w
		kind, rest, _ := strings.Cut(payload, " ")
		from, rest, _ := strings.Cut(rest, " ")
		_, body, _ := strings.Cut(rest, " ")
		var keys []contactcache.Key
		dropped := kind == "inv" && from != "me" &&
			(body == "*" || json.Unmarshal([]byte(body), &keys) != nil || slices.Contains(keys, k))
		if _, cached := db.contacts.cache.Get(k); cached == dropped {
			t.Errorf("payload %q: contact cached = %v, want %v", payload, cached, !dropped)
		}
	})
}
