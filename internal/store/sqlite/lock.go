package sqlite

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// InUseError is Open's answer when another process holds the database:
// the design has one process per file, because each keeps a cache of
// contacts that another process's writes would leave stale.
type InUseError struct {
	Path     string // the database file, absolute
	LockPath string // the file whose lock is held
	PID      int    // the holder's process id, 0 when unknown
}

func (e *InUseError) Error() string {
	return fmt.Sprintf("the database %s is in use by another ssmcontacts process (%s)", e.Path, e.Holder())
}

// Holder says what is known of the holder: "pid 1234, lock /x.db.lock".
func (e *InUseError) Holder() string {
	if e.PID > 0 {
		return fmt.Sprintf("pid %d, lock %s", e.PID, e.LockPath)
	}
	return "lock " + e.LockPath
}

// errLocked is what tryLock returns when another open file holds the lock.
var errLocked = errors.New("locked")

// fileLock is an exclusive advisory lock on the sidecar file <db>.lock,
// holding the owner's pid. The kernel drops it when the owner's file is
// closed or the process dies (kill -9 included), so a crash leaves no
// stale lock. The file itself stays: removing it would let a process that
// opened the old file and one that creates a new one both hold "the" lock.
type fileLock struct {
	f *os.File
}

// lockDB takes the lock of the database at path (which may not exist
// yet), or returns an *InUseError.
func lockDB(path string) (*fileLock, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real // two names of one file share one lock
	}
	lockPath := abs + ".lock"
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("sqlite: lock: %w", err)
	}
	if err := tryLock(f); err != nil {
		defer f.Close()
		if errors.Is(err, errLocked) {
			return nil, &InUseError{Path: abs, LockPath: lockPath, PID: readPID(f)}
		}
		return nil, fmt.Errorf("sqlite: lock %s: %w", lockPath, err)
	}
	if err := writePID(f, os.Getpid()); err != nil {
		unlock(f)
		f.Close()
		return nil, fmt.Errorf("sqlite: lock %s: %w", lockPath, err)
	}
	return &fileLock{f: f}, nil
}

// release drops the lock. A nil lock (in-memory databases) is fine.
func (l *fileLock) release() error {
	if l == nil {
		return nil
	}
	return errors.Join(unlock(l.f), l.f.Close())
}

func writePID(f *os.File, pid int) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.WriteAt([]byte(strconv.Itoa(pid)+"\n"), 0)
	return err
}

// readPID reads the holder's pid; 0 when the file does not hold one (the
// holder may be between taking the lock and writing it).
func readPID(f *os.File) int {
	b, err := io.ReadAll(io.NewSectionReader(f, 0, 32))
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}
