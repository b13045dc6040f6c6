package e2e

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/google/go-cmp/cmp"
)

// TestAccountsAndRegionsAreIsolated: another account, or the same
// account in another region, can neither read, list, change, delete, tag
// nor reference a contact, and learns nothing but "not found".
func TestAccountsAndRegionsAreIsolated(t *testing.T) {
	s := start(t, options{})
	owner := s.client(account)
	arn := newContact(t, owner, &ssmcontacts.CreateContactInput{Alias: aws.String("secret"), DisplayName: aws.String("Secret Person"),
		Type: types.ContactTypePersonal, Tags: []types.Tag{tag("team", "ops")}})
	if _, err := owner.PutContactPolicy(ctx(t), &ssmcontacts.PutContactPolicyInput{ContactArn: aws.String(arn), Policy: aws.String(`{"Statement":[]}`)}); err != nil {
		t.Fatal(err)
	}
	before := getContact(t, owner, arn)

	outsiders := map[string]*ssmcontacts.Client{
		"other account":   s.client(account2),
		"other region":    s.clientIn(account, "eu-west-1"),
		"other both":      s.clientIn(account2, "ap-southeast-2"),
		"China partition": s.clientIn(account, "cn-north-1"),
	}
	for name, c := range outsiders {
		t.Run(name, func(t *testing.T) {
			notFound := map[string]error{}
			_, notFound["GetContact"] = c.GetContact(ctx(t), &ssmcontacts.GetContactInput{ContactId: aws.String(arn)})
			_, notFound["UpdateContact"] = c.UpdateContact(ctx(t), &ssmcontacts.UpdateContactInput{ContactId: aws.String(arn), DisplayName: aws.String("Pwned")})
			_, notFound["DeleteContact"] = c.DeleteContact(ctx(t), &ssmcontacts.DeleteContactInput{ContactId: aws.String(arn)})
			_, notFound["TagResource"] = c.TagResource(ctx(t), &ssmcontacts.TagResourceInput{ResourceARN: aws.String(arn), Tags: []types.Tag{tag("team", "pwned")}})
			_, notFound["UntagResource"] = c.UntagResource(ctx(t), &ssmcontacts.UntagResourceInput{ResourceARN: aws.String(arn), TagKeys: []string{"team"}})
			_, notFound["ListTagsForResource"] = c.ListTagsForResource(ctx(t), &ssmcontacts.ListTagsForResourceInput{ResourceARN: aws.String(arn)})
			_, notFound["PutContactPolicy"] = c.PutContactPolicy(ctx(t), &ssmcontacts.PutContactPolicyInput{ContactArn: aws.String(arn), Policy: aws.String(`{}`)})
			_, notFound["GetContactPolicy"] = c.GetContactPolicy(ctx(t), &ssmcontacts.GetContactPolicyInput{ContactArn: aws.String(arn)})
			_, notFound["ListContactChannels"] = c.ListContactChannels(ctx(t), &ssmcontacts.ListContactChannelsInput{ContactId: aws.String(arn)})
			for op, err := range notFound {
				t.Run(op, func(t *testing.T) { expectAPIError[*types.ResourceNotFoundException](t, err) })
			}
			_, err := c.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{Alias: aws.String("esc"), Type: types.ContactTypeEscalation,
				Plan: &types.Plan{Stages: []types.Stage{{DurationInMinutes: aws.Int32(1), Targets: []types.Target{
					{ContactTargetInfo: &types.ContactTargetInfo{ContactId: aws.String(arn), IsEssential: aws.Bool(true)}}}}}}})
			expectAPIError[*types.ValidationException](t, err)
			list, err := c.ListContacts(ctx(t), &ssmcontacts.ListContactsInput{})
			if err != nil || len(list.Contacts) != 0 {
				t.Errorf("ListContacts = %+v, %v; want nothing", list, err)
			}
			// The alias is free there, under that scope's own ARN.
			mine := newContact(t, c, personal("secret"))
			if mine == arn {
				t.Errorf("the outsider's contact has the owner's ARN %s", arn)
			}
		})
	}

	if diff := cmp.Diff(before, getContact(t, owner, arn), contactOpts); diff != "" {
		t.Errorf("the owner's contact changed (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"team": "ops"}, tagsOf(t, owner, arn)); diff != "" {
		t.Errorf("the owner's tags changed (-before +after):\n%s", diff)
	}
	policy, err := owner.GetContactPolicy(ctx(t), &ssmcontacts.GetContactPolicyInput{ContactArn: aws.String(arn)})
	if err != nil || aws.ToString(policy.Policy) != `{"Statement":[]}` {
		t.Errorf("the owner's policy: %+v, %v", policy, err)
	}
	list, err := owner.ListContacts(ctx(t), &ssmcontacts.ListContactsInput{})
	if err != nil || len(list.Contacts) != 1 {
		t.Errorf("the owner lists %d contacts, %v; want only its own", len(list.Contacts), err)
	}
}

// TestRegionComesFromTheSignature: the ARN names the region the client
// signed for.
func TestRegionComesFromTheSignature(t *testing.T) {
	s := start(t, options{})
	tests := []struct{ region, want string }{
		{"eu-west-1", "arn:aws:ssm-contacts:eu-west-1:000000000000:contact/akuam"},
		{"cn-north-1", "arn:aws-cn:ssm-contacts:cn-north-1:000000000000:contact/akuam"},
		{"us-gov-west-1", "arn:aws-us-gov:ssm-contacts:us-gov-west-1:000000000000:contact/akuam"},
	}
	for _, tc := range tests {
		c := s.clientIn(account, tc.region)
		if got := newContact(t, c, personal("akuam")); got != tc.want {
			t.Errorf("%s: ContactArn %s, want %s", tc.region, got, tc.want)
		}
		if got := getContact(t, c, tc.want); aws.ToString(got.ContactArn) != tc.want {
			t.Errorf("%s: GetContact %s", tc.region, aws.ToString(got.ContactArn))
		}
	}
}
