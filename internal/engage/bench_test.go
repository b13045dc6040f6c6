package engage

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/notify"
	"github.com/ssmcontacts/ssmcontacts/internal/notify/notifytest"
	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres"
	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
	"github.com/ssmcontacts/ssmcontacts/internal/store/sqlite"
)

// BenchmarkEngagements starts 10,000 engagements of a 3-stage personal
// plan (stages of 5 minutes, one SMS channel each) with the engine's worker
// running as in the server, then moves the controllable clock to each
// stage's due time and waits for its 10,000 pages. Metrics:
//
//   - pages/s: the 20,000 pages of stages 1 and 2 over the wall time from
//     moving the clock to the last page sent;
//   - starts/s: StartEngagement calls per second, from 32 callers, while
//     the worker sends the first pages;
//   - lag-p50-ms, lag-p99-ms, lag-max-ms: from the moment the clock reached
//     a stage's due time to each page of that stage being handed to the
//     sender (wall time);
//   - first-page-p50-ms, first-page-p99-ms: from a StartEngagement call to
//     its first page being handed to the sender.
//
// Run it with
//
//	go test -run '^$' -bench Engagements -benchtime 1x ./internal/engage/
//
// The random-ids variants give the engine random (version 4) UUIDs, as
// before timeOrderedID, for comparison in the same run. The postgres
// variants run on a database of their own (see benchStores): one engine,
// or two engines on two store handles of one database as two server
// replicas are, each taking half the starts; they skip without
// PostgreSQL.
func BenchmarkEngagements(b *testing.B) {
	for _, where := range []string{"memory", "file", "memory/random-ids", "file/random-ids", "postgres", "postgres/random-ids", "postgres-2-replicas"} {
		b.Run(where, func(b *testing.B) {
			var newID func() string
			if strings.HasSuffix(where, "/random-ids") {
				newID = uuid.NewString
			}
			for range b.N {
				runEngagementLoad(b, strings.TrimSuffix(where, "/random-ids"), 10_000, newID)
			}
		})
	}
}

const benchContacts = 1000

// BenchmarkStageLatency measures one stage going out when nothing else is
// due: the wall time from the clock reaching the stage's due time to its
// page being handed to the sender, with the worker running as in the
// server (it sleeps on a timer until the due time; there is no polling).
//
//	go test -run '^$' -bench StageLatency ./internal/engage/
func BenchmarkStageLatency(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	contactARNs := benchContactsWithPlans(b, ctx, db)
	e, clk, sender, stop := benchEngine(b, ctx, db)
	defer stop()

	var lags []time.Duration
	sent := 0
	b.ResetTimer()
	for i := range b.N {
		if _, err := e.StartEngagement(ctx, scope, StartEngagementInput{
			ContactID: contactARNs[i%len(contactARNs)], Sender: "bench", Subject: "Latency", Content: "Benchmark page",
		}); err != nil {
			b.Fatal(err)
		}
		sent++
		if _, err := sender.rec.Wait(ctx, sent); err != nil {
			b.Fatal(err)
		}
		due := clk.Now().Add(5 * time.Minute)
		reached := time.Now()
		clk.Set(due)
		sent++
		msgs, err := sender.rec.Wait(ctx, sent)
		if err != nil {
			b.Fatal(err)
		}
		last := sender.all()[sent-1]
		if !msgs[sent-1].CreatedAt.Equal(due) || !last.clock.Equal(due) {
			b.Fatalf("page %d was created at %v, want the stage's due time %v", sent, msgs[sent-1].CreatedAt, due)
		}
		lags = append(lags, last.wall.Sub(reached))
		// Run the rest of this engagement's plan (its third stage) before
		// the next iteration.
		if err := e.AdvanceTo(ctx, due.Add(10*time.Minute)); err != nil {
			b.Fatal(err)
		}
		sent = len(sender.rec.Messages())
	}
	b.StopTimer()
	b.ReportMetric(ms(quantile(lags, 0.50)), "lag-p50-ms")
	b.ReportMetric(ms(quantile(lags, 0.99)), "lag-p99-ms")
}

// benchEngine starts an engine with its background worker over db, on a
// controllable clock at t0, sending to a recorder that notes send times;
// stop ends the worker.
func benchEngine(b *testing.B, ctx context.Context, db contacts.Store, newID ...func() string) (e *Engine, clk *clock.Controllable, sender *timedSender, stop func()) {
	var id func() string
	if len(newID) > 0 {
		id = newID[0]
	}
	es, clk, sender, stop := benchEngines(b, ctx, []contacts.Store{db}, id, nil)
	return es[0], clk, sender, stop
}

// benchEngines starts one engine per store, each with its background
// worker, all on one controllable clock at t0 and one sender; stop ends
// the workers. failed, if not nil, is called with the error of every
// failed step: the engine postpones such a step by a minute of the
// controllable clock, so a load waiting for its page would wait forever.
func benchEngines(b *testing.B, ctx context.Context, stores []contacts.Store, newID func() string, failed func(error)) (es []*Engine, clk *clock.Controllable, sender *timedSender, stop func()) {
	clk = clock.NewControllable(t0)
	sender = &timedSender{rec: &notifytest.Recorder{}, clock: clk}
	workerCtx, stopWorkers := context.WithCancel(ctx)
	workerDone := make(chan error, len(stores))
	for _, db := range stores {
		cfg := Config{Store: db, Clock: clk, Sender: sender, NewID: newID}
		if failed != nil {
			cfg.Observe = func(kind contacts.TimerKind, due, done time.Time, err error) {
				if err != nil && ctx.Err() == nil {
					failed(fmt.Errorf("%s step failed: %w", kind, err))
				}
			}
		}
		e, err := New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		es = append(es, e)
		go func() { workerDone <- e.Run(workerCtx) }()
	}
	return es, clk, sender, func() {
		stopWorkers()
		for range stores {
			<-workerDone
		}
	}
}

// benchStores opens the stores of a variant: "memory" and "file" (SQLite),
// "postgres" (a fresh database from pgtest, with fsync on unless
// SSMCONTACTS_BENCH_FSYNC=off, see TestMain), "postgres-2-replicas" (two
// handles on one fresh database, as two server replicas have). The
// postgres variants skip when there is no PostgreSQL;
// SSMCONTACTS_BENCH_POSTGRES_QUERY adds URL parameters to their stores'
// URL, e.g. pool_max_conns=8 (the default pool is 20 connections).
func benchStores(b *testing.B, ctx context.Context, where string) (stores []contacts.Store, closeAll func()) {
	closeAll = func() {
		for _, s := range stores {
			s.(io.Closer).Close()
		}
	}
	switch where {
	case "memory", "file":
		path := sqlite.Memory
		if where == "file" {
			path = filepath.Join(b.TempDir(), "bench.db")
		}
		db, err := sqlite.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		return []contacts.Store{db}, closeAll
	case "postgres", "postgres-2-replicas":
		url := pgtest.Database(b)
		logPostgresSettings(b, ctx, url)
		if q := os.Getenv("SSMCONTACTS_BENCH_POSTGRES_QUERY"); q != "" {
			sep := "?"
			if strings.Contains(url, "?") {
				sep = "&"
			}
			url += sep + q
		}
		n := 1
		if where == "postgres-2-replicas" {
			n = 2
		}
		for range n {
			db, err := postgres.Open(ctx, url, postgres.Config{})
			if err != nil {
				closeAll()
				b.Fatal(err)
			}
			stores = append(stores, db)
		}
		return stores, closeAll
	}
	b.Fatalf("unknown store %q", where)
	return nil, nil
}

// logPostgresSettings logs the server settings that decide a durable
// write's cost, once per benchmark.
func logPostgresSettings(b *testing.B, ctx context.Context, url string) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	var version, fsync, syncCommit, buffers string
	err = conn.QueryRow(ctx, `SELECT current_setting('server_version'), current_setting('fsync'),
		current_setting('synchronous_commit'), current_setting('shared_buffers')`).Scan(&version, &fsync, &syncCommit, &buffers)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("PostgreSQL %s: fsync=%s synchronous_commit=%s shared_buffers=%s", version, fsync, syncCommit, buffers)
}

func runEngagementLoad(b *testing.B, where string, engagements int, newID func() string) {
	b.StopTimer()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	stores, closeStores := benchStores(b, ctx, where)
	defer closeStores()
	db := stores[0]
	contactARNs := benchContactsWithPlans(b, ctx, db)
	es, clk, sender, stop := benchEngines(b, ctx, stores, newID, func(err error) { b.Error(err); cancel() })
	defer stop()
	b.StartTimer()

	// Stage 0: start every engagement.
	began := time.Now()
	startedAt := make(map[string]time.Time, engagements)
	var mu sync.Mutex
	var wg sync.WaitGroup
	const callers = 32
	for w := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < engagements; i += callers {
				called := time.Now()
				arn, err := es[w%len(es)].StartEngagement(ctx, scope, StartEngagementInput{
					ContactID: contactARNs[i%len(contactARNs)], Sender: "bench", Subject: "Load", Content: "Benchmark page",
				})
				if err != nil {
					b.Error(err)
					cancel() // end the waits below
					return
				}
				mu.Lock()
				startedAt[arn] = called
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	startsPerSecond := float64(engagements) / time.Since(began).Seconds()
	if _, err := sender.rec.Wait(ctx, engagements); err != nil {
		b.Fatal(err)
	}

	// Stages 1 and 2: move the clock and wait for the pages.
	reached := map[time.Time]time.Time{}
	var transition time.Duration
	for k := 1; k <= 2; k++ {
		due := t0.Add(time.Duration(k) * 5 * time.Minute)
		reached[due] = time.Now()
		clk.Set(due)
		if _, err := sender.rec.Wait(ctx, engagements*(k+1)); err != nil {
			b.Fatal(err)
		}
		transition += time.Since(reached[due])
	}
	b.StopTimer()

	// The end of the plans: every engagement stops, nothing is left.
	if err := es[0].AdvanceTo(ctx, t0.Add(15*time.Minute)); err != nil {
		b.Fatal(err)
	}
	checkAllEnded(b, ctx, db, engagements)

	var lags, firsts []time.Duration
	for _, s := range sender.all() {
		if s.clock.Equal(t0) {
			firsts = append(firsts, s.wall.Sub(startedAt[s.engagement]))
		} else {
			lags = append(lags, s.wall.Sub(reached[s.clock]))
		}
	}
	if len(lags) != 2*engagements || len(firsts) != engagements {
		b.Fatalf("%d stage 1–2 pages and %d first pages, want %d and %d", len(lags), len(firsts), 2*engagements, engagements)
	}
	b.ReportMetric(float64(2*engagements)/transition.Seconds(), "pages/s")
	b.ReportMetric(startsPerSecond, "starts/s")
	b.ReportMetric(ms(quantile(lags, 0.50)), "lag-p50-ms")
	b.ReportMetric(ms(quantile(lags, 0.99)), "lag-p99-ms")
	b.ReportMetric(ms(quantile(lags, 1)), "lag-max-ms")
	b.ReportMetric(ms(quantile(firsts, 0.50)), "first-page-p50-ms")
	b.ReportMetric(ms(quantile(firsts, 0.99)), "first-page-p99-ms")
}

// benchContactsWithPlans creates the personal contacts the load engages:
// one activated SMS channel each, paged in three stages of 5 minutes.
func benchContactsWithPlans(b *testing.B, ctx context.Context, db contacts.Store) []string {
	return benchContactsWithStages(b, ctx, db, 5*time.Minute)
}

// checkAllEnded fails b unless every engagement stopped at t0+15m and no
// timer is left; it waits up to 30 s for other engines' workers to finish.
func checkAllEnded(b *testing.B, ctx context.Context, db contacts.Store, engagements int) {
	var err error
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if err = allEnded(ctx, db, engagements); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		b.Fatal(err)
	}
}

func allEnded(ctx context.Context, db contacts.Store, engagements int) error {
	return db.Read(ctx, func(tx contacts.Tx) error {
		list, err := tx.EngagementList(ctx, contacts.EngagementListParams{Scope: scope, Limit: engagements + 1})
		if err != nil {
			return err
		}
		if len(list) != engagements {
			return fmt.Errorf("%d engagements, want %d", len(list), engagements)
		}
		for _, e := range list {
			if e.StopTime == nil || !e.StopTime.Equal(t0.Add(15*time.Minute)) {
				return fmt.Errorf("engagement %s: StopTime %v, want t0+15m", e.ID, e.StopTime)
			}
		}
		left, err := tx.TimerNextDue(ctx, 0)
		if err != nil {
			return err
		}
		if left != nil {
			return fmt.Errorf("a timer is left, due %v", left)
		}
		return nil
	})
}

// timedSender hands messages to a notifytest.Recorder and notes, for each,
// the wall time and the service clock's time of the send.
type timedSender struct {
	rec   *notifytest.Recorder
	clock clock.Clock
	mu    sync.Mutex
	sends []timedSend
}

type timedSend struct {
	engagement string
	clock      time.Time // which stage: the clock stands at its due time
	wall       time.Time
}

func (s *timedSender) Send(ctx context.Context, m notify.Message) (notify.Result, error) {
	sent := timedSend{engagement: m.EngagementArn, clock: s.clock.Now(), wall: time.Now()}
	s.mu.Lock()
	s.sends = append(s.sends, sent)
	s.mu.Unlock()
	return s.rec.Send(ctx, m)
}

func (s *timedSender) all() []timedSend {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sends)
}

// quantile returns the q-quantile (nearest rank) of ds; q = 1 is the maximum.
func quantile(ds []time.Duration, q float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(q*float64(len(s))+0.5) - 1
	return s[max(0, min(i, len(s)-1))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
