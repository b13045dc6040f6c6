package contacts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"
)

// IdempotencyWindow is how long a create remembers its token: a retry with
// the same token and the same input within the window returns the original
// result; after it the token is forgotten.
const IdempotencyWindow = 24 * time.Hour

// requestHash fingerprints a create's input (without its token).
func requestHash(input any) string {
	b, err := json.Marshal(input)
	if err != nil {
		panic(err) // inputs are plain data; a failure is a programming error
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Idempotent runs create inside tx unless token was already used for op in
// scope s: then it returns the first call's result when the input matches
// and a conflict when it does not. An expired record is replaced. Every
// create that takes an idempotency token goes through it: this package's,
// StartEngagement (internal/engage) and the ssm-incidents creates.
func Idempotent(ctx context.Context, tx Tx, now time.Time, s Scope, op, token string, input any, create func() (string, error)) (string, error) {
	if token == "" {
		return create()
	}
	hash := requestHash(input)
	prev, err := tx.IdempotencyGet(ctx, s, op, token)
	switch {
	case err == nil && now.Sub(prev.CreatedAt) < IdempotencyWindow:
		if prev.RequestHash != hash {
			return "", conflict(ResourceIdempotency, token,
				"The idempotency token "+token+" was already used with different parameters")
		}
		return prev.Result, nil
	case err != nil && !errors.Is(err, ErrNotFound):
		return "", err
	}
	result, err := create()
	if err != nil {
		return "", err
	}
	rec := &IdempotencyRecord{Scope: s, Operation: op, Token: token, RequestHash: hash, Result: result, CreatedAt: now}
	if err := tx.IdempotencyPut(ctx, rec); err != nil {
		return "", err
	}
	return result, nil
}
