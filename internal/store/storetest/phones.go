package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// The queries a reply from a phone needs: the channels with a number, and
// the pages still open that were sent to it, in every scope.

func testChannelsByAddress(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	mustInsert(t, st, contact(scopeA, "akuam", contacts.Personal), contact(scopeB, "akuam", contacts.Personal))
	voice := channel(scopeA, "akuam", "c3", t0)
	voice.Type = contacts.Voice
	other := channel(scopeA, "akuam", "c4", t0)
	other.Address = "+12065550199"
	for _, ch := range []*contacts.Channel{
		channel(scopeB, "akuam", "c1", t0), channel(scopeA, "akuam", "c2", t0.Add(time.Second)),
		channel(scopeA, "akuam", "c0", t0.Add(time.Second)), voice, other,
	} {
		if err := write(t, st, func(tx contacts.Tx) error { return tx.ChannelInsert(ctx, ch) }); err != nil {
			t.Fatal(err)
		}
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.ChannelListByAddress(ctx, contacts.SMS, "+12065550100")
		if err != nil {
			return err
		}
		var keys []string
		for _, c := range got {
			keys = append(keys, c.Scope.Account+"/"+c.ID)
		}
		want := []string{"000000000000/c0", "000000000000/c2", "111122223333/c1"}
		if diff := cmp.Diff(want, keys); diff != "" {
			t.Errorf("SMS channels with +12065550100 (-want +got):\n%s", diff)
		}
		none, err := tx.ChannelListByAddress(ctx, contacts.SMS, "+10000000000")
		if err != nil {
			return err
		}
		if len(none) != 0 {
			t.Errorf("an unknown number found %d channels", len(none))
		}
		return nil
	})
}

func testPagesOpenTo(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	const phone = "+12065550100"
	sent := t0.Add(time.Second)
	eng := func(s contacts.Scope, id string, stopped bool) *contacts.Engagement {
		e := &contacts.Engagement{Scope: s, ID: id, ContactAlias: "akuam", ContactType: contacts.Personal, Sender: "cli",
			Subject: "s", Content: "c", StartTime: t0, Plan: contacts.Plan{Stages: []contacts.Stage{}}, EscalationDone: true}
		if stopped {
			e.StopTime = &sent
		}
		return e
	}
	page := func(s contacts.Scope, id, engID, track string, created time.Time, mod func(*contacts.Page)) *contacts.Page {
		p := &contacts.Page{Scope: s, ID: id, EngagementID: engID, TrackID: track, ContactAlias: "akuam", ChannelID: "ch",
			ChannelType: contacts.SMS, Address: phone, AcceptCode: "123456", Status: contacts.PageSent, MessageID: "m-" + id,
			WindowEnd: t0.Add(time.Hour), CreatedAt: created, SentTime: &sent}
		if mod != nil {
			mod(p)
		}
		return p
	}
	engs := []*contacts.Engagement{eng(scopeA, "e1", false), eng(scopeB, "e2", false), eng(scopeA, "e3", true)}
	pages := []*contacts.Page{
		page(scopeA, "open-old", "e1", "t1", t0, nil),
		page(scopeB, "open-other-account", "e2", "t2", t0.Add(time.Minute), nil),
		page(scopeA, "open-new", "e1", "t4", t0.Add(2*time.Minute), nil),
		page(scopeA, "not-sent", "e1", "t5", t0, func(p *contacts.Page) { p.SentTime, p.Status = nil, contacts.PagePending }),
		page(scopeA, "retrying", "e1", "t6", t0, func(p *contacts.Page) { p.Status = contacts.PagePending }),
		page(scopeA, "stopped", "e1", "t7", t0, func(p *contacts.Page) { p.Status = contacts.PageStopped }),
		page(scopeA, "read", "e1", "t3", t0, func(p *contacts.Page) { p.ReadTime = &sent }),
		page(scopeA, "read-track-sibling", "e1", "t3", t0, nil),
		page(scopeA, "engagement-stopped", "e3", "t8", t0, nil),
		page(scopeA, "elsewhere", "e1", "t9", t0, func(p *contacts.Page) { p.Address = "+12065550199" }),
	}
	if err := write(t, st, func(tx contacts.Tx) error {
		for _, e := range engs {
			if err := tx.EngagementInsert(ctx, e); err != nil {
				return err
			}
		}
		for _, p := range pages {
			if err := tx.PageInsert(ctx, p); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.PageListOpenTo(ctx, phone, 10)
		if err != nil {
			return err
		}
		var ids []string
		for _, p := range got {
			ids = append(ids, p.ID)
		}
		want := []string{"open-new", "open-other-account", "retrying", "open-old"}
		if diff := cmp.Diff(want, ids); diff != "" {
			t.Errorf("open pages to %s (-want +got):\n%s", phone, diff)
		}
		if len(got) > 0 && got[0].Address != phone {
			t.Errorf("Address = %q, want %q", got[0].Address, phone)
		}
		limited, err := tx.PageListOpenTo(ctx, phone, 1)
		if err != nil {
			return err
		}
		if len(limited) != 1 || limited[0].ID != "open-new" {
			t.Errorf("limit 1 = %v, want open-new only", limited)
		}
		return nil
	})
}
