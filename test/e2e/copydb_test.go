package e2e

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
)

// TestCopyDBToPostgres: a server's SQLite file, copied by the real
// binary's copy-db, serves the same answers from PostgreSQL: contacts
// page for page, channels, rotations, tags, engagements and their pages.
// A NextToken the SQLite server issued resumes on PostgreSQL (the
// pagination secret moved too), and an engagement in the middle of its
// escalation goes on to its next stage there (its timer moved).
func TestCopyDBToPostgres(t *testing.T) {
	pgURL := pgtest.Database(t)
	file := filepath.Join(t.TempDir(), "ssmcontacts.db")
	old := start(t, options{db: file, clockStart: engageClock})
	c := old.client(account)

	akua, chans := old.person(c, "akuam", smsChannel("+12065550100"), emailChannel("akua@example.com"))
	old.setPlan(c, akua, channelStage(5, nil, chans[0]))
	bokang, bchans := old.person(c, "bokang", smsChannel("+12065550101"))
	old.setPlan(c, bokang, channelStage(5, nil, bchans[0]))
	newPeople(t, c, "chen", "dara", "emeka")
	newPerson(t, old.client(account2), "other-account")
	esc := old.escalation(c, "db-escalation",
		contactStage(5, escalationTarget(akua, false)), contactStage(5, escalationTarget(bokang, false)))
	newRotation(t, c, &ssmcontacts.CreateRotationInput{Name: aws.String("primary"), ContactIds: []string{akua, bokang},
		TimeZoneId: aws.String("UTC"), Recurrence: dailyAt(9, 0), StartTime: aws.Time(engageT0)})
	if _, err := c.TagResource(ctx(t), &ssmcontacts.TagResourceInput{ResourceARN: aws.String(akua),
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("blue")}}}); err != nil {
		t.Fatal(err)
	}
	engagement := old.engage(c, esc)
	old.settle()
	if len(pagesOf(t, c, engagement)) == 0 {
		t.Fatal("the engagement paged no one before the copy")
	}

	before := answers(t, c, engagement)
	firstPage, err := c.ListContacts(ctx(t), &ssmcontacts.ListContactsInput{MaxResults: aws.Int32(2)})
	if err != nil {
		t.Fatal(err)
	}
	old.stop()

	code, out, errOut := runBinary(t, "copy-db", "--from", file, "--to", pgURL)
	if code != 0 {
		t.Fatalf("copy-db: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	for _, want := range []string{"copied " + file + " to postgres://", "  contacts ", "  engagements ", "  secrets ", "  total "} {
		if !strings.Contains(out, want) {
			t.Errorf("copy-db's summary lacks %q:\n%s", want, out)
		}
	}

	moved := start(t, options{db: pgURL, clockStart: engageClock})
	mc := moved.client(account)
	if diff := cmp.Diff(before, answers(t, mc, engagement)); diff != "" {
		t.Errorf("answers on PostgreSQL (-SQLite +PostgreSQL):\n%s", diff)
	}
	next, err := mc.ListContacts(ctx(t), &ssmcontacts.ListContactsInput{MaxResults: aws.Int32(2), NextToken: firstPage.NextToken})
	if err != nil {
		t.Fatalf("the SQLite server's NextToken on PostgreSQL: %v", err)
	}
	if got, want := jsonOf(t, next.Contacts), before["contacts page 2"]; got != want {
		t.Errorf("page 2 from the SQLite server's token: %s, want %s", got, want)
	}

	// The escalation's second stage, due in 5 minutes, pages bokang.
	pagesBefore := len(pagesOf(t, mc, engagement))
	moved.advance(5 * time.Minute)
	pages := pagesOf(t, mc, engagement)
	if len(pages) <= pagesBefore || !strings.Contains(aws.ToString(pages[len(pages)-1].ContactArn), "contact/bokang") {
		t.Errorf("after 5 minutes on PostgreSQL the engagement's pages are %s, want a new page to bokang", jsonOf(t, pages))
	}
}

// answers is what a server says about the test's data: each answer as
// JSON, without the tokens (they differ on every call).
func answers(t *testing.T, c *ssmcontacts.Client, engagement string) map[string]string {
	t.Helper()
	a := map[string]string{}
	var token *string
	for page := 1; ; page++ {
		out, err := c.ListContacts(ctx(t), &ssmcontacts.ListContactsInput{MaxResults: aws.Int32(2), NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		a["contacts page "+string(rune('0'+page))] = jsonOf(t, out.Contacts)
		if token = out.NextToken; token == nil {
			break
		}
	}
	akua := contactARN(account, "akuam")
	get, err := c.GetContact(ctx(t), &ssmcontacts.GetContactInput{ContactId: aws.String(akua)})
	check(t, err)
	a["get akuam"] = jsonOf(t, []any{get.Alias, get.ContactArn, get.DisplayName, get.Plan, get.Type})
	chans, err := c.ListContactChannels(ctx(t), &ssmcontacts.ListContactChannelsInput{ContactId: aws.String(akua)})
	check(t, err)
	a["channels"] = jsonOf(t, chans.ContactChannels)
	ch, err := c.GetContactChannel(ctx(t), &ssmcontacts.GetContactChannelInput{ContactChannelId: chans.ContactChannels[0].ContactChannelArn})
	check(t, err)
	a["channel"] = jsonOf(t, []any{ch.ActivationStatus, ch.ContactArn, ch.ContactChannelArn, ch.DeliveryAddress, ch.Name, ch.Type})
	tags, err := c.ListTagsForResource(ctx(t), &ssmcontacts.ListTagsForResourceInput{ResourceARN: aws.String(akua)})
	check(t, err)
	a["tags"] = jsonOf(t, tags.Tags)
	rots, err := c.ListRotations(ctx(t), &ssmcontacts.ListRotationsInput{})
	check(t, err)
	a["rotations"] = jsonOf(t, rots.Rotations)
	rot, err := c.GetRotation(ctx(t), &ssmcontacts.GetRotationInput{RotationId: rots.Rotations[0].RotationArn})
	check(t, err)
	a["rotation"] = jsonOf(t, []any{rot.Name, rot.ContactIds, rot.Recurrence, rot.RotationArn, rot.StartTime, rot.TimeZoneId})
	engs, err := c.ListEngagements(ctx(t), &ssmcontacts.ListEngagementsInput{})
	check(t, err)
	a["engagements"] = jsonOf(t, engs.Engagements)
	eng, err := c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(engagement)})
	check(t, err)
	a["engagement"] = jsonOf(t, []any{eng.ContactArn, eng.EngagementArn, eng.Sender, eng.Subject, eng.Content, eng.StartTime, eng.StopTime})
	a["pages"] = jsonOf(t, pagesOf(t, c, engagement))
	byContact, err := c.ListPagesByContact(ctx(t), &ssmcontacts.ListPagesByContactInput{ContactId: aws.String(akua)})
	check(t, err)
	a["pages by contact"] = jsonOf(t, byContact.Pages)
	return a
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCopyDBRefusesWhileServing: copy-db on the file of a running server
// exits 1 naming the server's pid; its help goes to stdout.
func TestCopyDBRefusesWhileServing(t *testing.T) {
	file := filepath.Join(t.TempDir(), "ssmcontacts.db")
	s := start(t, options{db: file})
	pgURL := pgtest.Database(t)
	code, out, errOut := runBinary(t, "copy-db", "--from", file, "--to", pgURL)
	want := fmt.Sprintf("ssmcontacts copy-db: --from %s: the database is in use by another ssmcontacts process (pid %d, lock ", file, s.cmd.Process.Pid)
	if code != 1 || out != "" || !strings.HasPrefix(errOut, want) {
		t.Fatalf("copy-db while serving: exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errOut, want)
	}
	if code, out, _ := runBinary(t, "copy-db", "--help"); code != 0 || !strings.HasPrefix(out, "usage: ssmcontacts copy-db") {
		t.Errorf("copy-db --help: exit %d, stdout %q", code, out)
	}
}
