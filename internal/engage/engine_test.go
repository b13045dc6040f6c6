package engage

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/notify"
)

func TestPersonalPlanPagesStageByStage(t *testing.T) {
	f := newFixture(t)
	alice, _ := f.person("alice", nil, 5, 10, 3)
	eng := f.start(alice)
	f.runDue()
	if diff := cmp.Diff([]string{"alice-sms@0s"}, sent(f.sender.Messages())); diff != "" {
		t.Fatalf("after the start (-want +got):\n%s", diff)
	}
	f.advanceTo(5*time.Minute - time.Millisecond)
	if got := len(f.sender.Messages()); got != 1 {
		t.Fatalf("a millisecond before stage 1: %d messages, want 1", got)
	}
	if e := f.engagement(eng); e.StopTime != nil {
		t.Fatalf("StopTime = %v before the plan ran", e.StopTime)
	}
	f.advanceTo(time.Hour)
	want := []string{"alice-sms@0s", "alice-sms@5m0s", "alice-sms@15m0s"}
	if diff := cmp.Diff(want, sent(f.sender.Messages())); diff != "" {
		t.Errorf("sends (-want +got):\n%s", diff)
	}
	e := f.engagement(eng)
	if e.StopTime == nil || !e.StopTime.Equal(t0.Add(18*time.Minute)) {
		t.Errorf("StopTime = %v, want the end of the last stage, t0+18m", e.StopTime)
	}
	for i, p := range f.pages(eng) {
		if p.StageIndex != i || p.Status != contacts.PageSent || p.SentTime == nil || !p.SentTime.Equal(p.CreatedAt) {
			t.Errorf("page %d = %+v, want stage %d, SENT at its creation", i, p, i)
		}
	}
	if left := f.timers(); len(left) != 0 {
		t.Errorf("timers left after the engagement ended: %v", left)
	}
}

func TestAdvanceToRunsEveryStepAtItsDueTimeInOrder(t *testing.T) {
	f := newFixture(t)
	alice, _ := f.person("alice", nil, 3, 3, 3)
	bob, _ := f.person("bob", nil, 4, 4)
	ea, eb := f.start(alice), f.start(bob)

	f.advanceTo(5 * time.Minute)
	if got, want := f.clock.Now(), t0.Add(5*time.Minute); !got.Equal(want) {
		t.Fatalf("clock = %v after AdvanceTo, want %v", got, want)
	}
	f.advanceTo(30 * time.Minute)

	msgs := f.sender.Messages()
	for i := 1; i < len(msgs); i++ {
		if msgs[i].CreatedAt.Before(msgs[i-1].CreatedAt) {
			t.Errorf("message %d (%v) was sent after a later one (%v)", i, msgs[i].CreatedAt, msgs[i-1].CreatedAt)
		}
	}
	got := sent(msgs)
	sort.Strings(got[:2]) // both engagements start at t0, in either order
	want := []string{"alice-sms@0s", "bob-sms@0s", "alice-sms@3m0s", "bob-sms@4m0s", "alice-sms@6m0s"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sends (-want +got):\n%s", diff)
	}
	for _, s := range f.steps.all() {
		if !s.Done.Equal(s.Due) || s.Err != nil {
			t.Errorf("%s step due %v ran at %v (err %v): AdvanceTo must stop at every due time", s.Kind, s.Due.Sub(t0), s.Done.Sub(t0), s.Err)
		}
	}
	for arn, end := range map[string]time.Duration{ea: 9 * time.Minute, eb: 8 * time.Minute} {
		if e := f.engagement(arn); e.StopTime == nil || !e.StopTime.Equal(t0.Add(end)) {
			t.Errorf("%s StopTime = %v, want t0+%s", arn, e.StopTime, end)
		}
	}
}

func TestAdvanceToNeedsAControllableClock(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Clock = clock.Real{} })
	if err := f.engine.AdvanceTo(f.ctx, time.Now().Add(time.Minute)); err != ErrNotControllable {
		t.Fatalf("AdvanceTo on the real clock: err = %v, want ErrNotControllable", err)
	}
}

func TestFailedSendsAreRetriedAtTheRetryInterval(t *testing.T) {
	tests := []struct {
		name         string
		retry        *int
		durations    []int
		failures     int
		wantReceipts [][]string // per page
		wantAttempts int
	}{
		{
			name: "retried until a send succeeds", retry: minutes(2), durations: []int{7, 5}, failures: 3,
			wantReceipts: [][]string{{"ERROR@0s", "ERROR@2m0s", "ERROR@4m0s", "SENT@6m0s"}, {"SENT@7m0s"}},
			wantAttempts: 5,
		},
		{
			name: "retries stop at the end of the stage's window", retry: minutes(2), durations: []int{7}, failures: 100,
			wantReceipts: [][]string{{"ERROR@0s", "ERROR@2m0s", "ERROR@4m0s", "ERROR@6m0s"}},
			wantAttempts: 4,
		},
		{
			name: "no retry interval: one attempt", retry: nil, durations: []int{7}, failures: 1,
			wantReceipts: [][]string{{"ERROR@0s"}},
			wantAttempts: 1,
		},
		{
			name: "retry interval 0: one attempt", retry: minutes(0), durations: []int{7}, failures: 1,
			wantReceipts: [][]string{{"ERROR@0s"}},
			wantAttempts: 1,
		},
		{
			name: "a last stage of duration 0 gets no retries", retry: minutes(1), durations: []int{0}, failures: 1,
			wantReceipts: [][]string{{"ERROR@0s"}},
			wantAttempts: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			alice, _ := f.person("alice", tt.retry, tt.durations...)
			f.sender.FailNext(tt.failures, nil)
			eng := f.start(alice)
			f.advanceTo(time.Hour)
			pages := f.pages(eng)
			var got [][]string
			for _, p := range pages {
				got = append(got, f.receipts(p))
			}
			if diff := cmp.Diff(tt.wantReceipts, got); diff != "" {
				t.Errorf("receipts (-want +got):\n%s", diff)
			}
			if n := f.sender.Attempts(); n != tt.wantAttempts {
				t.Errorf("%d send attempts, want %d", n, tt.wantAttempts)
			}
			// Every attempt of a page is the same message.
			m := f.message(pages[0].MessageID)
			if m.Attempts != len(tt.wantReceipts[0]) {
				t.Errorf("outbox attempts = %d, want %d", m.Attempts, len(tt.wantReceipts[0]))
			}
			if left := f.timers(); len(left) != 0 {
				t.Errorf("timers left: %v", left)
			}
			if e := f.engagement(eng); e.StopTime == nil {
				t.Errorf("the engagement did not end after its last stage")
			}
		})
	}
}

func TestStopEngagementStopsPendingPagesAndFurtherStages(t *testing.T) {
	f := newFixture(t)
	alice, _ := f.person("alice", minutes(2), 10, 10)
	f.sender.FailNext(1, nil)
	eng := f.start(alice)
	f.advanceTo(time.Minute)
	reason := "Resolved"
	if err := f.engine.StopEngagement(f.ctx, scope, eng, &reason); err != nil {
		t.Fatal(err)
	}
	f.advanceTo(2 * time.Minute)
	if err := f.engine.StopEngagement(f.ctx, scope, eng, nil); err != nil {
		t.Fatalf("stopping twice: %v", err)
	}
	f.advanceTo(time.Hour)

	pages := f.pages(eng)
	if len(pages) != 1 {
		t.Fatalf("%d pages, want 1: stage 1 must not start after the stop", len(pages))
	}
	if diff := cmp.Diff([]string{"ERROR@0s", "STOP@1m0s"}, f.receipts(pages[0])); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	if n := f.sender.Attempts(); n != 1 {
		t.Errorf("%d send attempts, want 1: the pending retry must not go out", n)
	}
	if m := f.message(pages[0].MessageID); m.Status != contacts.StatusCancelled {
		t.Errorf("outbox status = %s, want CANCELLED", m.Status)
	}
	e := f.engagement(eng)
	if e.StopTime == nil || !e.StopTime.Equal(t0.Add(time.Minute)) || e.StopReason != reason {
		t.Errorf("engagement stop = %v %q, want t0+1m %q (the second stop changes nothing)", e.StopTime, e.StopReason, reason)
	}
	if left := f.timers(); len(left) != 0 {
		t.Errorf("timers left: %v", left)
	}
}

func TestStopWhileASendIsInFlight(t *testing.T) {
	f := newFixture(t)
	gate := newGateSender()
	f.engine = f.newEngine(gate)
	alice, _ := f.person("alice", minutes(1), 10, 10)
	eng := f.start(alice)
	done := make(chan error, 1)
	go func() { done <- f.engine.RunDue(f.ctx) }()
	<-gate.entered // the page is claimed and being sent
	if err := f.engine.StopEngagement(f.ctx, scope, eng, nil); err != nil {
		t.Fatal(err)
	}
	gate.release <- nil // the send succeeds after the stop
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	f.engine = f.newEngine(f.sender)
	f.advanceTo(time.Hour)

	pages := f.pages(eng)
	if len(pages) != 1 {
		t.Fatalf("%d pages, want 1", len(pages))
	}
	// Nothing is recorded on the page after the engagement's StopTime; the
	// outbox says what the send did.
	if diff := cmp.Diff([]string{"STOP@0s"}, f.receipts(pages[0])); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	if m := f.message(pages[0].MessageID); m.Status != contacts.StatusSent {
		t.Errorf("outbox status = %s, want SENT", m.Status)
	}
	if pages[0].Status != contacts.PageStopped {
		t.Errorf("page status = %s, want it to stay STOPPED", pages[0].Status)
	}
	if n := f.sender.Attempts(); n != 0 {
		t.Errorf("%d sends after the stop, want none", n)
	}
}

func TestStopEngagementAfterTheOutboxWasCleared(t *testing.T) {
	f := newFixture(t)
	alice, _ := f.person("alice", minutes(2), 10)
	f.sender.FailNext(1, nil)
	eng := f.start(alice)
	f.runDue() // fails; a retry is pending
	f.write(func(tx contacts.Tx) error { _, err := tx.OutboxClear(f.ctx); return err })
	if err := f.engine.StopEngagement(f.ctx, scope, eng, nil); err != nil {
		t.Fatalf("StopEngagement after DELETE /_ssmcontacts/outbox: %v", err)
	}
	pages := f.pages(eng)
	if diff := cmp.Diff([]string{"ERROR@0s", "STOP@0s"}, f.receipts(pages[0])); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
}

func TestEssentialAcknowledgementStopsTheEscalation(t *testing.T) {
	tests := []struct {
		name          string
		essential     bool
		read          bool
		wantBobPaged  bool
		wantStopAfter time.Duration
	}{
		{name: "essential READ stops later stages", essential: true, read: true, wantBobPaged: false, wantStopAfter: 2 * time.Minute},
		{name: "essential DELIVERED only records delivery", essential: true, read: false, wantBobPaged: true, wantStopAfter: 30 * time.Minute},
		{name: "non-essential READ stops no stage", essential: false, read: true, wantBobPaged: true, wantStopAfter: 30 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			alice, _ := f.person("alice", nil, 30)
			bob, _ := f.person("bob", nil, 20)
			plan := f.contact("oncall", contacts.Escalation)
			f.plan("oncall",
				contacts.Stage{DurationInMinutes: 10, Targets: []contacts.Target{contactTarget(alice, tt.essential)}},
				contacts.Stage{DurationInMinutes: 10, Targets: []contacts.Target{contactTarget(bob, false)}},
			)
			eng := f.start(plan)
			f.advanceTo(2 * time.Minute)
			page := f.pages(eng)[0]
			if err := f.engine.AcceptPage(f.ctx, scope, AcceptPageInput{PageID: page.ARN(), Read: tt.read, AcceptCode: page.AcceptCode, Enforce: true}); err != nil {
				t.Fatal(err)
			}
			f.advanceTo(time.Hour)
			var paged []string
			for _, p := range f.pages(eng) {
				paged = append(paged, p.ContactAlias)
			}
			want := []string{"alice"}
			if tt.wantBobPaged {
				want = append(want, "bob")
			}
			if diff := cmp.Diff(want, paged); diff != "" {
				t.Errorf("paged contacts (-want +got):\n%s", diff)
			}
			if e := f.engagement(eng); e.StopTime == nil || !e.StopTime.Equal(t0.Add(tt.wantStopAfter)) {
				t.Errorf("StopTime = %v, want t0+%s", e.StopTime, tt.wantStopAfter)
			}
		})
	}
}

func TestAcceptPageWithAWrongCodeChangesNothing(t *testing.T) {
	f := newFixture(t)
	alice, _ := f.person("alice", nil, 5, 5)
	eng := f.start(alice)
	f.runDue()
	page := f.pages(eng)[0]
	wrong := "000000"
	if page.AcceptCode == wrong {
		wrong = "111111"
	}
	err := f.engine.AcceptPage(f.ctx, scope, AcceptPageInput{PageID: page.ARN(), Read: true, AcceptCode: wrong, Enforce: true})
	if contacts.KindOf(err) != contacts.KindValidation {
		t.Fatalf("wrong code under ENFORCE: err = %v, want a validation error", err)
	}
	if diff := cmp.Diff([]string{"SENT@0s"}, f.receipts(page)); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	f.advanceTo(5 * time.Minute)
	if n := len(f.pages(eng)); n != 2 {
		t.Errorf("%d pages after stage 1 began, want 2: the failed acceptance must not stop the plan", n)
	}
	// IGNORE accepts any code.
	if err := f.engine.AcceptPage(f.ctx, scope, AcceptPageInput{PageID: page.ARN(), Read: true, AcceptCode: wrong}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"SENT@0s", "READ@5m0s"}, f.receipts(page)); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
}

// gateSender blocks every Send until the test releases it with the error
// to return (nil: success), or until the send's context ends (unless
// finishOnCancel: then it waits for the release regardless, like a send
// that completes just as shutdown begins).
type gateSender struct {
	entered        chan struct{}
	release        chan error
	finishOnCancel bool
}

func newGateSender() *gateSender {
	return &gateSender{entered: make(chan struct{}, 16), release: make(chan error)}
}

func (g *gateSender) Send(ctx context.Context, m notify.Message) (notify.Result, error) {
	g.entered <- struct{}{}
	var err error
	if g.finishOnCancel {
		err = <-g.release
	} else {
		select {
		case err = <-g.release:
		case <-ctx.Done():
			return notify.Result{}, ctx.Err()
		}
	}
	if err != nil {
		return notify.Result{}, err
	}
	return notify.Result{Transport: "gate", ProviderMessageID: m.ID}, nil
}

// A READ ends the reader's plan: the retries of their other channels are
// cancelled (STOP), not sent after the acknowledgement.
func TestAcknowledgementCancelsTheReadersPendingRetries(t *testing.T) {
	f := newFixture(t)
	f.engine = f.newEngine(failingAddresses{rec: f.sender, fail: map[string]bool{"alice-sms": true}})
	alice := f.contact("alice", contacts.Personal)
	smsCh := f.channel("alice", contacts.SMS, "alice-sms", true)
	emailCh := f.channel("alice", contacts.Email, "alice@example.com", true)
	f.plan("alice", contacts.Stage{DurationInMinutes: 10, Targets: []contacts.Target{channelTarget(smsCh, minutes(2)), channelTarget(emailCh, nil)}})
	eng := f.start(alice)
	f.advanceTo(time.Minute)
	var smsPage, emailPage *contacts.Page
	for _, p := range f.pages(eng) {
		if p.ChannelType == contacts.SMS {
			smsPage = p
		} else {
			emailPage = p
		}
	}
	if err := f.engine.AcceptPage(f.ctx, scope, AcceptPageInput{PageID: emailPage.ARN(), Read: true, AcceptCode: emailPage.AcceptCode}); err != nil {
		t.Fatal(err)
	}
	f.advanceTo(time.Hour)
	if diff := cmp.Diff([]string{"ERROR@0s", "STOP@1m0s"}, f.receipts(smsPage)); diff != "" {
		t.Errorf("SMS receipts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"SENT@0s", "READ@1m0s"}, f.receipts(emailPage)); diff != "" {
		t.Errorf("email receipts (-want +got):\n%s", diff)
	}
	if m := f.message(smsPage.MessageID); m.Attempts != 1 || m.Status != contacts.StatusCancelled {
		t.Errorf("SMS message: %d attempts, %s; want 1 and CANCELLED", m.Attempts, m.Status)
	}
	if e := f.engagement(eng); e.StopTime == nil || !e.StopTime.Equal(t0.Add(time.Minute)) {
		t.Errorf("StopTime = %v, want the READ at t0+1m", e.StopTime)
	}
}

// onCall is an OnCallResolver with a fixed answer per schedule alias.
type onCall map[string][]string

func (o onCall) OnCall(ctx context.Context, tx contacts.Tx, schedule *contacts.Contact, at time.Time) ([]*contacts.Contact, error) {
	var out []*contacts.Contact
	for _, alias := range o[schedule.Alias] {
		c, err := tx.ContactGet(ctx, schedule.Scope, alias)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// An escalation stage that targets an on-call schedule pages whoever is on
// call, each through their own plan; the resolution path names the plan,
// its stage, the schedule and the contact with the page's stage.
func TestEscalationThroughAnOnCallSchedule(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.OnCall = onCall{"primary": {"alice", "bob"}} })
	alice, _ := f.person("alice", nil, 5, 5)
	bob, _ := f.person("bob", nil, 30)
	schedule := f.contact("primary", contacts.OnCallSchedule)
	plan := f.contact("db-oncall", contacts.Escalation)
	f.plan("db-oncall", contacts.Stage{DurationInMinutes: 10, Targets: []contacts.Target{contactTarget(schedule, true)}})
	eng := f.start(plan)
	f.advanceTo(5 * time.Minute)

	stage := func(n int) *int { return &n }
	want := map[string][]contacts.ResolutionStep{
		"alice-sms@0s": {
			{ContactARN: plan, Type: contacts.Escalation, StageIndex: stage(0)},
			{ContactARN: schedule, Type: contacts.OnCallSchedule},
			{ContactARN: alice, Type: contacts.Personal, StageIndex: stage(0)},
		},
		"bob-sms@0s": {
			{ContactARN: plan, Type: contacts.Escalation, StageIndex: stage(0)},
			{ContactARN: schedule, Type: contacts.OnCallSchedule},
			{ContactARN: bob, Type: contacts.Personal, StageIndex: stage(0)},
		},
		"alice-sms@5m0s": {
			{ContactARN: plan, Type: contacts.Escalation, StageIndex: stage(0)},
			{ContactARN: schedule, Type: contacts.OnCallSchedule},
			{ContactARN: alice, Type: contacts.Personal, StageIndex: stage(1)},
		},
	}
	got := map[string][]contacts.ResolutionStep{}
	for _, p := range f.pages(eng) {
		path, err := f.engine.ListPageResolutions(f.ctx, scope, p.ARN(), "")
		if err != nil {
			t.Fatal(err)
		}
		got[fmt.Sprintf("%s-sms@%s", p.ContactAlias, p.CreatedAt.Sub(t0))] = path
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("resolution paths by page (-want +got):\n%s", diff)
	}
}

// The worker sleeps until the earliest due time: moving the clock there is
// all it takes for the next stage to go out, with no polling.
func TestWorkerWakesAtTheNextDueTime(t *testing.T) {
	f := newFixture(t)
	ctx, stop := context.WithCancel(f.ctx)
	done := make(chan error, 1)
	go func() { done <- f.engine.Run(ctx) }()
	defer func() { stop(); <-done }()

	alice, _ := f.person("alice", nil, 5, 5)
	f.start(alice) // wakes the worker
	if _, err := f.sender.Wait(f.ctx, 1); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(t0.Add(5 * time.Minute)) // fires the worker's timer
	msgs, err := f.sender.Wait(f.ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"alice-sms@0s", "alice-sms@5m0s"}, sent(msgs)); diff != "" {
		t.Errorf("sends (-want +got):\n%s", diff)
	}
}
