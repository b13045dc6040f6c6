package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/google/go-cmp/cmp"
)

// A channel whose webhook fails is retried every RetryIntervalInMinutes,
// with the same message, until a send succeeds or the stage's window ends.
func TestFailingWebhookIsRetriedAtTheRetryInterval(t *testing.T) {
	tests := []struct {
		name    string
		recover time.Duration // when the webhook starts answering 200; 0: never
		// page calls as "page index@offset", and each page's receipts
		wantCalls    []string
		wantReceipts [][]string
	}{
		{
			name: "until a send succeeds", recover: 7 * time.Minute,
			wantCalls: []string{"0@0s", "0@3m0s", "0@6m0s", "0@9m0s", "1@10m0s"},
			wantReceipts: [][]string{
				{"ERROR@0s", "ERROR@3m0s", "ERROR@6m0s", "SENT@9m0s"},
				{"SENT@10m0s"},
			},
		},
		{
			name: "until the stage's window ends",
			// Stage 0 runs 10 minutes (attempts at 0, 3, 6, 9), stage 1
			// runs 5 (attempts at 10 and 13; 16 is past its end).
			wantCalls: []string{"0@0s", "0@3m0s", "0@6m0s", "0@9m0s", "1@10m0s", "1@13m0s"},
			wantReceipts: [][]string{
				{"ERROR@0s", "ERROR@3m0s", "ERROR@6m0s", "ERROR@9m0s"},
				{"ERROR@10m0s", "ERROR@13m0s"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hook := newWebhookReceiver(t)
			s := start(t, options{clockStart: engageClock, extra: hook.flags()})
			c := s.client(account)
			alice, ch := s.person(c, "alice", smsChannel("+12065550100"))
			s.setPlan(c, alice, channelStage(10, aws.Int32(3), ch[0]), channelStage(5, aws.Int32(3), ch[0]))
			hook.setFailing(true)
			eng := s.engage(c, alice)

			// Walk the clock minute by minute, so that a retry early or late
			// by one minute shows.
			var calls []string
			seen := 0
			pageIndex := map[string]int{}
			for minute := time.Duration(0); minute <= 30*time.Minute; minute += time.Minute {
				if tt.recover != 0 && minute == tt.recover {
					hook.setFailing(false)
				}
				s.advanceTo(minute)
				for _, call := range hook.pageCalls()[seen:] {
					if _, ok := pageIndex[call.PageArn]; !ok {
						pageIndex[call.PageArn] = len(pageIndex)
					}
					calls = append(calls, strconv.Itoa(pageIndex[call.PageArn])+"@"+minute.String())
				}
				seen = len(hook.pageCalls())
			}
			if diff := cmp.Diff(tt.wantCalls, calls); diff != "" {
				t.Errorf("webhook calls (-want +got):\n%s", diff)
			}
			byMessage := map[string]map[string]bool{}
			for _, call := range hook.pageCalls() {
				if byMessage[call.PageArn] == nil {
					byMessage[call.PageArn] = map[string]bool{}
				}
				byMessage[call.PageArn][call.MessageID] = true
			}
			for page, ids := range byMessage {
				if len(ids) != 1 {
					t.Errorf("page %s was sent as %d different messages; every retry must reuse the message id", page, len(ids))
				}
			}

			pages := pagesOf(t, c, eng)
			var got [][]string
			for _, p := range pages {
				got = append(got, receiptsOf(t, c, aws.ToString(p.PageArn)))
			}
			if diff := cmp.Diff(tt.wantReceipts, got); diff != "" {
				t.Errorf("receipts (-want +got):\n%s", diff)
			}
			r, err := c.ListPageReceipts(ctx(t), &ssmcontacts.ListPageReceiptsInput{PageId: pages[0].PageArn})
			if err != nil {
				t.Fatal(err)
			}
			if info := aws.ToString(r.Receipts[0].ReceiptInfo); !strings.Contains(info, "HTTP 500") {
				t.Errorf("ERROR receipt info = %q, want the webhook's failure", info)
			}
			if last := r.Receipts[len(r.Receipts)-1]; last.ReceiptType == "SENT" {
				msg := s.pageMessage(aws.ToString(pages[0].PageArn))
				if info := aws.ToString(last.ReceiptInfo); info != "provider-"+msg.ID {
					t.Errorf("SENT receipt info = %q, want the provider's message id %q", info, "provider-"+msg.ID)
				}
				if msg.Attempts != 4 || msg.Transport != "webhook" || msg.Status != "SENT" {
					t.Errorf("outbox message: %d attempts over %q, %s; want 4 over webhook, SENT", msg.Attempts, msg.Transport, msg.Status)
				}
			}
			d, err := c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(eng)})
			if err != nil {
				t.Fatal(err)
			}
			if !aws.ToTime(d.StopTime).Equal(engageT0.Add(15 * time.Minute)) {
				t.Errorf("StopTime = %v, want the end of the plan, t0+15m", d.StopTime)
			}
		})
	}
}

// On the real clock, with nothing else happening on the server, a failed
// page is retried within a second of its due time: the retry's timer is
// written by a background send while the engine sleeps towards the
// stage's end, and must wake it.
func TestAFailedPageIsRetriedOnTimeOnTheRealClock(t *testing.T) {
	t.Parallel() // it mostly waits on the real clock: let it wait beside the others
	hook := newWebhookReceiver(t)
	s := start(t, options{extra: hook.flags()})
	c := s.client(account)
	alice, ch := s.person(c, "alice", smsChannel("+12065550100"))
	s.setPlan(c, alice, channelStage(2, aws.Int32(1), ch[0]))
	hook.setFailing(true)
	eng := s.engage(c, alice)
	defer c.StopEngagement(ctx(t), &ssmcontacts.StopEngagementInput{EngagementId: aws.String(eng)})

	timeout := time.After(75 * time.Second)
wait:
	for len(hook.pageCalls()) < 2 {
		select {
		case <-hook.called:
		case <-timeout:
			break wait
		}
	}
	calls := hook.pageCalls()
	if len(calls) < 2 {
		t.Fatalf("%d page calls after 75 s, want the page and its retry a minute later", len(calls))
	}
	gap := calls[1].At.Sub(calls[0].At)
	t.Logf("the retry went out %v after the first attempt", gap)
	if gap < time.Minute || gap > time.Minute+time.Second {
		t.Errorf("the retry went out %v after the first attempt, want 1m0s (within a second)", gap)
	}
	if calls[1].MessageID != calls[0].MessageID {
		t.Errorf("the retry is message %s, the page was %s: a retry reuses the message id", calls[1].MessageID, calls[0].MessageID)
	}
}
