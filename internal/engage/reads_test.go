package engage

import (
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// The engagement and page lists seal their NextTokens with
// Config.PaginationKey: an engine over the same store with the same key
// (another replica, or this one after a restart) resumes them; one with
// another key does not.
func TestListTokensAreSealedWithThePaginationKey(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	withKey := func(k []byte) fixtureOption { return func(c *Config) { c.PaginationKey = k } }
	f := newFixture(t, withKey(key))
	alice, _ := f.person("alice", nil, 5)
	for range 2 {
		f.start(alice)
	}
	one := 1
	first, token, err := f.engine.ListEngagements(f.ctx, scope, ListEngagementsInput{MaxResults: &one})
	if err != nil || len(first) != 1 || token == "" {
		t.Fatalf("first page: %d engagements, token %q, %v", len(first), token, err)
	}

	again := f.newEngine(f.sender, withKey(key))
	rest, next, err := again.ListEngagements(f.ctx, scope, ListEngagementsInput{MaxResults: &one, NextToken: token})
	if err != nil || len(rest) != 1 || next != "" || rest[0].ID == first[0].ID {
		t.Errorf("same key: %d engagements, next %q, %v; want the other one and no token", len(rest), next, err)
	}

	other := f.newEngine(f.sender) // no key: a random one
	_, _, err = other.ListEngagements(f.ctx, scope, ListEngagementsInput{MaxResults: &one, NextToken: token})
	if contacts.KindOf(err) != contacts.KindValidation {
		t.Errorf("another key: err = %v, want a validation error", err)
	}
}
