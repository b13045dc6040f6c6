package copydb

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres"
	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
	"github.com/ssmcontacts/ssmcontacts/internal/store/sqlite"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var (
	scopeA = contacts.Scope{Account: "000000000000", Region: "us-east-2"}
	scopeB = contacts.Scope{Account: "111122223333", Region: "eu-west-1"}
	t0     = time.Date(2026, 11, 27, 9, 0, 0, 123e6, time.UTC)
	// far is later than every time in the fixtures.
	far = t0.Add(1000 * time.Hour)
)

// secretNames are secrets the fixtures create through Secret.
var secretNames = []string{"ack-links", "console-sessions", "phone-links"}

func ptr[T any](v T) *T { return &v }

func openSQLite(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func openPostgres(t *testing.T, url string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), url, postgres.Config{NoContactCache: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// filledFile returns a SQLite file holding every kind of data, closed.
func filledFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ssmcontacts.db")
	db := openSQLite(t, path)
	fill(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func write(t *testing.T, st contacts.Store, fn func(ctx context.Context, tx contacts.Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := st.Write(ctx, func(tx contacts.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

// fill writes every kind of row through the store's own methods.
func fill(t *testing.T, st contacts.Store) {
	t.Helper()
	ctx := context.Background()
	for _, name := range secretNames {
		if _, err := st.Secret(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	chanARN := scopeA.ChannelARN("akuam", "c-sms")
	write(t, st, func(ctx context.Context, tx contacts.Tx) error {
		for _, c := range []*contacts.Contact{
			{Scope: scopeA, Alias: "akuam", Type: contacts.Personal, DisplayName: ptr("Akua Mansa"), CreatedAt: t0, UpdatedAt: t0.Add(time.Second),
				Policy: ptr(`{"Version":"2012-10-17"}`),
				Plan: contacts.Plan{Stages: []contacts.Stage{{DurationInMinutes: 5, Targets: []contacts.Target{
					{Channel: &contacts.ChannelTarget{ChannelID: chanARN, RetryIntervalInMinutes: ptr(1)}}}}}}},
			{Scope: scopeA, Alias: "bokang", Type: contacts.Personal, Plan: contacts.Plan{Stages: []contacts.Stage{}}, CreatedAt: t0, UpdatedAt: t0},
			{Scope: scopeA, Alias: "escalate", Type: contacts.Escalation, CreatedAt: t0, UpdatedAt: t0,
				Plan: contacts.Plan{Stages: []contacts.Stage{{DurationInMinutes: 10, Targets: []contacts.Target{
					{Contact: &contacts.ContactTarget{ContactID: ptr(scopeA.ContactARN("akuam")), IsEssential: true}}}}}}},
			{Scope: scopeA, Alias: "oncall", Type: contacts.OnCallSchedule, CreatedAt: t0, UpdatedAt: t0,
				Plan: contacts.Plan{RotationIDs: []string{scopeA.RotationARN("r1")}}},
			{Scope: scopeB, Alias: "akuam", Type: contacts.Personal, Plan: contacts.Plan{Stages: []contacts.Stage{}}, CreatedAt: t0, UpdatedAt: t0},
		} {
			if err := tx.ContactInsert(ctx, c); err != nil {
				return err
			}
		}
		for _, c := range []*contacts.Channel{
			{Scope: scopeA, ID: "c-sms", ContactAlias: "akuam", Name: "phone", Type: contacts.SMS, Address: "+12065550100", Activated: true,
				SendWindowStart: t0, SendsInWindow: 2, CreatedAt: t0, UpdatedAt: t0},
			{Scope: scopeA, ID: "c-mail", ContactAlias: "akuam", Name: "mail", Type: contacts.Email, Address: "akua@example.com",
				Code: "123456", CodeExpiresAt: t0.Add(15 * time.Minute), CodeAttempts: 3, SendWindowStart: t0, SendsInWindow: 1, CreatedAt: t0, UpdatedAt: t0},
			{Scope: scopeB, ID: "c-b", ContactAlias: "akuam", Name: "voice", Type: contacts.Voice, Address: "+12065550100", CreatedAt: t0, UpdatedAt: t0},
		} {
			if err := tx.ChannelInsert(ctx, c); err != nil {
				return err
			}
		}
		if err := tx.TagsReplace(ctx, scopeA, scopeA.ContactARN("akuam"), []contacts.Tag{{Key: "team", Value: "blue"}, {Key: "tier", Value: "1"}}); err != nil {
			return err
		}
		return tx.IdempotencyPut(ctx, &contacts.IdempotencyRecord{Scope: scopeA, Operation: "CreateContact", Token: "tok",
			RequestHash: "h", Result: scopeA.ContactARN("bokang"), CreatedAt: t0})
	})
	write(t, st, func(ctx context.Context, tx contacts.Tx) error {
		return fillEngagements(ctx, tx, chanARN)
	})
	write(t, st, func(ctx context.Context, tx contacts.Tx) error {
		return fillRotations(ctx, tx)
	})
	write(t, st, func(ctx context.Context, tx contacts.Tx) error {
		// Three messages in one millisecond, ids against insertion order:
		// only seq keeps them newest first.
		for i, id := range []string{"m-c", "m-b", "m-a"} {
			m := &contacts.Message{ID: id, Scope: scopeA, Kind: contacts.KindPage, ChannelID: "c-sms", ChannelARN: chanARN,
				ContactARN: scopeA.ContactARN("akuam"), ChannelType: contacts.SMS, ChannelName: "phone", Address: "+12065550100",
				Sender: "cli", Subject: "s", Body: "body " + id, Code: "1", PageARN: scopeA.PageARN("akuam", "p1"),
				EngagementARN: scopeA.EngagementARN("akuam", "e1"), Status: contacts.StatusSent, Attempts: i, CreatedAt: t0, UpdatedAt: t0}
			if i == 0 {
				m.SentAt, m.Status, m.Transport, m.ProviderMessageID = ptr(t0), contacts.StatusDelivered, "twilio", "SM1"
			}
			if err := tx.OutboxInsert(ctx, m); err != nil {
				return err
			}
		}
		for _, tm := range []*contacts.Timer{
			{ID: "t-free", Kind: contacts.TimerDeliver, Scope: scopeA, Ref: "m-a", DueAt: t0},
			{ID: "t-claimed", Kind: contacts.TimerEscalationStage, Scope: scopeA, Ref: "e1", Arg: 2, DueAt: t0.Add(time.Minute)},
		} {
			if err := tx.TimerInsert(ctx, tm); err != nil {
				return err
			}
		}
		if err := tx.TimerClaim(ctx, "t-claimed", "old-replica", t0, t0.Add(-time.Minute)); err != nil {
			return err
		}
		if err := tx.FeedTokenInsert(ctx, &contacts.FeedToken{Scope: scopeA, ID: "f1", ResourceARN: scopeA.RotationARN("r1"),
			Hash: strings.Repeat("ab", 32), CreatedAt: t0}); err != nil {
			return err
		}
		for _, d := range []*contacts.IncidentDoc{
			{Scope: scopeA, Kind: "response-plan", ID: "plan-1", SortKey: "plan-1", Body: []byte(`{"name":"plan-1"}`), CreatedAt: t0, UpdatedAt: t0},
			{Scope: scopeA, Kind: "timeline-event", ID: "ev-1", Parent: "inc-1", SortKey: "2026", Body: []byte{0, 1, 2, 0xff}, CreatedAt: t0, UpdatedAt: t0},
		} {
			if err := tx.IncidentDocInsert(ctx, d); err != nil {
				return err
			}
		}
		return nil
	})
}

func fillEngagements(ctx context.Context, tx contacts.Tx, chanARN string) error {
	stopped := t0.Add(time.Hour)
	for _, e := range []*contacts.Engagement{
		{Scope: scopeA, ID: "e1", ContactAlias: "escalate", ContactType: contacts.Escalation, Sender: "cli", Subject: "s", Content: "c",
			PublicSubject: ptr("ps"), PublicContent: ptr("pc"), IncidentID: ptr("inc-1"), StartTime: t0,
			Plan: contacts.Plan{Stages: []contacts.Stage{}}, EscalationDone: false, OpenTracks: 1},
		{Scope: scopeA, ID: "e2", ContactAlias: "akuam", ContactType: contacts.Personal, Sender: "cli", Subject: "s2", Content: "c2",
			StartTime: t0.Add(time.Minute), StopTime: &stopped, StopReason: "done", Plan: contacts.Plan{Stages: []contacts.Stage{}}, EscalationDone: true},
	} {
		if err := tx.EngagementInsert(ctx, e); err != nil {
			return err
		}
	}
	for _, tr := range []*contacts.Track{
		{Scope: scopeA, ID: "tr1", EngagementID: "e1", ContactAlias: "akuam", Plan: contacts.Plan{Stages: []contacts.Stage{}},
			Path:      []contacts.ResolutionStep{{ContactARN: scopeA.ContactARN("escalate"), Type: contacts.Escalation, StageIndex: ptr(0)}},
			Essential: true, StartedAt: t0},
		{Scope: scopeA, ID: "tr2", EngagementID: "e2", ContactAlias: "akuam", Plan: contacts.Plan{Stages: []contacts.Stage{}}, StartedAt: t0, Ended: true},
	} {
		if err := tx.TrackInsert(ctx, tr); err != nil {
			return err
		}
	}
	for _, p := range []*contacts.Page{
		{Scope: scopeA, ID: "p1", EngagementID: "e1", TrackID: "tr1", ContactAlias: "akuam", ChannelID: "c-sms", ChannelType: contacts.SMS,
			Address: "+12065550100", AcceptCode: "111", Status: contacts.PageSent, MessageID: "m-c", RetryInterval: time.Minute,
			WindowEnd: t0.Add(5 * time.Minute), CreatedAt: t0, SentTime: ptr(t0), DeliveryTime: ptr(t0.Add(time.Second))},
		{Scope: scopeA, ID: "p2", EngagementID: "e2", TrackID: "tr2", ContactAlias: "akuam", ChannelID: "c-mail", ChannelType: contacts.Email,
			Address: "akua@example.com", AcceptCode: "222", Status: contacts.PageStopped, MessageID: "m-x", WindowEnd: t0, CreatedAt: t0},
	} {
		if err := tx.PageInsert(ctx, p); err != nil {
			return err
		}
	}
	for _, typ := range []contacts.ReceiptType{contacts.ReceiptSent, contacts.ReceiptDelivered, contacts.ReceiptRead} {
		if err := tx.ReceiptInsert(ctx, &contacts.Receipt{Scope: scopeA, PageID: "p1", Type: typ, ChannelARN: chanARN, Info: string(typ), Time: t0}); err != nil {
			return err
		}
	}
	return nil
}

func fillRotations(ctx context.Context, tx contacts.Tx) error {
	start := t0.Add(-48 * time.Hour)
	r := &contacts.Rotation{Scope: scopeA, ID: "r1", Name: "primary", CreatedAt: t0, UpdatedAt: t0,
		Current: contacts.RotationSettings{ContactIDs: []string{scopeA.ContactARN("akuam"), scopeA.ContactARN("bokang")},
			StartTime: &start, TimeZoneID: "America/Los_Angeles", From: t0,
			Recurrence: contacts.Recurrence{DailySettings: []contacts.HandOffTime{{HourOfDay: 9}}, NumberOfOnCalls: 1, RecurrenceMultiplier: 1}}}
	if err := tx.RotationInsert(ctx, r); err != nil {
		return err
	}
	// Overrides created in one millisecond, ids against insertion order:
	// only the insertion order (rowid, then seq) ranks them.
	for _, id := range []string{"o-z", "o-y", "o-x"} {
		if err := tx.OverrideInsert(ctx, &contacts.Override{Scope: scopeA, RotationID: "r1", ID: id,
			NewContactIDs: []string{scopeA.ContactARN("bokang")}, Start: t0, End: t0.Add(time.Hour), CreatedAt: t0}); err != nil {
			return err
		}
	}
	return nil
}

// state is what a store returns for the fixtures, read through its own
// methods.
type state map[string]any

// dump reads back everything fill wrote.
func dump(t *testing.T, st contacts.Store) state {
	t.Helper()
	ctx := context.Background()
	s := state{}
	for _, name := range secretNames {
		v, err := st.Secret(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		s["secret "+name] = v
	}
	err := st.Read(ctx, func(tx contacts.Tx) error {
		return dumpTx(ctx, tx, s)
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func dumpTx(ctx context.Context, tx contacts.Tx, s state) error {
	var errs []error
	keep := func(key string, v any, err error) {
		s[key] = v
		errs = append(errs, err)
	}
	for _, sc := range []contacts.Scope{scopeA, scopeB} {
		v, err := tx.ContactList(ctx, contacts.ContactListParams{Scope: sc, Limit: 100})
		keep("contacts "+sc.Account, v, err)
		v2, err := tx.ChannelList(ctx, contacts.ChannelListParams{Scope: sc, ContactAlias: "akuam", Limit: 100})
		keep("channels "+sc.Account, v2, err)
		v3, err := tx.EngagementList(ctx, contacts.EngagementListParams{Scope: sc, Limit: 100})
		keep("engagements "+sc.Account, v3, err)
		v4, err := tx.RotationList(ctx, contacts.RotationListParams{Scope: sc, Limit: 100})
		keep("rotations "+sc.Account, v4, err)
	}
	v5, err := tx.ContactGet(ctx, scopeA, "akuam")
	keep("contact akuam", v5, err)
	v6, err := tx.ChannelListByAddress(ctx, contacts.SMS, "+12065550100")
	keep("by address", v6, err)
	v7, err := tx.TagsGet(ctx, scopeA, scopeA.ContactARN("akuam"))
	keep("tags", v7, err)
	v8, err := tx.IdempotencyGet(ctx, scopeA, "CreateContact", "tok")
	keep("idempotency", v8, err)
	for _, id := range []string{"tr1", "tr2"} {
		v, err := tx.TrackGet(ctx, scopeA, id)
		keep("track "+id, v, err)
	}
	v9, err := tx.TrackListOpen(ctx, scopeA, "e1")
	keep("open tracks", v9, err)
	v10, err := tx.PageList(ctx, contacts.PageListParams{Scope: scopeA, ContactAlias: "akuam", Limit: 100})
	keep("pages", v10, err)
	v11, err := tx.PageGetState(ctx, scopeA, "p1")
	keep("page state", v11, err)
	v12, err := tx.ReceiptList(ctx, scopeA, "p1", 0, 100)
	keep("receipts", v12, err)
	v13, err := tx.OutboxList(ctx, contacts.OutboxFilter{Limit: 1000})
	keep("outbox", v13, err)
	v14, err := tx.TimerDue(ctx, far, far, 100)
	keep("timers", v14, err)
	v15, err := tx.TimerNextDue(ctx, time.Minute)
	keep("timer next due", v15, err)
	v16, err := tx.OverrideList(ctx, scopeA, "r1", time.Time{}, time.Time{})
	keep("overrides", v16, err)
	v17, err := tx.RotationsWithMember(ctx, scopeA, scopeA.ContactARN("bokang"))
	keep("rotations with bokang", v17, err)
	v18, err := tx.FeedTokenByHash(ctx, strings.Repeat("ab", 32))
	keep("feed token", v18, err)
	for _, kind := range []string{"response-plan", "timeline-event"} {
		v, err := tx.IncidentDocList(ctx, scopeA, kind, "")
		keep("incident docs "+kind, v, err)
	}
	return errors.Join(errs...)
}

// unclaimed is the SQLite store's state as the copy should leave it on
// PostgreSQL: the same, with every timer's claim cleared.
func unclaimed(s state) state {
	out := state{}
	for k, v := range s {
		out[k] = v
	}
	var timers []*contacts.Timer
	earliest := (*time.Time)(nil)
	for _, tm := range s["timers"].([]*contacts.Timer) {
		c := *tm
		c.ClaimedAt, c.ClaimedBy = nil, ""
		timers = append(timers, &c)
		if earliest == nil || c.DueAt.Before(*earliest) {
			earliest = &c.DueAt
		}
	}
	out["timers"], out["timer next due"] = timers, earliest
	return out
}

// TestCopyEverything: every kind of data reads back from PostgreSQL as
// it did from SQLite, through each store's own methods, except that
// timers lose their claims; secrets are the same bytes.
func TestCopyEverything(t *testing.T) {
	path := filledFile(t)
	url := pgtest.Database(t)
	res, err := Run(context.Background(), Options{From: path, To: url})
	if err != nil {
		t.Fatal(err)
	}

	src := openSQLite(t, path)
	want := dump(t, src)
	src.Close()
	if n := len(want["timers"].([]*contacts.Timer)); n != 2 || want["timers"].([]*contacts.Timer)[1].ClaimedAt == nil {
		t.Fatalf("the fixtures lack a claimed timer: %v", want["timers"])
	}
	got := dump(t, openPostgres(t, url))
	if diff := cmp.Diff(unclaimed(want), got); diff != "" {
		t.Errorf("PostgreSQL after the copy (-SQLite +PostgreSQL):\n%s", diff)
	}

	counts := map[string]int64{}
	for _, tc := range res.Tables {
		counts[tc.Table] = tc.Rows
	}
	wantCounts := map[string]int64{"secrets": 3, "contacts": 5, "channels": 3, "tags": 2, "idempotency": 1, "engagements": 2,
		"tracks": 2, "pages": 2, "receipts": 3, "outbox": 3, "timers": 2, "rotations": 1, "rotation_members": 2,
		"rotation_overrides": 3, "feed_tokens": 1, "incident_docs": 2}
	if diff := cmp.Diff(wantCounts, counts); diff != "" {
		t.Errorf("rows copied per table (-want +got):\n%s", diff)
	}
}

// TestRefusesNonEmptyTarget: a target with data is refused, naming the
// tables that have rows, and nothing is written to it.
func TestRefusesNonEmptyTarget(t *testing.T) {
	path := filledFile(t)
	url := pgtest.Database(t)
	dst := openPostgres(t, url)
	write(t, dst, func(ctx context.Context, tx contacts.Tx) error {
		return tx.FeedTokenInsert(ctx, &contacts.FeedToken{Scope: scopeB, ID: "existing", ResourceARN: "x", Hash: "h", CreatedAt: t0})
	})
	if _, err := dst.Secret(context.Background(), "ack-links"); err != nil {
		t.Fatal(err)
	}
	_, err := Run(context.Background(), Options{From: path, To: url})
	var notEmpty *NotEmptyError
	want := []TableCount{{"feed_tokens", 1}, {"secrets", 1}}
	if !errors.As(err, &notEmpty) || !cmp.Equal(notEmpty.Tables, want) {
		t.Fatalf("Run into a database with a feed token and a secret: %v, want NotEmptyError naming %v", err, want)
	}
	if !strings.Contains(err.Error(), "not empty (feed_tokens has 1 row, secrets has 1 row)") {
		t.Errorf("message %q does not name the tables", err)
	}
	assertRows(t, dst, map[string]int64{"feed_tokens": 1, "secrets": 1})
}

// TestTargetWithSchemaOnly: a database an ssmcontacts already migrated,
// without data, is a fine target.
func TestTargetWithSchemaOnly(t *testing.T) {
	path := filledFile(t)
	url := pgtest.Database(t)
	openPostgres(t, url).Close()
	if _, err := Run(context.Background(), Options{From: path, To: url}); err != nil {
		t.Fatal(err)
	}
}

// assertRows checks that every copied table holds the rows given (0 when
// not listed).
func assertRows(t *testing.T, dst *postgres.DB, want map[string]int64) {
	t.Helper()
	ctx := context.Background()
	schema, err := postgresSchema(ctx, dst.Pool())
	if err != nil {
		t.Fatal(err)
	}
	for table := range schema {
		if postgresOnlyTables[table] != "" {
			continue
		}
		var n int64
		if err := dst.Pool().QueryRow(ctx, `SELECT count(*) FROM `+quote(table)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != want[table] {
			t.Errorf("table %s has %d rows, want %d", table, n, want[table])
		}
	}
}

// TestRefusesLockedSource: while a store (a server) has the file open,
// copy-db refuses, naming the holder, and the target stays empty.
func TestRefusesLockedSource(t *testing.T) {
	path := filledFile(t)
	held := openSQLite(t, path)
	defer held.Close()
	url := pgtest.Database(t)
	_, err := Run(context.Background(), Options{From: path, To: url})
	want := fmt.Sprintf("the database is in use by another ssmcontacts process (pid %d, lock ", os.Getpid())
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "stop it before copying") {
		t.Fatalf("Run on a file in use: %v, want %q", err, want)
	}
	assertRows(t, openPostgres(t, url), nil)
}

// TestRefusesNoFile: a missing file is refused without being created, an
// empty one without being made a database, and so is :memory:.
func TestRefusesNoFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nothing.db")
	empty := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, from := range []string{missing, empty, ":memory:", "", "postgres://h/d"} {
		_, err := Run(context.Background(), Options{From: from, To: "postgres://nowhere.invalid/x"})
		if err == nil || !strings.Contains(err.Error(), "--from") {
			t.Errorf("Run from %q: %v, want an error about --from", from, err)
		}
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the missing file was created: %v", err)
	}
	if fi, err := os.Stat(empty); err != nil || fi.Size() != 0 {
		t.Errorf("the empty file was written to: %v, %v", fi, err)
	}
	if _, err := Run(context.Background(), Options{From: empty, To: "/data/x.db"}); err == nil || !strings.Contains(err.Error(), "--to") {
		t.Errorf("Run to a file: %v, want an error about --to", err)
	}
}

// TestInterruptedCopyLeavesNothing: a copy cancelled in the middle of a
// table (Ctrl-C) commits nothing.
func TestInterruptedCopyLeavesNothing(t *testing.T) {
	path := filledFile(t)
	url := pgtest.Database(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen := 0
	_, err := Run(ctx, Options{From: path, To: url, afterRow: func(table string) {
		if table == "outbox" {
			if seen++; seen == 2 {
				cancel()
			}
		}
	}})
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("cancelled Run: %v, want interrupted", err)
	}
	assertRows(t, openPostgres(t, url), nil)
}

// TestCopyManyRows copies 50,000 outbox messages and reports the time.
func TestCopyManyRows(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	const n = 50_000
	path := filepath.Join(t.TempDir(), "big.db")
	src := openSQLite(t, path)
	for batch := 0; batch < n; batch += 5000 {
		write(t, src, func(ctx context.Context, tx contacts.Tx) error {
			for i := batch; i < batch+5000; i++ {
				id := "m-" + strconv.Itoa(n-i) // ids against insertion order
				if err := tx.OutboxInsert(ctx, &contacts.Message{ID: id, Scope: scopeA, Kind: contacts.KindPage, ChannelID: "c",
					ChannelARN: "arn", ContactARN: "arn", ChannelType: contacts.Email, Address: "a@example.com", Subject: "subject",
					Body: strings.Repeat("body ", 40), Status: contacts.StatusSent, CreatedAt: t0, UpdatedAt: t0}); err != nil {
					return err
				}
			}
			return nil
		})
	}
	src.Close()
	url := pgtest.Database(t)
	began := time.Now()
	res, err := Run(context.Background(), Options{From: path, To: url})
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(began)
	t.Logf("copied %d outbox rows in %v (%.0f rows/s; Run's own figure %v)", n, elapsed, n/elapsed.Seconds(), res.Elapsed)
	if elapsed > time.Minute {
		t.Errorf("copying %d rows took %v", n, elapsed)
	}
	var newest, oldest string
	dst := openPostgres(t, url)
	ctx := context.Background()
	if err := dst.Pool().QueryRow(ctx, `SELECT (SELECT id FROM outbox ORDER BY seq DESC LIMIT 1), (SELECT id FROM outbox ORDER BY seq LIMIT 1)`).Scan(&newest, &oldest); err != nil {
		t.Fatal(err)
	}
	if newest != "m-1" || oldest != "m-"+strconv.Itoa(n) {
		t.Errorf("newest %s, oldest %s: want m-1 and m-%d (insertion order)", newest, oldest, n)
	}
}
