// Package postgres is the PostgreSQL backend of contacts.Store, on
// github.com/jackc/pgx/v5 (pgxpool), for several server replicas sharing
// one database.
//
// # Concurrency protocol
//
// Write runs its function in a SERIALIZABLE transaction. PostgreSQL
// aborts one of two transactions whose reads and writes cannot be put in
// some serial order (SQLSTATE 40001), and one of a deadlock (40P01); Write
// then rolls back and runs the function again on fresh data, with a random
// backoff that doubles up to 250 ms, up to 30 times; past that it returns
// contacts.ErrBusy (the API answers ThrottlingException, the engine runs
// the step again in its next round). The domain's write functions only touch
// their Tx, so running one again is safe, and no read-modify-write (an
// engagement's open tracks, a channel's send counter) can lose an update
// whichever replica makes it. No explicit row locks are needed, except
// where a write selects work: TimerDue in a Write adds FOR UPDATE SKIP
// LOCKED, so that two writers selecting at once take different timers.
// Read runs in a REPEATABLE READ READ ONLY transaction, one snapshot.
// Every transaction begins with its first statement, BEGIN and the
// statement in one round trip (lazy_tx.go), and takes a connection from
// the pool only then: a read the contact cache answers takes none.
//
// A write's first attempt is optimistic, three ways, and is answered from
// only when it committed with every guess confirmed; otherwise the
// function runs again at once without the guess that failed, so that its
// errors are the ones a plain run gives:
//   - Statements whose caller needs only their success (an INSERT of a
//     contact, its tags, a token's record: sqlstore.Conn.ExecLater) are
//     held back and sent with the next statement or with COMMIT. One that
//     fails fails the transaction, which then runs again with every
//     statement sent when made.
//   - An idempotency token is presumed unused without reading it, and its
//     record is inserted with no ON CONFLICT clause, which verifies the
//     presumption (idempotency.go); a token in use, or a first attempt
//     that presumed and then failed, runs again reading the token first.
//   - A write that read nothing, all its statements held back, commits in
//     a group with the writes of this replica that arrive while groups are
//     committing: one transaction, one round trip and one WAL flush for
//     all of them (group_commit.go). A group is all or nothing; when
//     PostgreSQL refuses it (a duplicate alias, a reused token, a
//     serialization failure), nothing of it is committed and each of its
//     writes runs again alone. Running the writes of a group one after the
//     other, each in its own transaction, would do exactly what the group
//     does: none of them read, so none can see another's rows in a way a
//     serial order would not give.
//
// So a CreateContact, with or without a token or tags, costs one round
// trip, shared under load with the creates that go with it.
//
// The engine's steps write through WriteStep (contacts.StepWriter) under
// REPEATABLE READ instead, with EngagementGet and TrackGet taking FOR
// UPDATE: SERIALIZABLE's predicate locks cover whole index pages, so the
// steps of unrelated engagements collided until they gave up. Snapshot
// isolation still refuses two concurrent writes of one row (40001, run
// again); what it leaves open is write skew, a decision on rows the
// transaction does not write. A step decides on its engagement and its
// track, which it locks, so a concurrent stop or acknowledgement that
// changes them waits for the step or runs again after it.
//
// # Timers across replicas
//
// A claim (TimerClaim) is a compare-and-set on claimed_at and a lease,
// owned by the replica that took it (claimed_by, its replica id). The
// engine of a live replica renews the leases of its claims, the sends it
// has in flight, every third of a lease in one statement
// (TimerRenewClaims: UPDATE … WHERE claimed_by = me), so a send may take
// as long as it takes (a webhook timing out and retrying) and keep its
// claim. The claims of a replica that dies are no longer renewed: they
// expire within a lease of its last heartbeat, and the other replicas
// take the timers over then (TimerNextDue wakes them at that instant).
// With the default lease (10 s) a dead replica's sends go out again
// within about 10 s. A replica records a send's outcome only over a claim
// it still owns (TimerDeleteClaimed, a compare-and-set on claimed_by, is
// the first write of the recording transaction), and so does a failed
// step that it postpones: a replica that was paused (a long GC, SIGSTOP, a
// frozen VM) past its lease, and whose claim another replica took over
// meanwhile, records nothing when it resumes. DB is a
// contacts.SharedStore, so the engine never calls TimerReleaseAll here: a
// starting replica must not void the claims of the running ones.
//
// The at-least-once edge: a send that reached the provider while its
// replica then died, or paused past its lease, before it recorded the
// outcome is sent again by the replica that takes it over, under the same
// message id (receivers de-duplicate on it); the store records one
// outcome, the new owner's. Nothing else is sent twice.
//
// Leases compare the claim times replicas write with their own clocks: a
// skew between two replicas' clocks shortens the lease as the other sees
// it. Keep the replicas' clocks synchronized (NTP) to well within two
// thirds of the lease, the margin between a heartbeat and expiry.
//
// After a write that inserted timers commits, the store raises its own
// DueSignal and announces the earliest due time to the other replicas:
// a goroutine sends NOTIFY ssmcontacts_timers '<store id> <earliest due,
// epoch ms>' for the earliest time announced since its last NOTIFY, in a
// statement of its own. (A NOTIFY inside the write would hold
// PostgreSQL's cluster-wide notification lock through the commit's WAL
// flush, putting every such commit in a single file.) Each DB LISTENs on a
// dedicated connection and raises its DueSignal with the due times the
// other replicas announce; after reconnecting it raises once, since
// announcements may have been missed meanwhile.
//
// # The contact cache across replicas
//
// Each replica answers reads of a contact from memory (contactcache)
// while it holds a lease in contact_cache_replicas (contacts_cache.go,
// which states the protocol). A write that updates or deletes a contact
// sends NOTIFY ssmcontacts_contacts inside its transaction, delivered if
// and only if it commits, and returns only once every registered replica
// has acknowledged dropping the contact, registered again with an emptied
// cache, or let its lease (3 s) run out by the database's clock, after
// which the writer removes the row; a replica that renews without
// acknowledging is evicted after two leases. A replica renews only after
// its own heartbeat came back through its listener, and serves only until
// that heartbeat's send time plus the lease, less a tenth: so it stops
// serving before a writer stops waiting for it, as long as the replicas'
// clocks run at the database's rate to within that tenth. Inserts wait
// for nobody, since no cache holds a contact that does not exist. A read
// fills the cache only if it began while the cache served and no
// invalidation came in between. The cache's heartbeats, renewals and
// acknowledgements use two connections of their own. While a replica of
// an ssmcontacts without the cache is connected (its listener's
// application_name is "ssmcontacts listener <id>", where this version's
// is "ssmcontacts/2 listener <id>"), no replica registers or serves.
//
// # The controllable clock across replicas
//
// With --clock=controllable the replicas share one clock (SharedClock,
// clock.go): its value is the one row of service_clock (epoch ms). Each
// replica reads a cached copy, a clock.Controllable, so that Now costs
// nothing; the same listener connection LISTENs on ssmcontacts_clock,
// whose payload is the new value, and after reconnecting the store reads
// the row again. Applying a value fires the copy's timers (the engine
// sleeps on one until its next due time) and raises DueSignal with the
// zero time, so every replica's engine looks at the timers again.
//
// The clock only moves forward. A replica applies a value only if it is
// later than its copy; SharedClock.AdvanceTo takes the row's lock (FOR
// UPDATE) for each step, so concurrent advances from several replicas
// combine as their maximum; the first replica to start sets the clock to
// its --clock-start (or now), a later one takes the row's value unless its
// explicit --clock-start is later.
//
// AdvanceTo walks to the target one due time at a time. Under the row's
// lock it moves the clock only when no timer due at or before it is left,
// claimed or not, and then only as far as the earliest timer (or the
// target). A step of the engine deletes its timer and schedules the next
// in one commit, and a claimed send keeps its timer until its outcome is
// recorded, so "no due timer left" means the work due so far is done,
// whichever replica did it; and a claim never sees the clock jump past its
// lease. Between steps it polls the database (2 ms, doubling to 50 ms) and
// gives up after SettleTimeout (2 minutes) without progress, leaving the
// clock where it got to: a replica that died holding a claim keeps its
// timer due until its lease runs out on the clock, which no step passes.
//
// Each replica records the value its copy has reached in
// service_clock_seen (at start, after each announcement, after
// reconnecting), and its listener connection carries the application_name
// "ssmcontacts/2 listener <store id>". AdvanceTo returns only once every
// replica recorded there whose listener is connected (pg_stat_activity)
// has reached the final value, so what a client does next through any
// replica happens at that time. A replica whose listener is down is not
// waited for; it reads the row again when it reconnects. The admin clock
// endpoint reads the row itself.
//
// # Schema
//
// The schema is the SQLite backend's, in PostgreSQL types: times are
// BIGINT epoch milliseconds (the same rounding as SQLite; "now" is always
// a parameter), documents JSON in TEXT, text compared bytewise (COLLATE
// "C") so that lists page in the same order. Queries are written with ?
// placeholders as in the SQLite backend and numbered ($1, $2, …) before
// they are sent. Errors are translated by SQLSTATE: 23505 (unique
// violation) is contacts.ErrDuplicate.
//
// Migrations are embedded SQL files, applied at Open in one transaction
// under pg_advisory_xact_lock, so replicas starting together migrate once.
// Open refuses a database whose schema_migrations records a version this
// binary does not know (a newer ssmcontacts migrated it).
package postgres
