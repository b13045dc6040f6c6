package e2e

import (
	"fmt"
	"sync"
	"testing"

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
	b := start(t, options{db: db})
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

	const n = 50
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		c := ca
		if i%2 == 1 {
			c = cb
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = c.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{
				Alias: aws.String("contested"), DisplayName: aws.String(fmt.Sprintf("Caller %d", i)),
				Type: types.ContactTypePersonal, Plan: &types.Plan{Stages: []types.Stage{}},
			})
		}()
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		if err == nil {
			if winner >= 0 {
				t.Fatalf("callers %d and %d both created the contact", winner, i)
			}
			winner = i
			continue
		}
		expectAPIError[*types.ConflictException](t, err)
	}
	if winner < 0 {
		t.Fatal("no caller created the contact")
	}
	for _, c := range []*ssmcontacts.Client{ca, cb} {
		got, err := c.GetContact(ctx(t), &ssmcontacts.GetContactInput{ContactId: aws.String(contactARN(account, "contested"))})
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("Caller %d", winner); aws.ToString(got.DisplayName) != want {
			t.Errorf("DisplayName %q, want the winner's %q", aws.ToString(got.DisplayName), want)
		}
	}
}
