package e2e

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
)

func TestCreateGetContact(t *testing.T) {
	s := start(t, options{})
	c := s.client(account)
	out, err := c.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{
		Alias: aws.String("akuam"), DisplayName: aws.String("Akua Mansa"), Type: types.ContactTypePersonal,
		Plan: &types.Plan{Stages: []types.Stage{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := aws.ToString(out.ContactArn), contactARN(account, "akuam"); got != want {
		t.Fatalf("ContactArn = %s, want %s", got, want)
	}
	got, err := c.GetContact(ctx(t), &ssmcontacts.GetContactInput{ContactId: out.ContactArn})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(got.Alias) != "akuam" || aws.ToString(got.DisplayName) != "Akua Mansa" || got.Type != types.ContactTypePersonal ||
		got.Plan == nil || got.Plan.Stages == nil || len(got.Plan.Stages) != 0 {
		t.Fatalf("GetContact = %+v", got)
	}
	_, err = c.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{
		Alias: aws.String("akuam"), Type: types.ContactTypeEscalation, Plan: &types.Plan{},
	})
	var conflict *types.ConflictException
	if !errors.As(err, &conflict) || aws.ToString(conflict.ResourceId) == "" || aws.ToString(conflict.ResourceType) != "CONTACT" {
		t.Fatalf("duplicate alias: err = %v, want ConflictException with ResourceId/ResourceType", err)
	}
}

func TestOtherAccountSeesNothing(t *testing.T) {
	s := start(t, options{})
	mine, theirs := s.client(account), s.client(account2)
	if _, err := mine.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{
		Alias: aws.String("secret"), Type: types.ContactTypePersonal, Plan: &types.Plan{},
	}); err != nil {
		t.Fatal(err)
	}
	_, err := theirs.GetContact(ctx(t), &ssmcontacts.GetContactInput{ContactId: aws.String(contactARN(account, "secret"))})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Fatalf("other account GetContact: err = %v, want ResourceNotFoundException", err)
	}
	list, err := theirs.ListContacts(ctx(t), &ssmcontacts.ListContactsInput{})
	if err != nil || len(list.Contacts) != 0 {
		t.Fatalf("other account ListContacts = %+v, %v", list, err)
	}
	// The same alias is free in the other account.
	if _, err := theirs.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{
		Alias: aws.String("secret"), Type: types.ContactTypePersonal, Plan: &types.Plan{},
	}); err != nil {
		t.Fatal(err)
	}
}
