package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestPathIsNotURI: --db is a file path. Characters that mean something
// in a URI name exactly the file given, which is in WAL mode and keeps
// its data.
func TestPathIsNotURI(t *testing.T) {
	for _, name := range []string{"a?b.db", "pct%41.db", "h#x.db", "sp ace&amp;=.db"} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			db, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			var mode string
			if err := db.read.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
				t.Fatal(err)
			}
			if mode != "wal" {
				t.Errorf("journal_mode = %q, want wal", mode)
			}
			key, err := db.Secret(ctx, "k")
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if got, want := dirNames(t, dir), []string{name, name + ".lock"}; !slices.Equal(got, want) {
				t.Errorf("files %q, want %q", got, want)
			}
			db, err = Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if again, err := db.Secret(ctx, "k"); err != nil || string(again) != string(key) {
				t.Errorf("after reopening, the secret is %x (%v), want %x", again, err, key)
			}
		})
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
