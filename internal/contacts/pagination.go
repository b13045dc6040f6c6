package contacts

import (
	"crypto/hmac"
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

// pageTokens issues and checks NextTokens. A token carries the position
// after the last item of a page and is sealed with an HMAC over the
// operation, the scope and the list's filters: forged, altered or
// transplanted tokens are rejected. Tokens use the base64url alphabet, which
// the model's NextToken pattern (^[\\\/a-zA-Z0-9_+=\-]*$) accepts.
type pageTokens struct {
	key []byte
}

type tokenBody struct {
	After  string `json:"a"`
	After2 string `json:"b,omitempty"`
}

const tokenMACSize = 16

func (p pageTokens) mac(op string, s Scope, filter string, body []byte) []byte {
	m := hmac.New(sha256.New, p.key)
	for _, part := range []string{op, s.Account, s.Region, filter} {
		m.Write([]byte(part))
		m.Write([]byte{0})
	}
	m.Write(body)
	return m.Sum(nil)[:tokenMACSize]
}

// issue returns a token that resumes listing op after position (after,
// after2); filter must describe every filter of the request.
func (p pageTokens) issue(op string, s Scope, filter, after, after2 string) string {
	body, _ := json.Marshal(tokenBody{After: after, After2: after2})
	return base64.RawURLEncoding.EncodeToString(append(body, p.mac(op, s, filter, body)...))
}

// open checks token and returns the position it resumes after. An empty
// token starts from the beginning.
func (p pageTokens) open(op string, s Scope, filter, token string) (after, after2 string, err error) {
	if token == "" {
		return "", "", nil
	}
	raw, decErr := base64.RawURLEncoding.DecodeString(token)
	if decErr != nil || len(raw) <= tokenMACSize {
		return "", "", badToken()
	}
	body, sum := raw[:len(raw)-tokenMACSize], raw[len(raw)-tokenMACSize:]
	if !hmac.Equal(sum, p.mac(op, s, filter, body)) {
		return "", "", badToken()
	}
	var tb tokenBody
	if json.Unmarshal(body, &tb) != nil {
		return "", "", badToken()
	}
	return tb.After, tb.After2, nil
}

func badToken() *Error {
	return invalid("The pagination token is invalid or does not belong to this request")
}

// pageSize turns an optional MaxResults into a limit.
func pageSize(maxResults *int) int {
	if maxResults == nil || *maxResults <= 0 {
		return DefaultPageSize
	}
	if *maxResults > MaxPageSize {
		return MaxPageSize
	}
	return *maxResults
}

// tokenTime reads a position's time, written by timeToken.
func tokenTime(ms string) (time.Time, error) {
	v, err := strconv.ParseInt(ms, 10, 64)
	if err != nil {
		return time.Time{}, badToken()
	}
	return time.UnixMilli(v).UTC(), nil
}

// timeToken writes a position's time for a token.
func timeToken(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

// cut keeps the first limit items of a list read with limit+1 rows and,
// when there were more, returns the token that resumes after the last one
// kept.
func cut[T any](list []T, limit int, token func(last T) string) ([]T, string) {
	if len(list) <= limit {
		return list, ""
	}
	list = list[:limit]
	return list, token(list[limit-1])
}
