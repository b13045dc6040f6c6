package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// testConcurrentWrites: writes running at the same time are isolated from
// each other's failures, and a unique key admits exactly one of them.
func testConcurrentWrites(t *testing.T, st contacts.Store) {
	ctx := context.Background()
	const n = 50
	boom := errors.New("boom")
	var wg sync.WaitGroup
	errs := make([]error, n)
	dupErrs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			errs[i] = st.Write(ctx, func(tx contacts.Tx) error {
				if err := tx.ContactInsert(ctx, contact(scopeA, fmt.Sprintf("c%02d", i), contacts.Personal)); err != nil {
					return err
				}
				if i%5 == 0 {
					return boom
				}
				return nil
			})
		}()
		go func() {
			defer wg.Done()
			dupErrs[i] = st.Write(ctx, func(tx contacts.Tx) error {
				return tx.ContactInsert(ctx, contact(scopeA, "same", contacts.Personal))
			})
		}()
	}
	wg.Wait()
	wins := 0
	for i := 0; i < n; i++ {
		if i%5 == 0 && !errors.Is(errs[i], boom) || i%5 != 0 && errs[i] != nil {
			t.Errorf("write %d: err = %v", i, errs[i])
		}
		switch {
		case dupErrs[i] == nil:
			wins++
		case !errors.Is(dupErrs[i], contacts.ErrDuplicate):
			t.Errorf("duplicate insert %d: err = %v, want ErrDuplicate", i, dupErrs[i])
		}
	}
	if wins != 1 {
		t.Errorf("%d inserts of the same alias succeeded, want 1", wins)
	}
	read(t, st, func(tx contacts.Tx) error {
		list, err := tx.ContactList(ctx, contacts.ContactListParams{Scope: scopeA, AliasPrefix: "c", Limit: 100})
		if err != nil {
			return err
		}
		if len(list) != n-n/5 {
			t.Errorf("%d contacts committed, want %d", len(list), n-n/5)
		}
		for _, c := range list {
			var i int
			fmt.Sscanf(c.Alias, "c%d", &i)
			if i%5 == 0 {
				t.Errorf("failed write %s was committed", c.Alias)
			}
		}
		return nil
	})
}
