package contacts

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"time"
)

// CreateContactChannelInput is CreateContactChannel's request.
type CreateContactChannelInput struct {
	ContactID        string
	Name             string
	Type             ChannelType
	Address          string
	DeferActivation  bool
	IdempotencyToken string `json:"-"`
}

// CreateContactChannel adds a channel to a personal contact and, unless
// activation is deferred, sends it an activation code. Errors:
// KindNotFound (contact), KindValidation, KindConflict (the contact already
// has a channel of this type and address; token reused).
func (s *Service) CreateContactChannel(ctx context.Context, sc Scope, in CreateContactChannelInput) (string, error) {
	if err := validateAddress(in.Type, in.Address); err != nil {
		return "", err
	}
	var arn string
	err := s.store.Write(ctx, func(tx Tx) error {
		now := s.clock.Now()
		var err error
		arn, err = Idempotent(ctx, tx, now, sc, "CreateContactChannel", in.IdempotencyToken, in, func() (string, error) {
			c, err := FindContact(ctx, tx, sc, in.ContactID)
			if err != nil {
				return "", err
			}
			if c.Type != Personal {
				return "", Invalidf("Contact channels can only be added to PERSONAL contacts; %s is %s", c.ARN(), c.Type)
			}
			if err := checkUniqueAddress(ctx, tx, sc, c.Alias, "", in.Type, in.Address); err != nil {
				return "", err
			}
			ch := &Channel{Scope: sc, ID: s.newID(), ContactAlias: c.Alias, Name: in.Name, Type: in.Type,
				Address: in.Address, CreatedAt: now, UpdatedAt: now}
			if !in.DeferActivation {
				if err := s.issueCode(ctx, tx, now, ch); err != nil {
					return "", err
				}
			}
			if err := tx.ChannelInsert(ctx, ch); err != nil {
				return "", err
			}
			return ch.ARN(), nil
		})
		return err
	})
	return arn, err
}

// checkUniqueAddress refuses a second channel of the same type and address
// on one contact (except the channel being changed, skipID).
func checkUniqueAddress(ctx context.Context, tx Tx, sc Scope, alias, skipID string, typ ChannelType, address string) error {
	list, err := tx.ChannelList(ctx, ChannelListParams{Scope: sc, ContactAlias: alias, Limit: 1 << 20})
	if err != nil {
		return err
	}
	for _, ch := range list {
		if ch.ID != skipID && ch.Type == typ && ch.Address == address {
			return conflict(ResourceContactChannel, ch.ARN(),
				fmt.Sprintf("Contact %s already has a %s channel for %s", alias, typ, address))
		}
	}
	return nil
}

func getChannel(ctx context.Context, tx Tx, sc Scope, channelID string) (*Channel, error) {
	a, ok := resolve(sc, channelID, arnChannel)
	if !ok {
		return nil, notFound(ResourceContactChannel, channelID, "Contact channel")
	}
	ch, err := tx.ChannelGet(ctx, sc, a.ID)
	if errors.Is(err, ErrNotFound) || (err == nil && ch.ContactAlias != a.Alias) {
		return nil, notFound(ResourceContactChannel, channelID, "Contact channel")
	}
	return ch, err
}

// GetContactChannel returns a channel. Errors: KindNotFound.
func (s *Service) GetContactChannel(ctx context.Context, sc Scope, channelID string) (*Channel, error) {
	return Read(ctx, s.store, func(tx Tx) (*Channel, error) { return getChannel(ctx, tx, sc, channelID) })
}

// ListContactChannelsInput is ListContactChannels' request.
type ListContactChannelsInput struct {
	ContactID  string
	MaxResults *int
	NextToken  string
}

// ListContactChannels lists a contact's channels in creation order.
// Errors: KindNotFound (contact), KindValidation (token).
func (s *Service) ListContactChannels(ctx context.Context, sc Scope, in ListContactChannelsInput) ([]*Channel, string, error) {
	afterMs, afterID, err := s.tokens.Open("ListContactChannels", sc, in.ContactID, in.NextToken)
	if err != nil {
		return nil, "", err
	}
	p := ChannelListParams{Scope: sc, AfterID: afterID, Limit: PageSize(in.MaxResults) + 1}
	if afterMs != "" {
		if p.AfterCreated, err = TokenTime(afterMs); err != nil {
			return nil, "", err
		}
	}
	list, err := Read(ctx, s.store, func(tx Tx) ([]*Channel, error) {
		c, err := FindContact(ctx, tx, sc, in.ContactID)
		if err != nil {
			return nil, err
		}
		p.ContactAlias = c.Alias
		return tx.ChannelList(ctx, p)
	})
	if err != nil {
		return nil, "", err
	}
	list, next := Cut(list, p.Limit-1, func(last *Channel) string {
		return s.tokens.Issue("ListContactChannels", sc, in.ContactID, TimeToken(last.CreatedAt), last.ID)
	})
	return list, next, nil
}

// UpdateContactChannelInput is UpdateContactChannel's request; nil members
// stay as they are.
type UpdateContactChannelInput struct {
	ChannelID string
	Name      *string
	Address   *string
}

// UpdateContactChannel renames a channel and/or changes its address. A new
// address makes the channel NOT_ACTIVATED again and is sent a fresh
// activation code. Errors: KindNotFound, KindValidation, KindConflict,
// KindQuotaExceeded (code rate).
func (s *Service) UpdateContactChannel(ctx context.Context, sc Scope, in UpdateContactChannelInput) error {
	return s.store.Write(ctx, func(tx Tx) error {
		now := s.clock.Now()
		ch, err := getChannel(ctx, tx, sc, in.ChannelID)
		if err != nil {
			return err
		}
		if in.Name != nil {
			ch.Name = *in.Name
		}
		if in.Address != nil && *in.Address != ch.Address {
			if err := validateAddress(ch.Type, *in.Address); err != nil {
				return err
			}
			if err := checkUniqueAddress(ctx, tx, sc, ch.ContactAlias, ch.ID, ch.Type, *in.Address); err != nil {
				return err
			}
			ch.Address = *in.Address
			ch.Activated = false
			if err := s.issueCode(ctx, tx, now, ch); err != nil {
				return err
			}
		}
		ch.UpdatedAt = now
		return tx.ChannelUpdate(ctx, ch)
	})
}

// DeleteContactChannel deletes a channel; plans that name it keep the
// reference and skip it when engaging. Errors: KindNotFound.
func (s *Service) DeleteContactChannel(ctx context.Context, sc Scope, channelID string) error {
	return s.store.Write(ctx, func(tx Tx) error {
		ch, err := getChannel(ctx, tx, sc, channelID)
		if err != nil {
			return err
		}
		return tx.ChannelDelete(ctx, sc, ch.ID)
	})
}

// SendActivationCode sends a fresh activation code, voiding the previous
// one. Errors: KindNotFound, KindQuotaExceeded (more than
// MaxCodesPerWindow codes per CodeSendWindow).
func (s *Service) SendActivationCode(ctx context.Context, sc Scope, channelID string) error {
	return s.store.Write(ctx, func(tx Tx) error {
		now := s.clock.Now()
		ch, err := getChannel(ctx, tx, sc, channelID)
		if err != nil {
			return err
		}
		if err := s.issueCode(ctx, tx, now, ch); err != nil {
			return err
		}
		ch.UpdatedAt = now
		return tx.ChannelUpdate(ctx, ch)
	})
}

// ActivateContactChannel activates a channel with the code it was sent.
// Activating an active channel succeeds without looking at the code.
// Errors: KindNotFound, KindValidation (wrong, expired or burnt code).
func (s *Service) ActivateContactChannel(ctx context.Context, sc Scope, channelID, code string) error {
	var wrong *Error
	err := s.store.Write(ctx, func(tx Tx) error {
		now := s.clock.Now()
		ch, err := getChannel(ctx, tx, sc, channelID)
		if err != nil {
			return err
		}
		if ch.Activated {
			return nil
		}
		switch {
		case ch.Code == "":
			return Invalidf("No activation code is pending for this contact channel: send one with SendActivationCode")
		case !now.Before(ch.CodeExpiresAt):
			return Invalidf("The activation code has expired: send a new one with SendActivationCode")
		case code != ch.Code:
			ch.CodeAttempts++
			wrong = Invalidf("The activation code is incorrect")
			if ch.CodeAttempts >= MaxCodeAttempts {
				ch.Code, ch.CodeAttempts = "", 0
				wrong = Invalidf("The activation code is incorrect; after %d wrong attempts it is void: send a new one with SendActivationCode", MaxCodeAttempts)
			}
			// The attempt is counted (committed) and the call still fails.
			return tx.ChannelUpdate(ctx, ch)
		}
		ch.Activated = true
		ch.Code, ch.CodeAttempts = "", 0
		ch.UpdatedAt = now
		return tx.ChannelUpdate(ctx, ch)
	})
	if err != nil {
		return err
	}
	if wrong != nil {
		return wrong
	}
	return nil
}

// DeactivateContactChannel makes a channel NOT_ACTIVATED. Errors:
// KindNotFound.
func (s *Service) DeactivateContactChannel(ctx context.Context, sc Scope, channelID string) error {
	return s.store.Write(ctx, func(tx Tx) error {
		ch, err := getChannel(ctx, tx, sc, channelID)
		if err != nil {
			return err
		}
		ch.Activated = false
		ch.UpdatedAt = s.clock.Now()
		return tx.ChannelUpdate(ctx, ch)
	})
}

// issueCode gives ch a fresh activation code and queues its delivery; the
// caller stores ch.
func (s *Service) issueCode(ctx context.Context, tx Tx, now time.Time, ch *Channel) error {
	if now.Sub(ch.SendWindowStart) >= CodeSendWindow || now.Before(ch.SendWindowStart) {
		ch.SendWindowStart, ch.SendsInWindow = now, 0
	}
	if ch.SendsInWindow >= MaxCodesPerWindow {
		return &Error{Kind: KindQuotaExceeded, ResourceID: ch.ARN(), ResourceType: ResourceContactChannel,
			QuotaCode: "ActivationCodesPerHour",
			Message: fmt.Sprintf("At most %d activation codes can be sent to a contact channel per %s; try again later",
				MaxCodesPerWindow, CodeSendWindow)}
	}
	code, err := sixDigits()
	if err != nil {
		return err
	}
	ch.SendsInWindow++
	ch.Code, ch.CodeExpiresAt, ch.CodeAttempts = code, now.Add(CodeLifetime), 0
	m := &Message{
		ID: s.newID(), Scope: ch.Scope, Kind: KindActivation,
		ChannelID: ch.ID, ChannelARN: ch.ARN(), ContactARN: ch.ContactARN(),
		ChannelType: ch.Type, ChannelName: ch.Name, Address: ch.Address, Code: code,
		Subject: "Your activation code",
		Body: fmt.Sprintf("Your activation code for the contact channel %q of %s is %s. It expires in %d minutes.",
			ch.Name, ch.ContactAlias, code, int(CodeLifetime/time.Minute)),
		Status: StatusPending, CreatedAt: now, UpdatedAt: now,
	}
	return queueMessage(ctx, tx, s.newID(), m)
}

// queueMessage records m in the outbox and schedules its delivery now.
func queueMessage(ctx context.Context, tx Tx, timerID string, m *Message) error {
	if err := tx.OutboxInsert(ctx, m); err != nil {
		return err
	}
	return tx.TimerInsert(ctx, &Timer{ID: timerID, Kind: TimerDeliver, Scope: m.Scope, Ref: m.ID, DueAt: m.CreatedAt})
}

// sixDigits returns a uniformly random code from 000000 to 999999.
func sixDigits() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}
