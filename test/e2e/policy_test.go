package e2e

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
)

// TestContactPolicy: the policy comes back byte for byte, whatever its
// layout, and replaces the previous one.
func TestContactPolicy(t *testing.T) {
	s := start(t, options{})
	c := s.client(account)
	akua := newContact(t, c, personal("akuam"))
	esc := newContact(t, c, &ssmcontacts.CreateContactInput{Alias: aws.String("esc"), Type: types.ContactTypeEscalation})

	got, err := c.GetContactPolicy(ctx(t), &ssmcontacts.GetContactPolicyInput{ContactArn: aws.String(akua)})
	if err != nil || aws.ToString(got.ContactArn) != akua || got.Policy != nil {
		t.Fatalf("before any policy: %+v, %v; want the ARN and no policy", got, err)
	}
	policies := []struct{ name, policy string }{
		{"the AWS example", `{"Version":"2012-10-17","Statement":[{"Sid":"ExampleResourcePolicy","Action":["ssm-contacts:GetContact","ssm-contacts:StartEngagement","ssm-contacts:DescribeEngagement","ssm-contacts:ListPagesByEngagement","ssm-contacts:StopEngagement"],"Principal":{"AWS":"222233334444"},"Effect":"Allow","Resource":["arn:aws:ssm-contacts:*:111122223333:contact/akuam","arn:aws:ssm-contacts:*:111122223333:engagement/akuam/*"]}]}`},
		{"pretty-printed with tabs and CRLF", "{\r\n\t\"Version\" : \"2012-10-17\",\r\n\t\"Statement\" : [ ]\r\n}\r\n"},
		{"escapes and non-ASCII", `{"Sid":"caf\u00e9 \/ <&> Zoë 李","Statement":[]}`},
		{"duplicate keys and trailing spaces", `{"Statement":[],"Statement":[{}]}   `},
		{"large", `{"Statement":[` + strings.Repeat(`{"Effect":"Allow","Action":"ssm-contacts:GetContact"},`, 5000) + `{}]}`},
	}
	for _, arn := range []string{akua, esc} {
		for _, p := range policies {
			if _, err := c.PutContactPolicy(ctx(t), &ssmcontacts.PutContactPolicyInput{ContactArn: aws.String(arn), Policy: aws.String(p.policy)}); err != nil {
				t.Fatalf("%s: PutContactPolicy: %v", p.name, err)
			}
			got, err := c.GetContactPolicy(ctx(t), &ssmcontacts.GetContactPolicyInput{ContactArn: aws.String(arn)})
			if err != nil {
				t.Fatal(err)
			}
			if aws.ToString(got.Policy) != p.policy || aws.ToString(got.ContactArn) != arn {
				t.Errorf("%s on %s: got %q for %s", p.name, arn, aws.ToString(got.Policy), aws.ToString(got.ContactArn))
			}
		}
	}
}

func TestContactPolicyRefusals(t *testing.T) {
	s := start(t, options{})
	c := s.client(account)
	akua := newContact(t, c, personal("akuam"))
	const kept = `{"Statement":[]}`
	if _, err := c.PutContactPolicy(ctx(t), &ssmcontacts.PutContactPolicyInput{ContactArn: aws.String(akua), Policy: aws.String(kept)}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"not json", "   ", `["a list"]`, `{"unterminated":`} {
		_, err := c.PutContactPolicy(ctx(t), &ssmcontacts.PutContactPolicyInput{ContactArn: aws.String(akua), Policy: aws.String(p)})
		expectAPIError[*types.ValidationException](t, err)
	}
	got, err := c.GetContactPolicy(ctx(t), &ssmcontacts.GetContactPolicyInput{ContactArn: aws.String(akua)})
	if err != nil || aws.ToString(got.Policy) != kept {
		t.Errorf("after refused puts: %q, %v; want %q", aws.ToString(got.Policy), err, kept)
	}
	for _, arn := range []string{contactARN(account, "nobody"), contactARN(account2, "akuam")} {
		_, err := c.PutContactPolicy(ctx(t), &ssmcontacts.PutContactPolicyInput{ContactArn: aws.String(arn), Policy: aws.String(kept)})
		expectAPIError[*types.ResourceNotFoundException](t, err)
		_, err = c.GetContactPolicy(ctx(t), &ssmcontacts.GetContactPolicyInput{ContactArn: aws.String(arn)})
		expectAPIError[*types.ResourceNotFoundException](t, err)
	}
}
