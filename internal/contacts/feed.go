package contacts

import (
	"context"
	"time"
)

// FeedToken lets a calendar application read the shifts of one rotation
// or one contact without signing in: whoever has the token's URL may.
// Only a SHA-256 of the token is stored.
type FeedToken struct {
	Scope       Scope
	ID          string // names the token for listing and revoking
	ResourceARN string // a rotation or a contact
	Hash        string // hex SHA-256 of the token
	CreatedAt   time.Time
}

// FeedTx stores feed tokens.
type FeedTx interface {
	FeedTokenInsert(ctx context.Context, f *FeedToken) error
	// FeedTokenList returns a resource's tokens, oldest first.
	FeedTokenList(ctx context.Context, s Scope, resourceARN string) ([]*FeedToken, error)
	// FeedTokenByHash returns ErrNotFound.
	FeedTokenByHash(ctx context.Context, hash string) (*FeedToken, error)
	// FeedTokenDelete returns ErrNotFound.
	FeedTokenDelete(ctx context.Context, s Scope, id string) error
}
