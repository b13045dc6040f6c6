package e2e

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
)

// reminder is a REMINDER message as the outbox shows it.
type reminder struct{ At, To, Subject string }

func (s *server) reminders() []reminder {
	s.t.Helper()
	var out []reminder
	for _, m := range s.outbox("kind=REMINDER&limit=1000") {
		out = append(out, reminder{At: mustTime(s.t, m.CreatedAt).UTC().Format(time.RFC3339), To: m.Address, Subject: m.Subject})
		if m.Status != "SENT" {
			s.t.Errorf("reminder %s to %s: status %s", m.Subject, m.Address, m.Status)
		}
	}
	slices.Reverse(out) // oldest first
	return out
}

// A rotation tagged ssmcontacts/shift-reminder=30m reminds each member
// 30 minutes before each of their shifts, once, through a restart, and
// following overrides added and removed.
func TestShiftRemindersFollowOverridesAndSurviveRestarts(t *testing.T) {
	db := filepath.Join(t.TempDir(), "reminders.db")
	s := start(t, options{db: db, clockStart: consoleClock})
	c := s.client(account)
	_, bob, _, rotation := seedConsole(s, c)
	// bob's channel was created deferred: activate it so he can be reminded.
	chans, err := c.ListContactChannels(ctx(t), &ssmcontacts.ListContactChannelsInput{ContactId: aws.String(bob)})
	if err != nil {
		t.Fatal(err)
	}
	bobEmail := aws.ToString(chans.ContactChannels[0].ContactChannelArn)
	if _, err := c.SendActivationCode(ctx(t), &ssmcontacts.SendActivationCodeInput{ContactChannelId: aws.String(bobEmail)}); err != nil {
		t.Fatal(err)
	}
	s.settle()
	if _, err := c.ActivateContactChannel(ctx(t), &ssmcontacts.ActivateContactChannelInput{ContactChannelId: aws.String(bobEmail), ActivationCode: aws.String(s.lastCode(bobEmail))}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.TagResource(ctx(t), &ssmcontacts.TagResourceInput{ResourceARN: aws.String(rotation),
		Tags: []types.Tag{{Key: aws.String("ssmcontacts/shift-reminder"), Value: aws.String("30m")}}}); err != nil {
		t.Fatal(err)
	}
	override := func(who, from, to string) string {
		t.Helper()
		out, err := c.CreateRotationOverride(ctx(t), &ssmcontacts.CreateRotationOverrideInput{RotationId: aws.String(rotation),
			NewContactIds: []string{who}, StartTime: aws.Time(mustRFC3339(from)), EndTime: aws.Time(mustRFC3339(to))})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.RotationOverrideId)
	}
	// Bob covers 10:00–12:00 on Tuesday (Alice's day); an override on
	// Wednesday is added and removed again.
	override(bob, "2026-03-03T10:00:00Z", "2026-03-03T12:00:00Z")
	removed := override(bob, "2026-03-04T14:00:00Z", "2026-03-04T16:00:00Z")
	if _, err := c.DeleteRotationOverride(ctx(t), &ssmcontacts.DeleteRotationOverrideInput{RotationId: aws.String(rotation), RotationOverrideId: aws.String(removed)}); err != nil {
		t.Fatal(err)
	}

	s.postClock(`{"set": "2026-03-02T08:45:00Z"}`)
	// A restart in the middle: the timer is a row, and the reminder
	// already recorded is not sent again.
	s.restart("2026-03-02T08:45:00Z")
	c = s.client(account) // the restarted server listens on another port
	s.settle()
	s.postClock(`{"set": "2026-03-05T00:00:00Z"}`)

	got := s.reminders()
	want := []reminder{
		{"2026-03-02T08:30:00Z", "bob@example.com", "On call for payments-primary from Mon 2 Mar 09:00"},
		{"2026-03-03T08:30:00Z", "alice@example.com", "On call for payments-primary from Tue 3 Mar 09:00"},
		{"2026-03-03T09:30:00Z", "bob@example.com", "On call for payments-primary from Tue 3 Mar 10:00"},
		{"2026-03-03T11:30:00Z", "alice@example.com", "On call for payments-primary from Tue 3 Mar 12:00"},
		{"2026-03-04T08:30:00Z", "bob@example.com", "On call for payments-primary from Wed 4 Mar 09:00"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("reminders:\n got %v\nwant %v", got, want)
	}
	msgs := s.outbox("kind=REMINDER&address=bob%40example.com&limit=1")
	if len(msgs) == 0 || !strings.Contains(msgs[0].Body, "You are on call for payments-primary from 09:00 Wed 4 Mar to 09:00 Thu 5 Mar 2026 Europe/London.") {
		t.Errorf("reminder body: %+v", msgs)
	}

	// Untagged: no more reminders.
	if _, err := c.UntagResource(ctx(t), &ssmcontacts.UntagResourceInput{ResourceARN: aws.String(rotation), TagKeys: []string{"ssmcontacts/shift-reminder"}}); err != nil {
		t.Fatal(err)
	}
	s.advance(48 * time.Hour)
	if n := len(s.reminders()); n != len(want) {
		t.Errorf("%d reminders after untagging, want still %d", n, len(want))
	}
}
