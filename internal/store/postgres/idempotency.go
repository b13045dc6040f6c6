package postgres

import (
	"context"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// A create with an idempotency token reads the token's record, then
// creates and records the token (contacts.Idempotent): on PostgreSQL, two
// round trips at least, since the read must come back before the create
// is sent. Nearly every token is new, so a write's first attempt presumes
// it: IdempotencyGet answers ErrNotFound without reading, and the record
// is then inserted with no ON CONFLICT clause, held back until the commit
// (sqlstore.Conn.ExecLater), so a create is one round trip. The insert
// verifies the presumption: a token that has a record, expired or not,
// fails it, and the write runs again plainly (DB.write), reading first. So
// does a first attempt that presumed a token and then failed in any way,
// or ended without inserting that token's record: only a first attempt
// that succeeded with every presumption verified is answered from.

type idempotencyKey struct {
	scope            contacts.Scope
	operation, token string
}

func (t *Tx) IdempotencyGet(ctx context.Context, s contacts.Scope, operation, token string) (*contacts.IdempotencyRecord, error) {
	if t.presume {
		t.presumed = append(t.presumed, idempotencyKey{s, operation, token})
		t.hasPresumed = true
		return nil, contacts.ErrNotFound
	}
	return t.Tx.IdempotencyGet(ctx, s, operation, token)
}

func (t *Tx) IdempotencyPut(ctx context.Context, r *contacts.IdempotencyRecord) error {
	for i, k := range t.presumed {
		if k == (idempotencyKey{r.Scope, r.Operation, r.Token}) {
			t.presumed = append(t.presumed[:i], t.presumed[i+1:]...)
			return t.Tx.IdempotencyInsertNew(ctx, r)
		}
	}
	return t.Tx.IdempotencyPut(ctx, r)
}

// unverified reports whether this attempt must run again plainly: it
// presumed a token unused and failed, or left a presumption unverified.
func (t *Tx) unverified(err error) bool {
	return t.hasPresumed && (err != nil || len(t.presumed) > 0)
}
