package incidents

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
	"github.com/ssmcontacts/ssmcontacts/internal/store/teststore"
)

type fakeEngager struct {
	started []engage.StartEngagementInput
	stopped []string
	fail    error
}

func (f *fakeEngager) StartEngagement(_ context.Context, sc contacts.Scope, in engage.StartEngagementInput) (string, error) {
	if f.fail != nil {
		return "", f.fail
	}
	f.started = append(f.started, in)
	return sc.EngagementARN("c", in.IdempotencyToken), nil
}

func (f *fakeEngager) StopEngagement(_ context.Context, _ contacts.Scope, id string, _ *string) error {
	f.stopped = append(f.stopped, id)
	return nil
}

var caller = contacts.Scope{Account: "000000000000", Region: "us-east-2"}

func newService(t *testing.T) (*Service, *fakeEngager, contacts.Store) {
	t.Helper()
	st := teststore.Open(t)
	eng := &fakeEngager{}
	s, err := New(context.Background(), Config{Store: st, Clock: clock.NewControllable(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)), Engager: eng})
	if err != nil {
		t.Fatal(err)
	}
	return s, eng, st
}

func plan(t *testing.T, s *Service, name string, engagements ...string) string {
	t.Helper()
	out, err := s.CreateResponsePlan(context.Background(), caller, CreateResponsePlanInput{Name: name, IncidentTemplate: IncidentTemplate{Title: "t", Impact: 3}, Engagements: engagements})
	if err != nil {
		t.Fatal(err)
	}
	return out.Arn
}

// A page token resumes after its position even when the item it names was
// deleted in between.
func TestPagingSurvivesDeletion(t *testing.T) {
	s, _, _ := newService(t)
	ctx := context.Background()
	for _, n := range []string{"a", "b", "c"} {
		plan(t, s, n)
	}
	one := 1
	first, err := s.ListResponsePlans(ctx, caller, ListInput{MaxResults: &one})
	if err != nil || len(first.ResponsePlanSummaries) != 1 || first.NextToken == nil {
		t.Fatalf("first page = %+v, %v", first, err)
	}
	if err := s.DeleteResponsePlan(ctx, caller, first.ResponsePlanSummaries[0].Arn); err != nil {
		t.Fatal(err)
	}
	rest, err := s.ListResponsePlans(ctx, caller, ListInput{NextToken: first.NextToken})
	if err != nil {
		t.Fatal(err)
	}
	if len(rest.ResponsePlanSummaries) != 2 || rest.ResponsePlanSummaries[0].Name != "b" {
		t.Fatalf("after deleting the token's item: %+v", rest.ResponsePlanSummaries)
	}
	// A token from another list is refused.
	_, err = s.ListReplicationSets(ctx, caller, ListInput{NextToken: first.NextToken})
	if contacts.KindOf(err) != contacts.KindValidation {
		t.Fatalf("transplanted token: %v", err)
	}
}

// A failed engagement start leaves the incident recorded; retrying the
// same StartIncident (same clientToken) engages the contact once.
func TestStartIncidentRetriesEngagement(t *testing.T) {
	s, eng, st := newService(t)
	ctx := context.Background()
	contact := caller.ContactARN("oncall")
	if err := st.Write(ctx, func(tx contacts.Tx) error {
		return tx.ContactInsert(ctx, &contacts.Contact{Scope: caller, Alias: "oncall", Type: contacts.Personal, Plan: contacts.Plan{Stages: []contacts.Stage{}}})
	}); err != nil {
		t.Fatal(err)
	}
	p := plan(t, s, "p", contact)
	token := "tok"
	eng.fail = errors.New("store busy")
	if _, err := s.StartIncident(ctx, caller, StartIncidentInput{ResponsePlanArn: p, ClientToken: &token}); err == nil {
		t.Fatal("the engagement failure was not reported")
	}
	eng.fail = nil
	out, err := s.StartIncident(ctx, caller, StartIncidentInput{ResponsePlanArn: p, ClientToken: &token})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.StartIncident(ctx, caller, StartIncidentInput{ResponsePlanArn: p, ClientToken: &token}); err != nil {
		t.Fatal(err)
	}
	if len(eng.started) != 1 || eng.started[0].Sender != SenderIncidents || *eng.started[0].IncidentID != out.IncidentRecordArn {
		t.Fatalf("engagements started = %+v", eng.started)
	}
	recs, _ := s.ListIncidentRecords(ctx, caller, ListIncidentRecordsInput{})
	if len(recs.IncidentRecordSummaries) != 1 {
		t.Fatalf("incidents = %d, want 1", len(recs.IncidentRecordSummaries))
	}
	resolved := StatusResolved
	if err := s.UpdateIncidentRecord(ctx, caller, UpdateIncidentRecordInput{Arn: out.IncidentRecordArn, Status: &resolved}); err != nil {
		t.Fatal(err)
	}
	if len(eng.stopped) != 1 {
		t.Fatalf("stopped = %v", eng.stopped)
	}
}

// The events the service writes itself cannot be edited.
func TestServiceEventsAreReadOnly(t *testing.T) {
	s, _, _ := newService(t)
	ctx := context.Background()
	out, err := s.StartIncident(ctx, caller, StartIncidentInput{ResponsePlanArn: plan(t, s, "p")})
	if err != nil {
		t.Fatal(err)
	}
	evs, err := s.ListTimelineEvents(ctx, caller, ListTimelineEventsInput{IncidentRecordArn: out.IncidentRecordArn})
	if err != nil || len(evs.EventSummaries) != 1 {
		t.Fatalf("events = %+v, %v", evs, err)
	}
	data := "edited"
	err = s.UpdateTimelineEvent(ctx, caller, UpdateTimelineEventInput{IncidentRecordArn: out.IncidentRecordArn, EventID: evs.EventSummaries[0].EventID, EventData: &data})
	if contacts.KindOf(err) != contacts.KindValidation {
		t.Fatalf("editing the trigger event: %v", err)
	}
}

// The dedupe string finds the open incident only: resolved, deleted or
// reopened incidents move the entry as they should.
func TestDedupeFollowsStatus(t *testing.T) {
	s, _, _ := newService(t)
	ctx := context.Background()
	dd := "checkout"
	out, err := s.CreateResponsePlan(ctx, caller, CreateResponsePlanInput{Name: "p", IncidentTemplate: IncidentTemplate{Title: "t", Impact: 3, DedupeString: &dd}})
	if err != nil {
		t.Fatal(err)
	}
	start := func() string {
		t.Helper()
		o, err := s.StartIncident(ctx, caller, StartIncidentInput{ResponsePlanArn: out.Arn})
		if err != nil {
			t.Fatal(err)
		}
		return o.IncidentRecordArn
	}
	set := func(arn, status string) {
		t.Helper()
		if err := s.UpdateIncidentRecord(ctx, caller, UpdateIncidentRecordInput{Arn: arn, Status: &status}); err != nil {
			t.Fatal(err)
		}
	}
	first := start()
	if again := start(); again != first {
		t.Fatalf("open duplicate: %s, want %s", again, first)
	}
	set(first, StatusResolved)
	second := start()
	if second == first {
		t.Fatal("a resolved incident was returned for its dedupe string")
	}
	set(first, StatusOpen) // reopened while second holds the string
	if again := start(); again != second {
		t.Fatalf("after reopening the first: %s, want %s", again, second)
	}
	if err := s.DeleteIncidentRecord(ctx, caller, second); err != nil {
		t.Fatal(err)
	}
	if third := start(); third == second || third == first {
		t.Fatalf("after deleting the holder: %s", third)
	}
}
