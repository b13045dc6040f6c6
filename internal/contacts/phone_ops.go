package contacts

import "context"

// Replies from a phone: its holder opts out of, or back in to, text
// messages. A phone number belongs to whoever holds the phone, so these
// act on the SMS channels with that number in every account; they never
// say which accounts those are.

// OptOut deactivates every SMS channel with address (a STOP or
// UNSUBSCRIBE reply) and voids any activation code pending for it. It
// returns how many channels there are.
func (s *Service) OptOut(ctx context.Context, address string) (int, error) {
	n := 0
	err := s.store.Write(ctx, func(tx Tx) error {
		list, err := tx.ChannelListByAddress(ctx, SMS, address)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		n = len(list)
		for _, ch := range list {
			ch.Activated, ch.Code, ch.CodeAttempts, ch.UpdatedAt = false, "", 0, now
			if err := tx.ChannelUpdate(ctx, ch); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// OptIn sends a fresh activation code to every SMS channel with address
// (a START reply), as SendActivationCode does; a channel that has had its
// share of codes this hour is skipped. It returns how many codes were
// sent.
func (s *Service) OptIn(ctx context.Context, address string) (int, error) {
	n := 0
	err := s.store.Write(ctx, func(tx Tx) error {
		list, err := tx.ChannelListByAddress(ctx, SMS, address)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		n = 0
		for _, ch := range list {
			if err := s.issueCode(ctx, tx, now, ch); KindOf(err) == KindQuotaExceeded {
				continue
			} else if err != nil {
				return err
			}
			ch.UpdatedAt = now
			if err := tx.ChannelUpdate(ctx, ch); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
