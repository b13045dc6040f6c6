package e2e

import (
	"fmt"
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
	db := pgtest.Database(t)
	hook := newFailoverHook(t, func(string) bool { return false })
	a := start(t, options{db: db, extra: hook.flags()})
	ca := a.client(account)
	const k = 5
	var people []string
	for i := range k {
		p, ch := a.person(ca, fmt.Sprintf("held-%d", i), smsChannel(fmt.Sprintf("+120655502%02d", i)))
		a.setPlan(ca, p, channelStage(30, nil, ch[0]))
		people = append(people, p)
	}
	hook.hold()
	for _, p := range people {
		a.engage(ca, p)
	}
	waitUntil(t, 10*time.Second, "replica A's sends reach the provider", func() bool { return len(hook.heldNow()) == k })
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
	var took []string
	count := map[string]int{}
	for _, c := range received {
		count[c.MessageID]++
		d := c.At.Sub(killed)
		took = append(took, fmt.Sprintf("%.1fs", d.Seconds()))
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
	sort.Strings(took)
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
