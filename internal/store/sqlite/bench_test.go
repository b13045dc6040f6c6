package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/store/storetest"
)

func openBench(b *testing.B) *DB {
	db, err := Open(context.Background(), filepath.Join(b.TempDir(), "db.sqlite"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkContactGet is the store's share of a GetContact, on a file
// database.
func BenchmarkContactGet(b *testing.B) { storetest.BenchContactGet(b, openBench(b)) }

// BenchmarkTimerNextDue against the query that scanned every timer.
func BenchmarkTimerNextDue(b *testing.B) {
	db := openBench(b)
	storetest.BenchTimerNextDue(b, db, nil, func(ctx context.Context) error {
		var due *int64
		return db.read.QueryRowContext(ctx, `SELECT min(CASE WHEN claimed_at IS NULL THEN due_at
			ELSE max(due_at, claimed_at + 10000 + 1) END) FROM timers`).Scan(&due)
	})
}
