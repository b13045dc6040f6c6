package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"

	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
)

// TestContactCachesStayExactAcrossReplicas: three replicas on one
// database, each answering GetContact from memory, read every update and
// delete made through any of them, or through a fourth replica started
// with --contact-cache=off, at once; a SIGKILLed replica holds a contact
// write no longer than its lease (3 s).
func TestContactCachesStayExactAcrossReplicas(t *testing.T) {
	db := pgtest.Database(t)
	var replicas []*server
	for range 3 {
		replicas = append(replicas, start(t, options{db: db}))
	}
	deadline := time.Now().Add(15 * time.Second)
	for _, s := range replicas {
		for s.metrics()["ssmcontacts_contact_cache_serving"] != 1 {
			if time.Now().After(deadline) {
				t.Fatal("a replica's contact cache did not start serving within 15s")
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	uncached := start(t, options{db: db, extra: []string{"--contact-cache=off"}})
	clients := []*ssmcontacts.Client{replicas[0].client(account), replicas[1].client(account), replicas[2].client(account), uncached.client(account)}
	arn := contactARN(account, "cached")
	create := func(c *ssmcontacts.Client, name string) {
		t.Helper()
		if _, err := c.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{Alias: aws.String("cached"),
			DisplayName: aws.String(name), Type: types.ContactTypePersonal, Plan: &types.Plan{Stages: []types.Stage{}}}); err != nil {
			t.Fatal(err)
		}
	}
	// read is GetContact's display name; "" for ResourceNotFoundException.
	read := func(c *ssmcontacts.Client) string {
		t.Helper()
		out, err := c.GetContact(ctx(t), &ssmcontacts.GetContactInput{ContactId: aws.String(arn)})
		var nf *types.ResourceNotFoundException
		if errors.As(err, &nf) {
			return ""
		}
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.DisplayName)
	}
	create(clients[0], "v0")
	hitsBefore := replicas[1].metrics()["ssmcontacts_contact_cache_hits_total"]
	for _, c := range clients {
		for range 3 {
			if got := read(c); got != "v0" {
				t.Fatalf("read %q, want v0", got)
			}
		}
	}
	if hits := replicas[1].metrics()["ssmcontacts_contact_cache_hits_total"] - hitsBefore; hits < 2 {
		t.Fatalf("3 reads of one contact on a replica: %v cache hits, want at least 2 (the cache is not in use)", hits)
	}

	for i := 1; i <= 30; i++ {
		writer := clients[i%len(clients)]
		name := fmt.Sprintf("v%d", i)
		if i%5 == 0 {
			if _, err := writer.DeleteContact(ctx(t), &ssmcontacts.DeleteContactInput{ContactId: aws.String(arn)}); err != nil {
				t.Fatal(err)
			}
			for r, c := range clients {
				if got := read(c); got != "" {
					t.Fatalf("round %d: replica %d reads %q after the contact was deleted through replica %d", i, r, got, i%len(clients))
				}
			}
			create(writer, name)
		} else if _, err := writer.UpdateContact(ctx(t), &ssmcontacts.UpdateContactInput{ContactId: aws.String(arn), DisplayName: aws.String(name)}); err != nil {
			t.Fatal(err)
		}
		for r, c := range clients {
			if got := read(c); got != name {
				t.Fatalf("round %d: replica %d reads %q after replica %d acknowledged %q", i, r, got, i%len(clients), name)
			}
		}
	}

	m := uncached.metrics()
	if m["ssmcontacts_contact_cache_serving"] != 0 || m["ssmcontacts_contact_cache_hits_total"] != 0 {
		t.Errorf("the replica with --contact-cache=off, after %d rounds: serving %v, %v hits; want 0 and 0",
			30, m["ssmcontacts_contact_cache_serving"], m["ssmcontacts_contact_cache_hits_total"])
	}

	// The AWS CLI through another replica sees an update at once too.
	if _, err := clients[0].UpdateContact(ctx(t), &ssmcontacts.UpdateContactInput{ContactId: aws.String(arn), DisplayName: aws.String("through the CLI")}); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := replicas[2].awsCLI(account, "ssm-contacts", "get-contact", "--contact-id", arn)
	if err != nil {
		t.Fatalf("aws ssm-contacts get-contact: %v\n%s", err, stderr)
	}
	var got struct{ DisplayName string }
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || got.DisplayName != "through the CLI" {
		t.Fatalf("the CLI through replica 2 read %q (%v), want the update made through replica 0", got.DisplayName, err)
	}

	// A replica dies holding a lease: an update waits for it at most the
	// lease, and the survivors read it.
	replicas[2].kill()
	waitsBefore := replicas[0].metrics()["ssmcontacts_contact_cache_waits_total"]
	began := time.Now()
	if _, err := clients[0].UpdateContact(ctx(t), &ssmcontacts.UpdateContactInput{ContactId: aws.String(arn), DisplayName: aws.String("after the kill")}); err != nil {
		t.Fatal(err)
	}
	took := time.Since(began)
	if took > 5*time.Second {
		t.Errorf("an update after a replica died took %v; the contact cache's lease is 3s", took)
	}
	if got := read(clients[1]); got != "after the kill" {
		t.Errorf("the surviving replica reads %q after the update", got)
	}
	if w := replicas[0].metrics()["ssmcontacts_contact_cache_waits_total"] - waitsBefore; w != 1 {
		t.Errorf("contact_cache_waits_total moved by %v, want 1", w)
	}
	// The dead replica's registration is gone: the next update waits for
	// nobody but the live replica.
	began = time.Now()
	if _, err := clients[0].UpdateContact(ctx(t), &ssmcontacts.UpdateContactInput{ContactId: aws.String(arn), DisplayName: aws.String("again")}); err != nil {
		t.Fatal(err)
	}
	if again := time.Since(began); again > time.Second {
		t.Errorf("the next update took %v: the dead replica is still waited for", again)
	}
	t.Logf("an update waited %v for the killed replica's lease", took.Round(time.Millisecond))
}
