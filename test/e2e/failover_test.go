package e2e

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"

	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
)

// defaultLease is serve's --claim-lease default; these tests leave it.
const defaultLease = 10 * time.Second

// takeoverBound is the promise: a page that falls due goes out within
// 15 s, whichever replica dies.
const takeoverBound = 15 * time.Second

// TestFailoverTakesOverSendsInFlight: replica A holds claims on sends the
// provider keeps waiting (longer than the lease, through the webhook's
// attempt timeouts and retries). While A lives, B takes none of them
// over: A renews its claims. Once A is killed, B takes every one of them
// over within the lease, and each message is received once and recorded
// once.
func TestFailoverTakesOverSendsInFlight(t *testing.T) {
	t.Parallel() // it mostly waits on the real clock: let it wait beside the others
	db := pgtest.Database(t)
	hook := newFailoverHook(t, func(string) bool { return false })
	a := start(t, options{db: db, extra: hook.flags()})
	const k = 5
	holdSends(t, a, hook, "held", "+120655502", k)
	b := start(t, options{db: db, extra: hook.flags()})

	time.Sleep(defaultLease + 2*time.Second) // A's sends outlive their lease
	if got := b.metrics()["ssmcontacts_engine_claims_total"]; got != 0 {
		t.Fatalf("replica B claimed %v sends while replica A, which was sending them, lived", got)
	}
	if got := a.metrics()["ssmcontacts_engine_lease_renewals_total"]; got < 3*k {
		t.Errorf("replica A renewed %v claims in more than a lease, want at least %d (every third of a lease)", got, 3*k)
	}

	killed := time.Now()
	a.kill()
	time.Sleep(300 * time.Millisecond) // the receiver notices A's connections closed
	hook.unhold()

	msgs := b.outbox("kind=PAGE&limit=10000")
	if len(msgs) != k {
		t.Fatalf("%d page messages, want %d", len(msgs), k)
	}
	waitUntil(t, 30*time.Second, "every page received", func() bool {
		received, _ := hook.calls()
		return len(received) >= k
	})
	time.Sleep(defaultLease + time.Second) // nothing more may come
	received, _ := hook.calls()
	var took []time.Duration
	count := map[string]int{}
	for _, c := range received {
		count[c.MessageID]++
		d := c.At.Sub(killed)
		took = append(took, d.Round(100*time.Millisecond))
		if d > takeoverBound {
			t.Errorf("message %s received %s after replica A died, want within %s", c.MessageID, d.Round(time.Millisecond), takeoverBound)
		}
	}
	cb := b.client(account)
	for _, m := range b.outbox("kind=PAGE&limit=10000") {
		if count[m.ID] != 1 {
			t.Errorf("message %s received %d times, want once", m.ID, count[m.ID])
		}
		if m.Status != "SENT" || m.Attempts != 2 {
			t.Errorf("message %s is %s after %d attempts, want SENT after 2 (A's claim, B's takeover)", m.ID, m.Status, m.Attempts)
		}
		if got := receiptTypes(t, cb, m.PageArn); strings.Join(got, ",") != "SENT" {
			t.Errorf("page %s receipts %v, want one SENT", m.PageArn, got)
		}
	}
	if got := b.metrics()["ssmcontacts_engine_lease_takeovers_total"]; got != k {
		t.Errorf("replica B counted %v takeovers, want %d", got, k)
	}
	slices.Sort(took)
	t.Logf("%d sends held by replica A past its lease; after SIGKILL, replica B received them %v later (lease %s)", k, took, defaultLease)
}

// receiptTypes lists a page's receipt types, oldest first.
func receiptTypes(t *testing.T, c *ssmcontacts.Client, pageARN string) []string {
	t.Helper()
	var out []string
	for _, r := range receiptsAt(t, c, pageARN) {
		out = append(out, string(r.ReceiptType))
	}
	return out
}

func receiptsAt(t *testing.T, c *ssmcontacts.Client, pageARN string) []types.Receipt {
	t.Helper()
	var out []types.Receipt
	p := ssmcontacts.NewListPageReceiptsPaginator(c, &ssmcontacts.ListPageReceiptsInput{PageId: aws.String(pageARN)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Receipts...)
	}
	sort.SliceStable(out, func(i, j int) bool { return aws.ToTime(out[i].ReceiptTime).Before(aws.ToTime(out[j].ReceiptTime)) })
	return out
}

// TestFailoverUnderLoad: three replicas on one database, with the default
// lease. Thirty engagements start over a minute, spread over the live
// replicas; each pages its contact in two stages, the first of two
// minutes with a retry a minute after a failure, and the provider answers
// 500 to the first call of half the first-stage pages. One replica is
// killed (SIGKILL) about 20 s in and another about 44 s in, each just
// after writes made through it (engagements started, a contact created, a
// page acknowledged), with sends of its own in flight. Every page that falls
// due is received exactly once, none later than 15 s after its due time,
// and every write a replica acknowledged is there afterwards, read
// through the survivor. (The one at-least-once edge, a send received and
// its replica dead before recording it, is ruled out by when the kills
// happen: see killWithNothingUnrecorded.)
func TestFailoverUnderLoad(t *testing.T) {
	t.Parallel() // it mostly waits on the real clock: let it wait beside the others
	db := pgtest.Database(t)
	failing := func(addr string) bool { return strings.HasPrefix(addr, "+12065551") }
	hook := newFailoverHook(t, failing)
	var replicas []*server
	for range 3 {
		replicas = append(replicas, start(t, options{db: db, extra: hook.flags()}))
	}
	const n, every = 30, 2 * time.Second
	var people, aliases []string
	for i := range n {
		s := replicas[i%3]
		c := s.client(account)
		first := fmt.Sprintf("+12065552%03d", i)
		if i%2 == 0 {
			first = fmt.Sprintf("+12065551%03d", i)
		}
		alias := fmt.Sprintf("oncall-%02d", i)
		p, ch := s.person(c, alias, smsChannel(first), smsChannel(fmt.Sprintf("+12065553%03d", i)))
		s.setPlan(c, p, channelStage(2, aws.Int32(1), ch[0]), channelStage(1, nil, ch[1]))
		people, aliases = append(people, p), append(aliases, alias)
	}

	var (
		engagements []string
		acked       []string // pages acknowledged (DELIVERED)
		killedAt    []time.Time
		live        = append([]*server(nil), replicas...)
		kills       = map[int]int{10: 0, 22: 1} // at engagement i, kill replica
	)
	engageVia := func(s *server) {
		engagements = append(engagements, s.engage(s.client(account), people[len(engagements)]))
	}
	// ackOnePage acknowledges, through s, a first-stage page received
	// and not acknowledged yet.
	ackOnePage := func(s *server) {
		received, _ := hook.calls()
		for i := len(received) - 1; i >= 0; i-- {
			c := received[i]
			if c.Status != 200 || !strings.HasPrefix(c.Address, "+12065552") || contains(acked, c.PageArn) {
				continue
			}
			if _, err := s.client(account).AcceptPage(ctx(t), &ssmcontacts.AcceptPageInput{
				PageId: aws.String(c.PageArn), AcceptType: types.AcceptTypeDelivered, AcceptCode: aws.String("123456"),
			}); err != nil {
				t.Fatal(err)
			}
			acked = append(acked, c.PageArn)
			return
		}
	}
	begin := time.Now()
	for len(engagements) < n {
		i := len(engagements)
		if victim, ok := kills[i]; ok && live[0] != nil {
			delete(kills, i)
			v := replicas[victim]
			live = without(live, v)
			killedAt = append(killedAt, hook.killWithNothingUnrecorded(t, v, live[0], func() {
				// Engagements started through the victim until it holds
				// the claim of one of their sends (the calls are held).
				claimed := v.metrics()["ssmcontacts_engine_claims_total"]
				for range 4 {
					engageVia(v)
					deadline := time.Now().Add(time.Second)
					for v.metrics()["ssmcontacts_engine_claims_total"] == claimed && time.Now().Before(deadline) {
						time.Sleep(20 * time.Millisecond)
					}
					if v.metrics()["ssmcontacts_engine_claims_total"] > claimed {
						break
					}
				}
				alias := fmt.Sprintf("made-on-%d-before-its-death", victim)
				if _, err := v.client(account).CreateContact(ctx(t), &ssmcontacts.CreateContactInput{
					Alias: aws.String(alias), Type: types.ContactTypePersonal, Plan: &types.Plan{Stages: []types.Stage{}},
				}); err != nil {
					t.Fatal(err)
				}
				aliases = append(aliases, alias)
				ackOnePage(v)
			}))
			continue
		}
		time.Sleep(time.Until(begin.Add(time.Duration(i) * every)))
		engageVia(live[i%len(live)])
	}
	survivor := live[0]

	// Every engagement pages twice: wait for 2n page messages, each SENT
	// and received.
	waitUntil(t, time.Until(begin.Add(n*every+2*time.Minute+45*time.Second)), "every page sent", func() bool {
		msgs := survivor.outbox("kind=PAGE&limit=10000")
		if len(msgs) < 2*n {
			return false
		}
		for _, m := range msgs {
			if m.Status != "SENT" {
				return false
			}
		}
		time.Sleep(time.Second)
		return true
	})
	time.Sleep(defaultLease + time.Second) // nothing more may come
	checkFailoverPages(t, survivor, hook, failing, killedAt)

	// Every acknowledged write is there.
	c := survivor.client(account)
	for _, alias := range aliases {
		if _, err := c.GetContact(ctx(t), &ssmcontacts.GetContactInput{ContactId: aws.String(contactARN(account, alias))}); err != nil {
			t.Errorf("contact %s, created through a replica that said so: %v", alias, err)
		}
	}
	for _, arn := range engagements {
		if _, err := c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(arn)}); err != nil {
			t.Errorf("engagement %s, started through a replica that said so: %v", arn, err)
		}
	}
	list, err := c.ListEngagements(ctx(t), &ssmcontacts.ListEngagementsInput{MaxResults: aws.Int32(100)})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Engagements) != n {
		t.Errorf("%d engagements listed, want %d", len(list.Engagements), n)
	}
	if len(acked) != len(killedAt) {
		t.Errorf("%d pages acknowledged through the replicas killed, want one each", len(acked))
	}
	for _, p := range acked {
		if got := receiptTypes(t, c, p); !contains(got, "DELIVERED") {
			t.Errorf("page %s, acknowledged through a replica that said so, has receipts %v", p, got)
		}
	}
	m := survivor.metrics()
	t.Logf("survivor: %v claims, %v takeovers, %v renewals", m["ssmcontacts_engine_claims_total"],
		m["ssmcontacts_engine_lease_takeovers_total"], m["ssmcontacts_engine_lease_renewals_total"])
}

// checkFailoverPages checks every page message (read through reader):
// received exactly once with 200 (and once with 500 before that when
// failing), none later than takeoverBound after it was due; and reports
// how long after each kill the sends it cut short were taken over.
func checkFailoverPages(t *testing.T, reader *server, hook *failoverHook, failing func(string) bool, killedAt []time.Time) {
	t.Helper()
	c := reader.client(account)
	received, refused := hook.calls()
	byMessage := map[string][]failoverCall{}
	for _, call := range received {
		byMessage[call.MessageID] = append(byMessage[call.MessageID], call)
	}
	starts := map[string]time.Time{}
	var worst time.Duration
	msgs := reader.outbox("kind=PAGE&limit=10000")
	for _, m := range msgs {
		calls := byMessage[m.ID]
		delete(byMessage, m.ID)
		want := []int{200}
		if failing(m.Address) {
			want = []int{500, 200}
		}
		var got []int
		for _, call := range calls {
			got = append(got, call.Status)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("message %s to %s: received %v, want %v", m.ID, m.Address, got, want)
			continue
		}
		start, ok := starts[m.EngagementArn]
		if !ok {
			e, err := c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(m.EngagementArn)})
			if err != nil {
				t.Fatal(err)
			}
			start = aws.ToTime(e.StartTime)
			starts[m.EngagementArn] = start
		}
		due := start
		if strings.HasPrefix(m.Address, "+12065553") {
			due = start.Add(2 * time.Minute) // the second stage
		}
		for i, call := range calls {
			if i == 1 { // the retry: a minute after the failure was recorded
				for _, r := range receiptsAt(t, c, m.PageArn) {
					if r.ReceiptType == types.ReceiptTypeError {
						due = aws.ToTime(r.ReceiptTime).Add(time.Minute)
					}
				}
			}
			late := call.At.Sub(due)
			worst = max(worst, late)
			if late > takeoverBound {
				t.Errorf("message %s to %s: call %d received %s after it was due, want within %s", m.ID, m.Address, i+1, late.Round(time.Millisecond), takeoverBound)
			}
		}
	}
	if len(msgs) != 2*len(starts) {
		t.Errorf("%d page messages for %d engagements, want two each", len(msgs), len(starts))
	}
	for id, calls := range byMessage {
		t.Errorf("message %s received %d times, but is no page of these engagements", id, len(calls))
	}
	// Sends refused at a kill (the victim's, in flight) and their takeover.
	var report []string
	for k, at := range killedAt {
		var took []time.Duration
		for _, r := range refused {
			if r.At.Before(at) || (k+1 < len(killedAt) && r.At.After(killedAt[k+1])) {
				continue
			}
			for _, call := range received {
				if call.MessageID == r.MessageID && call.At.After(r.At) {
					took = append(took, call.At.Sub(at).Round(100*time.Millisecond))
					break
				}
			}
		}
		if len(took) == 0 {
			t.Errorf("kill %d: the victim had no send in flight", k+1)
		}
		slices.Sort(took)
		report = append(report, fmt.Sprintf("kill %d: %d sends in flight, received again %v after the kill", k+1, len(took), took))
	}
	t.Logf("%d pages, each received once; latest %s after its due time; %s", len(msgs), worst.Round(time.Millisecond), strings.Join(report, "; "))
}

func without(list []*server, s *server) []*server {
	var out []*server
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestAStoppingReplicaHandsItsSendsOver: a replica stopped with SIGTERM
// (a rolling restart) while its sends hang at the provider cuts them
// short and releases their claims, so another replica sends them at once
// instead of a lease later, under the same message ids.
func TestAStoppingReplicaHandsItsSendsOver(t *testing.T) {
	t.Parallel()
	db := pgtest.Database(t)
	hook := newFailoverHook(t, func(string) bool { return false })
	a := start(t, options{db: db, extra: hook.flags()})
	const k = 3
	holdSends(t, a, hook, "restarted", "+120655503", k)
	b := start(t, options{db: db, extra: hook.flags()})
	stopped := time.Now()
	a.stop()
	time.Sleep(300 * time.Millisecond) // the receiver notices A's requests ended
	hook.unhold()
	waitUntil(t, 10*time.Second, "every page received", func() bool {
		received, _ := hook.calls()
		return len(received) >= k
	})
	received, _ := hook.calls()
	var last time.Duration
	for _, c := range received {
		last = max(last, c.At.Sub(stopped))
	}
	if last > defaultLease/2 {
		t.Errorf("the last page was received %s after A began to stop; its claims should be released at once, not expire with the lease (%s)", last.Round(time.Millisecond), defaultLease)
	}
	if got := b.metrics()["ssmcontacts_engine_lease_takeovers_total"]; got != 0 {
		t.Errorf("replica B counted %v takeovers, want 0: A released its claims", got)
	}
	for _, m := range b.outbox("kind=PAGE&limit=10000") {
		if m.Status != "SENT" || m.Attempts != 2 {
			t.Errorf("message %s is %s after %d attempts, want SENT after 2 (A's cut short, B's)", m.ID, m.Status, m.Attempts)
		}
	}
	t.Logf("%d sends cut short by A's shutdown were received through B within %s", k, last.Round(time.Millisecond))
}

// holdSends engages k people through s, each with an SMS channel numbered
// phone + two digits and a one-stage plan, while the provider holds every
// send, and returns once all k are held there.
func holdSends(t *testing.T, s *server, hook *failoverHook, alias, phone string, k int) {
	t.Helper()
	c := s.client(account)
	var people []string
	for i := range k {
		p, ch := s.person(c, fmt.Sprintf("%s-%d", alias, i), smsChannel(fmt.Sprintf("%s%02d", phone, i)))
		s.setPlan(c, p, channelStage(30, nil, ch[0]))
		people = append(people, p)
	}
	hook.hold()
	for _, p := range people {
		s.engage(c, p)
	}
	waitUntil(t, 10*time.Second, "the sends reach the provider", func() bool { return len(hook.heldNow()) == k })
}
