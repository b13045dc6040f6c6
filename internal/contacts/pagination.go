package contacts

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"time"
)

// Page sizes when MaxResults is absent or 0, and its model maximum.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1024
)

// PaginationSecret names the stored secret (Store.Secret) that seals
// NextTokens: every replica reads the same key, and it outlives restarts.
const PaginationSecret = "pagination-tokens"

// PageTokens issues and checks NextTokens. A token carries the position
// after the last item of a page and is sealed with an HMAC over the
// operation, the scope and the list's filters: forged, altered or
// transplanted tokens are rejected. Tokens use the base64url alphabet, which
// the model's NextToken pattern (^[\\\/a-zA-Z0-9_+=\-]*$) accepts. The
// contacts service and the engagement engine (internal/engage) both seal
// their lists' tokens with it.
type PageTokens struct {
	key []byte
}

// NewPageTokens returns PageTokens sealed with key, normally the stored
// PaginationSecret. An empty key gets a random one: its tokens are good
// for this process only.
func NewPageTokens(key []byte) PageTokens {
	if len(key) == 0 {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
	}
	return PageTokens{key: key}
}

type tokenBody struct {
	After  string `json:"a"`
	After2 string `json:"b,omitempty"`
}

const tokenMACSize = 16

func (p PageTokens) mac(op string, s Scope, filter string, body []byte) []byte {
	m := hmac.New(sha256.New, p.key)
	for _, part := range []string{op, s.Account, s.Region, filter} {
		m.Write([]byte(part))
		m.Write([]byte{0})
	}
	m.Write(body)
	return m.Sum(nil)[:tokenMACSize]
}

// Issue returns a token that resumes listing op after position (after,
// after2); filter must describe every filter of the request.
func (p PageTokens) Issue(op string, s Scope, filter, after, after2 string) string {
	body, _ := json.Marshal(tokenBody{After: after, After2: after2})
	return base64.RawURLEncoding.EncodeToString(append(body, p.mac(op, s, filter, body)...))
}

// Open checks token and returns the position it resumes after. An empty
// token starts from the beginning. Errors: KindValidation (BadToken).
func (p PageTokens) Open(op string, s Scope, filter, token string) (after, after2 string, err error) {
	if token == "" {
		return "", "", nil
	}
	raw, decErr := base64.RawURLEncoding.DecodeString(token)
	if decErr != nil || len(raw) <= tokenMACSize {
		return "", "", BadToken()
	}
	body, sum := raw[:len(raw)-tokenMACSize], raw[len(raw)-tokenMACSize:]
	if !hmac.Equal(sum, p.mac(op, s, filter, body)) {
		return "", "", BadToken()
	}
	var tb tokenBody
	if json.Unmarshal(body, &tb) != nil {
		return "", "", BadToken()
	}
	return tb.After, tb.After2, nil
}

// BadToken is the error of a NextToken that is not one of this list's.
func BadToken() *Error {
	return Invalidf("The pagination token is invalid or does not belong to this request")
}

// PageSize turns an optional MaxResults into a limit.
func PageSize(maxResults *int) int {
	if maxResults == nil || *maxResults <= 0 {
		return DefaultPageSize
	}
	if *maxResults > MaxPageSize {
		return MaxPageSize
	}
	return *maxResults
}

// TokenTime reads a position's time, written by TimeToken.
func TokenTime(ms string) (time.Time, error) {
	v, err := strconv.ParseInt(ms, 10, 64)
	if err != nil {
		return time.Time{}, BadToken()
	}
	return time.UnixMilli(v).UTC(), nil
}

// TimeToken writes a position's time for a token.
func TimeToken(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

// Cut keeps the first limit items of a list read with limit+1 rows and,
// when there were more, returns the token that resumes after the last one
// kept.
func Cut[T any](list []T, limit int, token func(last T) string) ([]T, string) {
	if len(list) <= limit {
		return list, ""
	}
	list = list[:limit]
	return list, token(list[limit-1])
}
