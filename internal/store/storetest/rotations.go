package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// rotation returns a rotation of scope s whose current settings list
// members (contact aliases of s) and whose recurrence exercises every
// part of the settings a store must keep as given: list order, an empty
// list beside an absent one, coverage windows per day.
func rotation(s contacts.Scope, id, name string, members ...string) *contacts.Rotation {
	ids := make([]string, len(members))
	for i, m := range members {
		ids[i] = s.ContactARN(m)
	}
	startTime := t0.Add(-48 * time.Hour)
	return &contacts.Rotation{
		Scope: s, ID: id, Name: name, CreatedAt: t0, UpdatedAt: t0,
		Current: contacts.RotationSettings{
			ContactIDs: ids, StartTime: &startTime, TimeZoneID: "America/Los_Angeles", From: t0,
			Recurrence: contacts.Recurrence{
				WeeklySettings: []contacts.WeeklySetting{
					{DayOfWeek: "FRI", HandOffTime: contacts.HandOffTime{HourOfDay: 15, MinuteOfHour: 57}},
					{DayOfWeek: "MON", HandOffTime: contacts.HandOffTime{HourOfDay: 4, MinuteOfHour: 25}},
				},
				MonthlySettings: []contacts.MonthlySetting{},
				NumberOfOnCalls: 1, RecurrenceMultiplier: 2,
				ShiftCoverages: map[string][]contacts.CoverageTime{
					"MON": {{Start: &contacts.HandOffTime{HourOfDay: 1}, End: &contacts.HandOffTime{HourOfDay: 23}}},
					"SAT": {},
				},
			},
		},
	}
}

// sameRotation compares rotations exactly, except that an absent history
// and an empty one are alike.
func sameRotation(t *testing.T, what string, want, got *contacts.Rotation) {
	t.Helper()
	pastOnly := cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Past" }, cmpopts.EquateEmpty())
	if diff := cmp.Diff(want, got, pastOnly); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
}

func testRotationCRUD(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	r := rotation(scopeA, "r1", "primary", "akuam", "bokang")
	r.Current.StartTime = nil // no StartTime given: it stays absent
	if err := write(t, st, func(tx contacts.Tx) error { return tx.RotationInsert(ctx, r) }); err != nil {
		t.Fatal(err)
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.RotationGet(ctx, scopeA, "r1")
		if err != nil {
			return err
		}
		sameRotation(t, "RotationGet", r, got)
		return nil
	})

	// An update moves the settings to the history and changes members.
	updated := *r
	updated.Past = []contacts.RotationSettings{r.Current}
	later := t0.Add(24 * time.Hour)
	updated.Current = rotation(scopeA, "r1", "primary", "chen", "akuam").Current
	updated.Current.From, updated.Current.TimeZoneID = later, "Asia/Seoul"
	updated.Current.Recurrence = contacts.Recurrence{
		DailySettings:   []contacts.HandOffTime{{HourOfDay: 9}, {HourOfDay: 1, MinuteOfHour: 30}},
		NumberOfOnCalls: 2, RecurrenceMultiplier: 1,
	}
	updated.UpdatedAt = later
	if err := write(t, st, func(tx contacts.Tx) error { return tx.RotationUpdate(ctx, &updated) }); err != nil {
		t.Fatal(err)
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.RotationGet(ctx, scopeA, "r1")
		if err != nil {
			return err
		}
		sameRotation(t, "after update", &updated, got)
		if got.Name != "primary" || !got.CreatedAt.Equal(t0) {
			t.Errorf("an update changed the name or creation time: %q %v", got.Name, got.CreatedAt)
		}
		return nil
	})

	missing := *r
	missing.ID = "absent"
	if err := write(t, st, func(tx contacts.Tx) error { return tx.RotationUpdate(ctx, &missing) }); !errors.Is(err, contacts.ErrNotFound) {
		t.Errorf("update of an absent rotation: err = %v, want ErrNotFound", err)
	}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.RotationInsert(ctx, r) }); !errors.Is(err, contacts.ErrDuplicate) {
		t.Errorf("second insert of r1: err = %v, want ErrDuplicate", err)
	}
}

func testRotationDeleteCascades(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	r := rotation(scopeA, "r1", "primary", "akuam", "bokang")
	kept := rotation(scopeA, "r2", "secondary", "akuam")
	o := &contacts.Override{Scope: scopeA, RotationID: "r1", ID: "o1", NewContactIDs: []string{scopeA.ContactARN("bokang")},
		Start: t0, End: t0.Add(time.Hour), CreatedAt: t0}
	keptOverride := &contacts.Override{Scope: scopeA, RotationID: "r2", ID: "o2", NewContactIDs: []string{}, Start: t0, End: t0.Add(time.Hour), CreatedAt: t0}
	if err := write(t, st, func(tx contacts.Tx) error {
		for _, x := range []*contacts.Rotation{r, kept} {
			if err := tx.RotationInsert(ctx, x); err != nil {
				return err
			}
		}
		if err := tx.OverrideInsert(ctx, o); err != nil {
			return err
		}
		return tx.OverrideInsert(ctx, keptOverride)
	}); err != nil {
		t.Fatal(err)
	}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.RotationDelete(ctx, scopeA, "r1") }); err != nil {
		t.Fatal(err)
	}
	read(t, st, func(tx contacts.Tx) error {
		if _, err := tx.RotationGet(ctx, scopeA, "r1"); !errors.Is(err, contacts.ErrNotFound) {
			t.Errorf("get after delete: err = %v, want ErrNotFound", err)
		}
		if _, err := tx.OverrideGet(ctx, scopeA, "r1", "o1"); !errors.Is(err, contacts.ErrNotFound) {
			t.Errorf("override of a deleted rotation: err = %v, want ErrNotFound", err)
		}
		list, err := tx.OverrideList(ctx, scopeA, "r1", time.Time{}, time.Time{})
		if err != nil {
			return err
		}
		if len(list) != 0 {
			t.Errorf("overrides of a deleted rotation: %d, want none", len(list))
		}
		ids, err := tx.RotationsWithMember(ctx, scopeA, scopeA.ContactARN("bokang"))
		if err != nil {
			return err
		}
		if len(ids) != 0 {
			t.Errorf("a deleted rotation still lists its members: %v", ids)
		}
		// The other rotation and its override are untouched.
		if _, err := tx.RotationGet(ctx, scopeA, "r2"); err != nil {
			t.Errorf("the other rotation: %v", err)
		}
		if _, err := tx.OverrideGet(ctx, scopeA, "r2", "o2"); err != nil {
			t.Errorf("the other rotation's override: %v", err)
		}
		return nil
	})
	if err := write(t, st, func(tx contacts.Tx) error { return tx.RotationDelete(ctx, scopeA, "r1") }); !errors.Is(err, contacts.ErrNotFound) {
		t.Errorf("second delete: err = %v, want ErrNotFound", err)
	}
	// The id is free again.
	if err := write(t, st, func(tx contacts.Tx) error { return tx.RotationInsert(ctx, r) }); err != nil {
		t.Errorf("insert after delete: %v", err)
	}
}

func rotationKeys(list []*contacts.Rotation) []string {
	out := []string{}
	for _, r := range list {
		out = append(out, r.Name+"/"+r.ID)
	}
	return out
}

func testRotationList(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	// Names need not be unique: (name, id) orders and pages them.
	for _, r := range []*contacts.Rotation{
		rotation(scopeA, "r5", "prod-b", "a"),
		rotation(scopeA, "r2", "prod-a", "a"),
		rotation(scopeA, "r1", "prod-a", "a"),
		rotation(scopeA, "r3", "prod_x", "a"),
		rotation(scopeA, "r4", "production", "a"),
		rotation(scopeA, "r6", "staging", "a"),
		rotation(scopeB, "r7", "prod-a", "a"),
	} {
		if err := write(t, st, func(tx contacts.Tx) error { return tx.RotationInsert(ctx, r) }); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		p    contacts.RotationListParams
		want []string
	}{
		{"all by name then id", contacts.RotationListParams{Limit: 100},
			[]string{"prod-a/r1", "prod-a/r2", "prod-b/r5", "prod_x/r3", "production/r4", "staging/r6"}},
		{"prefix", contacts.RotationListParams{NamePrefix: "prod", Limit: 100},
			[]string{"prod-a/r1", "prod-a/r2", "prod-b/r5", "prod_x/r3", "production/r4"}},
		{"prefix is not a pattern", contacts.RotationListParams{NamePrefix: "prod_", Limit: 100}, []string{"prod_x/r3"}},
		{"prefix without match", contacts.RotationListParams{NamePrefix: "dev", Limit: 100}, []string{}},
		{"limit", contacts.RotationListParams{Limit: 2}, []string{"prod-a/r1", "prod-a/r2"}},
		{"after a name shared by two", contacts.RotationListParams{AfterName: "prod-a", AfterID: "r1", Limit: 2}, []string{"prod-a/r2", "prod-b/r5"}},
		{"after the last of a name", contacts.RotationListParams{AfterName: "prod-a", AfterID: "r2", Limit: 100},
			[]string{"prod-b/r5", "prod_x/r3", "production/r4", "staging/r6"}},
		{"prefix and after", contacts.RotationListParams{NamePrefix: "prod", AfterName: "prod_x", AfterID: "r3", Limit: 100}, []string{"production/r4"}},
		{"after the end", contacts.RotationListParams{AfterName: "staging", AfterID: "r6", Limit: 100}, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.p.Scope = scopeA
			read(t, st, func(tx contacts.Tx) error {
				got, err := tx.RotationList(ctx, tc.p)
				if err != nil {
					return err
				}
				if diff := cmp.Diff(tc.want, rotationKeys(got)); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
				return nil
			})
		})
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.RotationList(ctx, contacts.RotationListParams{Scope: scopeA, NamePrefix: "prod-b", Limit: 1})
		if err == nil && len(got) == 1 {
			sameRotation(t, "a listed rotation", rotation(scopeA, "r5", "prod-b", "a"), got[0])
		}
		return err
	})
}

func testRotationsWithMember(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	r1 := rotation(scopeA, "r1", "one", "akuam", "bokang")
	r2 := rotation(scopeA, "r2", "two", "bokang", "chen")
	r3 := rotation(scopeB, "r3", "three", "bokang")
	for _, r := range []*contacts.Rotation{r2, r1, r3} {
		if err := write(t, st, func(tx contacts.Tx) error { return tx.RotationInsert(ctx, r) }); err != nil {
			t.Fatal(err)
		}
	}
	with := func(s contacts.Scope, alias string) []string {
		out := []string{}
		read(t, st, func(tx contacts.Tx) error {
			ids, err := tx.RotationsWithMember(ctx, s, s.ContactARN(alias))
			out = append(out, ids...)
			return err
		})
		return out
	}
	for _, tc := range []struct {
		s     contacts.Scope
		alias string
		want  []string
	}{
		{scopeA, "bokang", []string{"r1", "r2"}},
		{scopeA, "akuam", []string{"r1"}},
		{scopeA, "nobody", []string{}},
		{scopeB, "bokang", []string{"r3"}},
		{scopeB, "akuam", []string{}},
	} {
		if diff := cmp.Diff(tc.want, with(tc.s, tc.alias)); diff != "" {
			t.Errorf("%s in %v (-want +got):\n%s", tc.alias, tc.s, diff)
		}
	}
	// Members follow the current settings: an update that drops a member
	// frees it, even though the history still names it.
	r1.Past = []contacts.RotationSettings{r1.Current}
	r1.Current = rotation(scopeA, "r1", "one", "akuam").Current
	r1.Current.From = t0.Add(time.Hour)
	if err := write(t, st, func(tx contacts.Tx) error { return tx.RotationUpdate(ctx, r1) }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"r2"}, with(scopeA, "bokang")); diff != "" {
		t.Errorf("after r1 dropped bokang (-want +got):\n%s", diff)
	}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.RotationDelete(ctx, scopeA, "r2") }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{}, with(scopeA, "bokang")); diff != "" {
		t.Errorf("after deleting r2 (-want +got):\n%s", diff)
	}
}

func override(s contacts.Scope, rotationID, id string, start, end time.Time, created time.Time, members ...string) *contacts.Override {
	ids := []string{}
	for _, m := range members {
		ids = append(ids, s.ContactARN(m))
	}
	return &contacts.Override{Scope: s, RotationID: rotationID, ID: id, NewContactIDs: ids, Start: start, End: end, CreatedAt: created}
}

func testOverrides(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	h := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Hour) }
	overrides := []*contacts.Override{
		override(scopeA, "r1", "o3", h(0), h(2), h(-3), "akuam"),
		override(scopeA, "r1", "o1", h(2), h(4), h(-2), "bokang", "akuam"),
		override(scopeA, "r1", "o2", h(4), h(6), h(-2)), // nobody on call; created with o1
		override(scopeA, "r1", "o4", h(-10), h(30), h(-1), "bokang"),
		// Created in one instant, inserted against the order of their ids.
		override(scopeA, "r1", "o8", h(20), h(21), h(0), "akuam"),
		override(scopeA, "r1", "o7", h(20), h(22), h(0), "bokang"),
		override(scopeA, "r2", "o5", h(0), h(6), h(-4), "akuam"),
		override(scopeB, "r1", "o6", h(0), h(6), h(-4), "akuam"),
	}
	if err := write(t, st, func(tx contacts.Tx) error {
		for _, r := range []*contacts.Rotation{rotation(scopeA, "r1", "one", "akuam"), rotation(scopeA, "r2", "two", "akuam"), rotation(scopeB, "r1", "one", "akuam")} {
			if err := tx.RotationInsert(ctx, r); err != nil {
				return err
			}
		}
		for _, o := range overrides {
			if err := tx.OverrideInsert(ctx, o); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	read(t, st, func(tx contacts.Tx) error {
		for _, want := range []*contacts.Override{overrides[1], overrides[2]} {
			got, err := tx.OverrideGet(ctx, scopeA, "r1", want.ID)
			if err != nil {
				return err
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("OverrideGet %s (-want +got):\n%s", want.ID, diff)
			}
		}
		for _, miss := range []struct {
			s        contacts.Scope
			rotation string
			id       string
		}{{scopeA, "r2", "o1"}, {scopeB, "r1", "o1"}, {scopeA, "r1", "o9"}} {
			if _, err := tx.OverrideGet(ctx, miss.s, miss.rotation, miss.id); !errors.Is(err, contacts.ErrNotFound) {
				t.Errorf("OverrideGet %v: err = %v, want ErrNotFound", miss, err)
			}
		}
		return nil
	})

	ids := func(list []*contacts.Override) []string {
		out := []string{}
		for _, o := range list {
			out = append(out, o.ID)
		}
		return out
	}
	// Overrides overlapping [from, to): those that end after from and
	// start before to; touching either edge is no overlap.
	tests := []struct {
		name     string
		from, to time.Time
		want     []string
	}{
		{"all, oldest first then as inserted", time.Time{}, time.Time{}, []string{"o3", "o1", "o2", "o4", "o8", "o7"}},
		{"inside one", h(1), h(1).Add(time.Minute), []string{"o3", "o4"}},
		{"ends at from", h(2), h(3), []string{"o1", "o4"}},
		{"starts at to", h(-1), h(2), []string{"o3", "o4"}},
		{"spanning several", h(1), h(5), []string{"o3", "o1", "o2", "o4"}},
		{"from only", h(4), time.Time{}, []string{"o2", "o4", "o8", "o7"}},
		{"to only", time.Time{}, h(0), []string{"o4"}},
		{"after all", h(30), h(40), []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			read(t, st, func(tx contacts.Tx) error {
				got, err := tx.OverrideList(ctx, scopeA, "r1", tc.from, tc.to)
				if err != nil {
					return err
				}
				if diff := cmp.Diff(tc.want, ids(got)); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
				return nil
			})
		})
	}

	// An update rewrites members and times, and keeps the creation order.
	changed := *overrides[0]
	changed.NewContactIDs, changed.Start, changed.End = []string{}, h(1), h(7)
	if err := write(t, st, func(tx contacts.Tx) error { return tx.OverrideUpdate(ctx, &changed) }); err != nil {
		t.Fatal(err)
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.OverrideGet(ctx, scopeA, "r1", "o3")
		if err == nil {
			if diff := cmp.Diff(&changed, got); diff != "" {
				t.Errorf("after OverrideUpdate (-want +got):\n%s", diff)
			}
		}
		list, err := tx.OverrideList(ctx, scopeA, "r1", h(6), h(7))
		if err == nil {
			if diff := cmp.Diff([]string{"o3", "o4"}, ids(list)); diff != "" {
				t.Errorf("after OverrideUpdate, overlapping [6h, 7h) (-want +got):\n%s", diff)
			}
		}
		return err
	})

	for _, wrong := range []struct {
		s        contacts.Scope
		rotation string
	}{{scopeB, "r1"}, {scopeA, "r2"}} {
		err := write(t, st, func(tx contacts.Tx) error { return tx.OverrideDelete(ctx, wrong.s, wrong.rotation, "o1") })
		if !errors.Is(err, contacts.ErrNotFound) {
			t.Errorf("delete o1 through %v: err = %v, want ErrNotFound", wrong, err)
		}
		moved := *overrides[1]
		moved.Scope, moved.RotationID = wrong.s, wrong.rotation
		err = write(t, st, func(tx contacts.Tx) error { return tx.OverrideUpdate(ctx, &moved) })
		if !errors.Is(err, contacts.ErrNotFound) {
			t.Errorf("update o1 through %v: err = %v, want ErrNotFound", wrong, err)
		}
	}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.OverrideDelete(ctx, scopeA, "r1", "o1") }); err != nil {
		t.Fatal(err)
	}
	if err := write(t, st, func(tx contacts.Tx) error { return tx.OverrideDelete(ctx, scopeA, "r1", "o1") }); !errors.Is(err, contacts.ErrNotFound) {
		t.Errorf("second delete: err = %v, want ErrNotFound", err)
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.OverrideList(ctx, scopeA, "r1", time.Time{}, time.Time{})
		if err == nil {
			if diff := cmp.Diff([]string{"o3", "o2", "o4", "o8", "o7"}, ids(got)); diff != "" {
				t.Errorf("after delete (-want +got):\n%s", diff)
			}
		}
		return err
	})
}

func testRotationScopes(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	mine := rotation(scopeA, "r1", "mine", "akuam")
	if err := write(t, st, func(tx contacts.Tx) error { return tx.RotationInsert(ctx, mine) }); err != nil {
		t.Fatal(err)
	}
	otherRegion := contacts.Scope{Account: scopeA.Account, Region: "eu-west-1"}
	for _, s := range []contacts.Scope{scopeB, otherRegion} {
		read(t, st, func(tx contacts.Tx) error {
			if _, err := tx.RotationGet(ctx, s, "r1"); !errors.Is(err, contacts.ErrNotFound) {
				t.Errorf("%v: get err = %v, want ErrNotFound", s, err)
			}
			list, err := tx.RotationList(ctx, contacts.RotationListParams{Scope: s, Limit: 10})
			if err != nil {
				return err
			}
			if len(list) != 0 {
				t.Errorf("%v: list = %v, want empty", s, rotationKeys(list))
			}
			return nil
		})
		theirs := *mine
		theirs.Scope = s
		if err := write(t, st, func(tx contacts.Tx) error { return tx.RotationUpdate(ctx, &theirs) }); !errors.Is(err, contacts.ErrNotFound) {
			t.Errorf("%v: update err = %v, want ErrNotFound", s, err)
		}
		if err := write(t, st, func(tx contacts.Tx) error { return tx.RotationDelete(ctx, s, "r1") }); !errors.Is(err, contacts.ErrNotFound) {
			t.Errorf("%v: delete err = %v, want ErrNotFound", s, err)
		}
	}
	// The same id in another scope is another rotation.
	theirs := rotation(scopeB, "r1", "theirs", "akuam")
	if err := write(t, st, func(tx contacts.Tx) error { return tx.RotationInsert(ctx, theirs) }); err != nil {
		t.Fatalf("same id in another account: %v", err)
	}
	read(t, st, func(tx contacts.Tx) error {
		got, err := tx.RotationGet(ctx, scopeA, "r1")
		if err == nil {
			sameRotation(t, "mine after theirs was inserted", mine, got)
		}
		return err
	})
}
