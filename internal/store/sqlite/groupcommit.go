package sqlite

import (
	"context"
	"fmt"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/contactcache"
)

// maxBatch bounds how many writes share one commit.
const maxBatch = 256

// writeReq is one Write waiting for the writer.
type writeReq struct {
	ctx  context.Context
	fn   func(contacts.Tx) error
	done chan error
}

// writer runs every Write. A durable commit costs an fsync (milliseconds
// on real disks), so writes that queue up while a commit is in flight are
// run together in the next transaction, each inside its own SAVEPOINT: a
// write whose fn fails is rolled back alone, the others commit together
// with one fsync, and each caller is answered only after that commit.
// This is group commit; it keeps one writer (as SQLite requires) without
// making durable writes wait on each other's fsyncs.
func (db *DB) writer() {
	defer close(db.writerDone)
	commits := 0
	for {
		first, ok := <-db.queue
		if !ok {
			return
		}
		batch := []*writeReq{first}
	drain:
		for len(batch) < maxBatch {
			select {
			case r, ok := <-db.queue:
				if !ok {
					break drain
				}
				batch = append(batch, r)
			default:
				break drain
			}
		}
		db.runBatch(batch)
		if commits++; commits >= checkpointEvery {
			commits = 0
			select {
			case db.checkpoints <- struct{}{}:
			default: // one is under way
			}
		}
	}
}

// checkpointEvery is how many of the writer's transactions pass between
// requests for a checkpoint.
const checkpointEvery = 16

// checkpointer copies the WAL back into the database file when the writer
// asks, from its own connection: a passive checkpoint runs alongside the
// writer's transactions instead of inside them. The writer's own automatic
// checkpoint (wal_autocheckpoint, see writerPragmas) remains as a bound on
// the WAL's size in case this one falls behind.
func (db *DB) checkpointer() {
	defer close(db.checkpointerDone)
	for range db.checkpoints {
		if db.ckpt == nil {
			continue // in memory: no WAL
		}
		var busy, log, done int
		if err := db.ckpt.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &log, &done); err != nil {
			continue // the next request tries again; the writer's checkpoints bound the WAL meanwhile
		}
	}
}

func (db *DB) runBatch(batch []*writeReq) {
	errs := make([]error, len(batch))
	tx, err := db.write.BeginTx(context.Background(), nil)
	if err != nil {
		for _, r := range batch {
			r.done <- fmt.Errorf("sqlite: begin write: %w", err)
		}
		return
	}
	var dirty []contactcache.Key
	var due contacts.DueTimes
	for i, r := range batch {
		t := newTx(db, tx, &dirty)
		if errs[i] = runSavepoint(t, r); errs[i] == nil {
			due.Merge(t.Due()) // a write rolled back to its savepoint made nothing due
		}
	}
	committed := true
	if err := tx.Commit(); err != nil {
		committed = false
		for i := range errs {
			if errs[i] == nil {
				errs[i] = fmt.Errorf("sqlite: commit: %w", err)
			}
		}
	}
	// Before anyone hears of the commit, so that an acknowledged write is
	// never followed by a read of the old value, nor a timer it scheduled
	// by a sleeping engine.
	db.cache.Invalidate(dirty)
	if committed {
		due.RaiseOn(db.due)
	}
	for i, r := range batch {
		r.done <- errs[i]
	}
}

// runSavepoint runs one write inside a savepoint of the batch transaction.
func runSavepoint(t *Tx, r *writeReq) (err error) {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	tx := t.tx
	if _, err := tx.ExecContext(r.ctx, "SAVEPOINT w"); err != nil {
		return fmt.Errorf("sqlite: savepoint: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("sqlite: write panicked: %v", p)
		}
		if err != nil {
			// Roll back this write only; a failure here poisons the
			// whole batch, which the commit will then report.
			tx.Exec("ROLLBACK TO w")
		}
		tx.Exec("RELEASE w")
	}()
	return r.fn(t)
}
