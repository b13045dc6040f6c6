package e2e

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestOneServerPerDatabase: a second server on a database file in use
// exits non-zero naming the file, the holder's pid and the lock; once the
// holder is killed (-9: nothing is cleaned up) a new server starts on it.
func TestOneServerPerDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shared.db")
	first := start(t, options{db: db})
	pid := first.cmd.Process.Pid

	cmd := exec.CommandContext(ctx(t), binary, "serve", "--addr", "127.0.0.1:0", "--db", db)
	out, err := cmd.CombinedOutput()
	want := fmt.Sprintf("--db %s: the database is in use by another ssmcontacts process (pid %d, lock %s.lock); stop it or use another --db", db, pid, db)
	if code := cmd.ProcessState.ExitCode(); err == nil || code == 0 || !strings.Contains(string(out), want) {
		t.Fatalf("second server: exit %d, output:\n%s\nwant a non-zero exit and %q", code, out, want)
	}

	first.kill()
	start(t, options{db: db})
}
