package sqlite

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestOneOpenPerFile: while a database is open, a second Open of the
// same file (even by another name for it) is refused with the holder's
// pid and the lock file; after Close the file opens again.
func TestOneOpenPerFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "x.db")
	first, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(path, filepath.Join(dir, "alias.db")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{path, filepath.Join(dir, "sub", "..", "x.db"), filepath.Join(dir, "alias.db")} {
		second, err := Open(ctx, name)
		var inUse *InUseError
		if !errors.As(err, &inUse) {
			if second != nil {
				second.Close()
			}
			t.Fatalf("second Open(%s) = %v, want an *InUseError", name, err)
		}
		want := InUseError{Path: path, LockPath: path + ".lock", PID: os.Getpid()}
		if *inUse != want {
			t.Errorf("Open(%s): %+v, want %+v", name, *inUse, want)
		}
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	again.Close()
}
