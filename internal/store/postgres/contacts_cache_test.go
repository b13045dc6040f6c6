package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
)

// These tests run on the real clock: leases, heartbeats and the waits of
// writers are all real time.

var cacheScope = contacts.Scope{Account: "000000000000", Region: "us-east-2"}

func namedContact(alias, name string) *contacts.Contact {
	return &contacts.Contact{Scope: cacheScope, Alias: alias, DisplayName: &name, Type: contacts.Personal,
		Plan: contacts.Plan{Stages: []contacts.Stage{}}}
}

// waitServing waits until db's contact cache holds a lease.
func waitServing(t *testing.T, db *DB) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !db.contacts.serving() {
		if time.Now().After(deadline) {
			t.Fatal("the contact cache did not start serving within 10s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// servingPair opens two replicas on a fresh database, waits until both
// caches serve, and creates the contact akuam named name through b.
func servingPair(t *testing.T, name string) (a, b *DB) {
	t.Helper()
	url := pgtest.Database(t)
	a, b = open(t, url), open(t, url)
	waitServing(t, a)
	waitServing(t, b)
	writeContact(t, b, func(ctx context.Context, tx contacts.Tx) error {
		return tx.ContactInsert(ctx, namedContact("akuam", name))
	})
	return a, b
}

// displayName reads the contact through db; "" when it does not exist.
func displayName(t *testing.T, db *DB, alias string) string {
	t.Helper()
	var name string
	err := db.Read(context.Background(), func(tx contacts.Tx) error {
		c, err := tx.ContactGet(context.Background(), cacheScope, alias)
		if err != nil {
			return err
		}
		name = *c.DisplayName
		return nil
	})
	if errors.Is(err, contacts.ErrNotFound) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return name
}

func writeContact(t *testing.T, db *DB, fn func(ctx context.Context, tx contacts.Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := db.Write(ctx, func(tx contacts.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

// rename updates a contact's display name through db's store.
func rename(t *testing.T, db *DB, alias, name string) {
	t.Helper()
	writeContact(t, db, func(ctx context.Context, tx contacts.Tx) error {
		c, err := tx.ContactGet(ctx, cacheScope, alias)
		if err != nil {
			return err
		}
		c.DisplayName = &name
		return tx.ContactUpdate(ctx, c)
	})
}

// behindTheBack changes a contact's display name with plain SQL, which no
// cache hears of: a read that still returns the old name was answered
// from a cache.
func behindTheBack(t *testing.T, db *DB, alias, name string) {
	t.Helper()
	if _, err := db.pool.Exec(context.Background(), `UPDATE contacts SET display_name = $1 WHERE alias = $2`, name, alias); err != nil {
		t.Fatal(err)
	}
}

func TestContactCacheAnswersWithoutTheDatabase(t *testing.T) {
	url := pgtest.Database(t)
	a := open(t, url)
	waitServing(t, a)
	writeContact(t, a, func(ctx context.Context, tx contacts.Tx) error {
		return tx.ContactInsert(ctx, namedContact("akuam", "one"))
	})
	if got := displayName(t, a, "akuam"); got != "one" {
		t.Fatalf("read %q, want one", got)
	}
	behindTheBack(t, a, "akuam", "changed by hand")
	if got := displayName(t, a, "akuam"); got != "one" {
		t.Fatalf("read %q after a change the cache cannot know of; want the cached one", got)
	}
	// A read the cache answers takes no connection.
	before := a.pool.Stat().AcquireCount()
	for range 10 {
		displayName(t, a, "akuam")
	}
	if n := a.pool.Stat().AcquireCount() - before; n != 0 {
		t.Errorf("10 cached reads acquired %d connections, want 0", n)
	}

	// Turned off, every read goes to the database.
	off := openWith(t, url, Config{NoContactCache: true})
	if got := displayName(t, off, "akuam"); got != "changed by hand" {
		t.Errorf("without a cache: read %q, want the database's", got)
	}
	var n int
	if err := off.pool.QueryRow(context.Background(), `SELECT count(*) FROM contact_cache_replicas WHERE replica = $1`, off.id).Scan(&n); err != nil || n != 0 {
		t.Errorf("a replica without a cache registered one (%d rows, %v)", n, err)
	}
}

// TestContactCacheIsExactAcrossReplicas: while readers keep replica a's
// cache full, every update and delete acknowledged by replica b is what
// the next read on a returns.
func TestContactCacheIsExactAcrossReplicas(t *testing.T) {
	a, b := servingPair(t, "v0")

	var stop atomic.Bool
	var wg sync.WaitGroup
	for range 4 { // readers racing the invalidations to fill the cache
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				a.Read(context.Background(), func(tx contacts.Tx) error {
					_, err := tx.ContactGet(context.Background(), cacheScope, "akuam")
					return err
				})
			}
		}()
	}
	defer func() { stop.Store(true); wg.Wait() }()

	for i := 1; i <= 200; i++ {
		name := fmt.Sprintf("v%d", i)
		switch i % 10 {
		case 0: // delete, then create again: a's next read must see each
			writeContact(t, b, func(ctx context.Context, tx contacts.Tx) error { return tx.ContactDelete(ctx, cacheScope, "akuam") })
			if got := displayName(t, a, "akuam"); got != "" {
				t.Fatalf("round %d: a reads %q after b deleted the contact", i, got)
			}
			writeContact(t, b, func(ctx context.Context, tx contacts.Tx) error {
				return tx.ContactInsert(ctx, namedContact("akuam", name))
			})
		default:
			rename(t, b, "akuam", name)
		}
		if got := displayName(t, a, "akuam"); got != name {
			t.Fatalf("round %d: a reads %q after b's write of %q was acknowledged", i, got, name)
		}
	}
	if !a.contacts.serving() {
		t.Error("a's cache stopped serving during the run")
	}
}

// TestAContactWriteWaitsOutADeadReplicasLease: a replica that died with a
// registration (no acknowledgement will come) holds a contact write up to
// its lease, no longer; the writer then removes the registration.
func TestAContactWriteWaitsOutADeadReplicasLease(t *testing.T) {
	url := pgtest.Database(t)
	const lease = 2 * time.Second
	b := openWith(t, url, Config{CacheLease: lease})
	writeContact(t, b, func(ctx context.Context, tx contacts.Tx) error {
		return tx.ContactInsert(ctx, namedContact("akuam", "one"))
	})
	ctx := context.Background()
	if _, err := b.pool.Exec(ctx, `INSERT INTO contact_cache_replicas (replica, epoch, expires_at)
		VALUES ('dead', 'e1', now() + interval '2 seconds')`); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	writeContact(t, b, func(ctx context.Context, tx contacts.Tx) error { return tx.ContactDelete(ctx, cacheScope, "akuam") })
	took := time.Since(start)
	if took < lease-200*time.Millisecond || took > lease+time.Second {
		t.Errorf("the delete took %v, want about the dead replica's remaining lease (%v)", took, lease)
	}
	var n int
	if err := b.pool.QueryRow(ctx, `SELECT count(*) FROM contact_cache_replicas WHERE replica = 'dead'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the dead replica's registration is still there (%d, %v)", n, err)
	}
	// An insert waits for nobody: no cache holds a contact that does not
	// exist.
	if _, err := b.pool.Exec(ctx, `INSERT INTO contact_cache_replicas (replica, epoch, expires_at)
		VALUES ('dead', 'e2', now() + interval '2 seconds')`); err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	writeContact(t, b, func(ctx context.Context, tx contacts.Tx) error {
		return tx.ContactInsert(ctx, namedContact("akuam", "two"))
	})
	if took := time.Since(start); took > lease/2 {
		t.Errorf("an insert took %v with a dead replica registered; it waits for nobody", took)
	}
}

// TestAReplicaThatRenewsButNeverAcknowledgesIsEvicted: a registration
// renewed without acknowledgements (a replica whose listener lost the
// invalidation) holds a write for cacheEvictAfter; the writer then blanks
// its epoch, which stops the renewals, and waits out the lease.
func TestAReplicaThatRenewsButNeverAcknowledgesIsEvicted(t *testing.T) {
	url := pgtest.Database(t)
	const lease = time.Second
	b := openWith(t, url, Config{CacheLease: lease})
	writeContact(t, b, func(ctx context.Context, tx contacts.Tx) error {
		return tx.ContactInsert(ctx, namedContact("akuam", "one"))
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := b.pool.Exec(ctx, `INSERT INTO contact_cache_replicas (replica, epoch, expires_at)
		VALUES ('deaf', 'e1', now() + interval '1 second')`); err != nil {
		t.Fatal(err)
	}
	renewals := make(chan int64, 1)
	go func() { // renews as a replica does, every third of the lease
		var n int64
		defer func() { renewals <- n }()
		for ctx.Err() == nil {
			tag, err := b.pool.Exec(ctx, `UPDATE contact_cache_replicas SET expires_at = now() + interval '1 second'
				WHERE replica = 'deaf' AND epoch = 'e1'`)
			if err != nil || tag.RowsAffected() == 0 {
				return
			}
			n++
			time.Sleep(lease / 3)
		}
	}()
	start := time.Now()
	writeContact(t, b, func(ctx context.Context, tx contacts.Tx) error { return tx.ContactDelete(ctx, cacheScope, "akuam") })
	took := time.Since(start)
	if min, max := cacheEvictAfter(lease), cacheEvictAfter(lease)+lease+time.Second; took < min || took > max {
		t.Errorf("the delete took %v, want between %v (eviction) and %v (and the lease it held)", took, min, max)
	}
	select {
	case n := <-renewals:
		if n < 3 {
			t.Errorf("the deaf replica renewed %d times", n)
		}
	case <-time.After(2 * time.Second):
		t.Error("the deaf replica's renewals still succeed after its eviction")
	}
}

// TestAnEvictedOrDeafReplicaEmptiesItsCache: when its registration is
// taken away, or its listener connection is cut, a replica stops serving
// from its cache and registers again with an empty one.
func TestAnEvictedOrDeafReplicaEmptiesItsCache(t *testing.T) {
	url := pgtest.Database(t)
	a := openWith(t, url, Config{CacheLease: time.Second})
	ctx := context.Background()
	waitServing(t, a)
	writeContact(t, a, func(ctx context.Context, tx contacts.Tx) error {
		return tx.ContactInsert(ctx, namedContact("akuam", "one"))
	})

	for _, tc := range []struct {
		name string
		cut  string
	}{
		{"evicted", `UPDATE contact_cache_replicas SET epoch = '' WHERE replica = '` + a.id + `'`},
		{"listener cut", `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			WHERE datname = current_database() AND application_name = '` + listenerName(a.id) + `'`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			displayName(t, a, "akuam") // cached
			behindTheBack(t, a, "akuam", tc.name)
			if got := displayName(t, a, "akuam"); got == tc.name {
				t.Fatal("the contact was not cached to begin with")
			}
			var epoch string
			if err := a.pool.QueryRow(ctx, `SELECT epoch FROM contact_cache_replicas WHERE replica = $1`, a.id).Scan(&epoch); err != nil {
				t.Fatal(err)
			}
			if _, err := a.pool.Exec(ctx, tc.cut); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(10 * time.Second)
			for {
				var now string
				a.pool.QueryRow(ctx, `SELECT epoch FROM contact_cache_replicas WHERE replica = $1`, a.id).Scan(&now)
				if now != epoch && now != "" && a.contacts.serving() {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the replica did not register again within 10s")
				}
				time.Sleep(10 * time.Millisecond)
			}
			if got := displayName(t, a, "akuam"); got != tc.name {
				t.Errorf("after registering again: read %q, want the database's %q (an emptied cache)", got, tc.name)
			}
		})
	}
}

// TestClosingLeavesTheRegistrations: a replica that shuts down removes its
// registration, so that writers do not wait out its lease.
func TestClosingLeavesTheRegistrations(t *testing.T) {
	a, b := servingPair(t, "one")
	a.Close()
	start := time.Now()
	writeContact(t, b, func(ctx context.Context, tx contacts.Tx) error { return tx.ContactDelete(ctx, cacheScope, "akuam") })
	if took := time.Since(start); took > DefaultCacheLease/2 {
		t.Errorf("a delete after the other replica closed took %v; it should not wait for it", took)
	}
}

// TestAnOlderReplicaKeepsTheCachesOff: while a replica of an ssmcontacts
// without the contact cache is connected (a rolling upgrade), its contact
// writes would tell no cache, so no replica serves from one or registers.
func TestAnOlderReplicaKeepsTheCachesOff(t *testing.T) {
	url := pgtest.Database(t)
	a := openWith(t, url, Config{CacheLease: time.Second})
	waitServing(t, a)
	ctx := context.Background()
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RuntimeParams["application_name"] = "ssmcontacts listener 0123456789abcdef" // the older form
	older, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for a.contacts.serving() {
		if time.Now().After(deadline) {
			older.Close(ctx)
			t.Fatal("the cache still serves 5s after an older replica connected")
		}
		time.Sleep(10 * time.Millisecond)
	}
	writeContact(t, a, func(ctx context.Context, tx contacts.Tx) error {
		return tx.ContactInsert(ctx, namedContact("akuam", "one"))
	})
	displayName(t, a, "akuam")
	behindTheBack(t, a, "akuam", "by the older replica")
	if got := displayName(t, a, "akuam"); got != "by the older replica" {
		t.Errorf("read %q while an older replica is connected, want the database's", got)
	}
	time.Sleep(1500 * time.Millisecond) // more than a renewal: it must not register again
	var n int
	if err := a.pool.QueryRow(ctx, `SELECT count(*) FROM contact_cache_replicas`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d registrations while an older replica is connected (%v), want none", n, err)
	}
	if a.contacts.serving() {
		t.Error("the cache serves again while the older replica is still connected")
	}
	older.Close(ctx)
	waitServing(t, a)
}

// TestAReplicaWithoutACacheStillWaitsForTheOthers: --contact-cache=off
// turns off a replica's own cache, not its duty to the others' caches.
func TestAReplicaWithoutACacheStillWaitsForTheOthers(t *testing.T) {
	url := pgtest.Database(t)
	a, off := open(t, url), openWith(t, url, Config{NoContactCache: true})
	waitServing(t, a)
	writeContact(t, off, func(ctx context.Context, tx contacts.Tx) error {
		return tx.ContactInsert(ctx, namedContact("akuam", "v0"))
	})
	for i := 1; i <= 20; i++ {
		name := fmt.Sprintf("v%d", i)
		if got := displayName(t, a, "akuam"); got != fmt.Sprintf("v%d", i-1) {
			t.Fatalf("round %d: a reads %q before the update", i, got)
		}
		rename(t, off, "akuam", name)
		if got := displayName(t, a, "akuam"); got != name {
			t.Fatalf("round %d: a reads %q after the uncached replica's update to %q was acknowledged", i, got, name)
		}
	}
	if st := a.ContactCacheStats(); st.Hits == 0 {
		t.Errorf("a's cache answered no read (%+v): the test proves nothing", st)
	}
	if st := off.ContactCacheStats(); st.Enabled || st.Waits != 20 {
		t.Errorf("the uncached replica: %+v, want disabled with 20 writes that waited", st)
	}
}

// TestAWriterThatHangsUpWhileWaiting: a client that hangs up while its
// update waits for another replica's cache gets its context's error at
// once; the write itself is committed.
func TestAWriterThatHangsUpWhileWaiting(t *testing.T) {
	url := pgtest.Database(t)
	b := openWith(t, url, Config{CacheLease: 10 * time.Second})
	writeContact(t, b, func(ctx context.Context, tx contacts.Tx) error {
		return tx.ContactInsert(ctx, namedContact("akuam", "one"))
	})
	if _, err := b.pool.Exec(context.Background(), `INSERT INTO contact_cache_replicas (replica, epoch, expires_at)
		VALUES ('dead', 'e1', now() + interval '10 seconds')`); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := b.Write(ctx, func(tx contacts.Tx) error { return tx.ContactDelete(ctx, cacheScope, "akuam") })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Write = %v, want the context's error", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the write returned %v after its client hung up", took)
	}
	if got := displayName(t, b, "akuam"); got != "" {
		t.Errorf("the contact reads %q: the delete was committed before the wait and must stand", got)
	}
	if st := b.ContactCacheStats(); st.Waits != 1 {
		t.Errorf("%d writes counted as waiting, want 1", st.Waits)
	}
}
