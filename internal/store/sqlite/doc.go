// Package sqlite is the embedded SQLite backend of contacts.Store, on
// modernc.org/sqlite (pure Go, no cgo).
//
// A file database runs in WAL mode with synchronous=FULL, so a committed
// write survives a crash or power loss, foreign keys on, and two pools: one
// writer connection whose transactions begin IMMEDIATE (SQLite allows one
// writer at a time; taking the lock up front avoids deadlocking upgrades)
// and several reader connections that see consistent snapshots while the
// writer works. ":memory:" is one private in-memory database on a single
// connection, for tests and throw-away servers.
//
// A file is opened by one process at a time (each DB caches contacts, so
// a second writer would make its cache stale): Open holds an advisory
// lock on the sidecar file <db>.lock, which records the holder's pid and
// is released by the kernel when the holder exits, even by kill -9. The
// lock file stays on disk. --db is a plain path: it is escaped into the
// driver's file: URI, never read as one.
//
// Claims on timers name their owner (the engine's replica id) as on
// PostgreSQL, but one process is the only worker of a file: the engine
// voids every claim at start-up (TimerReleaseAll), and its heartbeat's
// renewals (TimerRenewClaims) only touch its own claims, harmlessly.
//
// Migrations are embedded SQL files applied in order at Open, each in its
// own transaction, recorded in schema_migrations.
package sqlite
