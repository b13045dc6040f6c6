package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

func engagement(s contacts.Scope, id string, start time.Time) *contacts.Engagement {
	return &contacts.Engagement{Scope: s, ID: id, ContactAlias: "akuam", ContactType: contacts.Personal,
		Sender: "cli", Subject: "s", Content: "c", StartTime: start, Plan: contacts.Plan{Stages: []contacts.Stage{}},
		EscalationDone: true, OpenTracks: 1}
}

func insertEngagements(t *testing.T, st contacts.Store, es ...*contacts.Engagement) {
	t.Helper()
	if err := write(t, st, func(tx contacts.Tx) error {
		for _, e := range es {
			if err := tx.EngagementInsert(context.Background(), e); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// testEngagementCRUD: an engagement reads back as written, in its own
// scope only; an update rewrites exactly the fields the engine changes.
func testEngagementCRUD(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	e := engagement(scopeA, "e1", t0)
	e.ContactType, e.EscalationDone, e.OpenTracks = contacts.Escalation, false, 0
	e.PublicSubject, e.PublicContent, e.IncidentID = ptr("public s"), ptr("public c"), ptr("arn:aws:ssm-incidents::000000000000:incident-record/x/1")
	e.Plan = contacts.Plan{Stages: []contacts.Stage{{DurationInMinutes: 5, Targets: []contacts.Target{
		{Contact: &contacts.ContactTarget{ContactID: ptr("arn:aws:ssm-contacts:us-east-2:000000000000:contact/b"), IsEssential: true}},
	}}}}
	bare := engagement(scopeA, "e2", t0) // the optional fields left out
	insertEngagements(t, st, e, bare)

	get := func(s contacts.Scope, id string) (*contacts.Engagement, error) {
		var got *contacts.Engagement
		err := st.Read(ctx, func(tx contacts.Tx) (err error) {
			got, err = tx.EngagementGet(ctx, s, id)
			return err
		})
		return got, err
	}
	for _, want := range []*contacts.Engagement{e, bare} {
		got, err := get(scopeA, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("EngagementGet %s (-want +got):\n%s", want.ID, diff)
		}
	}
	if _, err := get(scopeB, "e1"); !errors.Is(err, contacts.ErrNotFound) {
		t.Errorf("get from another account: err = %v, want ErrNotFound", err)
	}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.EngagementInsert(ctx, engagement(scopeA, "e1", t0)) }); !errors.Is(err, contacts.ErrDuplicate) {
		t.Errorf("second insert of e1: err = %v, want ErrDuplicate", err)
	}

	stopped := *e
	stopped.StopTime, stopped.StopReason = ptr(t0.Add(3*time.Minute)), "done"
	stopped.EscalationDone, stopped.OpenTracks = true, 2
	stopped.Subject = "not rewritten" // only stop, reason, done and open tracks are
	if err := write(t, st, func(tx contacts.Tx) error { return tx.EngagementUpdate(ctx, &stopped) }); err != nil {
		t.Fatal(err)
	}
	want := *e
	want.StopTime, want.StopReason, want.EscalationDone, want.OpenTracks = stopped.StopTime, "done", true, 2
	got, err := get(scopeA, "e1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("after update (-want +got):\n%s", diff)
	}
	missing := engagement(scopeB, "e1", t0)
	if err := write(t, st, func(tx contacts.Tx) error { return tx.EngagementUpdate(ctx, missing) }); !errors.Is(err, contacts.ErrNotFound) {
		t.Errorf("update in another account: err = %v, want ErrNotFound", err)
	}
}

// testEngagementList: newest first by (StartTime, ID), filtered by
// incident and an inclusive time range, continued after a position.
func testEngagementList(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	inc := "arn:aws:ssm-incidents::000000000000:incident-record/x/1"
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	es := []*contacts.Engagement{
		engagement(scopeA, "a", at(0)), engagement(scopeA, "b", at(1)), engagement(scopeA, "c", at(1)),
		engagement(scopeA, "d", at(2)), engagement(scopeA, "e", at(3)), engagement(scopeB, "f", at(2)),
	}
	es[1].IncidentID, es[3].IncidentID = &inc, &inc
	insertEngagements(t, st, es...)

	list := func(p contacts.EngagementListParams) []string {
		t.Helper()
		var ids []string
		read(t, st, func(tx contacts.Tx) error {
			got, err := tx.EngagementList(ctx, p)
			for _, e := range got {
				ids = append(ids, e.ID)
			}
			return err
		})
		return ids
	}
	cases := []struct {
		name string
		p    contacts.EngagementListParams
		want []string
	}{
		{"all", contacts.EngagementListParams{Scope: scopeA, Limit: 10}, []string{"e", "d", "c", "b", "a"}},
		{"limit", contacts.EngagementListParams{Scope: scopeA, Limit: 2}, []string{"e", "d"}},
		{"after a tie", contacts.EngagementListParams{Scope: scopeA, BeforeStart: at(1), BeforeID: "c", Limit: 10}, []string{"b", "a"}},
		{"after d", contacts.EngagementListParams{Scope: scopeA, BeforeStart: at(2), BeforeID: "d", Limit: 2}, []string{"c", "b"}},
		{"incident", contacts.EngagementListParams{Scope: scopeA, IncidentID: &inc, Limit: 10}, []string{"d", "b"}},
		{"range is inclusive", contacts.EngagementListParams{Scope: scopeA, From: ptr(at(1)), To: ptr(at(2)), Limit: 10}, []string{"d", "c", "b"}},
		{"from only", contacts.EngagementListParams{Scope: scopeA, From: ptr(at(3)), Limit: 10}, []string{"e"}},
		{"other account", contacts.EngagementListParams{Scope: scopeB, Limit: 10}, []string{"f"}},
		{"other region", contacts.EngagementListParams{Scope: contacts.Scope{Account: scopeA.Account, Region: "eu-west-1"}, Limit: 10}, nil},
	}
	for _, tc := range cases {
		if diff := cmp.Diff(tc.want, list(tc.p)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

// testTracks: a track reads back as written; ending it takes it out of
// the engagement's open tracks.
func testTracks(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	insertEngagements(t, st, engagement(scopeA, "e1", t0), engagement(scopeA, "e2", t0))
	track := func(id, eng string, started time.Time) *contacts.Track {
		return &contacts.Track{Scope: scopeA, ID: id, EngagementID: eng, ContactAlias: "akuam",
			Plan: contacts.Plan{Stages: []contacts.Stage{{DurationInMinutes: 1, Targets: []contacts.Target{
				{Channel: &contacts.ChannelTarget{ChannelID: "arn:aws:ssm-contacts:us-east-2:000000000000:contact-channel/akuam/x"}},
			}}}},
			Path: []contacts.ResolutionStep{
				{ContactARN: "arn:aws:ssm-contacts:us-east-2:000000000000:contact/plan", Type: contacts.Escalation, StageIndex: ptr(0)},
				{ContactARN: "arn:aws:ssm-contacts:us-east-2:000000000000:contact/akuam", Type: contacts.Personal},
			},
			StartedAt: started}
	}
	t1, t2, t3, other := track("t1", "e1", t0.Add(time.Minute)), track("t2", "e1", t0), track("t3", "e1", t0), track("t4", "e2", t0)
	t1.Essential = true
	if err := write(t, st, func(tx contacts.Tx) error {
		for _, tr := range []*contacts.Track{t1, t2, t3, other} {
			if err := tx.TrackInsert(ctx, tr); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	openIDs := func() []string {
		var ids []string
		read(t, st, func(tx contacts.Tx) error {
			got, err := tx.TrackListOpen(ctx, scopeA, "e1")
			for _, tr := range got {
				ids = append(ids, tr.ID)
			}
			return err
		})
		return ids
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.TrackGet(ctx, scopeA, "t1")
		if err != nil {
			return err
		}
		if diff := cmp.Diff(t1, got); diff != "" {
			t.Errorf("TrackGet (-want +got):\n%s", diff)
		}
		if _, err := tx.TrackGet(ctx, scopeB, "t1"); !errors.Is(err, contacts.ErrNotFound) {
			t.Errorf("TrackGet in another account: err = %v, want ErrNotFound", err)
		}
		return nil
	})
	if diff := cmp.Diff([]string{"t2", "t3", "t1"}, openIDs()); diff != "" {
		t.Errorf("open tracks by (StartedAt, ID) (-want +got):\n%s", diff)
	}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.TrackEnd(ctx, scopeA, "t3") }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"t2", "t1"}, openIDs()); diff != "" {
		t.Errorf("open tracks after ending t3 (-want +got):\n%s", diff)
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.TrackGet(ctx, scopeA, "t3")
		if err == nil && !got.Ended {
			t.Error("t3 reads back not ended")
		}
		return err
	})
	if err := write(t, st, func(tx contacts.Tx) error { return tx.TrackEnd(ctx, scopeB, "t1") }); !errors.Is(err, contacts.ErrNotFound) {
		t.Errorf("TrackEnd in another account: err = %v, want ErrNotFound", err)
	}
}

// testPages: a page reads back as written; an update rewrites its status
// and times; listing is in creation order, by engagement or by contact.
func testPages(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	insertEngagements(t, st, engagement(scopeA, "e1", t0), engagement(scopeA, "e2", t0))
	page := func(id, eng, alias string, created time.Time, status contacts.PageStatus) *contacts.Page {
		return &contacts.Page{Scope: scopeA, ID: id, EngagementID: eng, TrackID: "t-" + id, ContactAlias: alias,
			ChannelID: "ch", ChannelType: contacts.Email, Address: alias + "@example.com", StageIndex: 1,
			AcceptCode: "123456", Status: status, MessageID: "m-" + id, RetryInterval: 2 * time.Minute,
			WindowEnd: created.Add(10 * time.Minute), CreatedAt: created}
	}
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	pages := []*contacts.Page{
		page("p1", "e1", "akuam", at(0), contacts.PagePending),
		page("p3", "e1", "bob", at(1), contacts.PageSent),
		page("p2", "e1", "akuam", at(1), contacts.PagePending),
		page("p4", "e2", "akuam", at(2), contacts.PageError),
	}
	pages[1].SentTime, pages[1].DeliveryTime = ptr(at(5)), ptr(at(6))
	if err := write(t, st, func(tx contacts.Tx) error {
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
		for _, want := range pages[:2] {
			got, err := tx.PageGet(ctx, scopeA, want.ID)
			if err != nil {
				return err
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("PageGet %s (-want +got):\n%s", want.ID, diff)
			}
		}
		if _, err := tx.PageGet(ctx, scopeB, "p1"); !errors.Is(err, contacts.ErrNotFound) {
			t.Errorf("PageGet in another account: err = %v, want ErrNotFound", err)
		}
		return nil
	})

	updated := *pages[0]
	updated.Status, updated.SentTime, updated.DeliveryTime, updated.ReadTime = contacts.PageSent, ptr(at(7)), ptr(at(8)), ptr(at(9))
	updated.AcceptCode = "not rewritten"
	if err := write(t, st, func(tx contacts.Tx) error { return tx.PageUpdate(ctx, &updated) }); err != nil {
		t.Fatal(err)
	}
	want := *pages[0]
	want.Status, want.SentTime, want.DeliveryTime, want.ReadTime = updated.Status, updated.SentTime, updated.DeliveryTime, updated.ReadTime
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.PageGet(ctx, scopeA, "p1")
		if err == nil {
			if diff := cmp.Diff(&want, got); diff != "" {
				t.Errorf("after PageUpdate (-want +got):\n%s", diff)
			}
		}
		return err
	})
	missing := *pages[0]
	missing.Scope = scopeB
	if err := write(t, st, func(tx contacts.Tx) error { return tx.PageUpdate(ctx, &missing) }); !errors.Is(err, contacts.ErrNotFound) {
		t.Errorf("PageUpdate in another account: err = %v, want ErrNotFound", err)
	}

	list := func(p contacts.PageListParams) []string {
		t.Helper()
		var ids []string
		read(t, st, func(tx contacts.Tx) error {
			got, err := tx.PageList(ctx, p)
			for _, pg := range got {
				ids = append(ids, pg.ID)
			}
			return err
		})
		return ids
	}
	cases := []struct {
		name string
		p    contacts.PageListParams
		want []string
	}{
		{"engagement", contacts.PageListParams{Scope: scopeA, EngagementID: "e1", Limit: 10}, []string{"p1", "p2", "p3"}},
		{"contact", contacts.PageListParams{Scope: scopeA, ContactAlias: "akuam", Limit: 10}, []string{"p1", "p2", "p4"}},
		{"both", contacts.PageListParams{Scope: scopeA, EngagementID: "e1", ContactAlias: "akuam", Limit: 10}, []string{"p1", "p2"}},
		{"pending", contacts.PageListParams{Scope: scopeA, EngagementID: "e1", Pending: true, Limit: 10}, []string{"p2"}},
		{"limit", contacts.PageListParams{Scope: scopeA, EngagementID: "e1", Limit: 1}, []string{"p1"}},
		{"after a tie", contacts.PageListParams{Scope: scopeA, EngagementID: "e1", AfterCreated: at(1), AfterID: "p2", Limit: 10}, []string{"p3"}},
		{"other account", contacts.PageListParams{Scope: scopeB, EngagementID: "e1", Limit: 10}, nil},
	}
	for _, tc := range cases {
		if diff := cmp.Diff(tc.want, list(tc.p)); diff != "" {
			t.Errorf("PageList %s (-want +got):\n%s", tc.name, diff)
		}
	}
}

// testReceipts: a page's receipts are numbered 1, 2, … in the order they
// were recorded, per page, and listed from a position.
func testReceipts(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	insertEngagements(t, st, engagement(scopeA, "e1", t0))
	pages := []*contacts.Page{
		{Scope: scopeA, ID: "p1", EngagementID: "e1", TrackID: "t1", ContactAlias: "akuam", ChannelID: "ch",
			ChannelType: contacts.SMS, Status: contacts.PagePending, MessageID: "m1", WindowEnd: t0, CreatedAt: t0},
		{Scope: scopeA, ID: "p2", EngagementID: "e1", TrackID: "t1", ContactAlias: "akuam", ChannelID: "ch",
			ChannelType: contacts.SMS, Status: contacts.PagePending, MessageID: "m2", WindowEnd: t0, CreatedAt: t0},
	}
	channel := "arn:aws:ssm-contacts:us-east-2:000000000000:contact-channel/akuam/ch"
	receipt := func(page string, typ contacts.ReceiptType, s int) *contacts.Receipt {
		return &contacts.Receipt{Scope: scopeA, PageID: page, Type: typ, ChannelARN: channel, Info: string(typ) + " info",
			Time: t0.Add(time.Duration(s) * time.Second)}
	}
	recorded := []*contacts.Receipt{
		receipt("p1", contacts.ReceiptSent, 1), receipt("p2", contacts.ReceiptError, 1),
		receipt("p1", contacts.ReceiptDelivered, 2), receipt("p1", contacts.ReceiptRead, 2),
	}
	if err := write(t, st, func(tx contacts.Tx) error {
		for _, p := range pages {
			if err := tx.PageInsert(ctx, p); err != nil {
				return err
			}
		}
		for _, r := range recorded[:2] {
			if err := tx.ReceiptInsert(ctx, r); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// Later receipts come in later transactions, as the engine writes them.
	for _, r := range recorded[2:] {
		if err := write(t, st, func(tx contacts.Tx) error { return tx.ReceiptInsert(ctx, r) }); err != nil {
			t.Fatal(err)
		}
	}
	// A receipt for a page of another account records nothing.
	stray := receipt("p1", contacts.ReceiptStop, 3)
	stray.Scope = scopeB
	if err := write(t, st, func(tx contacts.Tx) error { return tx.ReceiptInsert(ctx, stray) }); err != nil && !errors.Is(err, contacts.ErrNotFound) {
		t.Errorf("receipt for a page of another account: err = %v", err)
	}

	numbered := func(r *contacts.Receipt, seq int) *contacts.Receipt {
		c := *r
		c.Seq = seq
		return &c
	}
	list := func(s contacts.Scope, page string, after, limit int) []*contacts.Receipt {
		t.Helper()
		var got []*contacts.Receipt
		read(t, st, func(tx contacts.Tx) (err error) {
			got, err = tx.ReceiptList(ctx, s, page, after, limit)
			return err
		})
		return got
	}
	cases := []struct {
		name string
		got  []*contacts.Receipt
		want []*contacts.Receipt
	}{
		{"p1", list(scopeA, "p1", 0, 10), []*contacts.Receipt{numbered(recorded[0], 1), numbered(recorded[2], 2), numbered(recorded[3], 3)}},
		{"p1 after 1, limit 1", list(scopeA, "p1", 1, 1), []*contacts.Receipt{numbered(recorded[2], 2)}},
		{"p2", list(scopeA, "p2", 0, 10), []*contacts.Receipt{numbered(recorded[1], 1)}},
		{"p1 in another account", list(scopeB, "p1", 0, 10), nil},
	}
	for _, tc := range cases {
		if diff := cmp.Diff(tc.want, tc.got); diff != "" {
			t.Errorf("ReceiptList %s (-want +got):\n%s", tc.name, diff)
		}
	}
}
