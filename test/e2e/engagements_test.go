package e2e

import (
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/google/go-cmp/cmp"
)

var (
	engagementARNPattern = regexp.MustCompile(`^arn:aws:ssm-contacts:us-east-2:000000000000:engagement/[a-z0-9_-]+/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	pageARNPattern       = regexp.MustCompile(`^arn:aws:ssm-contacts:us-east-2:000000000000:page/[a-z0-9_-]+/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	acceptCodePattern    = regexp.MustCompile(`^[0-9]{6}$`)
)

// A personal plan of three stages: every activated channel of a stage is
// paged when the stage begins, the next stage begins DurationInMinutes
// later, and the engagement ends when the last stage has run.
func TestPersonalPlanIsPagedStageByStage(t *testing.T) {
	s := start(t, options{clockStart: engageClock})
	c := s.client(account)
	alice, ch := s.person(c, "alice",
		smsChannel("+12065550100"), voiceChannel("+12065550101"), emailChannel("alice@example.com"),
		channelSpec{typ: types.ChannelTypeSms, address: "+12065550199", deferred: true})
	smsCh, voiceCh, emailCh, inactive := ch[0], ch[1], ch[2], ch[3]
	s.setPlan(c, alice,
		channelStage(5, nil, smsCh, inactive),
		channelStage(10, nil, voiceCh, emailCh),
		channelStage(3, nil, smsCh, emailCh),
	)
	out, err := c.StartEngagement(ctx(t), &ssmcontacts.StartEngagementInput{
		ContactId: aws.String(alice), Sender: aws.String("pager-bot"),
		Subject: aws.String("Secure subject"), Content: aws.String("Secure content"),
		PublicSubject: aws.String("Public subject"), PublicContent: aws.String("Public content"),
		IncidentId: aws.String("arn:aws:ssm-incidents::000000000000:incident-record/db/1"),
	})
	if err != nil {
		t.Fatal(err)
	}
	eng := aws.ToString(out.EngagementArn)
	if !engagementARNPattern.MatchString(eng) || !regexp.MustCompile(`/alice/`).MatchString(eng) {
		t.Errorf("EngagementArn = %s, want engagement/alice/<uuid>", eng)
	}

	s.settle()
	if diff := cmp.Diff([]string{"+12065550100@0s"}, s.pagesSent()); diff != "" {
		t.Fatalf("stage 0 (-want +got):\n%s", diff)
	}
	s.advanceTo(5*time.Minute - time.Millisecond)
	if n := len(s.pagesSent()); n != 1 {
		t.Fatalf("a millisecond before stage 1: %d pages, want 1", n)
	}
	s.advanceTo(5 * time.Minute)
	s.advanceTo(15 * time.Minute)
	want := []string{
		"+12065550100@0s",
		"+12065550101@5m0s", "alice@example.com@5m0s",
		"+12065550100@15m0s", "alice@example.com@15m0s",
	}
	if diff := cmp.Diff(sortedCopy(want[1:3]), sortedCopy(s.pagesSent()[1:3])); diff != "" {
		t.Errorf("stage 1 (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(sortedCopy(want[3:]), sortedCopy(s.pagesSent()[3:])); diff != "" {
		t.Errorf("stage 2 (-want +got):\n%s", diff)
	}

	// Texts: SMS gets the public ones, VOICE and EMAIL the secure ones;
	// each page has its own 6-digit accept code and the page's ARN.
	codes := map[string]bool{}
	for _, m := range s.outbox("kind=PAGE") {
		wantSubject, wantBody := "Secure subject", "Secure content"
		if m.ChannelType == "SMS" {
			wantSubject, wantBody = "Public subject", "Public content"
		}
		if m.Subject != wantSubject || m.Body != wantBody {
			t.Errorf("%s page says (%q, %q), want (%q, %q)", m.ChannelType, m.Subject, m.Body, wantSubject, wantBody)
		}
		if !acceptCodePattern.MatchString(m.Code) || codes[m.Code+m.PageArn] {
			t.Errorf("page %s has accept code %q", m.PageArn, m.Code)
		}
		codes[m.Code+m.PageArn] = true
		if !pageARNPattern.MatchString(m.PageArn) || m.EngagementArn != eng || m.ContactArn != alice {
			t.Errorf("page message names page %s, engagement %s, contact %s", m.PageArn, m.EngagementArn, m.ContactArn)
		}
		if m.Status != "SENT" || m.SentAt != m.CreatedAt {
			t.Errorf("page %s is %s, sent at %s; want SENT when created (%s)", m.PageArn, m.Status, m.SentAt, m.CreatedAt)
		}
	}
	if msgs := s.outbox("kind=PAGE&address=%2B12065550199"); len(msgs) != 0 {
		t.Errorf("the NOT_ACTIVATED channel was paged %d times", len(msgs))
	}

	s.advanceTo(18*time.Minute - time.Millisecond)
	d, err := c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(eng)})
	if err != nil {
		t.Fatal(err)
	}
	if d.StopTime != nil {
		t.Errorf("StopTime = %v while the last stage runs", d.StopTime)
	}
	s.advanceTo(18 * time.Minute)
	d, err = c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(eng)})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToTime(d.StopTime); !got.Equal(engageT0.Add(18 * time.Minute)) {
		t.Errorf("StopTime = %v, want the end of the last stage %v", got, engageT0.Add(18*time.Minute))
	}
	s.advanceTo(2 * time.Hour)
	if n := len(s.pagesSent()); n != 5 {
		t.Errorf("%d pages after the plan ended, want 5", n)
	}
	pages := pagesOf(t, c, eng)
	if len(pages) != 5 {
		t.Fatalf("ListPagesByEngagement: %d pages, want 5", len(pages))
	}
	for i, p := range pages {
		wantSent := engageT0.Add([]time.Duration{0, 5 * time.Minute, 5 * time.Minute, 15 * time.Minute, 15 * time.Minute}[i])
		if !aws.ToTime(p.SentTime).Equal(wantSent) || p.DeliveryTime != nil || p.ReadTime != nil {
			t.Errorf("page %d: SentTime %v DeliveryTime %v ReadTime %v, want sent at %v only", i, p.SentTime, p.DeliveryTime, p.ReadTime, wantSent)
		}
	}
}

// An escalation plan of two stages: an essential contact's READ stops the
// progression, so stage 2 never starts; a non-essential READ, or an
// essential DELIVERED, stops nothing.
func TestEssentialAcknowledgementStopsTheEscalation(t *testing.T) {
	tests := []struct {
		name         string
		essential    bool
		acceptType   types.AcceptType
		wantBobPaged bool
		wantStop     time.Duration // when the engagement ends
	}{
		{"essential READ stops stage 2", true, types.AcceptTypeRead, false, 2 * time.Minute},
		{"non-essential READ stops nothing", false, types.AcceptTypeRead, true, 40 * time.Minute},
		{"essential DELIVERED only records delivery", true, types.AcceptTypeDelivered, true, 40 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := start(t, options{clockStart: engageClock})
			c := s.client(account)
			alice, ach := s.person(c, "alice", smsChannel("+12065550100"))
			s.setPlan(c, alice, channelStage(30, nil, ach[0]))
			bob, bch := s.person(c, "bob", smsChannel("+12065550111"))
			s.setPlan(c, bob, channelStage(30, nil, bch[0]))
			plan := s.escalation(c, "db-oncall", contactStage(10, escalationTarget(alice, tt.essential)), contactStage(10, escalationTarget(bob, false)))
			eng := s.engage(c, plan)
			if !regexp.MustCompile(`:engagement/db-oncall/`).MatchString(eng) {
				t.Errorf("EngagementArn = %s, want engagement/db-oncall/<uuid>", eng)
			}
			s.settle()
			pages := pagesOf(t, c, eng)
			if len(pages) != 1 || aws.ToString(pages[0].ContactArn) != alice {
				t.Fatalf("stage 1 paged %+v, want alice", pages)
			}
			alicePage := aws.ToString(pages[0].PageArn)
			res, err := c.ListPageResolutions(ctx(t), &ssmcontacts.ListPageResolutionsInput{PageId: aws.String(alicePage)})
			if err != nil {
				t.Fatal(err)
			}
			wantPath := []string{"ESCALATION " + plan + " stage 0", "PERSONAL " + alice + " stage 0"}
			if diff := cmp.Diff(wantPath, resolutionPath(res.PageResolutions)); diff != "" {
				t.Errorf("resolution path (-want +got):\n%s", diff)
			}

			s.advanceTo(2 * time.Minute)
			if _, err := c.AcceptPage(ctx(t), &ssmcontacts.AcceptPageInput{
				PageId: aws.String(alicePage), AcceptType: tt.acceptType, Note: aws.String("on it"),
				AcceptCode: aws.String(s.pageMessage(alicePage).Code), AcceptCodeValidation: types.AcceptCodeValidationEnforce,
			}); err != nil {
				t.Fatal(err)
			}
			s.advanceTo(10 * time.Minute)
			var paged []string
			for _, p := range pagesOf(t, c, eng) {
				paged = append(paged, aws.ToString(p.ContactArn))
			}
			want := []string{alice}
			if tt.wantBobPaged {
				want = append(want, bob)
			}
			if diff := cmp.Diff(want, paged); diff != "" {
				t.Errorf("contacts paged by t0+10m (-want +got):\n%s", diff)
			}
			if tt.wantBobPaged {
				res, err := c.ListPageResolutions(ctx(t), &ssmcontacts.ListPageResolutionsInput{PageId: pagesOf(t, c, eng)[1].PageArn})
				if err != nil {
					t.Fatal(err)
				}
				wantPath := []string{"ESCALATION " + plan + " stage 1", "PERSONAL " + bob + " stage 0"}
				if diff := cmp.Diff(wantPath, resolutionPath(res.PageResolutions)); diff != "" {
					t.Errorf("bob's resolution path (-want +got):\n%s", diff)
				}
			}
			s.advanceTo(2 * time.Hour)
			if n := len(pagesOf(t, c, eng)); n != len(want) {
				t.Errorf("%d pages in the end, want %d", n, len(want))
			}
			d, err := c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(eng)})
			if err != nil {
				t.Fatal(err)
			}
			if got := aws.ToTime(d.StopTime); !got.Equal(engageT0.Add(tt.wantStop)) {
				t.Errorf("StopTime = %v, want t0+%s", got, tt.wantStop)
			}
			wantReceipts := []string{"SENT@0s", string(tt.acceptType) + "@2m0s"}
			if diff := cmp.Diff(wantReceipts, receiptsOf(t, c, alicePage)); diff != "" {
				t.Errorf("alice's receipts (-want +got):\n%s", diff)
			}
		})
	}
}

func resolutionPath(rs []types.ResolutionContact) []string {
	var out []string
	for _, r := range rs {
		step := string(r.Type) + " " + aws.ToString(r.ContactArn)
		if r.StageIndex != nil {
			step += " stage " + strconv.Itoa(int(*r.StageIndex))
		}
		out = append(out, step)
	}
	return out
}

// StopEngagement part-way: the page waiting for a retry gets a STOP
// receipt, nothing more is sent, later stages never start, and stopping
// again changes nothing.
func TestStopEngagementMidway(t *testing.T) {
	hook := newWebhookReceiver(t)
	s := start(t, options{clockStart: engageClock, extra: hook.flags()})
	c := s.client(account)
	alice, ch := s.person(c, "alice", smsChannel("+12065550100"), voiceChannel("+12065550101"))
	s.setPlan(c, alice, channelStage(10, aws.Int32(3), ch[0]), channelStage(10, nil, ch[1]))
	hook.setFailing(true)
	eng := s.engage(c, alice)
	s.advanceTo(4 * time.Minute)
	if n := len(hook.pageCalls()); n != 2 {
		t.Fatalf("%d page calls by t0+4m, want 2 (t0 and the retry at t0+3m)", n)
	}
	if _, err := c.StopEngagement(ctx(t), &ssmcontacts.StopEngagementInput{EngagementId: aws.String(eng), Reason: aws.String("Mitigated")}); err != nil {
		t.Fatal(err)
	}
	hook.setFailing(false)
	s.advanceTo(5 * time.Minute)
	if _, err := c.StopEngagement(ctx(t), &ssmcontacts.StopEngagementInput{EngagementId: aws.String(eng)}); err != nil {
		t.Fatalf("stopping a stopped engagement: %v", err)
	}
	s.advanceTo(2 * time.Hour)

	if n := len(hook.pageCalls()); n != 2 {
		t.Errorf("%d page calls in the end, want 2: nothing may be sent after the stop", n)
	}
	pages := pagesOf(t, c, eng)
	if len(pages) != 1 {
		t.Fatalf("%d pages, want 1: stage 2 must not start after the stop", len(pages))
	}
	page := aws.ToString(pages[0].PageArn)
	if diff := cmp.Diff([]string{"ERROR@0s", "ERROR@3m0s", "STOP@4m0s"}, receiptsOf(t, c, page)); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	r, err := c.ListPageReceipts(ctx(t), &ssmcontacts.ListPageReceiptsInput{PageId: aws.String(page)})
	if err != nil {
		t.Fatal(err)
	}
	if stop := r.Receipts[2]; aws.ToString(stop.ReceiptInfo) != "Mitigated" || aws.ToString(stop.ContactChannelArn) != ch[0] {
		t.Errorf("STOP receipt = info %q channel %q, want the reason and the channel", aws.ToString(stop.ReceiptInfo), aws.ToString(stop.ContactChannelArn))
	}
	if m := s.pageMessage(page); m.Status != "CANCELLED" {
		t.Errorf("outbox status = %s, want CANCELLED", m.Status)
	}
	d, err := c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(eng)})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToTime(d.StopTime); !got.Equal(engageT0.Add(4 * time.Minute)) {
		t.Errorf("StopTime = %v, want the first stop, t0+4m", got)
	}
}

// AcceptPage: ENFORCE with a wrong code fails and changes nothing; with the
// right code it records DELIVERED and READ (with the note), sets the
// page's times, and is idempotent. IGNORE takes any code.
func TestAcceptPage(t *testing.T) {
	s := start(t, options{clockStart: engageClock})
	c := s.client(account)
	alice, ch := s.person(c, "alice", smsChannel("+12065550100"))
	s.setPlan(c, alice, channelStage(5, nil, ch[0]), channelStage(5, nil, ch[0]))
	eng := s.engage(c, alice)
	s.settle()
	first := aws.ToString(pagesOf(t, c, eng)[0].PageArn)
	code := s.pageMessage(first).Code
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	accept := func(page string, typ types.AcceptType, code string, v types.AcceptCodeValidation, note *string) error {
		_, err := c.AcceptPage(ctx(t), &ssmcontacts.AcceptPageInput{
			PageId: aws.String(page), AcceptType: typ, AcceptCode: aws.String(code), AcceptCodeValidation: v, Note: note,
		})
		return err
	}

	s.advanceTo(time.Minute)
	wantValidation(t, "READ with a wrong code under ENFORCE", accept(first, types.AcceptTypeRead, wrong, types.AcceptCodeValidationEnforce, nil))
	wantValidation(t, "DELIVERED with a wrong code under ENFORCE", accept(first, types.AcceptTypeDelivered, wrong, types.AcceptCodeValidationEnforce, nil))
	if diff := cmp.Diff([]string{"SENT@0s"}, receiptsOf(t, c, first)); diff != "" {
		t.Errorf("receipts after the refused acceptances (-want +got):\n%s", diff)
	}
	p, err := c.DescribePage(ctx(t), &ssmcontacts.DescribePageInput{PageId: aws.String(first)})
	if err != nil {
		t.Fatal(err)
	}
	if p.DeliveryTime != nil || p.ReadTime != nil {
		t.Errorf("refused acceptances set DeliveryTime %v ReadTime %v", p.DeliveryTime, p.ReadTime)
	}
	s.advanceTo(5 * time.Minute)
	second := pagesOf(t, c, eng)
	if len(second) != 2 {
		t.Fatalf("%d pages at t0+5m, want 2: a refused acceptance must not stop the plan", len(second))
	}
	secondPage := aws.ToString(second[1].PageArn)

	s.advanceTo(6 * time.Minute)
	if err := accept(secondPage, types.AcceptTypeDelivered, s.pageMessage(secondPage).Code, types.AcceptCodeValidationEnforce, nil); err != nil {
		t.Fatal(err)
	}
	s.advanceTo(7 * time.Minute)
	note := "Looking at it"
	for range 2 {
		if err := accept(secondPage, types.AcceptTypeRead, s.pageMessage(secondPage).Code, types.AcceptCodeValidationEnforce, &note); err != nil {
			t.Fatal(err)
		}
	}
	if err := accept(secondPage, types.AcceptTypeDelivered, s.pageMessage(secondPage).Code, "", nil); err != nil {
		t.Fatal(err)
	}
	r, err := c.ListPageReceipts(ctx(t), &ssmcontacts.ListPageReceiptsInput{PageId: aws.String(secondPage)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, rc := range r.Receipts {
		got = append(got, string(rc.ReceiptType)+" "+aws.ToString(rc.ReceiptInfo)+" "+aws.ToString(rc.ContactChannelArn))
	}
	msg := s.pageMessage(secondPage)
	want := []string{
		"SENT " + msg.ID + " " + ch[0], // no transport: the provider id is the message id
		"DELIVERED " + msg.Code + " " + ch[0],
		"READ " + note + " " + ch[0],
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	p, err = c.DescribePage(ctx(t), &ssmcontacts.DescribePageInput{PageId: aws.String(secondPage)})
	if err != nil {
		t.Fatal(err)
	}
	if !aws.ToTime(p.DeliveryTime).Equal(engageT0.Add(6*time.Minute)) || !aws.ToTime(p.ReadTime).Equal(engageT0.Add(7*time.Minute)) {
		t.Errorf("DeliveryTime %v ReadTime %v, want t0+6m and t0+7m", p.DeliveryTime, p.ReadTime)
	}
	// The READ ended alice's engagement.
	d, err := c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(eng)})
	if err != nil {
		t.Fatal(err)
	}
	if !aws.ToTime(d.StopTime).Equal(engageT0.Add(7 * time.Minute)) {
		t.Errorf("StopTime = %v, want the READ at t0+7m", d.StopTime)
	}
	// IGNORE (and no validation at all) accepts any well-formed code.
	if err := accept(first, types.AcceptTypeRead, wrong, types.AcceptCodeValidationIgnore, nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"SENT@0s", "READ@7m0s"}, receiptsOf(t, c, first)); diff != "" {
		t.Errorf("receipts of the first page (-want +got):\n%s", diff)
	}
}

// The IdempotencyToken makes a retried StartEngagement return the first
// call's engagement instead of paging everyone again.
func TestStartEngagementIdempotencyToken(t *testing.T) {
	s := start(t, options{clockStart: engageClock})
	c := s.client(account)
	alice, ch := s.person(c, "alice", smsChannel("+12065550100"))
	s.setPlan(c, alice, channelStage(5, nil, ch[0]))
	in := func(content, token string) *ssmcontacts.StartEngagementInput {
		return &ssmcontacts.StartEngagementInput{
			ContactId: aws.String(alice), Sender: aws.String("cli"), Subject: aws.String("Disk full"),
			Content: aws.String(content), IdempotencyToken: aws.String(token),
		}
	}
	first, err := c.StartEngagement(ctx(t), in("Volume /data is full", "retry-token-1"))
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.StartEngagement(ctx(t), in("Volume /data is full", "retry-token-1"))
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(again.EngagementArn) != aws.ToString(first.EngagementArn) {
		t.Errorf("same token: %s, want the first engagement %s", aws.ToString(again.EngagementArn), aws.ToString(first.EngagementArn))
	}
	_, err = c.StartEngagement(ctx(t), in("Something else", "retry-token-1"))
	wantValidation(t, "same token, other parameters", err)
	other, err := c.StartEngagement(ctx(t), in("Volume /data is full", "retry-token-2"))
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(other.EngagementArn) == aws.ToString(first.EngagementArn) {
		t.Errorf("a new token returned the first engagement")
	}
	s.settle()
	list, err := c.ListEngagements(ctx(t), &ssmcontacts.ListEngagementsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(list.Engagements); n != 2 {
		t.Errorf("%d engagements, want 2", n)
	}
	if n := len(s.pagesSent()); n != 2 {
		t.Errorf("%d pages sent, want 2 (one per engagement)", n)
	}
}
