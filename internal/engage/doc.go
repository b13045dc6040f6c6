// Package engage is the engagement engine: it sets escalations in motion
// (StartEngagement), pages every target through the delivery layer,
// advances stage by stage on time, retries failed channels, records
// receipts, and stops when an essential contact acknowledges or someone
// stops the engagement.
//
// The Engine is the one home of the ten engagement operations of the
// API: StartEngagement, StopEngagement and AcceptPage (ops.go), and the
// reads DescribeEngagement, ListEngagements, DescribePage,
// ListPagesByContact, ListPagesByEngagement, ListPageReceipts and
// ListPageResolutions (reads.go). The records they read and write are
// package contacts' types, behind its Store.
//
// # Timers are rows
//
// Every future action is a contacts.Timer row with a due time, written in
// the same transaction as the state change that implies it:
//
//   - ESCALATION_STAGE (Ref engagement, Arg k): start stage k of the
//     engaged escalation plan; Arg == len(stages) ends the plan.
//   - TRACK_STAGE (Ref track, Arg k): start stage k of one personal
//     contact's engagement plan (a "track"); Arg == len(stages) ends it.
//   - DELIVER (Ref outbox message): send a message (an activation code or
//     a page), and for a page record SENT or ERROR and maybe a retry.
//
// The worker reads due rows, performs each step in its own Store.Write
// (re-reading the row first, so a step is applied at most once per row),
// and writes the outcome and any next timers in that same write. Steps
// run concurrently, so that SQLite's group commit can share one durable
// commit among many of them (each in its own savepoint). Nothing lives only in
// memory: kill the process at any point and restart it, and due work that
// was missed runs at once. A step that fails (a store error) is tried
// again a minute later, so that one broken row cannot keep the worker
// busy; a stage so postponed begins late, and the next stage counts from
// then.
//
// Sends run in the background once claimed, bounded in number: a slow
// transport (a webhook timing out and retrying) never holds up other due
// work. RunDue and AdvanceTo wait for them, so that time control stays
// deterministic.
//
// The worker sleeps until the earliest due time. Every commit that makes a
// timer due (a request's, or the engine's own: a retry written after a
// background send) raises the store's DueSignal with the earliest due time
// it wrote, and a raise earlier than what the worker sleeps towards wakes
// it: no caller has to remember to. A page goes out within milliseconds of
// StartEngagement, a stage or a retry within milliseconds of its due time.
// There is no polling interval. A claimed timer counts as due again when
// its lease runs out, so a claim whose outcome was never recorded is
// taken over on time too.
//
// # Limits
//
// On SQLite every step writes through the store's single writer, which
// bounds throughput: when many pages fall due at once they go out over
// seconds, in due order. BenchmarkEngagements (10,000 engagements of three
// stages) and BenchmarkStageLatency (one stage, nothing else due) measure
// it there.
//
// # Sends and the at-least-once edge
//
// A send leaves the transaction, so DELIVER is done in two steps: claim
// (timer claimed, message SENDING, attempts+1: committed), send, then
// record the outcome and delete the timer (committed). A page's first send
// is claimed by the stage step that creates the page, in its transaction,
// and sent once that commits; retries and takeovers claim their timer on
// their own. A claim is owned (Config.Owner, the replica id) and leased
// (Config.Lease, 10 s by default): while Run runs, a heartbeat renews the
// claims of the sends in flight every third of the lease, so a slow send
// keeps its claim, and the outcome is recorded only if the claim is still
// the engine's (leases.go). If the process dies between the send and the
// second commit, the claim is void at the next start (single node) or when
// its lease expires (several nodes), and the message is sent again with
// the same message id: delivery is at least once at that one edge, and
// receivers de-duplicate on the message id (X-Ssmcontacts-Message-Id, the
// email Message-ID). So it is when a replica pauses past its lease and
// another takes the send over: the paused one's outcome, when it resumes,
// is not recorded. A graceful shutdown still records a send that
// completed; only a send it cuts short goes out again, and at once: the
// engine releases its claims when it stops (TimerReleaseClaims), so
// another replica takes them without waiting out the lease. A page's retries
// after a reported failure reuse the same message (and id) too.
//
// # Semantics chosen where AWS does not document them
//
//   - A stage's retry window is the stage's duration: a failed send is
//     retried every RetryIntervalInMinutes while the next attempt falls
//     before the stage's end; a last stage of duration 0 gets no retries.
//   - A READ acknowledgement ends the acknowledging contact's own plan
//     (they are not paged further: their pages still waiting for a retry
//     get a STOP receipt, "Acknowledged"). When that contact is an essential
//     escalation target, the escalation plan starts no further stages.
//     Other contacts already engaged continue their own plans.
//     DELIVERED only records delivery.
//   - Nothing is recorded on an engagement's pages after its StopTime. Due
//     work that runs late (after a restart) runs in due order within a
//     track: sends claimed before stage steps, so a retry that fell due
//     before the plan ended is sent and recorded before the end. The end
//     of a plan stops the retries still waiting; a first send still on its
//     way when the plan ends is recorded, and the engagement's StopTime
//     moves to that record. A page stopped while its send is in flight
//     (StopEngagement, an acknowledgement) keeps STOP as its last receipt;
//     the outbox entry records what the send did.
//   - An engagement gets its StopTime when nothing more can happen: its
//     escalation plan (if any) has run or been ended and every engaged
//     contact's plan has run its last stage or been acknowledged; or when
//     StopEngagement is called. Stopping records a STOP receipt on every
//     page not yet sent; timers of a stopped engagement do nothing when
//     they come due.
//   - Only ACTIVATED channels are paged; a deleted channel is skipped.
//   - Plans are read when an engagement (or an escalation stage) engages a
//     contact, so later edits do not change what is already in motion.
//
// # Phones
//
// Phone providers report and reply through package phone, which calls
// the engine (phone.go here), never the store:
//
//   - OpenPagesTo lists the pages open to a number (sent, not read, of a
//     running engagement, of a contact who has not acknowledged); a
//     phone number is not an account, so this spans accounts, and only
//     pages sent to that number are ever listed or acknowledged.
//   - AcceptPageSentTo and AcceptMessage (a keypress during a call)
//     acknowledge through accept, exactly as AcceptPage READ does.
//   - ReportDelivery records a provider's status callback: DELIVERED
//     through accept (as AcceptPage DELIVERED), or ERROR with the
//     provider's reason and a retry that decideDelivery decides, as for
//     a send that failed at once. A report on an earlier attempt (another
//     provider id) or on a message not SENT changes nothing, and nothing
//     is recorded on a page of a stopped engagement. A report that
//     arrives before its send is recorded (the provider was faster than
//     the commit) finds the message SENDING and is dropped: providers
//     report final outcomes seconds later, so this is rare, and the page
//     then keeps its SENT receipt.
//
// # Library decision
//
// River (riverqueue/river) was considered as the job layer. Its SQLite
// driver is still "early testing", and its producers poll on wall-clock
// intervals, which fights the controllable clock (a test must wait a poll
// interval after moving time). The timer table here is small, works with
// the injected clock through the store's own transactions, and has a claim
// query that takes FOR UPDATE SKIP LOCKED unchanged on PostgreSQL.
package engage
