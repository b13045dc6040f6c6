package contacts

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
)

// Limits are the service quotas the domain enforces.
type Limits struct {
	// TagsPerResource caps a resource's tag set (the model allows 50 per call).
	TagsPerResource int
}

// DefaultLimits are AWS's documented values where AWS documents one.
func DefaultLimits() Limits { return Limits{TagsPerResource: 50} }

// Config wires a Service.
type Config struct {
	Store  Store
	Clock  clock.Clock
	Limits Limits
	// NewID returns a fresh resource id; defaults to random UUIDs.
	NewID func() string
}

// Service implements the contact, channel, rotation, tag and policy
// operations. It is safe for concurrent use.
type Service struct {
	store  Store
	clock  clock.Clock
	limits Limits
	newID  func() string
	tokens PageTokens
}

// New returns a Service over cfg.Store.
func New(ctx context.Context, cfg Config) (*Service, error) {
	if cfg.Store == nil || cfg.Clock == nil {
		return nil, errors.New("contacts: Store and Clock are required")
	}
	key, err := cfg.Store.Secret(ctx, PaginationSecret)
	if err != nil {
		return nil, fmt.Errorf("contacts: pagination key: %w", err)
	}
	s := &Service{store: cfg.Store, clock: cfg.Clock, limits: cfg.Limits, newID: cfg.NewID, tokens: NewPageTokens(key)}
	if s.limits == (Limits{}) {
		s.limits = DefaultLimits()
	}
	if s.newID == nil {
		s.newID = uuid.NewString
	}
	return s, nil
}

// FindContact loads the contact named by ARN contactID inside scope sc;
// anything else is KindNotFound.
func FindContact(ctx context.Context, tx Tx, sc Scope, contactID string) (*Contact, error) {
	a, ok := resolve(sc, contactID, arnContact)
	if !ok {
		return nil, notFound(ResourceContact, contactID, "Contact")
	}
	c, err := tx.ContactGet(ctx, sc, a.Alias)
	if errors.Is(err, ErrNotFound) {
		return nil, notFound(ResourceContact, contactID, "Contact")
	}
	return c, err
}

// Read runs find in a read transaction of st and returns what it found.
func Read[T any](ctx context.Context, st Store, find func(Tx) (T, error)) (T, error) {
	var v T
	err := st.Read(ctx, func(tx Tx) error {
		var err error
		v, err = find(tx)
		return err
	})
	return v, err
}
