package e2e

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
)

// TestCreateContactIdempotencyToken: a retry with the same token and the
// same input is answered with the first result and creates nothing; the
// same token with other input is refused.
func TestCreateContactIdempotencyToken(t *testing.T) {
	s := start(t, options{})
	c := s.client(account)
	in := func(display string) *ssmcontacts.CreateContactInput {
		return &ssmcontacts.CreateContactInput{Alias: aws.String("akuam"), DisplayName: aws.String(display), Type: types.ContactTypePersonal,
			Plan: &types.Plan{Stages: []types.Stage{}}, Tags: []types.Tag{tag("team", "ops")},
			IdempotencyToken: aws.String("0f2c6a2e-4a57-4c1e-9a8c-2f5d9d7e0b11")}
	}
	first := newContact(t, c, in("Akua Mansa"))
	for range 3 {
		again := newContact(t, c, in("Akua Mansa"))
		if again != first {
			t.Fatalf("retry returned %s, want %s", again, first)
		}
	}
	_, err := c.CreateContact(ctx(t), in("Someone Else"))
	expectAPIError[*types.ConflictException](t, err)

	// Without the token, the same input is a second create: the alias is
	// taken.
	noToken := in("Akua Mansa")
	noToken.IdempotencyToken = nil
	_, err = c.CreateContact(ctx(t), noToken)
	if ce := expectAPIError[*types.ConflictException](t, err); aws.ToString(ce.ResourceType) != "CONTACT" {
		t.Errorf("ResourceType %q, want CONTACT", aws.ToString(ce.ResourceType))
	}
	list, err := c.ListContacts(ctx(t), &ssmcontacts.ListContactsInput{})
	if err != nil || len(list.Contacts) != 1 {
		t.Fatalf("ListContacts: %d contacts, %v; want 1", len(list.Contacts), err)
	}
	if got := getContact(t, c, first); aws.ToString(got.DisplayName) != "Akua Mansa" {
		t.Errorf("DisplayName %q: the refused retry changed the contact", aws.ToString(got.DisplayName))
	}
	// Tokens are per account: the other account's create with the same
	// token is its own.
	if got := newContact(t, s.client(account2), in("Akua Mansa")); got != contactARN(account2, "akuam") {
		t.Errorf("other account: %s", got)
	}
}
