package postgres

import (
	"context"
	crand "crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	mrand "math/rand/v2"
	neturl "net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/contactcache"
)

//go:embed migrations/*.sql
var migrations embed.FS

// channel is the LISTEN/NOTIFY channel that carries new due times between
// replicas.
const channel = "ssmcontacts_timers"

// migrationLock is the pg_advisory_xact_lock key under which replicas
// migrate one at a time ("ssmc" in ASCII).
const migrationLock = 0x73736d63

// maxAttempts bounds how often Write runs fn when its transaction keeps
// failing to serialize.
const maxAttempts = 30

// DB is a PostgreSQL-backed contacts.Store, shared by every replica.
type DB struct {
	pool *pgxpool.Pool
	due  *contacts.DueSignal
	id   string
	log  *slog.Logger

	// clock is the shared controllable clock, if SharedClock made one
	// (clock.go).
	clock atomic.Pointer[SharedClock]

	stopListen context.CancelFunc
	listenDone chan struct{}
	closeOnce  sync.Once

	// The earliest due time committed here and not yet announced to the
	// other replicas (zero: none), and the announcer's wake-up.
	announceMu   sync.Mutex
	announceAt   time.Time
	announceWake chan struct{}
	announceDone chan struct{}

	// contacts is this replica's contact cache (contacts_cache.go), nil
	// when turned off; waiters are the writes waiting for the other
	// replicas' caches to drop what they changed, by invalidation id.
	contacts   *replicaCache
	cacheLease time.Duration
	waitMu     sync.Mutex
	waiters    map[string]*dropWaiter
	waits      atomic.Uint64
	waitNanos  atomic.Int64

	// trips counts the round trips of reads and writes, for tests.
	trips atomic.Int64
	// group commits the writes that read nothing (group_commit.go).
	group *committer
}

// Config is what Open needs besides the URL.
type Config struct {
	// Log receives the store's warnings (nil: discarded).
	Log *slog.Logger
	// NoContactCache turns this replica's contact cache off, so that every
	// read of a contact goes to the database. Its writes still wait for
	// the other replicas' caches.
	NoContactCache bool
	// CacheLease is the contact cache's lease (0: DefaultCacheLease).
	CacheLease time.Duration
}

var (
	_ contacts.Store       = (*DB)(nil)
	_ contacts.SharedStore = (*DB)(nil)
)

// IsURL reports whether a --db value names a PostgreSQL database.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database at url (a postgres:// URL; libpq's PG*
// environment variables fill in what it leaves out), applies pending
// migrations and starts listening for other replicas' timers and contact
// changes. It refuses a database whose schema is newer than this binary.
func Open(ctx context.Context, url string, config Config) (*DB, error) {
	log := config.Log
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = 20
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 15 * time.Second
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	db := &DB{pool: pool, due: contacts.NewDueSignal(), id: newID(), log: log,
		announceWake: make(chan struct{}, 1), announceDone: make(chan struct{}),
		cacheLease: config.CacheLease, waiters: map[string]*dropWaiter{}}
	db.group = &committer{pool: pool, begin: beginWrite, trips: &db.trips}
	if db.cacheLease <= 0 {
		db.cacheLease = DefaultCacheLease
	}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	if !config.NoContactCache {
		ccfg := cfg.Copy()
		ccfg.MaxConns, ccfg.MinConns = 2, 0
		conns, err := pgxpool.NewWithConfig(ctx, ccfg) // connects lazily
		if err != nil {
			pool.Close()
			return nil, fmt.Errorf("postgres: %w", err)
		}
		db.contacts = newReplicaCache(db, db.cacheLease, conns)
	}
	listening := make(chan error, 1)
	lctx, cancel := context.WithCancel(context.Background())
	db.stopListen, db.listenDone = cancel, make(chan struct{})
	go db.listen(lctx, cfg.ConnConfig, listening)
	go db.announcer(lctx)
	if err := <-listening; err != nil {
		if db.contacts != nil { // not started
			db.contacts.conns.Close()
			db.contacts = nil
		}
		db.Close()
		return nil, fmt.Errorf("postgres: listen: %w", err)
	}
	if db.contacts != nil {
		// Once listening, so that its first heartbeat comes back.
		go db.contacts.run(lctx)
	}
	return db, nil
}

// ID is this store's (this replica's) random id.
func (db *DB) ID() string { return db.id }

// Shared reports that several replicas use this store at once.
func (db *DB) Shared() bool { return true }

// Pool returns the connection pool, for a tool that writes every table in
// bulk in a transaction of its own (copy-db). The server goes through
// Read, Write and WriteStep.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.pool.Ping(ctx) }

// Close stops listening and closes the pool.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		db.stopListen()
		<-db.listenDone
		<-db.announceDone
		if db.contacts != nil {
			<-db.contacts.done
		}
		db.pool.Close()
	})
	return nil
}

// Read runs fn in a REPEATABLE READ READ ONLY transaction: one snapshot,
// begun with fn's first statement; a read the contact cache answers
// takes no connection at all.
func (db *DB) Read(ctx context.Context, fn func(contacts.Tx) error) error {
	l := &lazyTx{pool: db.pool, begin: beginRead, trips: &db.trips}
	// release destroys a connection still inside a transaction (fn failed,
	// or COMMIT did), so no snapshot outlives its read.
	defer l.release()
	if err := fn(db.newTx(l, false)); err != nil {
		l.abort(ctx)
		return err
	}
	if err := l.end(ctx); err != nil {
		return fmt.Errorf("postgres: commit read: %w", err)
	}
	return nil
}

// Write runs fn in a SERIALIZABLE transaction. When PostgreSQL cannot
// serialize it with the transactions running beside it (40001) or picks it
// as a deadlock's victim (40P01), the transaction is rolled back and fn
// runs again from the start, on fresh data, up to maxAttempts times. fn
// must therefore touch nothing but the Tx it is given.
func (db *DB) Write(ctx context.Context, fn func(contacts.Tx) error) error {
	return db.write(ctx, beginWrite, fn)
}

// WriteStep runs one of the engine's steps (contacts.StepWriter) under
// REPEATABLE READ, PostgreSQL's snapshot isolation, with EngagementGet and
// TrackGet locking the rows they return. Under SERIALIZABLE the steps of
// unrelated engagements collided on the index pages their predicate locks
// cover, until steps gave up after maxAttempts in a burst. What snapshot
// isolation leaves open is write skew: a step deciding on rows it does not
// write. A step's decisions rest on its engagement and track, which it
// now locks, so a stop or an acknowledgement that changes them conflicts
// with the step (one of the two waits or runs again); two writes to one
// row conflict under snapshot isolation anyway.
func (db *DB) WriteStep(ctx context.Context, fn func(contacts.Tx) error) error {
	return db.write(ctx, beginStep, fn)
}

// write runs fn in a transaction that begin starts, with its first
// statement (lazy_tx.go). The first attempt holds statements back to send
// them with later ones, presumes idempotency tokens unused
// (idempotency.go) and, when it read nothing, commits with other writes
// in a group (group_commit.go). When the group is refused, fn runs again
// at once, alone; when an optimistic attempt does not work out, fn runs
// again at once, plainly, so that every error is the one a plain run
// gives.
func (db *DB) write(ctx context.Context, begin string, fn func(contacts.Tx) error) error {
	mode := grouped
	for attempt := 1; ; attempt++ {
		done, again, err := db.writeOnce(ctx, begin, mode, fn)
		if (again == runAlone || again == runPlainly) && ctx.Err() == nil {
			mode = alone
			if again == runPlainly {
				mode = plainly
			}
			attempt--
			continue
		}
		retry := again == runAgain
		if retry && attempt < maxAttempts && ctx.Err() == nil {
			backoff(ctx, attempt)
			continue
		}
		if retry {
			return fmt.Errorf("%w (%d attempts): %v", contacts.ErrBusy, attempt, err)
		}
		if err != nil {
			return err
		}
		done.due.RaiseOn(db.due)
		if at, ok := earliest(done.due); ok {
			db.announce(at)
		}
		if db.contacts != nil {
			db.contacts.cache.Invalidate(done.changed)
		}
		if done.waiter != nil {
			return db.awaitDropped(ctx, done.waiter, done.invalidation)
		}
		return nil
	}
}

// again says whether and how a write attempt must run again.
type again int

const (
	finished   again = iota // committed, or failed for good
	runAgain                // a serialization failure or deadlock: after a backoff
	runAlone                // its group was refused: at once, alone
	runPlainly              // an optimistic attempt did not work out: at once, plainly
)

// How an attempt runs: optimistic and in a group if it reads nothing,
// optimistic alone, or plainly (every statement sent when made, every
// token read).
type writeMode int

const (
	grouped writeMode = iota
	alone
	plainly
)

// committed is what a committed write leaves to do.
type committed struct {
	due     contacts.DueTimes
	changed []contactcache.Key
	// invalidation, when the write changed contacts the other replicas
	// may have cached, is the id of the NOTIFY it sent; waiter collects
	// their acknowledgements.
	invalidation string
	waiter       *dropWaiter
}

func (db *DB) writeOnce(ctx context.Context, begin string, mode writeMode, fn func(contacts.Tx) error) (committed, again, error) {
	optimistic := mode != plainly
	tx := &lazyTx{pool: db.pool, begin: begin, hold: optimistic, trips: &db.trips}
	// release destroys a connection still inside a transaction.
	defer tx.release()
	t := db.newTx(tx, true)
	t.presume = optimistic
	if begin != beginWrite {
		t.LockRows()
	}
	err := fn(t)
	if t.retry || err != nil || t.unverified(nil) {
		tx.abort(ctx)
		switch {
		case t.retry:
			return committed{}, runAgain, err
		case optimistic && (tx.laterFailed || t.unverified(err)):
			return committed{}, runPlainly, err
		}
		return committed{}, finished, err
	}
	done := committed{changed: t.changed}
	if mode == grouped && begin == beginWrite && !tx.begun && len(tx.later) > 0 && !t.sharedChange {
		// A group commits whatever its writes' contexts say: a write
		// whose caller is gone already does not join one.
		if err := ctx.Err(); err != nil {
			return committed{}, finished, err
		}
		switch err := db.group.commit(tx.later); {
		case errors.Is(err, errGroupRefused):
			return committed{}, runAlone, err
		case err != nil:
			return committed{}, finished, fmt.Errorf("postgres: commit: %w", err)
		}
		done.due = t.Due()
		return done, finished, nil
	}
	if t.sharedChange {
		// Inside the transaction, so that it is delivered if and only if
		// the write commits (contacts_cache.go); sent with the COMMIT.
		done.invalidation = newID()
		done.waiter = db.addWaiter(done.invalidation)
		if err := tx.Later(ctx, `SELECT pg_notify($1, $2)`, cacheChannel, invalidation(db.id, done.invalidation, t.changed)); err != nil {
			db.removeWaiter(done.invalidation)
			tx.abort(ctx)
			return committed{}, retryOn(err), t.note(err)
		}
	}
	if err := tx.end(ctx); err != nil {
		if done.waiter != nil {
			db.removeWaiter(done.invalidation)
		}
		if optimistic && tx.laterFailed && !retryable(err) {
			tx.abort(ctx)
			return committed{}, runPlainly, err
		}
		return committed{}, retryOn(err), fmt.Errorf("postgres: commit: %w", err)
	}
	done.due = t.Due()
	return done, finished, nil
}

// retryOn is runAgain for a serialization failure or a deadlock.
func retryOn(err error) again {
	if retryable(err) {
		return runAgain
	}
	return finished
}

// announce tells the other replicas, after the commit, that a timer is due
// at at. The announcer sends one NOTIFY for the earliest of the times
// announced since its last one: a NOTIFY inside the transaction would
// take PostgreSQL's cluster-wide notification lock (on pg_database) at
// commit and hold it through the commit's WAL flush, so concurrent
// writes would commit one fsync at a time.
func (db *DB) announce(at time.Time) {
	db.announceMu.Lock()
	if db.announceAt.IsZero() || at.Before(db.announceAt) {
		db.announceAt = at
	}
	db.announceMu.Unlock()
	select {
	case db.announceWake <- struct{}{}:
	default:
	}
}

// announcer sends the announced times until ctx ends, then sends what is
// left once more.
func (db *DB) announcer(ctx context.Context) {
	defer close(db.announceDone)
	for {
		select {
		case <-db.announceWake:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			flush, cancel := context.WithTimeout(context.Background(), time.Second)
			db.sendAnnounced(flush)
			cancel()
			return
		}
		for !db.sendAnnounced(ctx) && ctx.Err() == nil {
			// The database is unreachable: try again in a moment.
			select {
			case <-time.After(100 * time.Millisecond):
			case <-ctx.Done():
			}
		}
	}
}

// sendAnnounced sends one NOTIFY for the earliest announced time, if any;
// it reports false when that failed (the time stays announced).
func (db *DB) sendAnnounced(ctx context.Context) bool {
	db.announceMu.Lock()
	at := db.announceAt
	db.announceAt = time.Time{}
	db.announceMu.Unlock()
	if at.IsZero() {
		return true
	}
	_, err := db.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, channel, db.id+" "+strconv.FormatInt(at.UnixMilli(), 10))
	if err != nil {
		if ctx.Err() == nil {
			db.log.Warn("postgres: announcing a timer to the other replicas failed", "err", err)
		}
		db.announce(at)
		return false
	}
	return true
}

func earliest(d contacts.DueTimes) (time.Time, bool) {
	s := contacts.NewDueSignal()
	d.RaiseOn(s)
	return s.Take()
}

// backoff sleeps a random time up to a limit that doubles after each
// failed attempt (2 ms, 4 ms, … up to 250 ms), so that transactions that
// collided spread out instead of colliding again: with many writers a
// fixed small window kept the same ones colliding until they gave up.
func backoff(ctx context.Context, attempt int) {
	limit := min(2*time.Millisecond<<min(attempt-1, 7), 250*time.Millisecond)
	pause(ctx, time.Duration(mrand.Int64N(int64(limit)))+time.Millisecond) // ctx's end is the caller's to see
}

// DueSignal is raised after each commit, by any replica, that made timers
// due.
func (db *DB) DueSignal() *contacts.DueSignal { return db.due }

// Secret returns the named secret, creating a random one on first use;
// replicas racing to create it all get the one that was committed.
func (db *DB) Secret(ctx context.Context, name string) ([]byte, error) {
	value := make([]byte, 32)
	if _, err := crand.Read(value); err != nil {
		return nil, err
	}
	if _, err := db.pool.Exec(ctx, `INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, name, value); err != nil {
		return nil, fmt.Errorf("postgres: secret: %w", err)
	}
	if err := db.pool.QueryRow(ctx, `SELECT value FROM secrets WHERE name = $1`, name).Scan(&value); err != nil {
		return nil, fmt.Errorf("postgres: secret: %w", err)
	}
	return value, nil
}

// listen keeps a dedicated connection LISTENing on channel and raises
// DueSignal with the due times other replicas announce. It reports the
// first connection's outcome on ready; later it reconnects after failures
// and then raises DueSignal once, since announcements may have been missed
// meanwhile.
func (db *DB) listen(ctx context.Context, cfg *pgx.ConnConfig, ready chan<- error) {
	defer close(db.listenDone)
	first := true
	for wait := 100 * time.Millisecond; ; wait = min(2*wait, 5*time.Second) {
		err := db.listenOnce(ctx, cfg, func() {
			if first {
				ready <- nil
			} else {
				db.due.Raise(time.Time{}) // look at the timers again
				db.reloadClock(ctx)
			}
			first = false
		})
		if db.contacts != nil {
			// Contact changes may be missed from now on: stop serving; the
			// cache registers anew, empty, once a heartbeat comes back.
			db.contacts.drop()
		}
		if ctx.Err() != nil {
			if first {
				ready <- ctx.Err()
			}
			return
		}
		if first {
			ready <- err
			return
		}
		db.log.Warn("postgres: listening for timers failed; reconnecting", "err", err, "in", wait)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

func (db *DB) listenOnce(ctx context.Context, cfg *pgx.ConnConfig, listening func()) error {
	lcfg := cfg.Copy()
	if lcfg.RuntimeParams == nil {
		lcfg.RuntimeParams = map[string]string{}
	}
	lcfg.RuntimeParams["application_name"] = listenerName(db.id) // tells AdvanceTo the replica is alive
	conn, err := pgx.ConnectConfig(ctx, lcfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	for _, ch := range []string{channel, clockChannel, cacheChannel} {
		if _, err := conn.Exec(ctx, "LISTEN "+ch); err != nil {
			return err
		}
	}
	listening()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		switch n.Channel {
		case clockChannel:
			db.clockNotified(ctx, n.Payload)
			continue
		case cacheChannel:
			db.cacheNotified(n.Payload)
			continue
		}
		from, ms, ok := strings.Cut(n.Payload, " ")
		if !ok || from == db.id {
			continue // raised locally at commit already
		}
		v, err := strconv.ParseInt(ms, 10, 64)
		if err != nil {
			continue
		}
		db.due.Raise(time.UnixMilli(v).UTC())
	}
}

func (db *DB) migrate(ctx context.Context) error {
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(files)
	type migration struct {
		version int
		name    string
	}
	var all []migration
	for _, f := range files {
		name := strings.TrimPrefix(f, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("postgres: migration %s: bad version", name)
		}
		all = append(all, migration{v, name})
	}
	known := all[len(all)-1].version

	// One transaction under an advisory lock: replicas starting together
	// migrate once, one after the other, and a failed migration leaves
	// nothing behind (PostgreSQL's DDL is transactional).
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
		return fmt.Errorf("postgres: migrate: lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("postgres: migrations table: %w", err)
	}
	var current int
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("postgres: schema version: %w", err)
	}
	if current > known {
		return &SchemaTooNewError{Database: current, Binary: known}
	}
	for _, m := range all {
		if m.version <= current {
			continue
		}
		body, err := migrations.ReadFile("migrations/" + m.name)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, string(body)); err != nil {
			return fmt.Errorf("postgres: migration %s: %w", m.name, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.version, m.name); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}

// SchemaTooNewError says that a newer ssmcontacts migrated the database.
type SchemaTooNewError struct{ Database, Binary int }

func (e *SchemaTooNewError) Error() string {
	return fmt.Sprintf("postgres: the database schema is at version %d but this ssmcontacts knows versions up to %d: "+
		"a newer ssmcontacts has migrated it; run that version (replicas of an older one cannot share this database)",
		e.Database, e.Binary)
}

// SQLSTATE codes the store acts on.
const (
	uniqueViolation      = "23505"
	serializationFailure = "40001"
	deadlockDetected     = "40P01"
)

// retryable reports a failure that running the transaction again may not
// meet.
func retryable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == serializationFailure || pe.Code == deadlockDetected
	}
	return false
}

// translate maps driver errors to the store errors the domain knows, by
// SQLSTATE code.
func translate(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == uniqueViolation {
		return fmt.Errorf("%w: %v", contacts.ErrDuplicate, err)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return contacts.ErrNotFound
	}
	return err
}

func newID() string {
	b := make([]byte, 8)
	crand.Read(b)
	return hex.EncodeToString(b)
}

// Redact returns a postgres:// URL fit for logs: its password, in the user
// information or as a password parameter, replaced by xxxxx.
func Redact(s string) string {
	u, err := neturl.Parse(s)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	_, inUser := u.User.Password()
	q := u.Query()
	if !inUser && !q.Has("password") {
		return s
	}
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}
