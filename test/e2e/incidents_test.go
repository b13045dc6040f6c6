package e2e

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmincidents"
	"github.com/aws/aws-sdk-go-v2/service/ssmincidents/types"
)

// oncallPlan creates a person paged by SMS at 0, 5 and 10 minutes (three
// stages), and a response plan engaging them; it returns the contact's and
// the plan's ARNs.
func (s *server) oncallPlan(t *testing.T, name string, dedupe *string) (string, string) {
	t.Helper()
	cc := s.client(account)
	person, chans := s.person(cc, "oncall-"+name, smsChannel("+15550100"))
	s.setPlan(cc, person, channelStage(5, nil, chans[0]), channelStage(5, nil, chans[0]), channelStage(5, nil, chans[0]))
	ic := s.incidents(account)
	out, err := ic.CreateResponsePlan(ctx(t), &ssmincidents.CreateResponsePlanInput{
		Name:             aws.String(name),
		IncidentTemplate: &types.IncidentTemplate{Title: aws.String("Checkout is failing"), Impact: aws.Int32(2), Summary: aws.String("5xx above 5%"), DedupeString: dedupe},
		Engagements:      []string{person},
	})
	if err != nil {
		t.Fatal(err)
	}
	return person, aws.ToString(out.Arn)
}

// engagementOf returns the engagement the incident started (from its
// related items) and checks the ssm-contacts side links back.
func engagementOf(t *testing.T, s *server, incident string) string {
	t.Helper()
	items, err := s.incidents(account).ListRelatedItems(ctx(t), &ssmincidents.ListRelatedItemsInput{IncidentRecordArn: aws.String(incident)})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items.RelatedItems {
		if v, ok := it.Identifier.Value.(*types.ItemValueMemberArn); ok && strings.Contains(v.Value, ":engagement/") {
			return v.Value
		}
	}
	t.Fatalf("no engagement among the related items %+v", items.RelatedItems)
	return ""
}

// TestIncidentsStartIncidentEngagesAndResolveStops: StartIncident opens a
// record from the plan's template, records the trigger on the timeline,
// engages the plan's contact (the page goes out on the controllable
// clock), links both ways; resolving it stops the paging.
func TestIncidentsStartIncidentEngagesAndResolveStops(t *testing.T) {
	s := start(t, options{clockStart: engageClock})
	ic, cc := s.incidents(account), s.client(account)
	replicationSet(t, ic)
	_, plan := s.oncallPlan(t, "checkout", nil)

	out, err := ic.StartIncident(ctx(t), &ssmincidents.StartIncidentInput{
		ResponsePlanArn: aws.String(plan), Impact: aws.Int32(1),
		TriggerDetails: &types.TriggerDetails{Source: aws.String("aws.cloudwatch"), Timestamp: aws.Time(engageT0), TriggerArn: aws.String("arn:aws:cloudwatch:us-east-2:000000000000:alarm:checkout")},
		RelatedItems:   []types.RelatedItem{{Identifier: &types.ItemIdentifier{Type: types.ItemTypeMetric, Value: &types.ItemValueMemberMetricDefinition{Value: "errors"}}, Title: aws.String("errors")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	incident := aws.ToString(out.IncidentRecordArn)
	if !strings.HasPrefix(incident, "arn:aws:ssm-incidents::"+account+":incident-record/checkout/") {
		t.Fatalf("incident arn = %s", incident)
	}
	s.settle()
	rec, err := ic.GetIncidentRecord(ctx(t), &ssmincidents.GetIncidentRecordInput{Arn: aws.String(incident)})
	if err != nil {
		t.Fatal(err)
	}
	r := rec.IncidentRecord
	if aws.ToString(r.Title) != "Checkout is failing" || aws.ToInt32(r.Impact) != 1 || r.Status != types.IncidentRecordStatusOpen ||
		aws.ToString(r.Summary) != "5xx above 5%" || aws.ToString(r.IncidentRecordSource.Source) != "aws.cloudwatch" ||
		!aws.ToTime(r.CreationTime).Equal(engageT0) || r.ResolvedTime != nil {
		t.Fatalf("record = %+v", r)
	}

	eng := engagementOf(t, s, incident)
	desc, err := cc.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(eng)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(desc.Sender) != "ssm-incidents" || aws.ToString(desc.IncidentId) != incident || aws.ToString(desc.Subject) != "Checkout is failing" {
		t.Fatalf("engagement = %+v", desc)
	}
	engs, err := cc.ListEngagements(ctx(t), &ssmcontacts.ListEngagementsInput{IncidentId: aws.String(incident)})
	if err != nil || len(engs.Engagements) != 1 {
		t.Fatalf("engagements of the incident = %+v, %v", engs, err)
	}
	if got := s.pagesSent(); len(got) != 1 || got[0] != "+15550100@0s" {
		t.Fatalf("pages = %v", got)
	}
	s.advanceTo(5 * time.Minute)
	if got := s.pagesSent(); len(got) != 2 {
		t.Fatalf("pages after 5 minutes = %v (want the second stage)", got)
	}

	// The timeline has the trigger.
	evs, err := ic.ListTimelineEvents(ctx(t), &ssmincidents.ListTimelineEventsInput{IncidentRecordArn: aws.String(incident)})
	if err != nil || len(evs.EventSummaries) != 1 || aws.ToString(evs.EventSummaries[0].EventType) != "SSM Incident Trigger" {
		t.Fatalf("timeline = %+v, %v", evs, err)
	}

	// Resolve: the engagement stops, the resolution is on the timeline.
	if _, err := ic.UpdateIncidentRecord(ctx(t), &ssmincidents.UpdateIncidentRecordInput{Arn: aws.String(incident), Status: types.IncidentRecordStatusResolved, Title: aws.String("Checkout failed")}); err != nil {
		t.Fatal(err)
	}
	desc, _ = cc.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(eng)})
	if desc.StopTime == nil {
		t.Fatal("the engagement was not stopped by the resolution")
	}
	s.advanceTo(30 * time.Minute)
	if got := s.pagesSent(); len(got) != 2 {
		t.Fatalf("pages after the resolution = %v (want no more)", got)
	}
	rec, _ = ic.GetIncidentRecord(ctx(t), &ssmincidents.GetIncidentRecordInput{Arn: aws.String(incident)})
	if rec.IncidentRecord.Status != types.IncidentRecordStatusResolved || !aws.ToTime(rec.IncidentRecord.ResolvedTime).Equal(engageT0.Add(5*time.Minute)) ||
		aws.ToString(rec.IncidentRecord.Title) != "Checkout failed" {
		t.Fatalf("resolved record = %+v", rec.IncidentRecord)
	}
	evs, _ = ic.ListTimelineEvents(ctx(t), &ssmincidents.ListTimelineEventsInput{IncidentRecordArn: aws.String(incident), SortOrder: types.SortOrderAscending, SortBy: types.TimelineEventSortEventTime})
	if len(evs.EventSummaries) != 2 || aws.ToString(evs.EventSummaries[1].EventType) != "SSM Incident Record Update" {
		t.Fatalf("timeline after the resolution = %+v", evs.EventSummaries)
	}

	// Lists and filters.
	list, err := ic.ListIncidentRecords(ctx(t), &ssmincidents.ListIncidentRecordsInput{Filters: []types.Filter{
		{Key: aws.String("status"), Condition: &types.ConditionMemberEquals{Value: &types.AttributeValueListMemberStringValues{Value: []string{"RESOLVED"}}}},
		{Key: aws.String("impact"), Condition: &types.ConditionMemberEquals{Value: &types.AttributeValueListMemberIntegerValues{Value: []int32{1}}}},
		{Key: aws.String("creationTime"), Condition: &types.ConditionMemberBefore{Value: engageT0.Add(time.Hour)}},
	}})
	if err != nil || len(list.IncidentRecordSummaries) != 1 || aws.ToString(list.IncidentRecordSummaries[0].Arn) != incident {
		t.Fatalf("filtered list = %+v, %v", list, err)
	}
	list, _ = ic.ListIncidentRecords(ctx(t), &ssmincidents.ListIncidentRecordsInput{Filters: []types.Filter{
		{Key: aws.String("status"), Condition: &types.ConditionMemberEquals{Value: &types.AttributeValueListMemberStringValues{Value: []string{"OPEN"}}}},
	}})
	if len(list.IncidentRecordSummaries) != 0 {
		t.Fatalf("open incidents = %+v", list.IncidentRecordSummaries)
	}
}

// TestIncidentsTimelineRelatedItemsFindings walks the remaining incident
// operations: timeline CRUD with filters and paging, related items,
// findings, DeleteIncidentRecord, and the dedupe string.
func TestIncidentsTimelineRelatedItemsFindings(t *testing.T) {
	s := start(t, options{clockStart: engageClock})
	ic := s.incidents(account)
	replicationSet(t, ic)
	_, plan := s.oncallPlan(t, "dedupe", aws.String("checkout-5xx"))

	first, err := ic.StartIncident(ctx(t), &ssmincidents.StartIncidentInput{ResponsePlanArn: aws.String(plan)})
	if err != nil {
		t.Fatal(err)
	}
	incident := aws.ToString(first.IncidentRecordArn)
	second, err := ic.StartIncident(ctx(t), &ssmincidents.StartIncidentInput{ResponsePlanArn: aws.String(plan)})
	if err != nil || aws.ToString(second.IncidentRecordArn) != incident {
		t.Fatalf("an open incident with the same dedupe string: %v, %v (want %s)", second, err, incident)
	}
	s.settle()
	if got := s.pagesSent(); len(got) != 1 {
		t.Fatalf("pages = %v: the duplicate paged again", got)
	}

	var ids []string
	for i, typ := range []string{"Custom Event", "Note", "Custom Event"} {
		out, err := ic.CreateTimelineEvent(ctx(t), &ssmincidents.CreateTimelineEventInput{
			IncidentRecordArn: aws.String(incident), EventType: aws.String(typ), EventData: aws.String("step " + string(rune('1'+i))),
			EventTime:       aws.Time(engageT0.Add(time.Duration(i+1) * time.Minute)),
			EventReferences: []types.EventReference{&types.EventReferenceMemberResource{Value: "arn:aws:ec2:us-east-2:000000000000:instance/i-1"}},
		})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, aws.ToString(out.EventId))
	}
	ev, err := ic.GetTimelineEvent(ctx(t), &ssmincidents.GetTimelineEventInput{IncidentRecordArn: aws.String(incident), EventId: aws.String(ids[1])})
	if err != nil || aws.ToString(ev.Event.EventData) != "step 2" || aws.ToString(ev.Event.EventType) != "Note" || len(ev.Event.EventReferences) != 1 {
		t.Fatalf("event = %+v, %v", ev, err)
	}
	if _, err := ic.UpdateTimelineEvent(ctx(t), &ssmincidents.UpdateTimelineEventInput{IncidentRecordArn: aws.String(incident), EventId: aws.String(ids[1]), EventData: aws.String("step two"), EventReferences: []types.EventReference{}}); err != nil {
		t.Fatal(err)
	}
	ev, _ = ic.GetTimelineEvent(ctx(t), &ssmincidents.GetTimelineEventInput{IncidentRecordArn: aws.String(incident), EventId: aws.String(ids[1])})
	if aws.ToString(ev.Event.EventData) != "step two" || len(ev.Event.EventReferences) != 0 {
		t.Fatalf("updated event = %+v", ev.Event)
	}
	// Filtered, newest first, two at a time.
	p := ssmincidents.NewListTimelineEventsPaginator(ic, &ssmincidents.ListTimelineEventsInput{
		IncidentRecordArn: aws.String(incident), MaxResults: aws.Int32(2),
		Filters: []types.Filter{{Key: aws.String("eventType"), Condition: &types.ConditionMemberEquals{Value: &types.AttributeValueListMemberStringValues{Value: []string{"Custom Event", "Note"}}}}},
	})
	var got []string
	pages := 0
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, e := range page.EventSummaries {
			got = append(got, aws.ToString(e.EventId))
		}
	}
	if pages != 2 || strings.Join(got, ",") != strings.Join([]string{ids[2], ids[1], ids[0]}, ",") {
		t.Fatalf("paged events = %v in %d pages, want %v", got, pages, []string{ids[2], ids[1], ids[0]})
	}
	if _, err := ic.DeleteTimelineEvent(ctx(t), &ssmincidents.DeleteTimelineEventInput{IncidentRecordArn: aws.String(incident), EventId: aws.String(ids[0])}); err != nil {
		t.Fatal(err)
	}
	_, err = ic.GetTimelineEvent(ctx(t), &ssmincidents.GetTimelineEventInput{IncidentRecordArn: aws.String(incident), EventId: aws.String(ids[0])})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Fatalf("deleted event: %v", err)
	}

	// Related items.
	item := types.RelatedItem{Identifier: &types.ItemIdentifier{Type: types.ItemTypeOther, Value: &types.ItemValueMemberUrl{Value: "https://runbooks.example/checkout"}}, Title: aws.String("runbook")}
	if _, err := ic.UpdateRelatedItems(ctx(t), &ssmincidents.UpdateRelatedItemsInput{IncidentRecordArn: aws.String(incident), RelatedItemsUpdate: &types.RelatedItemsUpdateMemberItemToAdd{Value: item}}); err != nil {
		t.Fatal(err)
	}
	_, err = ic.UpdateRelatedItems(ctx(t), &ssmincidents.UpdateRelatedItemsInput{IncidentRecordArn: aws.String(incident), RelatedItemsUpdate: &types.RelatedItemsUpdateMemberItemToAdd{Value: item}})
	var ce *types.ConflictException
	if !errors.As(err, &ce) {
		t.Fatalf("adding the item twice: %v", err)
	}
	items, _ := ic.ListRelatedItems(ctx(t), &ssmincidents.ListRelatedItemsInput{IncidentRecordArn: aws.String(incident)})
	if len(items.RelatedItems) != 2 { // the engagement and the runbook
		t.Fatalf("related items = %+v", items.RelatedItems)
	}
	if _, err := ic.UpdateRelatedItems(ctx(t), &ssmincidents.UpdateRelatedItemsInput{IncidentRecordArn: aws.String(incident), RelatedItemsUpdate: &types.RelatedItemsUpdateMemberItemToRemove{Value: *item.Identifier}}); err != nil {
		t.Fatal(err)
	}
	items, _ = ic.ListRelatedItems(ctx(t), &ssmincidents.ListRelatedItemsInput{IncidentRecordArn: aws.String(incident)})
	if len(items.RelatedItems) != 1 {
		t.Fatalf("related items after removal = %+v", items.RelatedItems)
	}

	// Findings: none were recorded.
	fs, err := ic.ListIncidentFindings(ctx(t), &ssmincidents.ListIncidentFindingsInput{IncidentRecordArn: aws.String(incident)})
	if err != nil || len(fs.Findings) != 0 {
		t.Fatalf("findings = %+v, %v", fs, err)
	}
	bg, err := ic.BatchGetIncidentFindings(ctx(t), &ssmincidents.BatchGetIncidentFindingsInput{IncidentRecordArn: aws.String(incident), FindingIds: []string{"f-1"}})
	if err != nil || len(bg.Findings) != 0 || len(bg.Errors) != 1 || aws.ToString(bg.Errors[0].FindingId) != "f-1" {
		t.Fatalf("batch get = %+v, %v", bg, err)
	}

	// Tags on an incident come from the template and the tag operations.
	if _, err := ic.TagResource(ctx(t), &ssmincidents.TagResourceInput{ResourceArn: aws.String(incident), Tags: map[string]string{"sev": "2"}}); err != nil {
		t.Fatal(err)
	}
	tags, err := ic.ListTagsForResource(ctx(t), &ssmincidents.ListTagsForResourceInput{ResourceArn: aws.String(incident)})
	if err != nil || tags.Tags["sev"] != "2" {
		t.Fatalf("incident tags = %v, %v", tags, err)
	}

	// Deleting the open incident stops its engagement.
	eng := engagementOf(t, s, incident)
	if _, err := ic.DeleteIncidentRecord(ctx(t), &ssmincidents.DeleteIncidentRecordInput{Arn: aws.String(incident)}); err != nil {
		t.Fatal(err)
	}
	_, err = ic.GetIncidentRecord(ctx(t), &ssmincidents.GetIncidentRecordInput{Arn: aws.String(incident)})
	if !errors.As(err, &nf) {
		t.Fatalf("deleted incident: %v", err)
	}
	desc, _ := s.client(account).DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(eng)})
	if desc.StopTime == nil {
		t.Fatal("deleting the incident left its engagement paging")
	}
	// With the first incident gone, the dedupe string opens a new one.
	third, err := ic.StartIncident(ctx(t), &ssmincidents.StartIncidentInput{ResponsePlanArn: aws.String(plan)})
	if err != nil || aws.ToString(third.IncidentRecordArn) == incident {
		t.Fatalf("after deletion: %v, %v", third, err)
	}
}

// TestIncidentsCrossAccount: a plan engages only its own account's
// contacts, and another account sees none of it.
func TestIncidentsCrossAccount(t *testing.T) {
	s := start(t, options{})
	a, b := s.incidents(account), s.incidents(account2)
	replicationSet(t, a)
	replicationSet(t, b) // one per account
	theirs := newContact(t, s.client(account2), personal("theirs"))
	_, err := a.CreateResponsePlan(ctx(t), &ssmincidents.CreateResponsePlanInput{
		Name: aws.String("p"), IncidentTemplate: &types.IncidentTemplate{Title: aws.String("t"), Impact: aws.Int32(3)}, Engagements: []string{theirs},
	})
	var ve *types.ValidationException
	if !errors.As(err, &ve) || !strings.Contains(ve.ErrorMessage(), "own account") {
		t.Fatalf("engaging another account's contact: %v", err)
	}
	_, err = a.CreateResponsePlan(ctx(t), &ssmincidents.CreateResponsePlanInput{
		Name: aws.String("p"), IncidentTemplate: &types.IncidentTemplate{Title: aws.String("t"), Impact: aws.Int32(3)}, Engagements: []string{contactARN(account, "nobody")},
	})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Fatalf("engaging a contact that does not exist: %v", err)
	}
	out, err := a.CreateResponsePlan(ctx(t), &ssmincidents.CreateResponsePlanInput{
		Name: aws.String("p"), IncidentTemplate: &types.IncidentTemplate{Title: aws.String("t"), Impact: aws.Int32(3)},
	})
	if err != nil {
		t.Fatal(err)
	}
	inc, err := a.StartIncident(ctx(t), &ssmincidents.StartIncidentInput{ResponsePlanArn: out.Arn})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.GetResponsePlan(ctx(t), &ssmincidents.GetResponsePlanInput{Arn: out.Arn}); !errors.As(err, &nf) {
		t.Fatalf("B reading A's plan: %v", err)
	}
	if _, err := b.GetIncidentRecord(ctx(t), &ssmincidents.GetIncidentRecordInput{Arn: inc.IncidentRecordArn}); !errors.As(err, &nf) {
		t.Fatalf("B reading A's incident: %v", err)
	}
	if _, err := b.StartIncident(ctx(t), &ssmincidents.StartIncidentInput{ResponsePlanArn: out.Arn}); !errors.As(err, &nf) {
		t.Fatalf("B starting an incident on A's plan: %v", err)
	}
	plans, _ := b.ListResponsePlans(ctx(t), &ssmincidents.ListResponsePlansInput{})
	recs, _ := b.ListIncidentRecords(ctx(t), &ssmincidents.ListIncidentRecordsInput{})
	if len(plans.ResponsePlanSummaries) != 0 || len(recs.IncidentRecordSummaries) != 0 {
		t.Fatalf("B sees %d plans and %d incidents", len(plans.ResponsePlanSummaries), len(recs.IncidentRecordSummaries))
	}
	if _, err := b.TagResource(ctx(t), &ssmincidents.TagResourceInput{ResourceArn: out.Arn, Tags: map[string]string{"x": "y"}}); !errors.As(err, &nf) {
		t.Fatalf("B tagging A's plan: %v", err)
	}
}
