package e2e

import (
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// readFixture is four engagements of alice (two SMS channels in one stage)
// started at t0, t0+1m, t0+2m and t0+2m, the first two and the last with
// incident ids; the second is stopped, alice reads the first's first page.
type readFixture struct {
	s           *server
	c           *ssmcontacts.Client
	alice       string
	channels    []string
	engagements []string // in start order
}

const (
	incident1 = "arn:aws:ssm-incidents::000000000000:incident-record/db/1"
	incident2 = "arn:aws:ssm-incidents::000000000000:incident-record/web/2"
)

func newReadFixture(t *testing.T) *readFixture {
	s := start(t, options{clockStart: engageClock})
	c := s.client(account)
	f := &readFixture{s: s, c: c}
	f.alice, f.channels = s.person(c, "alice", smsChannel("+12065550100"), emailChannel("alice@example.com"))
	s.setPlan(c, f.alice, channelStage(30, nil, f.channels...))
	for i, inc := range []string{incident1, incident2, incident1, ""} {
		s.advanceTo([]time.Duration{0, time.Minute, 2 * time.Minute, 2 * time.Minute}[i])
		in := &ssmcontacts.StartEngagementInput{
			ContactId: aws.String(f.alice), Sender: aws.String("sender-" + strconv.Itoa(i)),
			Subject: aws.String("Subject " + strconv.Itoa(i)), Content: aws.String("Content " + strconv.Itoa(i)),
		}
		if inc != "" {
			in.IncidentId = aws.String(inc)
			in.PublicSubject, in.PublicContent = aws.String("Public subject "+strconv.Itoa(i)), aws.String("Public content "+strconv.Itoa(i))
		}
		out, err := c.StartEngagement(ctx(t), in)
		if err != nil {
			t.Fatal(err)
		}
		f.engagements = append(f.engagements, aws.ToString(out.EngagementArn))
		s.settle()
	}
	if _, err := c.StopEngagement(ctx(t), &ssmcontacts.StopEngagementInput{EngagementId: aws.String(f.engagements[1])}); err != nil {
		t.Fatal(err)
	}
	first := pagesOf(t, c, f.engagements[0])[0]
	s.advanceTo(3 * time.Minute)
	if _, err := c.AcceptPage(ctx(t), &ssmcontacts.AcceptPageInput{
		PageId: first.PageArn, AcceptType: types.AcceptTypeDelivered, AcceptCode: aws.String("123456"),
	}); err != nil {
		t.Fatal(err)
	}
	s.advanceTo(4 * time.Minute)
	if _, err := c.AcceptPage(ctx(t), &ssmcontacts.AcceptPageInput{
		PageId: first.PageArn, AcceptType: types.AcceptTypeRead, AcceptCode: aws.String("123456"),
	}); err != nil {
		t.Fatal(err)
	}
	return f
}

// cmpOutput compares SDK shapes by their members.
var cmpOutput = cmp.Options{
	cmpopts.IgnoreUnexported(types.Engagement{}, types.Page{}, ssmcontacts.DescribeEngagementOutput{}, ssmcontacts.DescribePageOutput{}),
	cmpopts.IgnoreFields(ssmcontacts.DescribeEngagementOutput{}, "ResultMetadata"),
	cmpopts.IgnoreFields(ssmcontacts.DescribePageOutput{}, "ResultMetadata"),
}

func TestDescribeEngagementAndListEngagements(t *testing.T) {
	f := newReadFixture(t)
	c := f.c
	d, err := c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(f.engagements[0])})
	if err != nil {
		t.Fatal(err)
	}
	got := ssmcontacts.DescribeEngagementOutput{
		ContactArn: d.ContactArn, EngagementArn: d.EngagementArn, Sender: d.Sender, Subject: d.Subject, Content: d.Content,
		PublicSubject: d.PublicSubject, PublicContent: d.PublicContent, IncidentId: d.IncidentId,
		StartTime: d.StartTime, StopTime: d.StopTime,
	}
	want := ssmcontacts.DescribeEngagementOutput{
		ContactArn: aws.String(f.alice), EngagementArn: aws.String(f.engagements[0]), Sender: aws.String("sender-0"),
		Subject: aws.String("Subject 0"), Content: aws.String("Content 0"),
		PublicSubject: aws.String("Public subject 0"), PublicContent: aws.String("Public content 0"),
		IncidentId: aws.String(incident1), StartTime: aws.Time(engageT0),
		StopTime: aws.Time(engageT0.Add(4 * time.Minute)), // alice read a page: her plan ended
	}
	if diff := cmp.Diff(want, got, cmpOutput); diff != "" {
		t.Errorf("DescribeEngagement (-want +got):\n%s", diff)
	}
	d, err = c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(f.engagements[3])})
	if err != nil {
		t.Fatal(err)
	}
	if d.PublicSubject != nil || d.PublicContent != nil || d.IncidentId != nil || d.StopTime != nil {
		t.Errorf("optional members not given or not reached are present: %+v", d)
	}

	list := func(in ssmcontacts.ListEngagementsInput) []string {
		t.Helper()
		var out []string
		p := ssmcontacts.NewListEngagementsPaginator(c, &in)
		for p.HasMorePages() {
			page, err := p.NextPage(ctx(t))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range page.Engagements {
				out = append(out, aws.ToString(e.EngagementArn))
			}
		}
		return out
	}
	e := f.engagements
	// Newest first; e[2] and e[3] started at the same time: the larger id
	// (the ARNs differ only there) comes first.
	all := []string{e[3], e[2], e[1], e[0]}
	if e[2] > e[3] {
		all[0], all[1] = e[2], e[3]
	}
	if diff := cmp.Diff(all, list(ssmcontacts.ListEngagementsInput{})); diff != "" {
		t.Errorf("ListEngagements (-want +got):\n%s", diff)
	}
	tests := []struct {
		name string
		in   ssmcontacts.ListEngagementsInput
		want []string
	}{
		{"one per page", ssmcontacts.ListEngagementsInput{MaxResults: aws.Int32(1)}, all},
		{"three per page", ssmcontacts.ListEngagementsInput{MaxResults: aws.Int32(3)}, all},
		{"by incident", ssmcontacts.ListEngagementsInput{IncidentId: aws.String(incident1)}, []string{e[2], e[0]}},
		{"by incident, one per page", ssmcontacts.ListEngagementsInput{IncidentId: aws.String(incident1), MaxResults: aws.Int32(1)}, []string{e[2], e[0]}},
		{"by time range", ssmcontacts.ListEngagementsInput{TimeRangeValue: &types.TimeRange{
			StartTime: aws.Time(engageT0.Add(30 * time.Second)), EndTime: aws.Time(engageT0.Add(90 * time.Second)),
		}}, []string{e[1]}},
		{"a time range includes its ends", ssmcontacts.ListEngagementsInput{TimeRangeValue: &types.TimeRange{
			StartTime: aws.Time(engageT0.Add(time.Minute)), EndTime: aws.Time(engageT0.Add(2 * time.Minute)),
		}}, all[:3]},
		{"from a time on", ssmcontacts.ListEngagementsInput{TimeRangeValue: &types.TimeRange{StartTime: aws.Time(engageT0.Add(time.Minute))}}, all[:3]},
		{"by incident and time", ssmcontacts.ListEngagementsInput{IncidentId: aws.String(incident1), TimeRangeValue: &types.TimeRange{
			EndTime: aws.Time(engageT0.Add(time.Minute)),
		}}, []string{e[0]}},
		{"an unknown incident", ssmcontacts.ListEngagementsInput{IncidentId: aws.String("nothing")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, list(tt.in)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}

	out, err := c.ListEngagements(ctx(t), &ssmcontacts.ListEngagementsInput{IncidentId: aws.String(incident2)})
	if err != nil {
		t.Fatal(err)
	}
	wantSummary := []types.Engagement{{
		EngagementArn: aws.String(e[1]), ContactArn: aws.String(f.alice), Sender: aws.String("sender-1"),
		IncidentId: aws.String(incident2), StartTime: aws.Time(engageT0.Add(time.Minute)), StopTime: aws.Time(engageT0.Add(2 * time.Minute)),
	}}
	if diff := cmp.Diff(wantSummary, out.Engagements, cmpOutput); diff != "" {
		t.Errorf("Engagement summary (-want +got):\n%s", diff)
	}
	if out.NextToken != nil {
		t.Errorf("NextToken %q on the last page", aws.ToString(out.NextToken))
	}
}

func TestDescribePageAndPageLists(t *testing.T) {
	f := newReadFixture(t)
	c := f.c
	pages := pagesOf(t, c, f.engagements[0])
	if len(pages) != 2 {
		t.Fatalf("%d pages, want 2 (both channels of stage 0)", len(pages))
	}
	read := aws.ToString(pages[0].PageArn)
	p, err := c.DescribePage(ctx(t), &ssmcontacts.DescribePageInput{PageId: aws.String(read)})
	if err != nil {
		t.Fatal(err)
	}
	got := ssmcontacts.DescribePageOutput{
		PageArn: p.PageArn, EngagementArn: p.EngagementArn, ContactArn: p.ContactArn, Sender: p.Sender,
		Subject: p.Subject, Content: p.Content, PublicSubject: p.PublicSubject, PublicContent: p.PublicContent,
		IncidentId: p.IncidentId, SentTime: p.SentTime, DeliveryTime: p.DeliveryTime, ReadTime: p.ReadTime,
	}
	want := ssmcontacts.DescribePageOutput{
		PageArn: aws.String(read), EngagementArn: aws.String(f.engagements[0]), ContactArn: aws.String(f.alice),
		Sender: aws.String("sender-0"), Subject: aws.String("Subject 0"), Content: aws.String("Content 0"),
		PublicSubject: aws.String("Public subject 0"), PublicContent: aws.String("Public content 0"),
		IncidentId: aws.String(incident1), SentTime: aws.Time(engageT0),
		DeliveryTime: aws.Time(engageT0.Add(3 * time.Minute)), ReadTime: aws.Time(engageT0.Add(4 * time.Minute)),
	}
	if diff := cmp.Diff(want, got, cmpOutput); diff != "" {
		t.Errorf("DescribePage (-want +got):\n%s", diff)
	}
	wantSummary := types.Page{
		PageArn: aws.String(read), EngagementArn: aws.String(f.engagements[0]), ContactArn: aws.String(f.alice),
		Sender: aws.String("sender-0"), IncidentId: aws.String(incident1), SentTime: aws.Time(engageT0),
		DeliveryTime: aws.Time(engageT0.Add(3 * time.Minute)), ReadTime: aws.Time(engageT0.Add(4 * time.Minute)),
	}
	if diff := cmp.Diff(wantSummary, pages[0], cmpOutput); diff != "" {
		t.Errorf("Page summary (-want +got):\n%s", diff)
	}

	// By contact: every page of every engagement, oldest first (pages
	// created at the same time in id order, which the ARNs end with),
	// however they are paged through.
	type created struct {
		at  time.Time
		arn string
	}
	var all []created
	for _, e := range f.engagements {
		for _, p := range pagesOf(t, c, e) {
			all = append(all, created{aws.ToTime(p.SentTime), aws.ToString(p.PageArn)})
		}
	}
	if len(all) != 8 {
		t.Fatalf("%d pages over the four engagements, want 8", len(all))
	}
	sort.Slice(all, func(i, j int) bool {
		if !all[i].at.Equal(all[j].at) {
			return all[i].at.Before(all[j].at)
		}
		return all[i].arn < all[j].arn
	})
	var oldestFirst []string
	for _, p := range all {
		oldestFirst = append(oldestFirst, p.arn)
	}
	for _, size := range []int32{1, 3, 100} {
		var byContact []string
		tokens := map[string]bool{}
		pg := ssmcontacts.NewListPagesByContactPaginator(c, &ssmcontacts.ListPagesByContactInput{ContactId: aws.String(f.alice), MaxResults: aws.Int32(size)})
		for pg.HasMorePages() {
			out, err := pg.NextPage(ctx(t))
			if err != nil {
				t.Fatal(err)
			}
			if int32(len(out.Pages)) > size {
				t.Errorf("MaxResults %d: a page of %d", size, len(out.Pages))
			}
			if tok := aws.ToString(out.NextToken); tok != "" {
				if tokens[tok] {
					t.Errorf("MaxResults %d: NextToken repeated", size)
				}
				tokens[tok] = true
			}
			for _, p := range out.Pages {
				byContact = append(byContact, aws.ToString(p.PageArn))
			}
		}
		if diff := cmp.Diff(oldestFirst, byContact); diff != "" {
			t.Errorf("ListPagesByContact MaxResults %d (-want +got):\n%s", size, diff)
		}
	}
	one, err := c.ListPagesByEngagement(ctx(t), &ssmcontacts.ListPagesByEngagementInput{EngagementId: aws.String(f.engagements[0]), MaxResults: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Pages) != 1 || one.NextToken == nil {
		t.Fatalf("MaxResults 1 of 2 pages: %d pages, NextToken %v", len(one.Pages), one.NextToken)
	}
	rest, err := c.ListPagesByEngagement(ctx(t), &ssmcontacts.ListPagesByEngagementInput{EngagementId: aws.String(f.engagements[0]), NextToken: one.NextToken})
	if err != nil {
		t.Fatal(err)
	}
	if len(rest.Pages) != 1 || rest.NextToken != nil || aws.ToString(rest.Pages[0].PageArn) != aws.ToString(pages[1].PageArn) {
		t.Errorf("second page of ListPagesByEngagement = %+v", rest)
	}

	// Receipts, in the order they happened, one per page of results.
	var receipts []string
	rp := ssmcontacts.NewListPageReceiptsPaginator(c, &ssmcontacts.ListPageReceiptsInput{PageId: aws.String(read), MaxResults: aws.Int32(1)})
	for rp.HasMorePages() {
		out, err := rp.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range out.Receipts {
			receipts = append(receipts, string(r.ReceiptType)+" "+aws.ToString(r.ReceiptInfo)+" "+aws.ToTime(r.ReceiptTime).Sub(engageT0).String())
		}
	}
	msg := f.s.pageMessage(read)
	wantReceipts := []string{"SENT " + msg.ID + " 0s", "DELIVERED 123456 3m0s", "READ 123456 4m0s"}
	if diff := cmp.Diff(wantReceipts, receipts); diff != "" {
		t.Errorf("ListPageReceipts (-want +got):\n%s", diff)
	}

	// The stopped engagement's pages had gone out: no STOP receipts.
	for _, p := range pagesOf(t, c, f.engagements[1]) {
		if diff := cmp.Diff([]string{"SENT@1m0s"}, receiptsOf(t, c, aws.ToString(p.PageArn))); diff != "" {
			t.Errorf("receipts of a page sent before the stop (-want +got):\n%s", diff)
		}
	}

	res, err := c.ListPageResolutions(ctx(t), &ssmcontacts.ListPageResolutionsInput{PageId: aws.String(read)})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"PERSONAL " + f.alice + " stage 0"}, resolutionPath(res.PageResolutions)); diff != "" {
		t.Errorf("ListPageResolutions (-want +got):\n%s", diff)
	}
	if res.NextToken != nil {
		t.Errorf("ListPageResolutions NextToken = %q", aws.ToString(res.NextToken))
	}
}

func TestEngagementReadsOfUnknownOrForeignResources(t *testing.T) {
	f := newReadFixture(t)
	page := aws.ToString(pagesOf(t, f.c, f.engagements[0])[0].PageArn)
	eng := f.engagements[0]
	const missing = "00000000-0000-4000-8000-000000000000"
	unknownEng := "arn:aws:ssm-contacts:us-east-2:000000000000:engagement/alice/" + missing
	unknownPage := "arn:aws:ssm-contacts:us-east-2:000000000000:page/alice/" + missing
	unknownContact := contactARN(account, "nobody")
	wrongAlias := strings.Replace(page, "/alice/", "/bob/", 1)

	calls := func(c *ssmcontacts.Client, eng, page, contact string) map[string]func() error {
		return map[string]func() error{
			"DescribeEngagement": func() error {
				_, err := c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(eng)})
				return err
			},
			"StopEngagement": func() error {
				_, err := c.StopEngagement(ctx(t), &ssmcontacts.StopEngagementInput{EngagementId: aws.String(eng)})
				return err
			},
			"ListPagesByEngagement": func() error {
				_, err := c.ListPagesByEngagement(ctx(t), &ssmcontacts.ListPagesByEngagementInput{EngagementId: aws.String(eng)})
				return err
			},
			"DescribePage": func() error {
				_, err := c.DescribePage(ctx(t), &ssmcontacts.DescribePageInput{PageId: aws.String(page)})
				return err
			},
			"ListPageReceipts": func() error {
				_, err := c.ListPageReceipts(ctx(t), &ssmcontacts.ListPageReceiptsInput{PageId: aws.String(page)})
				return err
			},
			"ListPageResolutions": func() error {
				_, err := c.ListPageResolutions(ctx(t), &ssmcontacts.ListPageResolutionsInput{PageId: aws.String(page)})
				return err
			},
			"AcceptPage": func() error {
				_, err := c.AcceptPage(ctx(t), &ssmcontacts.AcceptPageInput{PageId: aws.String(page), AcceptType: types.AcceptTypeRead, AcceptCode: aws.String("123456")})
				return err
			},
			"ListPagesByContact": func() error {
				_, err := c.ListPagesByContact(ctx(t), &ssmcontacts.ListPagesByContactInput{ContactId: aws.String(contact)})
				return err
			},
			"StartEngagement": func() error {
				_, err := c.StartEngagement(ctx(t), &ssmcontacts.StartEngagementInput{
					ContactId: aws.String(contact), Sender: aws.String("x"), Subject: aws.String("x"), Content: aws.String("x"),
				})
				return err
			},
		}
	}
	for name, call := range calls(f.c, unknownEng, unknownPage, unknownContact) {
		wantNotFound(t, name+" of an unknown id", call())
	}
	for name, call := range calls(f.c, strings.Replace(eng, "/alice/", "/bob/", 1), wrongAlias, unknownContact) {
		wantNotFound(t, name+" with another contact's alias in the ARN", call())
	}
	other := f.s.client(account2)
	for name, call := range calls(other, eng, page, f.alice) {
		wantNotFound(t, name+" from another account", call())
	}
	list, err := other.ListEngagements(ctx(t), &ssmcontacts.ListEngagementsInput{})
	if err != nil || len(list.Engagements) != 0 {
		t.Errorf("ListEngagements from another account = %+v, %v; want none", list, err)
	}
	// Nothing the other account tried changed anything.
	if diff := cmp.Diff([]string{"SENT@0s", "DELIVERED@3m0s", "READ@4m0s"}, receiptsOf(t, f.c, page)); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	if d, err := f.c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(f.engagements[2])}); err != nil || d.StopTime != nil {
		t.Errorf("engagement 2 after the other account's StopEngagement: StopTime %v, %v", d.StopTime, err)
	}

	// A token from one list does not work for another.
	one, err := f.c.ListEngagements(ctx(t), &ssmcontacts.ListEngagementsInput{MaxResults: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.c.ListEngagements(ctx(t), &ssmcontacts.ListEngagementsInput{IncidentId: aws.String(incident1), NextToken: one.NextToken})
	wantValidation(t, "ListEngagements with another filter's token", err)
	_, err = other.ListEngagements(ctx(t), &ssmcontacts.ListEngagementsInput{MaxResults: aws.Int32(1), NextToken: one.NextToken})
	wantValidation(t, "ListEngagements with another account's token", err)
	_, err = f.c.ListPageReceipts(ctx(t), &ssmcontacts.ListPageReceiptsInput{PageId: aws.String(page), NextToken: aws.String("bm90LWEtdG9rZW4")})
	wantValidation(t, "ListPageReceipts with a forged token", err)
}
