package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ssmcontacts/ssmcontacts/internal/store/contactcache"
)

// The contact cache across replicas. Each replica may keep contacts in
// memory (contactcache) while it holds a lease in contact_cache_replicas;
// a write that changes a contact is answered only once every replica
// registered there has dropped it, so no replica serves a contact older
// than a write any replica acknowledged. The protocol, on cacheChannel:
//
//	inv <writer> <id> <keys>  sent inside the write: these contacts changed
//	ack <replica> <id>…       the replica dropped them
//	hb <replica> <token>      a replica's heartbeat, to itself
//
// A NOTIFY is delivered if and only if its transaction commits, and to
// each listener in commit order. A replica drops the keys of an inv as its
// listener reads it, then acknowledges. It renews its lease only after its
// own heartbeat came back through its listener, which proves that the
// listener has read everything committed before the heartbeat was sent;
// and it serves from its cache only until the heartbeat's send time plus
// the lease, never later than the database's expires_at.
//
// The writer, after its commit, reads the registrations and waits, for
// each, for its ack, for a new epoch (the replica emptied its cache and
// registered again, after the commit), or for its expires_at to pass by
// the database's clock (the writer then deletes the row, so that the
// replica must empty its cache and register again before serving). A
// replica that renews but never acknowledges is evicted after
// cacheEvictAfter: its epoch is blanked, which its next renewal notices,
// and the writer waits out the lease it had.
const cacheChannel = "ssmcontacts_contacts"

// DefaultCacheLease is how long a replica may serve from its contact cache
// without renewing its registration: also the longest a contact write
// waits for a replica that died.
const DefaultCacheLease = 3 * time.Second

// cacheMargin is taken off a replica's own view of its lease, for rate
// differences between its clock and the database server's.
func cacheMargin(lease time.Duration) time.Duration { return lease / 10 }

// cacheEvictAfter is how long a writer waits for the ack of a replica that
// keeps its lease before evicting it.
func cacheEvictAfter(lease time.Duration) time.Duration { return 2 * lease }

// maxPayload keeps a NOTIFY under PostgreSQL's 8000-byte limit.
const maxPayload = 7000

// replicaCache is this replica's side: the cache, its lease, the
// acknowledgements and the heartbeats.
type replicaCache struct {
	db    *DB
	cache *contactcache.Cache
	lease time.Duration

	// base anchors until: the lease runs until base+until, on the
	// monotonic clock; 0 while the cache may not serve.
	base  time.Time
	until atomic.Int64

	// mu orders registrations and drops: epoch is the registration this
	// replica holds ("" for none), regs counts drops so that a renewal
	// begun before one cannot extend the lease after it.
	mu    sync.Mutex
	epoch string
	regs  uint64

	heartbeats chan string
	acks       chan string
	done       chan struct{}

	hits, misses atomic.Uint64

	// conns is the cache's own small pool, for heartbeats, renewals and
	// acknowledgements, so that a busy main pool cannot make it late.
	conns *pgxpool.Pool
	// older is set while replicas of an older ssmcontacts keep the cache
	// off (the keeper's own).
	older bool
}

func newReplicaCache(db *DB, lease time.Duration, conns *pgxpool.Pool) *replicaCache {
	return &replicaCache{
		db: db, cache: contactcache.New(), lease: lease, base: time.Now(), conns: conns,
		heartbeats: make(chan string, 16), acks: make(chan string, 1024), done: make(chan struct{}),
	}
}

// serving reports whether the cache may answer now.
func (c *replicaCache) serving() bool {
	return int64(time.Since(c.base)) < c.until.Load()
}

// begin is called when a read begins: what it reads may be cached only if
// the cache was serving then and no invalidation came in between.
func (c *replicaCache) begin() (gen uint64, cacheable bool) {
	gen = c.cache.Generation() // before serving: see drop
	return gen, c.serving()
}

// drop stops serving and empties the cache (in that order, so that a read
// that sees the old generation cannot have seen the cache serving after it).
func (c *replicaCache) drop() {
	c.mu.Lock()
	c.until.Store(0)
	c.epoch = ""
	c.regs++
	c.mu.Unlock()
	c.cache.Clear()
}

// extend serves until the given time under epoch, unless a drop came
// after the registration or renewal began.
func (c *replicaCache) extend(regs uint64, epoch string, until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.regs != regs {
		return
	}
	c.epoch = epoch
	c.until.Store(int64(until.Sub(c.base)))
}

// invalidated drops keys (nil: everything) named by another replica's
// write, and queues the acknowledgement.
func (c *replicaCache) invalidated(id string, keys []contactcache.Key, all bool) {
	if all {
		c.drop()
	} else {
		c.cache.Invalidate(keys)
	}
	select {
	case c.acks <- id:
	default:
		// The acknowledger is stuck: stop serving instead; the writer
		// sees the new epoch or the lease run out.
		c.drop()
	}
}

// run sends acknowledgements and keeps the lease until ctx ends, then
// stops serving and leaves the registrations.
func (c *replicaCache) run(ctx context.Context) {
	defer close(c.done)
	acked := make(chan struct{})
	go func() { defer close(acked); c.acknowledge(ctx) }()
	every := c.lease / 3
	for ctx.Err() == nil {
		sent := time.Now()
		if c.heartbeat(ctx, every) {
			c.renew(ctx, sent)
		}
		pause(ctx, time.Until(sent.Add(every))) // the loop sees ctx end
	}
	c.drop()
	<-acked
	leave, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	c.conns.Exec(leave, `DELETE FROM contact_cache_replicas WHERE replica = $1`, c.db.id)
	c.conns.Close()
}

// heartbeat sends a heartbeat and reports whether this replica's listener
// read it back within wait.
func (c *replicaCache) heartbeat(ctx context.Context, wait time.Duration) bool {
	token := newID()
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	if _, err := c.conns.Exec(ctx, `SELECT pg_notify($1, $2)`, cacheChannel, "hb "+c.db.id+" "+token); err != nil {
		return false
	}
	for {
		select {
		case got := <-c.heartbeats:
			if got == token {
				return true
			}
		case <-ctx.Done():
			return false
		}
	}
}

// olderReplicas is true while a replica of an ssmcontacts without the
// contact cache is connected (its listener's application_name has the
// older form): its contact writes tell no cache, so none may serve.
const olderReplicas = `EXISTS (SELECT 1 FROM pg_stat_activity
	WHERE datname = current_database() AND application_name LIKE 'ssmcontacts listener %')`

// renew extends the lease from sent, when the heartbeat sent then came
// back, or registers anew with an empty cache when this replica holds no
// registration (first start, a lost listener, an eviction).
func (c *replicaCache) renew(ctx context.Context, sent time.Time) {
	ctx, cancel := context.WithTimeout(ctx, c.lease)
	defer cancel()
	until := sent.Add(c.lease - cacheMargin(c.lease))
	ms := c.lease.Milliseconds()
	c.mu.Lock()
	epoch, regs := c.epoch, c.regs
	c.mu.Unlock()
	var older bool
	var n int64
	if epoch != "" {
		err := c.conns.QueryRow(ctx, `WITH older AS (SELECT `+olderReplicas+` AS present),
			renewed AS (UPDATE contact_cache_replicas SET expires_at = now() + $3 * interval '1 millisecond'
				WHERE replica = $1 AND epoch = $2 AND NOT (SELECT present FROM older) RETURNING 1)
			SELECT (SELECT present FROM older), (SELECT count(*) FROM renewed)`, c.db.id, epoch, ms).Scan(&older, &n)
		if err != nil {
			return
		}
		if n == 1 {
			c.extend(regs, epoch, until)
			return
		}
		if !older {
			c.db.log.Info("postgres: this replica's contact cache was evicted by a writer; emptying it")
		}
	}
	c.drop()
	c.mu.Lock()
	regs = c.regs
	c.mu.Unlock()
	if !older {
		epoch = newID()
		err := c.conns.QueryRow(ctx, `WITH older AS (SELECT `+olderReplicas+` AS present),
			registered AS (INSERT INTO contact_cache_replicas (replica, epoch, expires_at)
				SELECT $1, $2, now() + $3 * interval '1 millisecond' WHERE NOT (SELECT present FROM older)
				ON CONFLICT (replica) DO UPDATE SET epoch = EXCLUDED.epoch, expires_at = EXCLUDED.expires_at
				RETURNING 1)
			SELECT (SELECT present FROM older), (SELECT count(*) FROM registered)`, c.db.id, epoch, ms).Scan(&older, &n)
		if err != nil {
			return
		}
		if n == 1 {
			c.older = false
			c.extend(regs, epoch, until)
			return
		}
	}
	// Serve nothing, and leave no registration for writers to wait on.
	if !c.older {
		c.db.log.Warn("postgres: a replica of an older ssmcontacts, without the contact cache, is connected: " +
			"reading contacts from the database until it is gone")
		c.older = true
	}
	c.conns.Exec(ctx, `DELETE FROM contact_cache_replicas WHERE replica = $1`, c.db.id)
}

// acknowledge sends the queued acknowledgements, several per NOTIFY.
func (c *replicaCache) acknowledge(ctx context.Context) {
	for {
		var ids []string
		select {
		case id := <-c.acks:
			ids = append(ids, id)
		case <-ctx.Done():
			return
		}
	more:
		for len(ids) < 200 {
			select {
			case id := <-c.acks:
				ids = append(ids, id)
			default:
				break more
			}
		}
		actx, cancel := context.WithTimeout(ctx, c.lease)
		_, err := c.conns.Exec(actx, `SELECT pg_notify($1, $2)`, cacheChannel, "ack "+c.db.id+" "+strings.Join(ids, " "))
		cancel()
		if err != nil && ctx.Err() == nil {
			c.db.log.Warn("postgres: acknowledging a contact change failed; emptying the contact cache", "err", err)
			c.drop()
		}
	}
}

// cacheNotified handles a notification on cacheChannel, in the listener.
func (db *DB) cacheNotified(payload string) {
	kind, rest, _ := strings.Cut(payload, " ")
	from, rest, _ := strings.Cut(rest, " ")
	switch kind {
	case "inv":
		c := db.contacts
		if c == nil || from == db.id { // the writer dropped its own at commit
			return
		}
		id, body, _ := strings.Cut(rest, " ")
		var keys []contactcache.Key
		all := body == "*" || json.Unmarshal([]byte(body), &keys) != nil
		c.invalidated(id, keys, all)
	case "ack":
		db.acked(from, strings.Fields(rest))
	case "hb":
		if c := db.contacts; c != nil && from == db.id {
			select {
			case c.heartbeats <- rest:
			default:
			}
		}
	}
}

// invalidation is a write's message to the other replicas' caches.
func invalidation(from, id string, keys []contactcache.Key) string {
	body, err := json.Marshal(keys)
	if err != nil || len(body) > maxPayload {
		body = []byte("*")
	}
	return "inv " + from + " " + id + " " + string(body)
}

// dropWaiter collects the acknowledgements of one invalidation.
type dropWaiter struct {
	mu    sync.Mutex
	acked map[string]bool
	wake  chan struct{}
}

func (db *DB) addWaiter(id string) *dropWaiter {
	w := &dropWaiter{acked: map[string]bool{}, wake: make(chan struct{}, 1)}
	db.waitMu.Lock()
	db.waiters[id] = w
	db.waitMu.Unlock()
	return w
}

func (db *DB) removeWaiter(id string) {
	db.waitMu.Lock()
	delete(db.waiters, id)
	db.waitMu.Unlock()
}

func (db *DB) acked(from string, ids []string) {
	db.waitMu.Lock()
	defer db.waitMu.Unlock()
	for _, id := range ids {
		w := db.waiters[id]
		if w == nil {
			continue
		}
		w.mu.Lock()
		w.acked[from] = true
		w.mu.Unlock()
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
}

// ContactCacheStats is what the contact cache has done so far.
type ContactCacheStats struct {
	// Enabled is false with Config.NoContactCache; Serving is whether
	// this replica holds a lease now.
	Enabled, Serving bool
	Entries          int
	// Hits are reads of a contact answered from memory, Misses those that
	// went to the database.
	Hits, Misses uint64
	// Waits are this replica's writes that waited for the other replicas'
	// caches, WaitSeconds the time they spent waiting.
	Waits       uint64
	WaitSeconds float64
}

// ContactCacheStats reports the contact cache's figures.
func (db *DB) ContactCacheStats() ContactCacheStats {
	st := ContactCacheStats{Waits: db.waits.Load(), WaitSeconds: time.Duration(db.waitNanos.Load()).Seconds()}
	if c := db.contacts; c != nil {
		st.Enabled, st.Serving, st.Entries = true, c.serving(), c.cache.Len()
		st.Hits, st.Misses = c.hits.Load(), c.misses.Load()
	}
	return st
}

// cacheHolder is a registration a writer waits on.
type cacheHolder struct {
	epoch    string
	deadline time.Time // when to look at the row again
	evicted  bool      // this writer blanked its epoch
}

// awaitDropped returns once every other replica's cache has dropped what
// the committed invalidation id named, or could not serve it any more.
func (db *DB) awaitDropped(ctx context.Context, w *dropWaiter, id string) error {
	defer db.removeWaiter(id)
	start := time.Now()
	defer func() {
		db.waits.Add(1)
		db.waitNanos.Add(int64(time.Since(start)))
	}()
	pending, err := db.cacheHolders(ctx)
	if err != nil {
		return err
	}
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		w.mu.Lock()
		for r := range w.acked {
			delete(pending, r)
		}
		w.mu.Unlock()
		if len(pending) == 0 {
			return nil
		}
		next := time.Time{}
		for _, h := range pending {
			if next.IsZero() || h.deadline.Before(next) {
				next = h.deadline
			}
		}
		timer.Reset(time.Until(next))
		select {
		case <-w.wake:
			continue
		case <-timer.C:
		case <-ctx.Done():
			return ctx.Err()
		}
		force := time.Since(start) >= cacheEvictAfter(db.cacheLease)
		for r, h := range pending {
			if time.Now().Before(h.deadline) {
				continue
			}
			done, err := db.recheckHolder(ctx, r, h, force)
			if err != nil {
				return err
			}
			if done {
				delete(pending, r)
			}
		}
	}
}

// leaseLeft is the milliseconds a registration has left, by the
// database's clock (negative once it ran out).
const leaseLeft = `(extract(epoch FROM expires_at - clock_timestamp()) * 1000)::bigint`

// cacheHolders reads the other replicas' registrations, after the commit.
func (db *DB) cacheHolders(ctx context.Context) (map[string]*cacheHolder, error) {
	rows, err := db.pool.Query(ctx, `SELECT replica, epoch, `+leaseLeft+`
		FROM contact_cache_replicas WHERE replica <> $1`, db.id)
	if err != nil {
		return nil, cacheWaitError(err)
	}
	defer rows.Close()
	now := time.Now()
	out := map[string]*cacheHolder{}
	for rows.Next() {
		var r, epoch string
		var left int64
		if err := rows.Scan(&r, &epoch, &left); err != nil {
			return nil, cacheWaitError(err)
		}
		out[r] = &cacheHolder{epoch: epoch, deadline: now.Add(time.Duration(max(left, 0)) * time.Millisecond)}
	}
	if err := rows.Err(); err != nil {
		return nil, cacheWaitError(err)
	}
	return out, nil
}

// recheckHolder looks at replica r's registration when its deadline came:
// done when it expired (the row is removed), was removed, or carries a new
// epoch; otherwise it sets the next deadline, and evicts it when force.
func (db *DB) recheckHolder(ctx context.Context, r string, h *cacheHolder, force bool) (bool, error) {
	tag, err := db.pool.Exec(ctx, `DELETE FROM contact_cache_replicas
		WHERE replica = $1 AND expires_at <= clock_timestamp()`, r)
	if err != nil {
		return false, cacheWaitError(err)
	}
	if tag.RowsAffected() == 1 {
		return true, nil
	}
	var epoch string
	var left int64
	err = db.pool.QueryRow(ctx, `SELECT epoch, `+leaseLeft+`
		FROM contact_cache_replicas WHERE replica = $1`, r).Scan(&epoch, &left)
	if errors.Is(err, pgx.ErrNoRows) {
		return true, nil // removed once its lease ran out, or it left
	}
	if err != nil {
		return false, cacheWaitError(err)
	}
	if epoch != h.epoch && epoch != "" {
		return true, nil // it emptied its cache and registered again
	}
	if force && !h.evicted && h.epoch != "" && epoch == h.epoch {
		// It renews but does not acknowledge: blank its epoch, which its
		// next renewal notices, and wait out the lease it holds.
		if _, err := db.pool.Exec(ctx, `UPDATE contact_cache_replicas SET epoch = '' WHERE replica = $1 AND epoch = $2`, r, h.epoch); err != nil {
			return false, cacheWaitError(err)
		}
		db.log.Warn("postgres: a replica did not acknowledge a contact change; evicting its contact cache", "replica", r)
		h.evicted, h.epoch = true, ""
	}
	h.deadline = time.Now().Add(max(time.Duration(left)*time.Millisecond, 5*time.Millisecond))
	return false, nil
}

// cacheWaitError says that a write committed but could not learn whether
// the other replicas dropped what it changed.
func cacheWaitError(err error) error {
	return fmt.Errorf("postgres: the write committed, but the other replicas' contact caches could not be confirmed to drop it: %w", err)
}
