package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// testPageState: a page read together with its engagement's stop time and
// whether its track ended, as recording a send's outcome reads it.
func testPageState(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	e := &contacts.Engagement{Scope: scopeA, ID: "e1", ContactAlias: "akuam", ContactType: contacts.Personal, Sender: "cli",
		Subject: "s", Content: "c", StartTime: t0, Plan: contacts.Plan{Stages: []contacts.Stage{}}, EscalationDone: true, OpenTracks: 1}
	tr := &contacts.Track{Scope: scopeA, ID: "t1", EngagementID: "e1", ContactAlias: "akuam",
		Plan: contacts.Plan{Stages: []contacts.Stage{}}, Path: []contacts.ResolutionStep{}, StartedAt: t0}
	sent := t0.Add(time.Second)
	p := &contacts.Page{Scope: scopeA, ID: "p1", EngagementID: "e1", TrackID: "t1", ContactAlias: "akuam", ChannelID: "ch",
		ChannelType: contacts.SMS, Address: "+12065550100", StageIndex: 1, AcceptCode: "123456", Status: contacts.PageSent,
		MessageID: "m1", RetryInterval: time.Minute, WindowEnd: t0.Add(time.Hour), CreatedAt: t0, SentTime: &sent}
	if err := write(t, st, func(tx contacts.Tx) error {
		if err := tx.EngagementInsert(ctx, e); err != nil {
			return err
		}
		if err := tx.TrackInsert(ctx, tr); err != nil {
			return err
		}
		return tx.PageInsert(ctx, p)
	}); err != nil {
		t.Fatal(err)
	}
	get := func() *contacts.PageState {
		t.Helper()
		var got *contacts.PageState
		read(t, st, func(tx contacts.Tx) error {
			var err error
			got, err = tx.PageGetState(ctx, scopeA, "p1")
			return err
		})
		return got
	}
	if diff := cmp.Diff(&contacts.PageState{Page: p}, get()); diff != "" {
		t.Errorf("running (-want +got):\n%s", diff)
	}

	stop := t0.Add(time.Minute)
	if err := write(t, st, func(tx contacts.Tx) error {
		e.StopTime, e.StopReason = &stop, "Completed"
		if err := tx.EngagementUpdate(ctx, e); err != nil {
			return err
		}
		return tx.TrackEnd(ctx, scopeA, "t1")
	}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&contacts.PageState{Page: p, EngagementStopTime: &stop, TrackEnded: true}, get()); diff != "" {
		t.Errorf("stopped (-want +got):\n%s", diff)
	}

	read(t, st, func(tx contacts.Tx) error {
		if _, err := tx.PageGetState(ctx, scopeA, "nope"); !errors.Is(err, contacts.ErrNotFound) {
			t.Errorf("an unknown page: %v, want ErrNotFound", err)
		}
		if _, err := tx.PageGetState(ctx, scopeB, "p1"); !errors.Is(err, contacts.ErrNotFound) {
			t.Errorf("the page from another scope: %v, want ErrNotFound", err)
		}
		return nil
	})
}
