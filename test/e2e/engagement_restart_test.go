package e2e

import (
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/google/go-cmp/cmp"
)

// An escalation survives the server going down between stages: the stage
// missed while it was down fires once, at once, on restart; later stages
// keep their times; nobody is paged twice.
func TestEscalationContinuesAfterRestart(t *testing.T) {
	for _, how := range []struct {
		name string
		down func(*server)
	}{
		{"graceful stop", (*server).stop},
		{"killed", (*server).kill},
	} {
		t.Run(how.name, func(t *testing.T) {
			db := persistentDB(t)
			s := start(t, options{db: db, clockStart: engageClock})
			c := s.client(account)
			var people []string
			for i, alias := range []string{"alice", "bob", "carol"} {
				p, ch := s.person(c, alias, smsChannel("+1206555010"+strconv.Itoa(i)))
				s.setPlan(c, p, channelStage(20, nil, ch[0]))
				people = append(people, p)
			}
			plan := s.escalation(c, "db-oncall",
				contactStage(5, escalationTarget(people[0], false)),
				contactStage(5, escalationTarget(people[1], false)),
				contactStage(5, escalationTarget(people[2], false)),
			)
			eng := s.engage(c, plan)
			s.advanceTo(2 * time.Minute)
			if diff := cmp.Diff([]string{"+12065550100@0s"}, s.pagesSent()); diff != "" {
				t.Fatalf("before the restart (-want +got):\n%s", diff)
			}

			// Down from t0+2m to t0+7m: stage 1 (due t0+5m) is missed.
			how.down(s)
			s.restart(engageT0.Add(7 * time.Minute).Format(time.RFC3339))
			c = s.client(account)
			s.settle()
			want := []string{"+12065550100@0s", "+12065550101@7m0s"}
			if diff := cmp.Diff(want, s.pagesSent()); diff != "" {
				t.Fatalf("right after the restart (-want +got):\n%s", diff)
			}
			s.advanceTo(10*time.Minute - time.Millisecond)
			if n := len(s.pagesSent()); n != 2 {
				t.Fatalf("%d pages before stage 2 is due, want 2", n)
			}
			s.advanceTo(10 * time.Minute)
			s.advanceTo(2 * time.Hour)
			want = append(want, "+12065550102@10m0s")
			if diff := cmp.Diff(want, s.pagesSent()); diff != "" {
				t.Errorf("in the end (-want +got):\n%s", diff)
			}

			pages := pagesOf(t, c, eng)
			if len(pages) != 3 {
				t.Fatalf("ListPagesByEngagement: %d pages, want 3", len(pages))
			}
			for i, p := range pages {
				if aws.ToString(p.ContactArn) != people[i] {
					t.Errorf("page %d went to %s, want %s", i, aws.ToString(p.ContactArn), people[i])
				}
				if got := receiptsOf(t, c, aws.ToString(p.PageArn)); len(got) != 1 {
					t.Errorf("page %d receipts = %v, want one SENT", i, got)
				}
			}
			// Bob's plan began when his stage was due (t0+5m), so it ends
			// at t0+25m; carol's ends last, at t0+30m.
			d, err := c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(eng)})
			if err != nil {
				t.Fatal(err)
			}
			if !aws.ToTime(d.StopTime).Equal(engageT0.Add(30 * time.Minute)) {
				t.Errorf("StopTime = %v, want t0+30m", d.StopTime)
			}
		})
	}
}

// A process killed while a page is on its way leaves the send claimed but
// unrecorded: on restart the page goes out again as the same message (the
// documented at-least-once edge; receivers de-duplicate on the message
// id), and it is recorded once.
func TestPageInFlightWhenKilledIsSentAgainAsTheSameMessage(t *testing.T) {
	hook := newWebhookReceiver(t)
	db := filepath.Join(t.TempDir(), "contacts.db")
	s := start(t, options{db: db, clockStart: engageClock, extra: hook.flags()})
	c := s.client(account)
	alice, ch := s.person(c, "alice", smsChannel("+12065550100"))
	s.setPlan(c, alice, channelStage(10, nil, ch[0]), channelStage(10, nil, ch[0]))
	held, release := hook.holdPages()
	defer release()
	eng := s.engage(c, alice)
	first := <-held // the worker is inside the send
	s.kill()
	release()

	s.restart("")
	c = s.client(account)
	s.settle()
	calls := hook.pageCalls()
	if len(calls) != 2 || calls[1].MessageID != first.MessageID || calls[1].PageArn != first.PageArn {
		t.Fatalf("page calls = %+v, want the held message sent again with the same id", calls)
	}
	pages := pagesOf(t, c, eng)
	if len(pages) != 1 {
		t.Fatalf("%d pages, want 1", len(pages))
	}
	if diff := cmp.Diff([]string{"SENT@0s"}, receiptsOf(t, c, aws.ToString(pages[0].PageArn))); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	if m := s.pageMessage(first.PageArn); m.Status != "SENT" || m.Attempts != 2 {
		t.Errorf("outbox: %s after %d attempts, want SENT after 2", m.Status, m.Attempts)
	}
	s.advanceTo(time.Hour)
	if n := len(hook.pageCalls()); n != 3 {
		t.Errorf("%d page calls in the end, want 3 (stage 1 once more)", n)
	}
}
