package e2e

import (
	"errors"
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

// TestCreatesCommitTogetherOnPostgres: creates that arrive together at two
// replicas commit in groups (one transaction each), and a group holding a
// create that must fail costs the others nothing: every unique create
// succeeds, with its tags, each contested alias is created once, and a
// retry with a create's token returns its ARN.
func TestCreatesCommitTogetherOnPostgres(t *testing.T) {
	db := pgtest.Database(t)
	replicas := []*server{start(t, options{db: db}), start(t, options{db: db})}
	clients := []*ssmcontacts.Client{replicas[0].client(account), replicas[1].client(account)}
	const rounds, unique, contested = 4, 30, 10
	var mu sync.Mutex
	won := map[string]int{}
	var wg sync.WaitGroup
	for r := range rounds {
		for i := range unique + contested {
			wg.Add(1)
			go func() {
				defer wg.Done()
				alias, token := fmt.Sprintf("u-%d-%d", r, i), fmt.Sprintf("token-%d-%d", r, i)
				if i >= unique {
					alias = fmt.Sprintf("contested-%d", r)
				}
				in := &ssmcontacts.CreateContactInput{Alias: aws.String(alias), Type: types.ContactTypePersonal,
					Plan: &types.Plan{Stages: []types.Stage{}}, IdempotencyToken: aws.String(token),
					Tags: []types.Tag{{Key: aws.String("round"), Value: aws.String(fmt.Sprint(r))}}}
				out, err := clients[i%2].CreateContact(ctx(t), in)
				var ce *types.ConflictException
				switch {
				case err == nil:
					mu.Lock()
					won[alias]++
					mu.Unlock()
					// The SDK's retry of this create, through the other replica.
					again, err := clients[(i+1)%2].CreateContact(ctx(t), in)
					if err != nil || aws.ToString(again.ContactArn) != aws.ToString(out.ContactArn) {
						t.Errorf("retry of %s: %v", alias, err)
					}
				case i >= unique && errors.As(err, &ce):
				default:
					t.Errorf("%s: %v", alias, err)
				}
			}()
		}
	}
	wg.Wait()
	for r := range rounds {
		if n := won[fmt.Sprintf("contested-%d", r)]; n != 1 {
			t.Errorf("contested-%d created %d times", r, n)
		}
		for i := range unique {
			arn := contactARN(account, fmt.Sprintf("u-%d-%d", r, i))
			tags, err := clients[r%2].ListTagsForResource(ctx(t), &ssmcontacts.ListTagsForResourceInput{ResourceARN: aws.String(arn)})
			if err != nil || len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Value) != fmt.Sprint(r) {
				t.Errorf("%s: tags %v, %v", arn, tags, err)
			}
		}
	}
	var groups, writes float64
	for _, s := range replicas {
		m := s.metrics()
		groups += m["ssmcontacts_store_group_commits_total"]
		writes += m["ssmcontacts_store_group_commit_writes_total"]
	}
	t.Logf("%d creates sent in %.0f groups of %.0f writes", rounds*(unique+contested), groups, writes)
	if groups == 0 || writes <= groups {
		t.Errorf("%.0f groups of %.0f writes: no creates were committed together", groups, writes)
	}
}
