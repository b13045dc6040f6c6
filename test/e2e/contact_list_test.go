package e2e

import (
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/google/go-cmp/cmp"
)

// nextTokenPattern is the model's NextToken pattern.
var nextTokenPattern = regexp.MustCompile(`^[\\\/a-zA-Z0-9_+=\-]*$`)

// listAliases pages through ListContacts with in's filters and page size
// and returns the aliases in order and the tokens it was given.
func listAliases(t *testing.T, c *ssmcontacts.Client, in ssmcontacts.ListContactsInput) (aliases, tokens []string) {
	t.Helper()
	p := ssmcontacts.NewListContactsPaginator(c, &in, func(o *ssmcontacts.ListContactsPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		if n := aws.ToInt32(in.MaxResults); n > 0 && len(page.Contacts) > int(n) {
			t.Errorf("page of %d contacts for MaxResults %d", len(page.Contacts), *in.MaxResults)
		}
		for _, ct := range page.Contacts {
			aliases = append(aliases, aws.ToString(ct.Alias))
		}
		if page.NextToken != nil {
			tokens = append(tokens, *page.NextToken)
		}
	}
	return aliases, tokens
}

// TestListContacts filters by alias prefix and type and pages with
// MaxResults, in alias order.
func TestListContacts(t *testing.T) {
	s := start(t, options{})
	c := s.client(account)
	for _, ct := range []struct {
		alias string
		typ   types.ContactType
	}{
		{"ops-bob", types.ContactTypePersonal}, {"akuam", types.ContactTypePersonal}, {"ops-ana", types.ContactTypePersonal},
		{"ops_escalation", types.ContactTypeEscalation}, {"dev-carl", types.ContactTypePersonal}, {"ops-oncall", types.ContactTypeOncallSchedule},
		{"opsx", types.ContactTypePersonal},
	} {
		in := &ssmcontacts.CreateContactInput{Alias: aws.String(ct.alias), Type: ct.typ, DisplayName: aws.String("Name " + ct.alias)}
		if ct.typ == types.ContactTypeOncallSchedule {
			in.Plan = &types.Plan{RotationIds: []string{rotationIn(t, c, account, contactARN(account, "akuam"))}}
		}
		newContact(t, c, in)
	}
	tests := []struct {
		name string
		in   ssmcontacts.ListContactsInput
		want []string
	}{
		{"all", ssmcontacts.ListContactsInput{}, []string{"akuam", "dev-carl", "ops-ana", "ops-bob", "ops-oncall", "ops_escalation", "opsx"}},
		{"prefix", ssmcontacts.ListContactsInput{AliasPrefix: aws.String("ops-")}, []string{"ops-ana", "ops-bob", "ops-oncall"}},
		{"prefix is a prefix, not a pattern", ssmcontacts.ListContactsInput{AliasPrefix: aws.String("ops")}, []string{"ops-ana", "ops-bob", "ops-oncall", "ops_escalation", "opsx"}},
		{"type", ssmcontacts.ListContactsInput{Type: types.ContactTypePersonal}, []string{"akuam", "dev-carl", "ops-ana", "ops-bob", "opsx"}},
		{"escalation plans", ssmcontacts.ListContactsInput{Type: types.ContactTypeEscalation}, []string{"ops_escalation"}},
		{"on-call schedules", ssmcontacts.ListContactsInput{Type: types.ContactTypeOncallSchedule}, []string{"ops-oncall"}},
		{"prefix and type", ssmcontacts.ListContactsInput{AliasPrefix: aws.String("ops"), Type: types.ContactTypePersonal}, []string{"ops-ana", "ops-bob", "opsx"}},
		{"no match", ssmcontacts.ListContactsInput{AliasPrefix: aws.String("zz")}, nil},
		{"pages of 2", ssmcontacts.ListContactsInput{MaxResults: aws.Int32(2)}, []string{"akuam", "dev-carl", "ops-ana", "ops-bob", "ops-oncall", "ops_escalation", "opsx"}},
		{"pages of 1 with filters", ssmcontacts.ListContactsInput{MaxResults: aws.Int32(1), AliasPrefix: aws.String("ops"), Type: types.ContactTypePersonal}, []string{"ops-ana", "ops-bob", "opsx"}},
		{"MaxResults 0 is the default page", ssmcontacts.ListContactsInput{MaxResults: aws.Int32(0)}, []string{"akuam", "dev-carl", "ops-ana", "ops-bob", "ops-oncall", "ops_escalation", "opsx"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, tokens := listAliases(t, c, tc.in)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("aliases (-want +got):\n%s", diff)
			}
			pages := 1
			if n := aws.ToInt32(tc.in.MaxResults); n > 0 && len(tc.want) > 0 {
				pages = (len(tc.want) + int(n) - 1) / int(n)
			}
			if len(tokens) != pages-1 {
				t.Errorf("%d tokens for %d pages", len(tokens), pages)
			}
			seen := map[string]bool{}
			for _, tok := range tokens {
				if !nextTokenPattern.MatchString(tok) || len(tok) > 2048 || seen[tok] {
					t.Errorf("token %q: must match the model's pattern, be at most 2048 long and differ on every page", tok)
				}
				seen[tok] = true
			}
		})
	}

	// Summaries carry the members of the model's Contact, and no plan.
	out, err := c.ListContacts(ctx(t), &ssmcontacts.ListContactsInput{AliasPrefix: aws.String("akuam")})
	if err != nil {
		t.Fatal(err)
	}
	want := []types.Contact{{ContactArn: aws.String(contactARN(account, "akuam")), Alias: aws.String("akuam"), DisplayName: aws.String("Name akuam"), Type: types.ContactTypePersonal}}
	if diff := cmp.Diff(want, out.Contacts, contactOpts, cmp.AllowUnexported(types.Contact{})); diff != "" {
		t.Errorf("ListContacts (-want +got):\n%s", diff)
	}
}

// TestListContactsRefusesForeignTokens: a token is only good for the
// listing that issued it; anything else is a ValidationException.
func TestListContactsRefusesForeignTokens(t *testing.T) {
	s := start(t, options{})
	mine, theirs := s.client(account), s.client(account2)
	for _, alias := range []string{"a1", "a2", "a3", "b1", "b2"} {
		newContact(t, mine, personal(alias))
		newContact(t, theirs, personal(alias))
	}
	first, err := mine.ListContacts(ctx(t), &ssmcontacts.ListContactsInput{MaxResults: aws.Int32(1), AliasPrefix: aws.String("a")})
	if err != nil || first.NextToken == nil {
		t.Fatalf("first page: %+v, %v", first, err)
	}
	token := *first.NextToken
	// Another base64url letter in the middle: a well-formed token that
	// says something else.
	altered := []byte(token)
	if altered[len(altered)/2] == 'A' {
		altered[len(altered)/2] = 'B'
	} else {
		altered[len(altered)/2] = 'A'
	}
	tests := []struct {
		name   string
		client *ssmcontacts.Client
		in     ssmcontacts.ListContactsInput
	}{
		{"forged", mine, ssmcontacts.ListContactsInput{NextToken: aws.String("eyJhIjoiYTEifQ")}},
		{"altered", mine, ssmcontacts.ListContactsInput{AliasPrefix: aws.String("a"), NextToken: aws.String(string(altered))}},
		{"truncated", mine, ssmcontacts.ListContactsInput{AliasPrefix: aws.String("a"), NextToken: aws.String(token[:len(token)-2])}},
		{"other prefix", mine, ssmcontacts.ListContactsInput{AliasPrefix: aws.String("b"), NextToken: aws.String(token)}},
		{"other type", mine, ssmcontacts.ListContactsInput{AliasPrefix: aws.String("a"), Type: types.ContactTypePersonal, NextToken: aws.String(token)}},
		{"other account", theirs, ssmcontacts.ListContactsInput{AliasPrefix: aws.String("a"), NextToken: aws.String(token)}},
		{"other region", s.clientIn(account, "eu-west-1"), ssmcontacts.ListContactsInput{AliasPrefix: aws.String("a"), NextToken: aws.String(token)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.client.ListContacts(ctx(t), &tc.in)
			ve := expectAPIError[*types.ValidationException](t, err)
			if got := aws.ToString(ve.Message); got != "Invalid value provided - The pagination token is invalid or does not belong to this request" {
				t.Errorf("message %q", got)
			}
		})
	}
	// The genuine token still works, with the request it came from.
	next, err := mine.ListContacts(ctx(t), &ssmcontacts.ListContactsInput{MaxResults: aws.Int32(1), AliasPrefix: aws.String("a"), NextToken: aws.String(token)})
	if err != nil || len(next.Contacts) != 1 || aws.ToString(next.Contacts[0].Alias) != "a2" {
		t.Fatalf("second page: %+v, %v", next, err)
	}
	_, err = mine.ListContacts(ctx(t), &ssmcontacts.ListContactsInput{MaxResults: aws.Int32(1025)})
	expectAPIError[*types.ValidationException](t, err)
}
