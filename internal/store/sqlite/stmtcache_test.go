package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
)

// openConn returns one connection of a fresh in-memory database holding a
// table of numbers 1..5.
func openConn(t *testing.T) *sql.Conn {
	t.Helper()
	ctx := context.Background()
	db, err := open(dsn("file::memory:", "immediate"), 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("closing the pool: %v", err)
		}
	})
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(ctx, `CREATE TABLE n (v INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	for v := 1; v <= 5; v++ {
		if _, err := conn.ExecContext(ctx, `INSERT INTO n (v) VALUES (?)`, v); err != nil {
			t.Fatal(err)
		}
	}
	return conn
}

func cacheSize(t *testing.T, conn *sql.Conn) int {
	t.Helper()
	n := -1
	if err := conn.Raw(func(dc any) error { n = len(dc.(*cachingConn).stmts); return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestStatementCacheReusesStatements(t *testing.T) {
	ctx := context.Background()
	conn := openConn(t)
	before := cacheSize(t, conn)
	for v := 1; v <= 5; v++ {
		var got int
		if err := conn.QueryRowContext(ctx, `SELECT v * 10 FROM n WHERE v = ?`, v).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != v*10 {
			t.Errorf("v = %d: got %d, want %d", v, got, v*10)
		}
	}
	if got := cacheSize(t, conn) - before; got != 1 {
		t.Errorf("five runs of one query cached %d statements, want 1", got)
	}
}

// A query run again while its own rows are still open is prepared afresh:
// one SQLite statement cannot run twice at once.
func TestStatementCacheRunsABusyQueryAfresh(t *testing.T) {
	ctx := context.Background()
	conn := openConn(t)
	const q = `SELECT v FROM n WHERE v >= ? ORDER BY v`
	outer, err := conn.QueryContext(ctx, q, 1)
	if err != nil {
		t.Fatal(err)
	}
	var pairs []string
	for outer.Next() {
		var a int
		if err := outer.Scan(&a); err != nil {
			t.Fatal(err)
		}
		inner, err := conn.QueryContext(ctx, q, 4)
		if err != nil {
			t.Fatal(err)
		}
		for inner.Next() {
			var b int
			if err := inner.Scan(&b); err != nil {
				t.Fatal(err)
			}
			pairs = append(pairs, fmt.Sprint(a, b))
		}
		if len(pairs) > 10 {
			t.Fatalf("the outer rows start over: %v", pairs)
		}
		if err := inner.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := outer.Err(); err != nil {
		t.Fatal(err)
	}
	outer.Close()
	if len(pairs) != 10 || pairs[0] != "1 4" || pairs[9] != "5 5" {
		t.Errorf("nested runs of one query gave %v", pairs)
	}
	// Once its rows are closed the cached statement serves again.
	var n int
	if err := conn.QueryRowContext(ctx, q, 3).Scan(&n); err != nil || n != 3 {
		t.Errorf("after the nested runs: %d, %v", n, err)
	}
}

func TestStatementCacheIsBounded(t *testing.T) {
	ctx := context.Background()
	conn := openConn(t)
	for i := range maxCachedStatements + 10 {
		var got int
		if err := conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT %d + v FROM n WHERE v = 1`, i)).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != i+1 {
			t.Fatalf("query %d: got %d", i, got)
		}
	}
	if n := cacheSize(t, conn); n != maxCachedStatements {
		t.Errorf("cache holds %d statements, want the bound %d", n, maxCachedStatements)
	}
}
