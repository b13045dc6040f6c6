package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

func incidentDoc(s contacts.Scope, kind, id, parent, sortKey, body string) *contacts.IncidentDoc {
	return &contacts.IncidentDoc{Scope: s, Kind: kind, ID: id, Parent: parent, SortKey: sortKey, Body: []byte(body), CreatedAt: t0, UpdatedAt: t0}
}

func testIncidentDocs(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	plan := incidentDoc(scopeA, "plan", "arn:plan/a", "", "a", `{"name":"a"}`)
	inc := incidentDoc(scopeA, "incident", "arn:incident/a/1", "", "2", `{"title":"x"}`)
	ev1 := incidentDoc(scopeA, "event", "e1", "arn:incident/a/1", "1", `{}`)
	ev2 := incidentDoc(scopeA, "event", "e2", "arn:incident/a/1", "0", `{}`)
	other := incidentDoc(scopeB, "plan", "arn:plan/a", "", "a", `{"name":"b"}`)
	for _, d := range []*contacts.IncidentDoc{plan, inc, ev1, ev2, other} {
		if err := write(t, st, func(tx contacts.Tx) error { return tx.IncidentDocInsert(ctx, d) }); err != nil {
			t.Fatal(err)
		}
	}
	err := write(t, st, func(tx contacts.Tx) error { return tx.IncidentDocInsert(ctx, plan) })
	if !errors.Is(err, contacts.ErrDuplicate) {
		t.Fatalf("duplicate insert: %v, want ErrDuplicate", err)
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.IncidentDocGet(ctx, scopeA, "plan", "arn:plan/a")
		if err != nil {
			return err
		}
		if diff := cmp.Diff(plan, got); diff != "" {
			t.Errorf("get (-want +got):\n%s", diff)
		}
		if _, err := tx.IncidentDocGet(ctx, scopeA, "incident", "arn:plan/a"); !errors.Is(err, contacts.ErrNotFound) {
			t.Errorf("get of another kind: %v, want ErrNotFound", err)
		}
		evs, err := tx.IncidentDocList(ctx, scopeA, "event", "arn:incident/a/1")
		if err != nil {
			return err
		}
		if len(evs) != 2 || evs[0].ID != "e2" || evs[1].ID != "e1" {
			t.Errorf("events by sort key = %v", evs)
		}
		plans, err := tx.IncidentDocList(ctx, scopeB, "plan", "")
		if err != nil {
			return err
		}
		if len(plans) != 1 || string(plans[0].Body) != `{"name":"b"}` {
			t.Errorf("scope B plans = %v", plans)
		}
		return nil
	})
	upd := *plan
	upd.Body, upd.SortKey, upd.UpdatedAt = []byte(`{"name":"c"}`), "c", t0.Add(1e9)
	if err := write(t, st, func(tx contacts.Tx) error { return tx.IncidentDocUpdate(ctx, &upd) }); err != nil {
		t.Fatal(err)
	}
	missing := incidentDoc(scopeA, "plan", "nope", "", "", `{}`)
	if err := write(t, st, func(tx contacts.Tx) error { return tx.IncidentDocUpdate(ctx, missing) }); !errors.Is(err, contacts.ErrNotFound) {
		t.Fatalf("update missing: %v", err)
	}
	// Deleting an incident deletes its events.
	if err := write(t, st, func(tx contacts.Tx) error { return tx.IncidentDocDelete(ctx, scopeA, "incident", "arn:incident/a/1") }); err != nil {
		t.Fatal(err)
	}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.IncidentDocDelete(ctx, scopeA, "incident", "arn:incident/a/1") }); !errors.Is(err, contacts.ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	read(t, st, func(tx contacts.Tx) error {
		evs, err := tx.IncidentDocList(ctx, scopeA, "event", "")
		if err != nil {
			return err
		}
		if len(evs) != 0 {
			t.Errorf("events after the incident's deletion = %d", len(evs))
		}
		got, err := tx.IncidentDocGet(ctx, scopeA, "plan", "arn:plan/a")
		if err != nil {
			return err
		}
		if string(got.Body) != `{"name":"c"}` || got.SortKey != "c" || !got.UpdatedAt.Equal(t0.Add(1e9)) {
			t.Errorf("after update: %+v", got)
		}
		return nil
	})
}
