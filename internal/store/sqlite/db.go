package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/contactcache"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Memory is the path that selects a private in-memory database.
const Memory = ":memory:"

// DB is a SQLite-backed contacts.Store.
type DB struct {
	write *sql.DB
	read  *sql.DB // == write for in-memory databases
	ckpt  *sql.DB // checkpoints the WAL; nil for in-memory databases

	queue      chan *writeReq
	writerDone chan struct{}
	// checkpoints asks the checkpointer for a checkpoint (see writer).
	checkpoints      chan struct{}
	checkpointerDone chan struct{}
	cache            *contactcache.Cache
	due              *contacts.DueSignal
	lock             *fileLock // nil for in-memory databases
}

var _ contacts.Store = (*DB)(nil)

// Open opens (creating if needed) the database at path, or a private
// in-memory database for Memory, and applies pending migrations. A file
// is opened by one process at a time: while another holds it, Open
// returns an *InUseError.
func Open(ctx context.Context, path string) (*DB, error) {
	db := &DB{cache: contactcache.New(), due: contacts.NewDueSignal()}
	var err error
	if path == Memory {
		err = db.openMemory()
	} else {
		err = db.openFile(ctx, path)
	}
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.closePools()
		return nil, err
	}
	db.queue = make(chan *writeReq, maxBatch)
	db.writerDone = make(chan struct{})
	db.checkpoints = make(chan struct{}, 1)
	db.checkpointerDone = make(chan struct{})
	go db.writer()
	go db.checkpointer()
	return db, nil
}

func (db *DB) openMemory() error {
	// One connection: every connection to ":memory:" is its own database.
	var err error
	db.write, err = open(dsn("file::memory:", "immediate"), 1)
	db.read = db.write
	return err
}

// openFile takes the file's lock before opening it, so that a second
// process never reads the database at all.
func (db *DB) openFile(ctx context.Context, path string) (err error) {
	if db.lock, err = lockDB(path); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			db.lock.release()
		}
	}()
	uri, err := fileURI(path)
	if err != nil {
		return fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if db.write, err = open(dsn(uri, "immediate", writerPragmas...), 1); err != nil {
		return err
	}
	if err := db.write.PingContext(ctx); err != nil {
		db.write.Close()
		return fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if db.read, err = open(dsn(uri, "deferred"), max(4, runtime.GOMAXPROCS(0))); err != nil {
		db.write.Close()
		return err
	}
	if db.ckpt, err = open(dsn(uri, "deferred"), 1); err != nil {
		db.write.Close()
		db.read.Close()
		return err
	}
	return nil
}

// writerPragmas are the writer connection's own settings. Under a burst of
// engagements the writer's time went to reading pages back from the WAL
// file (a 2 MB page cache) and to the checkpoints its commits ran
// (BenchmarkEngagements, profiled): it keeps 64 MB of pages, and the
// checkpointer (see checkpointer) copies the WAL back from its own
// connection, so the writer checkpoints only when the WAL has grown large
// regardless.
var writerPragmas = []string{"cache_size(-65536)", "wal_autocheckpoint(10000)"}

func dsn(base, txlock string, extra ...string) string {
	q := url.Values{}
	// Savepoint journals in memory rather than in temporary files: under a
	// burst of engagements, writing them showed as write system calls
	// inside the writer's transactions (BenchmarkEngagements, profiled).
	for _, p := range append([]string{"journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)", "busy_timeout(10000)", "temp_store(MEMORY)"}, extra...) {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", txlock)
	return base + "?" + q.Encode()
}

func open(dsn string, conns int) (*sql.DB, error) {
	connector, err := newCachingConnector(dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	d := sql.OpenDB(connector)
	d.SetMaxOpenConns(conns)
	d.SetMaxIdleConns(conns)
	d.SetConnMaxLifetime(0)
	d.SetConnMaxIdleTime(0)
	return d, nil
}

// Close finishes queued writes and closes both pools. No Write may be
// called after Close.
func (db *DB) Close() error {
	close(db.queue)
	<-db.writerDone
	close(db.checkpoints)
	<-db.checkpointerDone
	return db.closePools()
}

// closePools closes the connections, then drops the file lock.
func (db *DB) closePools() error {
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	if db.ckpt != nil {
		err = errors.Join(err, db.ckpt.Close())
	}
	return errors.Join(err, db.lock.release())
}

// Read runs fn in a read-only snapshot transaction.
func (db *DB) Read(ctx context.Context, fn func(contacts.Tx) error) error {
	t := newTx(db, nil, nil)
	err := fn(t)
	if t.tx == nil {
		return err
	}
	if err != nil {
		t.tx.Rollback()
		return err
	}
	if err := t.tx.Commit(); err != nil {
		// database/sql rolls a transaction back itself when its context
		// ends; say why rather than "already rolled back".
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	return nil
}

// Write runs fn on the writer, in a transaction it may share with other
// writes (see writer); it returns once fn's changes are durably committed,
// or rolled back when fn failed.
func (db *DB) Write(ctx context.Context, fn func(contacts.Tx) error) error {
	r := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case db.queue <- r:
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-r.done
}

// DueSignal is raised after each commit that made timers due.
func (db *DB) DueSignal() *contacts.DueSignal { return db.due }

// SQL returns the pool of read connections, for a tool that reads every
// table as it is stored (copy-db) while this DB holds the file's lock.
// The server goes through Read and Write.
func (db *DB) SQL() *sql.DB { return db.read }

// Secret returns the named secret, creating a random one on first use.
func (db *DB) Secret(ctx context.Context, name string) ([]byte, error) {
	var value []byte
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `SELECT value FROM secrets WHERE name = ?`, name).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		value = make([]byte, 32)
		if _, err := rand.Read(value); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO secrets (name, value) VALUES (?, ?)`, name, value); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	return value, tx.Commit()
}

func (db *DB) migrate(ctx context.Context) error {
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(files)
	// One transaction for all of them: each commit of a new file is a
	// synchronous write, and start-up on a new file paid one per migration.
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("sqlite: migrations table: %w", err)
	}
	for _, f := range files {
		name := strings.TrimPrefix(f, "migrations/")
		version, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("sqlite: migration %s: bad version", name)
		}
		if err := apply(ctx, tx, version, name, f); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func apply(ctx context.Context, tx *sql.Tx, version int, name, file string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := migrations.ReadFile(file)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("sqlite: migration %s: %w", name, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, version, name)
	return err
}

// translate maps driver errors to the store errors the domain knows.
func translate(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE:
			return fmt.Errorf("%w: %v", contacts.ErrDuplicate, err)
		}
	}
	if errors.Is(err, sql.ErrNoRows) {
		return contacts.ErrNotFound
	}
	return err
}
