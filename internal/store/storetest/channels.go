package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

func channel(s contacts.Scope, alias, id string, created time.Time) *contacts.Channel {
	return &contacts.Channel{Scope: s, ID: id, ContactAlias: alias, Name: "n " + id, Type: contacts.SMS,
		Address: "+12065550100", Code: "123456", CodeExpiresAt: created.Add(15 * time.Minute), SendsInWindow: 1,
		SendWindowStart: created, CreatedAt: created, UpdatedAt: created}
}

func testChannels(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	mustInsert(t, st, contact(scopeA, "akuam", contacts.Personal), contact(scopeA, "other", contacts.Personal))
	chs := []*contacts.Channel{
		channel(scopeA, "akuam", "c2", t0),
		channel(scopeA, "akuam", "c1", t0),
		channel(scopeA, "akuam", "c0", t0.Add(time.Second)),
		channel(scopeA, "other", "c9", t0),
	}
	for _, ch := range chs {
		if err := write(t, st, func(tx contacts.Tx) error { return tx.ChannelInsert(ctx, ch) }); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(list []*contacts.Channel) []string {
		out := []string{}
		for _, c := range list {
			out = append(out, c.ID)
		}
		return out
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.ChannelGet(ctx, scopeA, "c2")
		if err != nil {
			return err
		}
		if diff := cmp.Diff(chs[0], got); diff != "" {
			t.Errorf("ChannelGet (-want +got):\n%s", diff)
		}
		if _, err := tx.ChannelGet(ctx, scopeB, "c2"); !errors.Is(err, contacts.ErrNotFound) {
			t.Errorf("other scope: err = %v", err)
		}
		all, err := tx.ChannelList(ctx, contacts.ChannelListParams{Scope: scopeA, ContactAlias: "akuam", Limit: 10})
		if err != nil {
			return err
		}
		if diff := cmp.Diff([]string{"c1", "c2", "c0"}, ids(all)); diff != "" {
			t.Errorf("list order (-want +got):\n%s", diff)
		}
		page, err := tx.ChannelList(ctx, contacts.ChannelListParams{Scope: scopeA, ContactAlias: "akuam", AfterCreated: t0, AfterID: "c1", Limit: 1})
		if err != nil {
			return err
		}
		if diff := cmp.Diff([]string{"c2"}, ids(page)); diff != "" {
			t.Errorf("page after c1 (-want +got):\n%s", diff)
		}
		return nil
	})
	chs[0].Activated, chs[0].Code, chs[0].Address, chs[0].UpdatedAt = true, "", "+12065550111", t0.Add(time.Hour)
	if err := write(t, st, func(tx contacts.Tx) error { return tx.ChannelUpdate(ctx, chs[0]) }); err != nil {
		t.Fatal(err)
	}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.ChannelDelete(ctx, scopeA, "c1") }); err != nil {
		t.Fatal(err)
	}
	// Deleting a contact deletes its channels.
	if err := write(t, st, func(tx contacts.Tx) error { return tx.ContactDelete(ctx, scopeA, "other") }); err != nil {
		t.Fatal(err)
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.ChannelGet(ctx, scopeA, "c2")
		if err != nil {
			return err
		}
		if diff := cmp.Diff(chs[0], got); diff != "" {
			t.Errorf("after update (-want +got):\n%s", diff)
		}
		for _, id := range []string{"c1", "c9"} {
			if _, err := tx.ChannelGet(ctx, scopeA, id); !errors.Is(err, contacts.ErrNotFound) {
				t.Errorf("%s: err = %v, want ErrNotFound", id, err)
			}
		}
		return nil
	})
	if err := write(t, st, func(tx contacts.Tx) error { return tx.ChannelDelete(ctx, scopeA, "c1") }); !errors.Is(err, contacts.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}

func testOutbox(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	msg := func(id, account, address string, kind contacts.MessageKind) *contacts.Message {
		return &contacts.Message{ID: id, Scope: contacts.Scope{Account: account, Region: "us-east-2"}, Kind: kind,
			ChannelARN: "arn:" + address, Address: address, ChannelType: contacts.Email, ChannelName: "n " + id, Sender: "cli", Subject: "s", Body: "b",
			Code: "000111", Status: contacts.StatusPending, CreatedAt: t0, UpdatedAt: t0}
	}
	for _, m := range []*contacts.Message{
		msg("m1", "000000000000", "a@example.com", contacts.KindActivation),
		msg("m2", "000000000000", "b@example.com", contacts.KindPage),
		msg("m3", "111122223333", "a@example.com", contacts.KindPage),
	} {
		if err := write(t, st, func(tx contacts.Tx) error { return tx.OutboxInsert(ctx, m) }); err != nil {
			t.Fatal(err)
		}
	}
	list := func(f contacts.OutboxFilter) []string {
		out := []string{}
		f.Limit = 10
		read(t, st, func(tx contacts.Tx) error {
			ms, err := tx.OutboxList(ctx, f)
			for _, m := range ms {
				out = append(out, m.ID)
			}
			return err
		})
		return out
	}
	for _, tc := range []struct {
		f    contacts.OutboxFilter
		want []string
	}{
		{contacts.OutboxFilter{}, []string{"m3", "m2", "m1"}},
		{contacts.OutboxFilter{Address: "a@example.com"}, []string{"m3", "m1"}},
		{contacts.OutboxFilter{Kind: contacts.KindPage, Account: "000000000000"}, []string{"m2"}},
		{contacts.OutboxFilter{ChannelARN: "arn:b@example.com"}, []string{"m2"}},
	} {
		if diff := cmp.Diff(tc.want, list(tc.f)); diff != "" {
			t.Errorf("%+v (-want +got):\n%s", tc.f, diff)
		}
	}
	sent := t0.Add(time.Second)
	m := msg("m1", "000000000000", "a@example.com", contacts.KindActivation)
	m.Status, m.Attempts, m.Transport, m.ProviderMessageID, m.SentAt, m.UpdatedAt = contacts.StatusSent, 1, "smtp", "<id@x>", &sent, sent
	if err := write(t, st, func(tx contacts.Tx) error { return tx.OutboxUpdate(ctx, m) }); err != nil {
		t.Fatal(err)
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.OutboxGet(ctx, "m1")
		if err == nil {
			if diff := cmp.Diff(m, got); diff != "" {
				t.Errorf("after update (-want +got):\n%s", diff)
			}
		}
		return err
	})
	var n int
	if err := write(t, st, func(tx contacts.Tx) (err error) { n, err = tx.OutboxClear(ctx); return err }); err != nil || n != 3 {
		t.Fatalf("clear = %d, %v", n, err)
	}
	if got := list(contacts.OutboxFilter{}); len(got) != 0 {
		t.Errorf("after clear: %v", got)
	}
}

func testTimers(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	tm := func(id string, due time.Time) *contacts.Timer {
		return &contacts.Timer{ID: id, Kind: contacts.TimerDeliver, Scope: scopeA, Ref: "ref-" + id, Arg: 2, DueAt: due}
	}
	for _, x := range []*contacts.Timer{tm("b", t0.Add(time.Minute)), tm("a", t0.Add(time.Minute)), tm("c", t0.Add(time.Hour))} {
		if err := write(t, st, func(tx contacts.Tx) error { return tx.TimerInsert(ctx, x) }); err != nil {
			t.Fatal(err)
		}
	}
	farPast := t0.Add(-time.Hour)
	due := func(now, lease time.Time) []string {
		out := []string{}
		read(t, st, func(tx contacts.Tx) error {
			ts, err := tx.TimerDue(ctx, now, lease, 10)
			for _, x := range ts {
				out = append(out, x.ID)
			}
			return err
		})
		return out
	}
	nextDue := func(lease time.Duration) *time.Time {
		var next *time.Time
		read(t, st, func(tx contacts.Tx) (err error) {
			next, err = tx.TimerNextDue(ctx, lease)
			return err
		})
		return next
	}
	if next := nextDue(time.Minute); next == nil || !next.Equal(t0.Add(time.Minute)) {
		t.Errorf("next due = %v", next)
	}
	if diff := cmp.Diff([]string{}, due(t0, farPast)); diff != "" {
		t.Errorf("nothing due yet (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a", "b"}, due(t0.Add(time.Minute), farPast)); diff != "" {
		t.Errorf("due at +1m (-want +got):\n%s", diff)
	}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.TimerClaim(ctx, "a", "owner-1", t0.Add(time.Minute), farPast) }); err != nil {
		t.Fatal(err)
	}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.TimerClaim(ctx, "a", "owner-1", t0.Add(time.Minute), farPast) }); !errors.Is(err, contacts.ErrNotFound) {
		t.Errorf("a held claim was claimed again: %v", err)
	}
	if diff := cmp.Diff([]string{"b"}, due(t0.Add(time.Minute), farPast)); diff != "" {
		t.Errorf("claimed timers are skipped (-want +got):\n%s", diff)
	}
	// b is still due at +1m; a only once its claim expires.
	if next := nextDue(time.Hour); next == nil || !next.Equal(t0.Add(time.Minute)) {
		t.Errorf("next due with b unclaimed = %v", next)
	}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.TimerClaim(ctx, "b", "owner-1", t0.Add(90*time.Second), farPast) }); err != nil {
		t.Fatal(err)
	}
	if next := nextDue(time.Hour); next == nil || !next.Equal(t0.Add(time.Hour)) {
		t.Errorf("next due with a and b claimed for an hour = %v, want c's due time", next)
	}
	if next := nextDue(time.Minute); next == nil || !next.Equal(t0.Add(2*time.Minute+time.Millisecond)) {
		t.Errorf("next due with one-minute claims = %v, want the first instant a's claim is void (+2m1ms)", next)
	}
	if diff := cmp.Diff([]string{"a", "b"}, due(t0.Add(time.Minute), t0.Add(2*time.Minute))); diff != "" {
		t.Errorf("expired claims are due again (-want +got):\n%s", diff)
	}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.TimerReleaseAll(ctx) }); err != nil {
		t.Fatal(err)
	}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.TimerDelete(ctx, "b") }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a", "c"}, due(t0.Add(2*time.Hour), farPast)); diff != "" {
		t.Errorf("after release and delete (-want +got):\n%s", diff)
	}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.TimerDelete(ctx, "b") }); !errors.Is(err, contacts.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}
