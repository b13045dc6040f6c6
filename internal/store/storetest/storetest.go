package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// Opener returns an empty store; the suite closes nothing (register
// cleanups in the opener).
type Opener func(t *testing.T) contacts.Store

// Run runs every conformance test against stores from open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(*testing.T, contacts.Store)
	}{
		{"ContactCRUD", testContactCRUD},
		{"ContactDuplicateAlias", testContactDuplicate},
		{"ContactListFiltersAndOrder", testContactList},
		{"ScopesAreIsolated", testScopes},
		{"Tags", testTags},
		{"Idempotency", testIdempotency},
		{"Secret", testSecret},
		{"WriteRollsBackOnError", testRollback},
		{"Channels", testChannels},
		{"ChannelsByAddress", testChannelsByAddress},
		{"EngagementCRUD", testEngagementCRUD},
		{"EngagementList", testEngagementList},
		{"Tracks", testTracks},
		{"Pages", testPages},
		{"Receipts", testReceipts},
		{"PagesOpenTo", testPagesOpenTo},
		{"PageState", testPageState},
		{"Outbox", testOutbox},
		{"Timers", testTimers},
		{"ClaimOwners", testClaimOwners},
		{"DueSignal", testDueSignal},
		{"ConcurrentWrites", testConcurrentWrites},
		{"ReadYourWrites", testReadYourWrites},
		{"RotationCRUD", testRotationCRUD},
		{"RotationDeleteCascades", testRotationDeleteCascades},
		{"RotationList", testRotationList},
		{"RotationsWithMember", testRotationsWithMember},
		{"RotationOverrides", testOverrides},
		{"RotationScopes", testRotationScopes},
		{"FeedTokens", testFeedTokens},
		{"IncidentDocs", testIncidentDocs},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

var (
	scopeA = contacts.Scope{Account: "000000000000", Region: "us-east-2"}
	scopeB = contacts.Scope{Account: "111122223333", Region: "us-east-2"}
	t0     = time.Date(2026, 11, 27, 9, 0, 0, 123e6, time.UTC)
)

func ptr[T any](v T) *T { return &v }

func write(t *testing.T, st contacts.Store, fn func(contacts.Tx) error) error {
	t.Helper()
	return st.Write(context.Background(), fn)
}

func read(t *testing.T, st contacts.Store, fn func(contacts.Tx) error) {
	t.Helper()
	if err := st.Read(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func contact(s contacts.Scope, alias string, typ contacts.ContactType) *contacts.Contact {
	return &contacts.Contact{Scope: s, Alias: alias, Type: typ, Plan: contacts.Plan{Stages: []contacts.Stage{}}, CreatedAt: t0, UpdatedAt: t0}
}

func mustInsert(t *testing.T, st contacts.Store, cs ...*contacts.Contact) {
	t.Helper()
	for _, c := range cs {
		if err := write(t, st, func(tx contacts.Tx) error { return tx.ContactInsert(context.Background(), c) }); err != nil {
			t.Fatal(err)
		}
	}
}

func testContactCRUD(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	c := contact(scopeA, "akuam", contacts.Personal)
	c.DisplayName = ptr("Akua Mansa")
	c.Plan = contacts.Plan{Stages: []contacts.Stage{{DurationInMinutes: 5, Targets: []contacts.Target{
		{Channel: &contacts.ChannelTarget{ChannelID: "arn:aws:ssm-contacts:us-east-2:000000000000:contact-channel/akuam/x", RetryIntervalInMinutes: ptr(1)}},
	}}}}
	mustInsert(t, st, c)
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.ContactGet(ctx, scopeA, "akuam")
		if err != nil {
			return err
		}
		if diff := cmp.Diff(c, got); diff != "" {
			t.Errorf("ContactGet (-want +got):\n%s", diff)
		}
		return nil
	})
	c.DisplayName = nil
	c.Policy = ptr(`{"Version":"2012-10-17"}`)
	c.Plan = contacts.Plan{Stages: nil, RotationIDs: []string{}}
	c.UpdatedAt = t0.Add(time.Minute)
	if err := write(t, st, func(tx contacts.Tx) error { return tx.ContactUpdate(ctx, c) }); err != nil {
		t.Fatal(err)
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.ContactGet(ctx, scopeA, "akuam")
		if err != nil {
			return err
		}
		if diff := cmp.Diff(c, got); diff != "" {
			t.Errorf("after update (-want +got):\n%s", diff)
		}
		return nil
	})
	if err := write(t, st, func(tx contacts.Tx) error { return tx.ContactDelete(ctx, scopeA, "akuam") }); err != nil {
		t.Fatal(err)
	}
	read(t, st, func(tx contacts.Tx) error {
		if _, err := tx.ContactGet(ctx, scopeA, "akuam"); !errors.Is(err, contacts.ErrNotFound) {
			t.Errorf("get after delete: err = %v, want ErrNotFound", err)
		}
		return nil
	})
	err := write(t, st, func(tx contacts.Tx) error { return tx.ContactDelete(ctx, scopeA, "akuam") })
	if !errors.Is(err, contacts.ErrNotFound) {
		t.Errorf("second delete: err = %v, want ErrNotFound", err)
	}
	err = write(t, st, func(tx contacts.Tx) error { return tx.ContactUpdate(ctx, c) })
	if !errors.Is(err, contacts.ErrNotFound) {
		t.Errorf("update of deleted: err = %v, want ErrNotFound", err)
	}
}

func testContactDuplicate(t *testing.T, st contacts.Store) {
	mustInsert(t, st, contact(scopeA, "dup", contacts.Personal))
	err := write(t, st, func(tx contacts.Tx) error {
		return tx.ContactInsert(context.Background(), contact(scopeA, "dup", contacts.Escalation))
	})
	if !errors.Is(err, contacts.ErrDuplicate) {
		t.Fatalf("err = %v, want ErrDuplicate", err)
	}
	// The same alias in another account is a different contact.
	mustInsert(t, st, contact(scopeB, "dup", contacts.Personal))
}

func aliases(cs []*contacts.Contact) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Alias)
	}
	return out
}

func testContactList(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	mustInsert(t, st,
		contact(scopeA, "prod-b", contacts.Personal),
		contact(scopeA, "prod-a", contacts.Escalation),
		contact(scopeA, "prod_x", contacts.Personal),
		contact(scopeA, "production", contacts.OnCallSchedule),
		contact(scopeA, "pre", contacts.Personal),
		contact(scopeA, "z", contacts.Personal),
	)
	tests := []struct {
		name string
		p    contacts.ContactListParams
		want []string
	}{
		{"all", contacts.ContactListParams{Limit: 100}, []string{"pre", "prod-a", "prod-b", "prod_x", "production", "z"}},
		{"prefix", contacts.ContactListParams{AliasPrefix: "prod", Limit: 100}, []string{"prod-a", "prod-b", "prod_x", "production"}},
		{"prefix is not a pattern", contacts.ContactListParams{AliasPrefix: "prod_", Limit: 100}, []string{"prod_x"}},
		{"type", contacts.ContactListParams{Type: contacts.Personal, Limit: 100}, []string{"pre", "prod-b", "prod_x", "z"}},
		{"after and limit", contacts.ContactListParams{AfterAlias: "prod-a", Limit: 2}, []string{"prod-b", "prod_x"}},
		{"prefix type after", contacts.ContactListParams{AliasPrefix: "prod", Type: contacts.Personal, AfterAlias: "prod-b", Limit: 5}, []string{"prod_x"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.p.Scope = scopeA
			read(t, st, func(tx contacts.Tx) error {
				got, err := tx.ContactList(ctx, tc.p)
				if err != nil {
					return err
				}
				if diff := cmp.Diff(tc.want, aliases(got)); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
				return nil
			})
		})
	}
}

func testScopes(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	mustInsert(t, st, contact(scopeA, "mine", contacts.Personal))
	other := contacts.Scope{Account: scopeA.Account, Region: "eu-west-1"}
	read(t, st, func(tx contacts.Tx) error {
		for _, s := range []contacts.Scope{scopeB, other} {
			if _, err := tx.ContactGet(ctx, s, "mine"); !errors.Is(err, contacts.ErrNotFound) {
				t.Errorf("%v: get err = %v, want ErrNotFound", s, err)
			}
			list, err := tx.ContactList(ctx, contacts.ContactListParams{Scope: s, Limit: 10})
			if err != nil {
				return err
			}
			if len(list) != 0 {
				t.Errorf("%v: list = %v, want empty", s, aliases(list))
			}
		}
		return nil
	})
	err := write(t, st, func(tx contacts.Tx) error { return tx.ContactDelete(ctx, scopeB, "mine") })
	if !errors.Is(err, contacts.ErrNotFound) {
		t.Errorf("delete from other scope: err = %v", err)
	}
}

func testTags(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	arn := scopeA.ContactARN("tagged")
	tags := []contacts.Tag{{Key: "b", Value: "2"}, {Key: "a", Value: "1"}}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.TagsReplace(ctx, scopeA, arn, tags) }); err != nil {
		t.Fatal(err)
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.TagsGet(ctx, scopeA, arn)
		if err != nil {
			return err
		}
		if diff := cmp.Diff([]contacts.Tag{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}}, got); diff != "" {
			t.Errorf("tags (-want +got):\n%s", diff)
		}
		if got, _ := tx.TagsGet(ctx, scopeB, arn); len(got) != 0 {
			t.Errorf("tags visible from another scope: %v", got)
		}
		return nil
	})
	if err := write(t, st, func(tx contacts.Tx) error { return tx.TagsReplace(ctx, scopeA, arn, nil) }); err != nil {
		t.Fatal(err)
	}
	read(t, st, func(tx contacts.Tx) error {
		if got, _ := tx.TagsGet(ctx, scopeA, arn); len(got) != 0 {
			t.Errorf("tags after clearing: %v", got)
		}
		return nil
	})
}

func testIdempotency(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	rec := &contacts.IdempotencyRecord{Scope: scopeA, Operation: "CreateContact", Token: "tok", RequestHash: "h1", Result: "arn1", CreatedAt: t0}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.IdempotencyPut(ctx, rec) }); err != nil {
		t.Fatal(err)
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.IdempotencyGet(ctx, scopeA, "CreateContact", "tok")
		if err != nil {
			return err
		}
		if diff := cmp.Diff(rec, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		for _, miss := range []struct {
			s       contacts.Scope
			op, tok string
		}{{scopeB, "CreateContact", "tok"}, {scopeA, "CreateRotation", "tok"}, {scopeA, "CreateContact", "other"}} {
			if _, err := tx.IdempotencyGet(ctx, miss.s, miss.op, miss.tok); !errors.Is(err, contacts.ErrNotFound) {
				t.Errorf("%v: err = %v, want ErrNotFound", miss, err)
			}
		}
		return nil
	})
	rec2 := *rec
	rec2.RequestHash, rec2.Result, rec2.CreatedAt = "h2", "arn2", t0.Add(48*time.Hour)
	if err := write(t, st, func(tx contacts.Tx) error { return tx.IdempotencyPut(ctx, &rec2) }); err != nil {
		t.Fatalf("replacing a record: %v", err)
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.IdempotencyGet(ctx, scopeA, "CreateContact", "tok")
		if err == nil && got.Result != "arn2" {
			t.Errorf("result = %q, want arn2", got.Result)
		}
		return err
	})
}

func testSecret(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	a, err := st.Secret(ctx, "one")
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 32 {
		t.Fatalf("len = %d", len(a))
	}
	again, _ := st.Secret(ctx, "one")
	other, _ := st.Secret(ctx, "two")
	if string(a) != string(again) {
		t.Error("secret changed between calls")
	}
	if string(a) == string(other) {
		t.Error("two secrets are equal")
	}
}

func testRollback(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	boom := errors.New("boom")
	err := write(t, st, func(tx contacts.Tx) error {
		if err := tx.ContactInsert(ctx, contact(scopeA, "ghost", contacts.Personal)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	read(t, st, func(tx contacts.Tx) error {
		if _, err := tx.ContactGet(ctx, scopeA, "ghost"); !errors.Is(err, contacts.ErrNotFound) {
			t.Errorf("rolled-back insert is visible: %v", err)
		}
		return nil
	})
}
