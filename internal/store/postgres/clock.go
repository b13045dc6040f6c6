package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/store/sqlstore"
)

// clockChannel is the LISTEN/NOTIFY channel that carries the shared
// controllable clock's new value (epoch ms) between replicas.
const clockChannel = "ssmcontacts_clock"

// DefaultSettleTimeout bounds how long AdvanceTo waits for the work due at
// one step of the clock to be done.
const DefaultSettleTimeout = 2 * time.Minute

// SharedClock is the controllable clock of every replica on one database.
// Its value is the one row of service_clock; each replica reads a cached
// copy (a clock.Controllable), which LISTEN/NOTIFY keeps current and which
// is read again after the store's listener reconnects. It only moves
// forward: a replica applies a value only if it is later than its copy,
// and AdvanceTo writes under the row's lock, so concurrent advances from
// several replicas combine as their maximum. It is safe for concurrent use.
type SharedClock struct {
	db *DB
	// mu orders the moves of local, so that they stay monotonic.
	mu    sync.Mutex
	local *clock.Controllable
	// SettleTimeout bounds the wait for one step's work (default
	// DefaultSettleTimeout).
	SettleTimeout time.Duration
}

var _ clock.Clock = (*SharedClock)(nil)

// SharedClock returns the controllable clock shared by the replicas on
// db, and makes db keep it current. The first replica to call it sets the
// clock to start. A later one takes the database's value, or, when
// startGiven (an explicit --clock-start), moves the clock forward to start
// if it is later, as a single node restarted with a later start would:
// the work due on the way falls due at once.
func (db *DB) SharedClock(ctx context.Context, start time.Time, startGiven bool) (*SharedClock, error) {
	upsert := `INSERT INTO service_clock (now_ms) VALUES ($1) ON CONFLICT (id) DO NOTHING`
	if startGiven {
		upsert = `INSERT INTO service_clock (now_ms) VALUES ($1)
			ON CONFLICT (id) DO UPDATE SET now_ms = GREATEST(service_clock.now_ms, EXCLUDED.now_ms)`
	}
	var ms int64
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, upsert, sqlstore.Millis(start)); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT now_ms FROM service_clock`).Scan(&ms); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, clockChannel, strconv.FormatInt(ms, 10))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: shared clock: %w", err)
	}
	c := &SharedClock{db: db, local: clock.NewControllable(sqlstore.FromMillis(ms)), SettleTimeout: DefaultSettleTimeout}
	db.clock.Store(c)
	// Moves announced before the Store above were not applied: read again.
	if _, err := c.Load(ctx); err != nil {
		return nil, err
	}
	if err := c.ack(ctx); err != nil {
		return nil, err
	}
	// Forget the replicas that are gone (their listeners are).
	if _, err := db.pool.Exec(ctx, `DELETE FROM service_clock_seen s WHERE NOT EXISTS (
		SELECT 1 FROM pg_stat_activity a WHERE a.application_name = $1 || s.replica)`, listenerName("")); err != nil {
		return nil, fmt.Errorf("postgres: shared clock: %w", err)
	}
	return c, nil
}

// listenerName is the application_name of replica id's listener
// connection: while it is connected, the replica is alive. (Replicas
// before the contact cache named it "ssmcontacts listener <id>", which
// olderReplicas looks for.)
func listenerName(id string) string { return "ssmcontacts/2 listener " + id }

// ack records the value this replica's copy has reached.
func (c *SharedClock) ack(ctx context.Context) error {
	if _, err := c.db.pool.Exec(ctx, `INSERT INTO service_clock_seen (replica, now_ms) VALUES ($1, $2)
		ON CONFLICT (replica) DO UPDATE SET now_ms = GREATEST(service_clock_seen.now_ms, EXCLUDED.now_ms)`,
		c.db.id, sqlstore.Millis(c.Now())); err != nil {
		return fmt.Errorf("postgres: acknowledge the shared clock: %w", err)
	}
	return nil
}

// lagging counts the live replicas (those whose listener is connected)
// whose copy of the clock has not reached t.
func (c *SharedClock) lagging(ctx context.Context, t time.Time) (int, error) {
	var n int
	err := c.db.pool.QueryRow(ctx, `SELECT count(*) FROM service_clock_seen s
		WHERE s.now_ms < $1 AND EXISTS (SELECT 1 FROM pg_stat_activity a
			WHERE a.datname = current_database() AND a.application_name = $2 || s.replica)`,
		sqlstore.Millis(t), listenerName("")).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("postgres: read the replicas' clocks: %w", err)
	}
	return n, nil
}

// Now returns this replica's copy of the clock.
func (c *SharedClock) Now() time.Time { return c.local.Now() }

// NewTimer returns a timer that fires once this replica's copy of the
// clock reaches Now()+d, whichever replica moved it.
func (c *SharedClock) NewTimer(d time.Duration) clock.Timer { return c.local.NewTimer(d) }

// Load reads the clock's value from the database, brings this replica's
// copy up to it and returns it.
func (c *SharedClock) Load(ctx context.Context) (time.Time, error) {
	var ms int64
	if err := c.db.pool.QueryRow(ctx, `SELECT now_ms FROM service_clock`).Scan(&ms); err != nil {
		return time.Time{}, fmt.Errorf("postgres: read the shared clock: %w", err)
	}
	t := sqlstore.FromMillis(ms)
	c.apply(t)
	return t, nil
}

// apply moves this replica's copy to t if t is later, firing its timers,
// and wakes the engine to look at the timers again: a timer it sleeps on
// may have been made just before the move.
func (c *SharedClock) apply(t time.Time) {
	c.mu.Lock()
	moved := t.After(c.local.Now())
	if moved {
		c.local.Set(t)
	}
	c.mu.Unlock()
	if moved {
		c.db.due.Raise(time.Time{})
	}
}

// AdvanceTo moves the shared clock forward to target (a target at or
// before it leaves it where it is), stopping at every timer's due time on
// the way, in order. It returns when the work due at or before the
// clock's value is done on the whole database, whichever replica did it
// (no timer due at or before it is left, claimed or not), and every live
// replica (one whose listener is connected) has applied the value, so
// that what a client does next through any replica happens at that time.
// Each step waits for the previous step's work, so a claim never sees the
// clock jump past its lease. It gives up when one step's work is not done
// within SettleTimeout (a replica that stopped holding a claim, a send
// that hangs), leaving the clock where it got to.
func (c *SharedClock) AdvanceTo(ctx context.Context, target time.Time) error {
	target = sqlstore.FromMillis(sqlstore.Millis(target))
	waitingSince := time.Now()
	poll := 2 * time.Millisecond
	for {
		now, pending, moved, err := c.step(ctx, target)
		if err != nil {
			return err
		}
		c.apply(now)
		switch {
		case moved: // to the next due time, or to target: wait for its work
			waitingSince, poll = time.Now(), 2*time.Millisecond
		case pending:
			if time.Since(waitingSince) > c.SettleTimeout {
				return fmt.Errorf("postgres: %w: the work due at or before %s is not done after %s",
					ErrSettleTimeout, now.Format(time.RFC3339Nano), c.SettleTimeout)
			}
			if err := pause(ctx, poll); err != nil {
				return err
			}
			poll = min(2*poll, 50*time.Millisecond)
		default:
			if err := c.ack(ctx); err != nil {
				return err
			}
			return c.waitSeen(ctx, now)
		}
	}
}

// waitSeen waits until no live replica's copy of the clock is before t.
func (c *SharedClock) waitSeen(ctx context.Context, t time.Time) error {
	since := time.Now()
	for poll := 2 * time.Millisecond; ; poll = min(2*poll, 50*time.Millisecond) {
		n, err := c.lagging(ctx, t)
		if err != nil || n == 0 {
			return err
		}
		if time.Since(since) > c.SettleTimeout {
			return fmt.Errorf("postgres: %w: %d replicas have not applied the clock's %s after %s",
				ErrSettleTimeout, n, t.Format(time.RFC3339Nano), c.SettleTimeout)
		}
		if err := pause(ctx, poll); err != nil {
			return err
		}
	}
}

// pause waits d, or until ctx ends.
func pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// ErrSettleTimeout is returned by AdvanceTo when the work due at a step is
// not done in time.
var ErrSettleTimeout = errors.New("due work still pending")

// step, under the clock row's lock, reports the clock's value and whether
// work due at or before it is left (pending); if none is and the clock is
// before target, it moves the clock (moved) to the earliest timer's due time or
// to target, whichever comes first, and announces it. Each statement runs
// in READ COMMITTED, on the latest commits: a step that deletes its timer
// and schedules the next does both in one commit, so no work is in
// flight when no due timer is left.
func (c *SharedClock) step(ctx context.Context, target time.Time) (now time.Time, pending, moved bool, err error) {
	err = pgx.BeginFunc(ctx, c.db.pool, func(tx pgx.Tx) error {
		var ms int64
		if err := tx.QueryRow(ctx, `SELECT now_ms FROM service_clock FOR UPDATE`).Scan(&ms); err != nil {
			return err
		}
		now = sqlstore.FromMillis(ms)
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM timers WHERE due_at <= $1)`, ms).Scan(&pending); err != nil {
			return err
		}
		if pending || !now.Before(target) {
			return nil
		}
		to := sqlstore.Millis(target)
		var next *int64
		if err := tx.QueryRow(ctx, `SELECT min(due_at) FROM timers`).Scan(&next); err != nil {
			return err
		}
		if next != nil && *next < to {
			to = *next
		}
		if _, err := tx.Exec(ctx, `UPDATE service_clock SET now_ms = $1`, to); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, clockChannel, strconv.FormatInt(to, 10)); err != nil {
			return err
		}
		now, moved = sqlstore.FromMillis(to), true
		return nil
	})
	if err != nil {
		return time.Time{}, false, false, fmt.Errorf("postgres: advance the shared clock: %w", err)
	}
	return now, pending, moved, nil
}

// clockNotified applies a value a replica announced, and acknowledges it.
func (db *DB) clockNotified(ctx context.Context, payload string) {
	c := db.clock.Load()
	if c == nil {
		return
	}
	ms, err := strconv.ParseInt(payload, 10, 64)
	if err != nil {
		return
	}
	c.apply(sqlstore.FromMillis(ms))
	if err := c.ack(ctx); err != nil && ctx.Err() == nil {
		db.log.Warn("postgres: acknowledging the shared clock failed", "err", err)
	}
}

// reloadClock reads the shared clock again after the listener reconnected:
// announcements may have been missed meanwhile.
func (db *DB) reloadClock(ctx context.Context) {
	c := db.clock.Load()
	if c == nil {
		return
	}
	_, err := c.Load(ctx)
	if err == nil {
		err = c.ack(ctx)
	}
	if err != nil && ctx.Err() == nil {
		db.log.Warn("postgres: reading the shared clock after reconnecting failed", "err", err)
	}
}
