package e2e

import (
	"fmt"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"

	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
)

// TestConcurrentCreatesOfOneAlias: of 50 concurrent CreateContact calls
// for one alias exactly one succeeds, the others get ConflictException,
// and one contact exists, with the winner's input.
func TestConcurrentCreatesOfOneAlias(t *testing.T) {
	for _, db := range []string{":memory:", "file", "postgres"} {
		t.Run(db, func(t *testing.T) {
			o := options{db: db}
			switch db {
			case "file":
				o.db = t.TempDir() + "/contacts.db"
			case "postgres":
				o.db = pgtest.Database(t) // skipped without PostgreSQL
			}
			s := start(t, o)
			c := s.client(account)
			winner := contestAlias(t, "contested", c)
			list, err := c.ListContacts(ctx(t), &ssmcontacts.ListContactsInput{})
			if err != nil || len(list.Contacts) != 1 {
				t.Fatalf("ListContacts: %d contacts, %v; want 1", len(list.Contacts), err)
			}
			if got, want := aws.ToString(list.Contacts[0].DisplayName), fmt.Sprintf("Caller %d", winner); got != want {
				t.Errorf("DisplayName %q, want the winner's %q", got, want)
			}
		})
	}
}

// contestAlias sends 50 concurrent CreateContact calls for alias, spread
// over clients (replicas), and returns the one caller that succeeded;
// every other caller must get ConflictException naming the contact. The
// winner's contact has DisplayName "Caller <winner>".
func contestAlias(t *testing.T, alias string, clients ...*ssmcontacts.Client) int {
	t.Helper()
	const n = 50
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		c := clients[i%len(clients)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = c.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{
				Alias: aws.String(alias), DisplayName: aws.String(fmt.Sprintf("Caller %d", i)),
				Type: types.ContactTypePersonal, Plan: &types.Plan{Stages: []types.Stage{}},
			})
		}()
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		if err == nil {
			if winner >= 0 {
				t.Fatalf("callers %d and %d both created the contact", winner, i)
			}
			winner = i
			continue
		}
		if ce := expectAPIError[*types.ConflictException](t, err); aws.ToString(ce.ResourceId) != contactARN(account, alias) {
			t.Errorf("caller %d: ResourceId %q", i, aws.ToString(ce.ResourceId))
		}
	}
	if winner < 0 {
		t.Fatal("no caller created the contact")
	}
	return winner
}
