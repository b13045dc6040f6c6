package e2e

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/google/go-cmp/cmp"
)

// contactSnapshot is everything the API shows of a contact.
type contactSnapshot struct {
	Contact *ssmcontacts.GetContactOutput
	Tags    map[string]string
	Policy  *string
}

// snapshotAll reads every contact of c's scope, by alias.
func snapshotAll(t *testing.T, c *ssmcontacts.Client) map[string]contactSnapshot {
	t.Helper()
	aliases, _ := listAliases(t, c, ssmcontacts.ListContactsInput{MaxResults: aws.Int32(7)})
	out := map[string]contactSnapshot{}
	for _, alias := range aliases {
		arn := contactARN(account, alias)
		policy, err := c.GetContactPolicy(ctx(t), &ssmcontacts.GetContactPolicyInput{ContactArn: aws.String(arn)})
		if err != nil {
			t.Fatal(err)
		}
		out[alias] = contactSnapshot{Contact: getContact(t, c, arn), Tags: tagsOf(t, c, arn), Policy: policy.Policy}
	}
	return out
}

// TestRestartKeepsEveryContact: a file database keeps contacts of every
// type with their plans, tags and policies, and idempotency tokens,
// across a restart.
func TestRestartKeepsEveryContact(t *testing.T) {
	s := start(t, options{db: filepath.Join(t.TempDir(), "data", "contacts.db")})
	c := s.client(account)
	var personals []string
	for i := range 20 {
		in := &ssmcontacts.CreateContactInput{Alias: aws.String(fmt.Sprintf("person%02d", i)), DisplayName: aws.String(fmt.Sprintf("Person %d", i)),
			Type: types.ContactTypePersonal, Tags: []types.Tag{tag("n", fmt.Sprint(i))}}
		if i == 0 {
			in.IdempotencyToken = aws.String("restart-token")
		}
		personals = append(personals, newContact(t, c, in))
	}
	mail := deferredEmailChannel(t, c, personals[0], "p0")
	if _, err := c.UpdateContact(ctx(t), &ssmcontacts.UpdateContactInput{ContactId: aws.String(personals[0]), Plan: &types.Plan{Stages: []types.Stage{
		{DurationInMinutes: aws.Int32(3), Targets: []types.Target{{ChannelTargetInfo: &types.ChannelTargetInfo{ContactChannelId: aws.String(mail), RetryIntervalInMinutes: aws.Int32(1)}}}}}}}); err != nil {
		t.Fatal(err)
	}
	newContact(t, c, &ssmcontacts.CreateContactInput{Alias: aws.String("oncall"), Type: types.ContactTypeOncallSchedule,
		Plan: &types.Plan{RotationIds: []string{rotationIn(t, c, account, personals[1])}}})
	esc := newContact(t, c, &ssmcontacts.CreateContactInput{Alias: aws.String("esc"), Type: types.ContactTypeEscalation,
		Plan: &types.Plan{Stages: []types.Stage{{DurationInMinutes: aws.Int32(0), Targets: []types.Target{
			{ContactTargetInfo: &types.ContactTargetInfo{ContactId: aws.String(personals[2]), IsEssential: aws.Bool(true)}}}}}}})
	if _, err := c.PutContactPolicy(ctx(t), &ssmcontacts.PutContactPolicyInput{ContactArn: aws.String(esc), Policy: aws.String("{ \"Statement\": [] }\n")}); err != nil {
		t.Fatal(err)
	}
	before := snapshotAll(t, c)
	if len(before) != 22 {
		t.Fatalf("%d contacts before the restart, want 22", len(before))
	}

	s.restart("")
	c = s.client(account)
	if diff := cmp.Diff(before, snapshotAll(t, c), contactOpts); diff != "" {
		t.Fatalf("contacts after the restart (-before +after):\n%s", diff)
	}
	again := newContact(t, c, &ssmcontacts.CreateContactInput{Alias: aws.String("person00"), DisplayName: aws.String("Person 0"),
		Type: types.ContactTypePersonal, Tags: []types.Tag{tag("n", "0")}, IdempotencyToken: aws.String("restart-token")})
	if again != personals[0] {
		t.Errorf("idempotent retry after the restart returned %s, want %s", again, personals[0])
	}
	// The pagination key survives too: a token from before a restart
	// still resumes, the contacts service's and the engine's alike.
	for range 2 {
		if _, err := c.StartEngagement(ctx(t), &ssmcontacts.StartEngagementInput{ContactId: aws.String(personals[3]),
			Sender: aws.String("s"), Subject: aws.String("s"), Content: aws.String("c")}); err != nil {
			t.Fatal(err)
		}
	}
	page, err := c.ListContacts(ctx(t), &ssmcontacts.ListContactsInput{MaxResults: aws.Int32(1)})
	if err != nil || page.NextToken == nil {
		t.Fatal(page, err)
	}
	engs, err := c.ListEngagements(ctx(t), &ssmcontacts.ListEngagementsInput{MaxResults: aws.Int32(1)})
	if err != nil || engs.NextToken == nil {
		t.Fatal(engs, err)
	}
	s.restart("")
	c = s.client(account)
	next, err := c.ListContacts(ctx(t), &ssmcontacts.ListContactsInput{MaxResults: aws.Int32(1), NextToken: page.NextToken})
	if err != nil || len(next.Contacts) != 1 || aws.ToString(next.Contacts[0].Alias) != "oncall" {
		t.Errorf("token from before the restart: %+v, %v", next, err)
	}
	nextEngs, err := c.ListEngagements(ctx(t), &ssmcontacts.ListEngagementsInput{MaxResults: aws.Int32(1), NextToken: engs.NextToken})
	if err != nil || len(nextEngs.Engagements) != 1 {
		t.Errorf("ListEngagements token from before the restart: %+v, %v", nextEngs, err)
	}
}

// TestMemoryDatabaseIsEphemeral: --db :memory: works and keeps nothing.
func TestMemoryDatabaseIsEphemeral(t *testing.T) {
	s := start(t, options{db: ":memory:"})
	c := s.client(account)
	newContact(t, c, personal("akuam"))
	if got := getContact(t, c, contactARN(account, "akuam")); aws.ToString(got.Alias) != "akuam" {
		t.Fatalf("GetContact: %+v", got)
	}
	s.restart("")
	list, err := s.client(account).ListContacts(ctx(t), &ssmcontacts.ListContactsInput{})
	if err != nil || len(list.Contacts) != 0 {
		t.Fatalf("after a restart: %+v, %v; want an empty store", list, err)
	}
}

// TestPostgresUnreachable: a postgres:// database, by flag or by
// environment, that does not answer stops the server with a clear message,
// without the URL's password, and a non-zero exit.
func TestPostgresUnreachable(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  []string
	}{
		{"flag", []string{"--db", "postgres://ssm:secret@127.0.0.1:1/contacts?sslmode=disable"}, nil},
		{"environment", nil, []string{"SSMCONTACTS_DB=postgresql://ssm:secret@127.0.0.1:1/contacts"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.CommandContext(ctx(t), binary, append([]string{"serve", "--addr", "127.0.0.1:0"}, tc.args...)...)
			cmd.Env = append(append(cmd.Environ(), "HOME="+t.TempDir()), tc.env...)
			out, err := cmd.CombinedOutput()
			code := cmd.ProcessState.ExitCode()
			if err == nil || code == 0 || !strings.Contains(string(out), "--db: postgres: connect: failed to connect") {
				t.Fatalf("exit %d, output:\n%s\nwant a non-zero exit saying the database could not be reached", code, out)
			}
			if strings.Contains(string(out), "secret") {
				t.Errorf("the message repeats the URL's password:\n%s", out)
			}
		})
	}
}
