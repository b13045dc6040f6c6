package postgres

// Tests of a write's optimistic first attempt: statements held back,
// idempotency tokens presumed new, group commit (doc.go).

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
)

func service(t *testing.T, db *DB) *contacts.Service {
	t.Helper()
	return serviceOn(t, db, clock.Real{})
}

func serviceOn(t *testing.T, db *DB, clk clock.Clock) *contacts.Service {
	t.Helper()
	svc, err := contacts.New(context.Background(), contacts.Config{Store: db, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// trips returns the round trips fn took on db.
func trips(db *DB, fn func()) int64 {
	before := db.trips.Load()
	fn()
	return db.trips.Load() - before
}

func TestACreateIsOneRoundTrip(t *testing.T) {
	db := open(t, pgtest.Database(t))
	svc := service(t, db)
	ctx := context.Background()
	sc := contacts.Scope{Account: "111122223333", Region: "us-east-2"}
	name := "Akua Mansa"
	for _, in := range []contacts.CreateContactInput{
		{Alias: "no-token", Type: contacts.Personal},
		{Alias: "token", Type: contacts.Personal, IdempotencyToken: "t-1", DisplayName: &name},
		{Alias: "tags", Type: contacts.Personal, IdempotencyToken: "t-2",
			Tags: []contacts.Tag{{Key: "team", Value: "a"}, {Key: "tier", Value: "1"}}},
	} {
		var err error
		n := trips(db, func() { _, err = svc.CreateContact(ctx, sc, in) })
		if err != nil {
			t.Fatalf("%s: %v", in.Alias, err)
		}
		if n != 1 {
			t.Errorf("%s: %d round trips, want 1", in.Alias, n)
		}
	}
	// What the one round trip wrote is all there, tags included.
	c, err := svc.GetContact(ctx, sc, sc.ContactARN("token"))
	if err != nil || c.DisplayName == nil || *c.DisplayName != name {
		t.Fatalf("GetContact = %+v, %v", c, err)
	}
	tags, err := svc.ListTagsForResource(ctx, sc, sc.ContactARN("tags"))
	if err != nil || len(tags) != 2 {
		t.Fatalf("tags = %v, %v", tags, err)
	}
}

func TestAReusedTokenIsReadOnTheSecondRun(t *testing.T) {
	db := open(t, pgtest.Database(t))
	svc := service(t, db)
	ctx := context.Background()
	sc := contacts.Scope{Account: "111122223333", Region: "us-east-2"}
	in := contacts.CreateContactInput{Alias: "akuam", Type: contacts.Personal, IdempotencyToken: "tok"}
	arn, err := svc.CreateContact(ctx, sc, in)
	if err != nil {
		t.Fatal(err)
	}
	// A retry: the first attempt's presumption fails at its commit, and
	// the plain run answers with the first call's result.
	var again string
	n := trips(db, func() { again, err = svc.CreateContact(ctx, sc, in) })
	if err != nil || again != arn {
		t.Fatalf("retry = %q, %v; want %q", again, err, arn)
	}
	if n < 2 {
		t.Errorf("retry took %d round trips: the token was never read", n)
	}
	// The same token with other input, for an alias that is free: the
	// insert of the contact succeeds, the token's does not.
	other := in
	other.Alias = "other"
	_, err = svc.CreateContact(ctx, sc, other)
	if contacts.KindOf(err) != contacts.KindConflict {
		t.Fatalf("token reused with other input: err = %v, want a conflict", err)
	}
	if _, err := svc.GetContact(ctx, sc, sc.ContactARN("other")); contacts.KindOf(err) != contacts.KindNotFound {
		t.Fatalf("the refused create left its contact: %v", err)
	}
	// A duplicate alias without a token is the service's conflict, with
	// its message, though the insert's failure came back with the COMMIT.
	_, err = svc.CreateContact(ctx, sc, contacts.CreateContactInput{Alias: "akuam", Type: contacts.Personal})
	var ce *contacts.Error
	if !errors.As(err, &ce) || ce.Kind != contacts.KindConflict || ce.Message != "A contact with alias akuam already exists" {
		t.Fatalf("duplicate alias: err = %v", err)
	}
}

// A write's first attempt is answered from only when it succeeded with
// every held-back statement and every presumption verified.
func TestAnOptimisticAttemptThatDidNotWorkOutRunsAgainPlainly(t *testing.T) {
	db := open(t, pgtest.Database(t))
	ctx := context.Background()
	sc := cacheScope // namedContact's
	rec := &contacts.IdempotencyRecord{Scope: sc, Operation: "CreateContact", Token: "tok", RequestHash: "h", Result: "arn"}
	if err := db.Write(ctx, func(tx contacts.Tx) error {
		if err := tx.ContactInsert(ctx, namedContact("taken", "Taken")); err != nil {
			return err
		}
		return tx.IdempotencyPut(ctx, rec)
	}); err != nil {
		t.Fatal(err)
	}

	t.Run("a presumption left unverified", func(t *testing.T) {
		var runs int
		var got *contacts.IdempotencyRecord
		err := db.Write(ctx, func(tx contacts.Tx) error {
			runs++
			var err error
			got, err = tx.IdempotencyGet(ctx, sc, "CreateContact", "tok")
			if errors.Is(err, contacts.ErrNotFound) {
				return nil // and no record inserted: nothing verifies the absence
			}
			return err
		})
		if err != nil || runs != 2 || got == nil || got.Result != "arn" {
			t.Fatalf("runs = %d, record = %+v, err = %v; want the record, read on the second run", runs, got, err)
		}
	})

	t.Run("a held-back failure the function swallowed", func(t *testing.T) {
		var runs int
		err := db.Write(ctx, func(tx contacts.Tx) error {
			runs++
			insertErr := tx.ContactInsert(ctx, namedContact("taken", "Again"))
			tx.ContactGet(ctx, sc, "someone") // carries the insert, and fails with it
			return insertErr
		})
		if !errors.Is(err, contacts.ErrDuplicate) || runs != 2 {
			t.Fatalf("runs = %d, err = %v; want ErrDuplicate from the second run", runs, err)
		}
	})

	t.Run("a failure after a presumption", func(t *testing.T) {
		var runs int
		err := db.Write(ctx, func(tx contacts.Tx) error {
			runs++
			if _, err := tx.IdempotencyGet(ctx, sc, "CreateContact", "tok"); err == nil {
				return nil
			}
			return fmt.Errorf("not found on run %d", runs)
		})
		if err != nil || runs != 2 {
			t.Fatalf("runs = %d, err = %v; want the second run to find the record", runs, err)
		}
	})

	t.Run("a plain failure runs once", func(t *testing.T) {
		var runs int
		want := errors.New("no")
		err := db.Write(ctx, func(tx contacts.Tx) error {
			runs++
			if _, err := tx.ContactGet(ctx, sc, "taken"); err != nil {
				return err
			}
			return want
		})
		if !errors.Is(err, want) || runs != 1 {
			t.Fatalf("runs = %d, err = %v", runs, err)
		}
	})
	// Nothing any of them did is left behind.
	if err := db.Read(ctx, func(tx contacts.Tx) error {
		c, err := tx.ContactGet(ctx, sc, "taken")
		if err == nil && (c.DisplayName == nil || *c.DisplayName != "Taken") {
			return fmt.Errorf("taken's name = %v", c.DisplayName)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// Many creates with one token, over two replicas at once: one contact,
// every caller told its ARN.
func TestOneTokenRacedOverTwoReplicas(t *testing.T) {
	url := pgtest.Database(t)
	svcs := []*contacts.Service{service(t, open(t, url)), service(t, open(t, url))}
	ctx := context.Background()
	sc := contacts.Scope{Account: "111122223333", Region: "us-east-2"}
	in := contacts.CreateContactInput{Alias: "raced", Type: contacts.Personal, IdempotencyToken: "one"}
	var wg sync.WaitGroup
	errs := make([]error, 20)
	arns := make([]string, 20)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			arns[i], errs[i] = svcs[i%2].CreateContact(ctx, sc, in)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil || arns[i] != sc.ContactARN("raced") {
			t.Errorf("caller %d: %q, %v", i, arns[i], err)
		}
	}
}

// Creates that arrive together commit together, and every one of them is
// there afterwards.
func TestWritesThatReadNothingCommitInGroups(t *testing.T) {
	db := open(t, pgtest.Database(t))
	svc := service(t, db)
	ctx := context.Background()
	sc := contacts.Scope{Account: "111122223333", Region: "us-east-2"}
	const n = 64
	var wg sync.WaitGroup
	errs := make([]error, n)
	used := trips(db, func() {
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := contacts.CreateContactInput{Alias: fmt.Sprintf("c-%d", i), Type: contacts.Personal,
					Tags: []contacts.Tag{{Key: "n", Value: fmt.Sprint(i)}}}
				if i%2 == 0 {
					in.IdempotencyToken = fmt.Sprintf("t-%d", i)
				}
				_, errs[i] = svc.CreateContact(ctx, sc, in)
			}()
		}
		wg.Wait()
	})
	for i, err := range errs {
		if err != nil {
			t.Errorf("create %d: %v", i, err)
		}
	}
	groups, members := db.group.groups.Load(), db.group.members.Load()
	t.Logf("%d creates: %d round trips, %d groups of %d writes", n, used, groups, members)
	if members != n || groups >= n || used >= n {
		t.Errorf("%d creates in %d groups (%d writes), %d round trips: nothing was committed together", n, groups, members, used)
	}
	for i := range n {
		tags, err := svc.ListTagsForResource(ctx, sc, sc.ContactARN(fmt.Sprintf("c-%d", i)))
		if err != nil || len(tags) != 1 || tags[0].Value != fmt.Sprint(i) {
			t.Errorf("c-%d: tags %v, %v", i, tags, err)
		}
	}
	// Each token remembers its own create.
	for i := 0; i < n; i += 2 {
		arn, err := svc.CreateContact(ctx, sc, contacts.CreateContactInput{Alias: fmt.Sprintf("c-%d", i), Type: contacts.Personal,
			Tags: []contacts.Tag{{Key: "n", Value: fmt.Sprint(i)}}, IdempotencyToken: fmt.Sprintf("t-%d", i)})
		if err != nil || arn != sc.ContactARN(fmt.Sprintf("c-%d", i)) {
			t.Errorf("retry of %d: %q, %v", i, arn, err)
		}
	}
}

// A group holding a create that must fail is refused whole; each of its
// creates then runs alone, and only the ones that must fail do.
func TestARefusedGroupRunsEachWriteAlone(t *testing.T) {
	url := pgtest.Database(t)
	dbs := []*DB{open(t, url), open(t, url)}
	svcs := []*contacts.Service{service(t, dbs[0]), service(t, dbs[1])}
	ctx := context.Background()
	sc := contacts.Scope{Account: "111122223333", Region: "us-east-2"}
	const aliases, tries = 8, 6
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := map[string]int{}
	for round := range tries {
		for a := range aliases {
			wg.Add(1)
			go func() {
				defer wg.Done()
				alias := fmt.Sprintf("a-%d", a)
				_, err := svcs[(round+a)%2].CreateContact(ctx, sc, contacts.CreateContactInput{Alias: alias, Type: contacts.Personal})
				var ce *contacts.Error
				switch {
				case err == nil:
					mu.Lock()
					won[alias]++
					mu.Unlock()
				case errors.As(err, &ce) && ce.Kind == contacts.KindConflict && ce.Message == "A contact with alias "+alias+" already exists":
				default:
					t.Errorf("%s: %v", alias, err)
				}
			}()
			// Creates that must succeed, in the same groups.
			wg.Add(1)
			go func() {
				defer wg.Done()
				alias := fmt.Sprintf("u-%d-%d", round, a)
				if _, err := svcs[a%2].CreateContact(ctx, sc, contacts.CreateContactInput{Alias: alias, Type: contacts.Personal}); err != nil {
					t.Errorf("%s: %v", alias, err)
				}
			}()
		}
	}
	wg.Wait()
	for a := range aliases {
		if alias := fmt.Sprintf("a-%d", a); won[alias] != 1 {
			t.Errorf("%s created %d times", alias, won[alias])
		}
	}
	// A losing create read nothing, so it went in a group, which its
	// taken alias made PostgreSQL refuse.
	if refused := dbs[0].GroupCommitStats().Refused + dbs[1].GroupCommitStats().Refused; refused == 0 {
		t.Error("no group was refused: the losing creates were never grouped")
	}
	list, _, err := svcs[0].ListContacts(ctx, sc, contacts.ListContactsInput{MaxResults: ptr(100)})
	if err != nil || len(list) != aliases+aliases*tries { // 56, within a page
		t.Fatalf("%d contacts, %v; want %d", len(list), err, aliases+aliases*tries)
	}
}

func ptr[T any](v T) *T { return &v }

// A token whose record has expired is forgotten: the presumption fails on
// the old record, and the plain run replaces it.
func TestAnExpiredTokenIsReplaced(t *testing.T) {
	db := open(t, pgtest.Database(t))
	clk := clock.NewControllable(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	svc := serviceOn(t, db, clk)
	ctx := context.Background()
	sc := contacts.Scope{Account: "111122223333", Region: "us-east-2"}
	in := contacts.CreateContactInput{Alias: "first", Type: contacts.Personal, IdempotencyToken: "tok"}
	if _, err := svc.CreateContact(ctx, sc, in); err != nil {
		t.Fatal(err)
	}
	clk.Advance(contacts.IdempotencyWindow + time.Minute)
	in.Alias = "second" // other input: within the window, a conflict
	arn, err := svc.CreateContact(ctx, sc, in)
	if err != nil || arn != sc.ContactARN("second") {
		t.Fatalf("after the window: %q, %v", arn, err)
	}
	// The record now names the second create.
	again, err := svc.CreateContact(ctx, sc, in)
	if err != nil || again != arn {
		t.Fatalf("retry: %q, %v; want %q", again, err, arn)
	}
}

// A create whose caller hung up before it could join a group is not
// committed.
func TestACreateWhoseCallerIsGoneJoinsNoGroup(t *testing.T) {
	db := open(t, pgtest.Database(t))
	svc := service(t, db)
	sc := contacts.Scope{Account: "111122223333", Region: "us-east-2"}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := svc.CreateContact(ctx, sc, contacts.CreateContactInput{Alias: "gone", Type: contacts.Personal}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if _, err := svc.GetContact(context.Background(), sc, sc.ContactARN("gone")); contacts.KindOf(err) != contacts.KindNotFound {
		t.Fatalf("the create of a caller gone was committed: %v", err)
	}
	if st := db.GroupCommitStats(); st.Groups != 0 {
		t.Errorf("%d groups sent", st.Groups)
	}
}
