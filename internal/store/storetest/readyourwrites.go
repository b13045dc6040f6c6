package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// testReadYourWrites: once a Write has returned, every later Read sees
// it, however often the contact was read (and perhaps cached) before, and
// while other goroutines keep reading it.
func testReadYourWrites(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	c := contact(scopeA, "often-read", contacts.Personal)
	mustInsert(t, st, c)
	get := func() (*contacts.Contact, error) {
		var got *contacts.Contact
		err := st.Read(ctx, func(tx contacts.Tx) error {
			var err error
			got, err = tx.ContactGet(ctx, scopeA, "often-read")
			return err
		})
		return got, err
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := get(); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for i := range 200 {
		name := fmt.Sprintf("version %d", i)
		if err := st.Write(ctx, func(tx contacts.Tx) error {
			cur, err := tx.ContactGet(ctx, scopeA, "often-read")
			if err != nil {
				return err
			}
			cur.DisplayName = &name
			return tx.ContactUpdate(ctx, cur)
		}); err != nil {
			t.Fatal(err)
		}
		got, err := get()
		if err != nil {
			t.Fatal(err)
		}
		if got.DisplayName == nil || *got.DisplayName != name {
			t.Fatalf("after writing %q, a read saw %v", name, got.DisplayName)
		}
		// A caller may change what it read without changing what
		// others read.
		got.Plan.Stages = append(got.Plan.Stages, contacts.Stage{DurationInMinutes: 1})
	}
	close(stop)
	wg.Wait()
	if got, _ := get(); len(got.Plan.Stages) != 0 {
		t.Fatalf("a caller's change to a read contact leaked into the store: %+v", got.Plan)
	}
	if err := st.Write(ctx, func(tx contacts.Tx) error { return tx.ContactDelete(ctx, scopeA, "often-read") }); err != nil {
		t.Fatal(err)
	}
	if _, err := get(); err == nil {
		t.Fatal("a deleted contact is still read")
	}
}
