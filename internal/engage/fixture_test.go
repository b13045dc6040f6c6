package engage

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/notify"
	"github.com/ssmcontacts/ssmcontacts/internal/notify/notifytest"
	"github.com/ssmcontacts/ssmcontacts/internal/store/teststore"
)

var scope = contacts.Scope{Account: "000000000000", Region: "us-east-2"}

// fixture is an engine over an in-memory SQLite store, a recording sender
// and a controllable clock standing at t0. Tests drive it with RunDue and
// AdvanceTo; no worker runs in the background unless a test starts one.
type fixture struct {
	t      *testing.T
	ctx    context.Context
	store  contacts.Store
	clock  *clock.Controllable
	sender *notifytest.Recorder
	engine *Engine
	steps  *stepLog
}

type fixtureOption func(*Config)

func newFixture(t *testing.T, opts ...fixtureOption) *fixture {
	t.Helper()
	db := teststore.Open(t)
	return newFixtureOn(t, db, opts...)
}

func newFixtureOn(t *testing.T, store contacts.Store, opts ...fixtureOption) *fixture {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	f := &fixture{t: t, ctx: ctx, store: store, clock: clock.NewControllable(t0), sender: &notifytest.Recorder{}, steps: &stepLog{}}
	f.engine = f.newEngine(f.sender, opts...)
	return f
}

// newEngine returns another engine over the fixture's store and clock (a
// second worker, or the same node after a restart).
func (f *fixture) newEngine(sender notify.Sender, opts ...fixtureOption) *Engine {
	f.t.Helper()
	cfg := Config{Store: f.store, Clock: f.clock, Sender: sender, Observe: f.steps.observe}
	for _, o := range opts {
		o(&cfg)
	}
	e, err := New(cfg)
	if err != nil {
		f.t.Fatal(err)
	}
	return e
}

func (f *fixture) write(fn func(tx contacts.Tx) error) {
	f.t.Helper()
	if err := f.store.Write(f.ctx, fn); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) read(fn func(tx contacts.Tx) error) {
	f.t.Helper()
	if err := f.store.Read(f.ctx, fn); err != nil {
		f.t.Fatal(err)
	}
}

// contact creates a contact with an empty plan and returns its ARN.
func (f *fixture) contact(alias string, typ contacts.ContactType) string {
	f.t.Helper()
	c := &contacts.Contact{Scope: scope, Alias: alias, Type: typ, Plan: contacts.Plan{Stages: []contacts.Stage{}}, CreatedAt: t0, UpdatedAt: t0}
	f.write(func(tx contacts.Tx) error { return tx.ContactInsert(f.ctx, c) })
	return c.ARN()
}

// channel adds a channel to a contact and returns its ARN.
func (f *fixture) channel(alias string, typ contacts.ChannelType, address string, activated bool) string {
	f.t.Helper()
	ch := &contacts.Channel{Scope: scope, ID: uuid.NewString(), ContactAlias: alias, Name: string(typ), Type: typ,
		Address: address, Activated: activated, CreatedAt: t0, UpdatedAt: t0}
	f.write(func(tx contacts.Tx) error { return tx.ChannelInsert(f.ctx, ch) })
	return ch.ARN()
}

// plan sets a contact's plan.
func (f *fixture) plan(alias string, stages ...contacts.Stage) {
	f.t.Helper()
	f.write(func(tx contacts.Tx) error {
		c, err := tx.ContactGet(f.ctx, scope, alias)
		if err != nil {
			return err
		}
		c.Plan = contacts.Plan{Stages: stages}
		return tx.ContactUpdate(f.ctx, c)
	})
}

// person creates a personal contact with one activated SMS channel (its
// address is alias+"-sms") and a plan of one stage per duration, each paging that channel with the given
// retry interval. It returns the contact and channel ARNs.
func (f *fixture) person(alias string, retry *int, durations ...int) (contactARN, channelARN string) {
	f.t.Helper()
	contactARN = f.contact(alias, contacts.Personal)
	channelARN = f.channel(alias, contacts.SMS, alias+"-sms", true)
	var stages []contacts.Stage
	for _, d := range durations {
		stages = append(stages, contacts.Stage{DurationInMinutes: d, Targets: []contacts.Target{channelTarget(channelARN, retry)}})
	}
	f.plan(alias, stages...)
	return contactARN, channelARN
}

func (f *fixture) start(contactARN string) string {
	f.t.Helper()
	arn, err := f.engine.StartEngagement(f.ctx, scope, StartEngagementInput{
		ContactID: contactARN, Sender: "tester", Subject: "Database down", Content: "The primary is unreachable",
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return arn
}

func (f *fixture) runDue() {
	f.t.Helper()
	if err := f.engine.RunDue(f.ctx); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) advanceTo(d time.Duration) {
	f.t.Helper()
	if err := f.engine.AdvanceTo(f.ctx, t0.Add(d)); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) engagement(arn string) *contacts.Engagement {
	f.t.Helper()
	var e *contacts.Engagement
	f.read(func(tx contacts.Tx) error {
		var err error
		e, err = contacts.FindEngagement(f.ctx, tx, scope, arn)
		return err
	})
	return e
}

// pages returns an engagement's pages in creation order.
func (f *fixture) pages(engagementARN string) []*contacts.Page {
	f.t.Helper()
	e := f.engagement(engagementARN)
	var out []*contacts.Page
	f.read(func(tx contacts.Tx) error {
		var err error
		out, err = tx.PageList(f.ctx, contacts.PageListParams{Scope: scope, EngagementID: e.ID, Limit: 1 << 20})
		return err
	})
	return out
}

// receipts returns a page's receipts as "TYPE@minutes" (minutes after t0).
func (f *fixture) receipts(p *contacts.Page) []string {
	f.t.Helper()
	var list []*contacts.Receipt
	f.read(func(tx contacts.Tx) error {
		var err error
		list, err = tx.ReceiptList(f.ctx, scope, p.ID, 0, 1000)
		return err
	})
	var out []string
	for _, r := range list {
		out = append(out, fmt.Sprintf("%s@%s", r.Type, r.Time.Sub(t0)))
	}
	return out
}

func (f *fixture) message(id string) *contacts.Message {
	f.t.Helper()
	var m *contacts.Message
	f.read(func(tx contacts.Tx) error {
		var err error
		m, err = tx.OutboxGet(f.ctx, id)
		return err
	})
	return m
}

// timers returns the timers left, as "KIND@minutes", sorted.
func (f *fixture) timers() []string {
	f.t.Helper()
	var list []*contacts.Timer
	f.read(func(tx contacts.Tx) error {
		var err error
		list, err = tx.TimerDue(f.ctx, t0.Add(1000*time.Hour), t0.Add(1000*time.Hour), 1<<20)
		return err
	})
	var out []string
	for _, tm := range list {
		out = append(out, fmt.Sprintf("%s@%s", tm.Kind, tm.DueAt.Sub(t0)))
	}
	sort.Strings(out)
	return out
}

// sent returns what the recorder delivered as "address@minutes" (minutes
// after t0 on the service clock when the message was created).
func sent(msgs []notify.Message) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, fmt.Sprintf("%s@%s", m.Address, m.CreatedAt.Sub(t0)))
	}
	return out
}

// stepLog records the steps an engine reports through Config.Observe.
type stepLog struct {
	mu    sync.Mutex
	steps []observedStep
}

type observedStep struct {
	Kind      contacts.TimerKind
	Due, Done time.Time
	Err       error
}

func (l *stepLog) observe(kind contacts.TimerKind, due, done time.Time, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.steps = append(l.steps, observedStep{Kind: kind, Due: due, Done: done, Err: err})
}

func (l *stepLog) all() []observedStep {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]observedStep(nil), l.steps...)
}

// failingAddresses fails every send to the given addresses (with a
// permanent-looking transport error) and hands the others to a Recorder.
type failingAddresses struct {
	rec  *notifytest.Recorder
	fail map[string]bool
}

func (s failingAddresses) Send(ctx context.Context, m notify.Message) (notify.Result, error) {
	if s.fail[m.Address] {
		return notify.Result{}, &notify.Error{Transport: "test", Reason: "unreachable: " + m.Address}
	}
	return s.rec.Send(ctx, m)
}

// skipOnSharedStore skips a test of a single node's start-up, which voids
// the claims of its previous life: on a shared store (PostgreSQL) a claim
// is a lease that only expires (TestAClaimHoldsUntilItsLeaseExpires).
func (f *fixture) skipOnSharedStore(t *testing.T) {
	t.Helper()
	if s, ok := f.store.(contacts.SharedStore); ok && s.Shared() {
		t.Skip("a shared store never voids claims at start-up: the claims of a dead process expire with their lease")
	}
}
