package engage

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// BenchmarkSteadyLoad is the engine under steady load rather than a burst:
// 10,000 live engagements whose second stages fall due spread evenly over
// 10 minutes of the service clock. Engagement i starts at t0 + i·60 ms
// (the clock is moved before each start); its contact's plan has stages
// of 10 minutes, so its second stage falls due at its start + 10 minutes.
// The clock is then moved on in 10 ms ticks of wall time, each tick
// advancing it by 10 ms × the speed-up, over those 10 minutes, and every
// second-stage page's lag is measured from the tick that reached its due
// time to the page being handed to the sender. Metrics: lag-p50-ms,
// lag-p99-ms, lag-max-ms, pages/s (the rate the load offered).
//
// The postgres variants (one engine, or two on one database taking turns
// to start the engagements: see benchStores) skip without PostgreSQL.
//
// The speed-up defaults to 10 (the 10 minutes in one, 167 pages/s, ten
// times the rate of the real load); STEADY_SPEEDUP=1 runs it in real time.
//
//	go test -run '^$' -bench SteadyLoad -benchtime 1x ./internal/engage/
func BenchmarkSteadyLoad(b *testing.B) {
	speedup := 10.0
	if s := os.Getenv("STEADY_SPEEDUP"); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v <= 0 {
			b.Fatalf("STEADY_SPEEDUP=%q: want a positive number", s)
		}
		speedup = v
	}
	for _, where := range []string{"memory", "file", "postgres", "postgres-2-replicas"} {
		b.Run(where, func(b *testing.B) {
			for range b.N {
				runSteadyLoad(b, where, 10_000, 10*time.Minute, speedup)
			}
		})
	}
}

func runSteadyLoad(b *testing.B, where string, engagements int, spread time.Duration, speedup float64) {
	b.StopTimer()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	stores, closeStores := benchStores(b, ctx, where)
	defer closeStores()
	const stage = 10 * time.Minute
	contactARNs := benchContactsWithStages(b, ctx, stores[0], stage)
	es, clk, sender, stop := benchEngines(b, ctx, stores, nil, func(err error) { b.Error(err); cancel() })
	defer stop()

	// Start the engagements spread over the spread; their first pages go
	// out as they start (not measured).
	gap := spread / time.Duration(engagements)
	dueAt := make(map[string]time.Time, engagements) // engagement → its second stage's due time
	for i := range engagements {
		at := t0.Add(time.Duration(i) * gap)
		clk.Set(at)
		arn, err := es[i%len(es)].StartEngagement(ctx, scope, StartEngagementInput{
			ContactID: contactARNs[i%len(contactARNs)], Sender: "bench", Subject: "Steady", Content: "Benchmark page",
		})
		if err != nil {
			b.Fatal(err)
		}
		dueAt[arn] = at.Add(stage)
	}
	if _, err := sender.rec.Wait(ctx, engagements); err != nil {
		b.Fatal(err)
	}

	// Move the clock through the second stages' due times in ticks.
	type tick struct{ clock, wall time.Time }
	var ticks []tick
	// Up to the last engagement's due time: the first engagement's third
	// stage falls due at from + spread.
	from := t0.Add(stage)
	to := from.Add(time.Duration(engagements-1) * gap)
	step := time.Duration(float64(10*time.Millisecond) * speedup)
	b.StartTimer()
	began := time.Now()
	clk.Set(from)
	ticks = append(ticks, tick{from, time.Now()})
	next := time.Now()
	for now := from; now.Before(to) && ctx.Err() == nil; { // a failed step ends the load
		next = next.Add(10 * time.Millisecond)
		time.Sleep(time.Until(next))
		now = now.Add(step)
		if now.After(to) {
			now = to
		}
		clk.Set(now)
		ticks = append(ticks, tick{now, time.Now()})
	}
	if _, err := sender.rec.Wait(ctx, 2*engagements); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(began)
	b.StopTimer()

	var lags []time.Duration
	for _, s := range sender.all() {
		due, ok := dueAt[s.engagement]
		if !ok || s.clock.Before(from) {
			continue // a first page
		}
		i := sort.Search(len(ticks), func(i int) bool { return !ticks[i].clock.Before(due) })
		if i == len(ticks) {
			b.Fatalf("no tick reached %v", due)
		}
		lags = append(lags, s.wall.Sub(ticks[i].wall))
	}
	if len(lags) != engagements {
		b.Fatalf("%d second-stage pages, want %d", len(lags), engagements)
	}
	b.ReportMetric(float64(engagements)/elapsed.Seconds(), "pages/s")
	b.ReportMetric(ms(quantile(lags, 0.50)), "lag-p50-ms")
	b.ReportMetric(ms(quantile(lags, 0.99)), "lag-p99-ms")
	b.ReportMetric(ms(quantile(lags, 1)), "lag-max-ms")
}

// benchContactsWithStages creates the personal contacts a load engages:
// one activated SMS channel each, paged in three stages of length stage.
func benchContactsWithStages(b *testing.B, ctx context.Context, db contacts.Store, stage time.Duration) []string {
	var arns []string
	err := db.Write(ctx, func(tx contacts.Tx) error {
		for i := range benchContacts {
			alias := fmt.Sprintf("responder-%04d", i)
			ch := &contacts.Channel{Scope: scope, ID: uuid.NewString(), ContactAlias: alias, Name: "sms", Type: contacts.SMS,
				Address: fmt.Sprintf("+1206555%04d", i), Activated: true, CreatedAt: t0, UpdatedAt: t0}
			st := contacts.Stage{DurationInMinutes: int(stage / time.Minute), Targets: []contacts.Target{channelTarget(ch.ARN(), minutes(1))}}
			c := &contacts.Contact{Scope: scope, Alias: alias, Type: contacts.Personal,
				Plan: contacts.Plan{Stages: []contacts.Stage{st, st, st}}, CreatedAt: t0, UpdatedAt: t0}
			if err := tx.ContactInsert(ctx, c); err != nil {
				return err
			}
			if err := tx.ChannelInsert(ctx, ch); err != nil {
				return err
			}
			arns = append(arns, c.ARN())
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return arns
}
