package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
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
	for i, r := range batch {
		errs[i] = runSavepoint(tx, r)
	}
	if err := tx.Commit(); err != nil {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = fmt.Errorf("sqlite: commit: %w", err)
			}
		}
	}
	for i, r := range batch {
		r.done <- errs[i]
	}
}

// runSavepoint runs one write inside a savepoint of the batch transaction.
func runSavepoint(tx *sql.Tx, r *writeReq) (err error) {
	if err := r.ctx.Err(); err != nil {
		return err
	}
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
	return r.fn(&Tx{tx: tx})
}
