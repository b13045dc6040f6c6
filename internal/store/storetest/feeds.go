package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// testFeedTokens: insert, list per resource in creation order, find by
// hash across scopes, a duplicate hash refused, delete scoped.
func testFeedTokens(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	rot := scopeA.RotationARN("r1")
	a1 := &contacts.FeedToken{Scope: scopeA, ID: "f1", ResourceARN: rot, Hash: "h1", CreatedAt: t0}
	a2 := &contacts.FeedToken{Scope: scopeA, ID: "f2", ResourceARN: rot, Hash: "h2", CreatedAt: t0.Add(time.Millisecond)}
	other := &contacts.FeedToken{Scope: scopeA, ID: "f3", ResourceARN: scopeA.ContactARN("alice"), Hash: "h3", CreatedAt: t0}
	b1 := &contacts.FeedToken{Scope: scopeB, ID: "f1", ResourceARN: scopeB.RotationARN("r1"), Hash: "h4", CreatedAt: t0}
	for _, f := range []*contacts.FeedToken{a2, a1, other, b1} {
		if err := write(t, st, func(tx contacts.Tx) error { return tx.FeedTokenInsert(ctx, f) }); err != nil {
			t.Fatal(err)
		}
	}
	dup := &contacts.FeedToken{Scope: scopeB, ID: "f9", ResourceARN: rot, Hash: "h1", CreatedAt: t0}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.FeedTokenInsert(ctx, dup) }); !errors.Is(err, contacts.ErrDuplicate) {
		t.Errorf("a second token with the same hash: %v, want ErrDuplicate", err)
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.FeedTokenList(ctx, scopeA, rot)
		if err != nil {
			return err
		}
		if diff := cmp.Diff([]*contacts.FeedToken{a1, a2}, got); diff != "" {
			t.Errorf("FeedTokenList (-want +got):\n%s", diff)
		}
		f, err := tx.FeedTokenByHash(ctx, "h4")
		if err != nil {
			return err
		}
		if diff := cmp.Diff(b1, f); diff != "" {
			t.Errorf("FeedTokenByHash (-want +got):\n%s", diff)
		}
		if _, err := tx.FeedTokenByHash(ctx, "nope"); !errors.Is(err, contacts.ErrNotFound) {
			t.Errorf("FeedTokenByHash(unknown): %v, want ErrNotFound", err)
		}
		return nil
	})
	if err := write(t, st, func(tx contacts.Tx) error { return tx.FeedTokenDelete(ctx, scopeA, "f1") }); err != nil {
		t.Fatal(err)
	}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.FeedTokenDelete(ctx, scopeA, "f1") }); !errors.Is(err, contacts.ErrNotFound) {
		t.Errorf("deleting twice: %v, want ErrNotFound", err)
	}
	read(t, st, func(tx contacts.Tx) error {
		if _, err := tx.FeedTokenByHash(ctx, "h1"); !errors.Is(err, contacts.ErrNotFound) {
			t.Errorf("a deleted token is still found: %v", err)
		}
		if _, err := tx.FeedTokenByHash(ctx, "h4"); err != nil {
			t.Errorf("deleting scope A's f1 deleted scope B's: %v", err)
		}
		return nil
	})
}
