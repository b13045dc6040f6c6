package e2e

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
)

// TestControllableClockIsSharedOnPostgres: two replicas with the
// controllable clock on one database have one clock. An escalation
// started through replica a is moved on by replica b's clock endpoint:
// the call stops at each stage on the way and returns once its pages are
// sent (by whichever replica), and a then reads and works at the same
// time. The shared
// clock does not go back.
func TestControllableClockIsSharedOnPostgres(t *testing.T) {
	db := pgtest.Database(t)
	a := start(t, options{db: db, clockStart: engageClock})
	b := start(t, options{db: db, clockStart: engageClock})
	c := a.client(account)
	var people []string
	for i, alias := range []string{"alice", "bob", "carol"} {
		p, ch := a.person(c, alias, smsChannel("+1206555010"+strconv.Itoa(i)))
		a.setPlan(c, p, channelStage(20, nil, ch[0]))
		people = append(people, p)
	}
	plan := a.escalation(c, "db-oncall",
		contactStage(5, escalationTarget(people[0], false)),
		contactStage(5, escalationTarget(people[1], false)),
		contactStage(5, escalationTarget(people[2], false)),
	)
	a.engage(c, plan)

	if got := b.advance(12 * time.Minute); !got.Equal(engageT0.Add(12 * time.Minute)) {
		t.Errorf("b's POST /_ssmcontacts/clock answered %v, want t0+12m", got)
	}
	want := []string{"+12065550100@0s", "+12065550101@5m0s", "+12065550102@10m0s"}
	if diff := cmp.Diff(want, a.pagesSent()); diff != "" {
		t.Errorf("pages when b's advance returned (-want +got):\n%s", diff)
	}
	for name, s := range map[string]*server{"a": a, "b": b} {
		var st struct {
			EpochMillis  int64 `json:"epochMillis"`
			Controllable bool  `json:"controllable"`
		}
		s.getJSON("/_ssmcontacts/clock", &st)
		if got := time.UnixMilli(st.EpochMillis).UTC(); !got.Equal(engageT0.Add(12*time.Minute)) || !st.Controllable {
			t.Errorf("GET %s's clock = %v (controllable %v), want t0+12m (controllable)", name, got, st.Controllable)
		}
	}

	// What a client does next through a happens at the new time: b's
	// call returned once every replica had applied it.
	d, err := c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(a.engage(c, people[0]))})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToTime(d.StartTime); !got.Equal(engageT0.Add(12 * time.Minute)) {
		t.Errorf("an engagement started through a right after b's advance starts at %v, want t0+12m", got)
	}

	// Back is refused; forward by nothing through a settles and answers.
	resp, err := http.Post(a.URL+"/_ssmcontacts/clock", "application/json",
		strings.NewReader(`{"set": "`+engageClock+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("setting the shared clock back: %s %s, want 409", resp.Status, body)
	}
	if got := a.advance(0); !got.Equal(engageT0.Add(12 * time.Minute)) {
		t.Errorf("after the refused set, a's clock is %v, want t0+12m", got)
	}
}
