package contacts

import "context"

// ListOutbox returns recorded messages, newest first, for the operator's
// views (the admin endpoint and the console's outbox). f.Account empty
// means every account: only the operator may ask for that.
func (s *Service) ListOutbox(ctx context.Context, f OutboxFilter) ([]*Message, error) {
	return Read(ctx, s.store, func(tx Tx) ([]*Message, error) { return tx.OutboxList(ctx, f) })
}

// ClearOutbox deletes every recorded message and returns how many there
// were.
func (s *Service) ClearOutbox(ctx context.Context) (int, error) {
	var n int
	err := s.store.Write(ctx, func(tx Tx) error {
		var err error
		n, err = tx.OutboxClear(ctx)
		return err
	})
	return n, err
}
