package e2e

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"

	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
)

// TestOnPostgres runs a representative subset of the suite with each
// server on a fresh PostgreSQL database (SSMCONTACTS_E2E_STORE=postgres
// runs all of it so). It is skipped where there is no PostgreSQL (see
// pgtest); CI installs it.
func TestOnPostgres(t *testing.T) {
	pgtest.Database(t) // skip early when there is none
	if onPostgres {
		t.Skip("the whole run is on PostgreSQL")
	}
	onPostgres = true
	defer func() { onPostgres = false }()
	for _, tc := range []struct {
		name string
		fn   func(*testing.T)
	}{
		{"CreateGetContact", TestCreateGetContact},
		{"OtherAccountSeesNothing", TestOtherAccountSeesNothing},
		{"CreateContactIdempotencyToken", TestCreateContactIdempotencyToken},
		{"Tags", TestTags},
		{"ListContactChannelsPages", TestListContactChannelsPages},
		{"ActivationCodes", TestActivationCodes},
		{"PersonalPlanIsPagedStageByStage", TestPersonalPlanIsPagedStageByStage},
		{"EssentialAcknowledgementStopsTheEscalation", TestEssentialAcknowledgementStopsTheEscalation},
		{"StopEngagementMidway", TestStopEngagementMidway},
		{"AcceptPage", TestAcceptPage},
		{"FailingWebhookIsRetriedAtTheRetryInterval", TestFailingWebhookIsRetriedAtTheRetryInterval},
		{"EscalationContinuesAfterRestart", TestEscalationContinuesAfterRestart},
		{"RotationOverrides", TestRotationOverrides},
		{"ListRotationsByPrefixAndPage", TestListRotationsByPrefixAndPage},
	} {
		t.Run(tc.name, tc.fn)
	}
}

// TestReplicasShareOnePostgres: two servers on one database are one
// service: each names the store and its own replica id, a contact created
// through one is read through the other, and of 50 concurrent creates of
// one alias spread over both exactly one succeeds, the others get
// ConflictException.
func TestReplicasShareOnePostgres(t *testing.T) {
	db := pgtest.Database(t)
	a := start(t, options{db: db})
	// The throwaway cluster trusts its Unix socket, so b can be given a
	// password to check that it is never logged.
	const password = "e2e-password-never-logged"
	dbB := db
	if os.Getenv(pgtest.EnvURL) == "" {
		u, err := url.Parse(db)
		if err != nil {
			t.Fatal(err)
		}
		u.User = url.UserPassword(u.User.Username(), password)
		dbB = u.String()
	}
	b := start(t, options{db: dbB})
	defer func() {
		if strings.Contains(b.logs.String(), password) {
			t.Errorf("the logs repeat the database password:\n%s", b.logs)
		}
	}()
	replicas := map[string]bool{}
	for _, s := range []*server{a, b} {
		var h map[string]string
		s.getJSON("/_ssmcontacts/health", &h)
		if h["status"] != "ok" || h["store"] != "postgres" || h["replica"] == "" {
			t.Fatalf("health = %v, want status ok, store postgres and a replica id", h)
		}
		replicas[h["replica"]] = true
	}
	if len(replicas) != 2 {
		t.Fatalf("the two replicas share the id %v", replicas)
	}

	ca, cb := a.client(account), b.client(account)
	if _, err := ca.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{
		Alias: aws.String("made-on-a"), Type: types.ContactTypePersonal, Plan: &types.Plan{Stages: []types.Stage{}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := cb.GetContact(ctx(t), &ssmcontacts.GetContactInput{ContactId: aws.String(contactARN(account, "made-on-a"))}); err != nil {
		t.Fatalf("replica b does not see replica a's contact: %v", err)
	}

	winner := contestAlias(t, "contested", ca, cb)
	for _, c := range []*ssmcontacts.Client{ca, cb} {
		got, err := c.GetContact(ctx(t), &ssmcontacts.GetContactInput{ContactId: aws.String(contactARN(account, "contested"))})
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("Caller %d", winner); aws.ToString(got.DisplayName) != want {
			t.Errorf("DisplayName %q, want the winner's %q", aws.ToString(got.DisplayName), want)
		}
	}

	// One idempotency token, 50 callers over both replicas: one
	// engagement, and every caller is told its ARN.
	const n = 50
	errs, arns := make([]error, n), make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		c := ca
		if i%2 == 1 {
			c = cb
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := c.StartEngagement(ctx(t), &ssmcontacts.StartEngagementInput{
				ContactId: aws.String(contactARN(account, "made-on-a")), Sender: aws.String("race"),
				Subject: aws.String("Once"), Content: aws.String("Only once"), IdempotencyToken: aws.String("one-token"),
			})
			if err != nil {
				errs[i] = err
				return
			}
			errs[i], arns[i] = nil, aws.ToString(out.EngagementArn)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("caller %d: %v", i, err)
		}
		if arns[i] != arns[0] {
			t.Fatalf("callers 0 and %d got engagements %s and %s for one token", i, arns[0], arns[i])
		}
	}
	list, err := cb.ListEngagements(ctx(t), &ssmcontacts.ListEngagementsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Engagements) != 1 {
		t.Errorf("%d engagements for one idempotency token, want 1", len(list.Engagements))
	}
}

// TestFailoverAcrossReplicas: three replicas on one database page 30
// contacts while one of them is killed (SIGKILL) with sends in flight.
// Every page reaches the provider, and under one message id only: the
// survivors take over the dead replica's claims once their lease (here
// 3 s) expires. The one at-least-once edge: a send the provider had
// received when its replica died is sent again, under the same message
// id, for the provider (or the receiver) to deduplicate.
func TestFailoverAcrossReplicas(t *testing.T) {
	t.Parallel() // it mostly waits on the real clock: let it wait beside the others
	db := pgtest.Database(t)
	hook := newWebhookReceiver(t)
	flags := append(hook.flags(), "--claim-lease", "3s")
	var replicas []*server
	for range 3 {
		replicas = append(replicas, start(t, options{db: db, extra: flags}))
	}
	const n = 30
	var people []string
	for i := range n {
		s := replicas[i%3]
		c := s.client(account)
		p, ch := s.person(c, fmt.Sprintf("person-%02d", i), smsChannel(fmt.Sprintf("+120655501%02d", i)))
		s.setPlan(c, p, channelStage(30, nil, ch[0]))
		people = append(people, p)
	}

	held, release := hook.holdPages()
	defer release()
	go func() { // keep the receiver from blocking on its announcements
		for range held {
		}
	}()
	for i, p := range people {
		s := replicas[i%3]
		s.engage(s.client(account), p)
	}
	// Wait until sends are in flight, then kill a replica.
	deadline := time.Now().Add(30 * time.Second)
	for len(hook.pageCalls()) < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	replicas[0].kill()
	killedAt := time.Now()
	inFlight := len(hook.pageCalls())
	release()

	// Every engagement pages its contact once: n page messages, each of
	// which reaches the provider.
	deadline = time.Now().Add(60 * time.Second)
	want := map[string]bool{}
	for {
		want = map[string]bool{}
		for _, m := range replicas[1].outbox("kind=PAGE&limit=10000") {
			want[m.ID] = true
		}
		got := map[string]int{}
		for _, call := range hook.pageCalls() {
			got[call.MessageID]++
		}
		missing := n - len(want)
		for id := range want {
			if got[id] == 0 {
				missing++
			}
		}
		if missing == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d pages never reached the provider, %s after the kill", missing, n, time.Since(killedAt).Round(time.Millisecond))
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(4 * time.Second) // a lease more: nothing else may go out
	calls := hook.pageCalls()
	first := map[string]time.Time{}
	count := map[string]int{}
	for _, call := range calls {
		if _, ok := first[call.MessageID]; !ok {
			first[call.MessageID] = call.At
		}
		count[call.MessageID]++
	}
	again := 0
	for id, k := range count {
		if !want[id] {
			t.Errorf("message %s was sent but is no page of these engagements", id)
		}
		if k > 1 {
			again++
			if first[id].After(killedAt) {
				t.Errorf("message %s was sent %d times, the first after the kill: only a send in flight at the kill may repeat", id, k)
			}
		}
	}
	if again > inFlight {
		t.Errorf("%d messages sent again, but only %d sends were in flight at the kill", again, inFlight)
	}
	var last time.Time
	for _, call := range calls {
		if call.At.After(last) {
			last = call.At
		}
	}
	t.Logf("%d pages over 3 replicas; replica 0 killed when the provider had received %d; %d sent again after failover; the last call came %s after the kill",
		n, inFlight, again, last.Sub(killedAt).Round(time.Millisecond))
}
