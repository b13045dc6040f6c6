package postgres

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Group commit. A write whose first attempt read nothing, so that all its
// statements were held back (a CreateContact, with its tags and its
// token's record), has nothing left to decide: it can commit inside one
// transaction with other such writes, each one's statements after the
// last one's, which is what running them one after the other would do.
// Under load most of a create's cost is its transaction's (the round
// trip, BEGIN, the commit's wait for the WAL to reach the disk), so
// writes that arrive while a group is committing wait and go together in
// the next group: one round trip and one flush for all of them.
//
// A group is all or nothing. When PostgreSQL refuses any statement or
// the COMMIT (a duplicate alias, a reused token, a serialization
// failure), nothing of the group is committed, and each of its writes
// runs again alone (DB.write), where its failure, if it has one, is its
// own. When the outcome is unknown (the connection broke), each write is
// told so, as a write whose COMMIT went unanswered is.

// groupLeaders is how many groups of one replica commit at once. One:
// while it commits, the writes arriving gather into the next. Under load
// on two cores, one group in flight per replica committed 13,000–15,000
// creates/s with one replica and 9,800–11,200 with two, against
// 9,800–13,000 and 8,700–8,800 with two groups in flight (bigger groups,
// less of each write's cost). A group waits only on what its inserts
// wait on: another transaction inserting the same alias or token, which
// is short.
const groupLeaders = 1

// maxGroup bounds the statements of one group.
const maxGroup = 256

// groupTimeout bounds a group's round trip: its writes wait for it
// whatever their own contexts say, since it commits for all of them.
const groupTimeout = 30 * time.Second

// errGroupRefused is a member's error when PostgreSQL refused its group.
var errGroupRefused = errors.New("postgres: the group this write committed with was refused")

type committer struct {
	pool  *pgxpool.Pool
	begin string
	trips *atomic.Int64

	mu      sync.Mutex
	waiting []*groupMember
	leaders int
	// groups counts the groups sent, members the writes in them, refused
	// the groups PostgreSQL refused.
	groups, members, refused atomic.Int64
}

// GroupCommitStats is what group commit has done so far.
type GroupCommitStats struct {
	// Groups are the group transactions sent, Writes the writes they
	// held, Refused the groups PostgreSQL refused (their writes ran again
	// alone).
	Groups, Writes, Refused int64
}

// GroupCommitStats reports group commit's figures.
func (db *DB) GroupCommitStats() GroupCommitStats {
	c := db.group
	return GroupCommitStats{Groups: c.groups.Load(), Writes: c.members.Load(), Refused: c.refused.Load()}
}

type groupMember struct {
	stmts []heldStatement
	// result carries the group's outcome, or the turn to lead the next
	// group (lead).
	result chan groupResult
}

type groupResult struct {
	err  error
	lead bool
}

// commit commits stmts in a group and returns the group's outcome:
// errGroupRefused when PostgreSQL refused it, another error when the
// outcome is unknown. A write leads a group at once when fewer than
// groupLeaders do, and waits otherwise, to be taken into the next group
// or given the lead of it.
func (c *committer) commit(stmts []heldStatement) error {
	m := &groupMember{stmts: stmts, result: make(chan groupResult, 1)}
	c.mu.Lock()
	if c.leaders < groupLeaders {
		c.leaders++
		c.mu.Unlock()
		return c.lead(m)
	}
	c.waiting = append(c.waiting, m)
	c.mu.Unlock()
	r := <-m.result
	if r.lead {
		return c.lead(m)
	}
	return r.err
}

// lead commits a group of m and the writes waiting, hands the lead to the
// next write waiting, if any, and returns the group's outcome. A leader
// is never among the waiting, so each write is in exactly one group.
func (c *committer) lead(m *groupMember) error {
	c.mu.Lock()
	group, n := []*groupMember{m}, len(m.stmts)
	taken := 0
	for _, w := range c.waiting {
		if n += len(w.stmts); n > maxGroup {
			break
		}
		group = append(group, w)
		taken++
	}
	c.waiting = append(c.waiting[:0:0], c.waiting[taken:]...)
	c.mu.Unlock()

	err := c.send(group)
	c.groups.Add(1)
	c.members.Add(int64(len(group)))
	for _, w := range group[1:] {
		w.result <- groupResult{err: err}
	}

	c.mu.Lock()
	if len(c.waiting) > 0 {
		next := c.waiting[0]
		c.waiting = c.waiting[1:]
		c.mu.Unlock()
		next.result <- groupResult{lead: true}
	} else {
		c.leaders--
		c.mu.Unlock()
	}
	return err
}

// send commits the group's statements in one transaction, in one round
// trip.
func (c *committer) send(group []*groupMember) error {
	ctx, cancel := context.WithTimeout(context.Background(), groupTimeout)
	defer cancel()
	conn, err := c.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release() // destroyed if left inside a transaction
	b := &pgx.Batch{}
	b.Queue(c.begin)
	for _, w := range group {
		for _, s := range w.stmts {
			b.Queue(s.sql, s.args...)
		}
	}
	b.Queue("COMMIT")
	if c.trips != nil {
		c.trips.Add(1)
	}
	br := conn.SendBatch(ctx, b)
	for range b.Len() {
		if _, err = br.Exec(); err != nil {
			break
		}
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err // the outcome is unknown
	}
	// Refused: PostgreSQL skipped what followed the failure, COMMIT
	// included, and left the transaction failed (or ended it, when the
	// COMMIT was what failed).
	conn.Exec(ctx, "ROLLBACK")
	c.refused.Add(1)
	return errGroupRefused
}
