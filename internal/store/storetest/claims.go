package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// testClaimOwners: a claim names its owner. The owner renews it while it
// lives; once its lease has expired another owner takes it over, and from
// then on nothing the first owner does (renew, delete, release) touches
// the new claim.
func testClaimOwners(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	const lease = 10 * time.Second
	for _, id := range []string{"send", "idle"} {
		if err := write(t, st, func(tx contacts.Tx) error {
			return tx.TimerInsert(ctx, &contacts.Timer{ID: id, Kind: contacts.TimerDeliver, Scope: scopeA, Ref: "ref-" + id, DueAt: t0})
		}); err != nil {
			t.Fatal(err)
		}
	}
	must := func(what string, fn func(tx contacts.Tx) error) {
		t.Helper()
		if err := write(t, st, fn); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	notFound := func(what string, fn func(tx contacts.Tx) error) {
		t.Helper()
		if err := write(t, st, fn); !errors.Is(err, contacts.ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", what, err)
		}
	}
	renew := func(owner string, now time.Time) int {
		t.Helper()
		var n int
		must("renew "+owner, func(tx contacts.Tx) (err error) { n, err = tx.TimerRenewClaims(ctx, owner, now); return err })
		return n
	}
	// claims lists the due timers at now as id=owner ("" unclaimed).
	claims := func(now time.Time) []string {
		t.Helper()
		out := []string{}
		read(t, st, func(tx contacts.Tx) error {
			ts, err := tx.TimerDue(ctx, now, now.Add(-lease), 10)
			for _, x := range ts {
				out = append(out, x.ID+"="+x.ClaimedBy)
			}
			return err
		})
		return out
	}

	must("claim", func(tx contacts.Tx) error { return tx.TimerClaim(ctx, "send", "replica-a", t0, t0.Add(-lease)) })
	if diff := cmp.Diff([]string{"idle="}, claims(t0.Add(lease))); diff != "" {
		t.Errorf("a claim holds for its lease (-want +got):\n%s", diff)
	}
	// replica-a's heartbeats keep its claim from expiring, however long
	// the send takes; another owner's heartbeat renews nothing of it.
	for i := 1; i <= 6; i++ {
		now := t0.Add(time.Duration(i) * lease / 3)
		if n := renew("replica-a", now); n != 1 {
			t.Errorf("heartbeat %d renewed %d claims, want 1", i, n)
		}
		if n := renew("replica-b", now); n != 0 {
			t.Errorf("replica-b's heartbeat renewed %d claims, want 0", n)
		}
	}
	lastBeat := t0.Add(2 * lease)
	if diff := cmp.Diff([]string{"idle="}, claims(lastBeat.Add(lease))); diff != "" {
		t.Errorf("a renewed claim holds for a lease from its last renewal (-want +got):\n%s", diff)
	}
	var next *time.Time
	read(t, st, func(tx contacts.Tx) (err error) { next, err = tx.TimerNextDue(ctx, lease); return err })
	if next == nil || !next.Equal(t0) {
		t.Errorf("next due = %v, want the idle timer's %v", next, t0)
	}
	must("delete idle", func(tx contacts.Tx) error { return tx.TimerDeleteClaimed(ctx, "idle", "replica-b") })
	read(t, st, func(tx contacts.Tx) (err error) { next, err = tx.TimerNextDue(ctx, lease); return err })
	if want := lastBeat.Add(lease + time.Millisecond); next == nil || !next.Equal(want) {
		t.Errorf("next due = %v, want the first instant the renewed claim is void, %v", next, want)
	}

	// replica-a stops (dies, or pauses) after its last heartbeat: its
	// claim expires, and replica-b takes the timer over.
	takeover := lastBeat.Add(lease + time.Millisecond)
	if diff := cmp.Diff([]string{"send=replica-a"}, claims(takeover)); diff != "" {
		t.Errorf("an expired claim is due again, naming its owner (-want +got):\n%s", diff)
	}
	notFound("claim before the lease expired", func(tx contacts.Tx) error {
		return tx.TimerClaim(ctx, "send", "replica-b", takeover.Add(-time.Millisecond), lastBeat.Add(-time.Millisecond))
	})
	must("take over", func(tx contacts.Tx) error {
		return tx.TimerClaim(ctx, "send", "replica-b", takeover, takeover.Add(-lease))
	})

	// replica-a wakes up: whatever it does is about a claim it lost.
	if n := renew("replica-a", takeover.Add(time.Second)); n != 0 {
		t.Errorf("the old owner renewed %d claims after the takeover, want 0", n)
	}
	notFound("the old owner records its outcome", func(tx contacts.Tx) error { return tx.TimerDeleteClaimed(ctx, "send", "replica-a") })
	if diff := cmp.Diff([]string{}, claims(takeover.Add(lease))); diff != "" {
		t.Errorf("the new claim holds (-want +got):\n%s", diff)
	}

	// The new owner records its outcome: the timer is gone.
	must("the new owner records", func(tx contacts.Tx) error { return tx.TimerDeleteClaimed(ctx, "send", "replica-b") })
	notFound("record twice", func(tx contacts.Tx) error { return tx.TimerDeleteClaimed(ctx, "send", "replica-b") })

	// TimerReleaseAll (a single node's start-up) clears owners too.
	must("insert", func(tx contacts.Tx) error {
		return tx.TimerInsert(ctx, &contacts.Timer{ID: "left", Kind: contacts.TimerDeliver, Scope: scopeA, Ref: "r", DueAt: t0})
	})
	must("claim left", func(tx contacts.Tx) error { return tx.TimerClaim(ctx, "left", "replica-a", t0, t0.Add(-lease)) })
	must("release all", func(tx contacts.Tx) error { return tx.TimerReleaseAll(ctx) })
	if diff := cmp.Diff([]string{"left="}, claims(t0)); diff != "" {
		t.Errorf("after TimerReleaseAll (-want +got):\n%s", diff)
	}
	if n := renew("replica-a", t0); n != 0 {
		t.Errorf("a heartbeat after TimerReleaseAll renewed %d claims, want 0", n)
	}

	// TimerReleaseClaims (an owner shutting down) voids that owner's
	// claims only, and makes them due now.
	must("insert other", func(tx contacts.Tx) error {
		return tx.TimerInsert(ctx, &contacts.Timer{ID: "other", Kind: contacts.TimerDeliver, Scope: scopeA, Ref: "r", DueAt: t0.Add(time.Minute)})
	})
	must("claim left again", func(tx contacts.Tx) error { return tx.TimerClaim(ctx, "left", "replica-a", t0, t0.Add(-lease)) })
	must("claim other", func(tx contacts.Tx) error {
		return tx.TimerClaim(ctx, "other", "replica-b", t0.Add(time.Minute), t0)
	})
	st.DueSignal().Take()
	var released int
	must("release replica-a's", func(tx contacts.Tx) (err error) { released, err = tx.TimerReleaseClaims(ctx, "replica-a"); return err })
	if released != 1 {
		t.Errorf("TimerReleaseClaims released %d claims, want 1", released)
	}
	if at, ok := st.DueSignal().Take(); !ok || !at.Equal(t0) {
		t.Errorf("DueSignal after the release = %v, %v; want the released timer's %v", at, ok, t0)
	}
	if diff := cmp.Diff([]string{"left="}, claims(t0.Add(time.Minute))); diff != "" {
		t.Errorf("after TimerReleaseClaims (-want +got):\n%s", diff)
	}
	if n := renew("replica-b", t0.Add(time.Minute)); n != 1 {
		t.Errorf("another owner's claim: renewed %d after the release, want 1", n)
	}
}
