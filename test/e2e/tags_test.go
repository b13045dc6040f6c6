package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func tag(k, v string) types.Tag { return types.Tag{Key: aws.String(k), Value: aws.String(v)} }

// tagsOf lists a resource's tags as a map.
func tagsOf(t *testing.T, c *ssmcontacts.Client, arn string) map[string]string {
	t.Helper()
	out, err := c.ListTagsForResource(ctx(t), &ssmcontacts.ListTagsForResourceInput{ResourceARN: aws.String(arn)})
	if err != nil {
		t.Fatalf("ListTagsForResource %s: %v", arn, err)
	}
	m := map[string]string{}
	for i, tg := range out.Tags {
		if i > 0 && aws.ToString(out.Tags[i-1].Key) >= aws.ToString(tg.Key) {
			t.Errorf("tags not in key order: %v", out.Tags)
		}
		m[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
	}
	return m
}

// TestTags: tags given at creation, merged by key, removed by key,
// capped at 50 per resource, on every type of contact.
func TestTags(t *testing.T) {
	s := start(t, options{})
	c := s.client(account)
	akua := newContact(t, c, &ssmcontacts.CreateContactInput{Alias: aws.String("akuam"), Type: types.ContactTypePersonal,
		Tags: []types.Tag{tag("team", "ops"), tag("cost-center", "42")}})
	esc := newContact(t, c, &ssmcontacts.CreateContactInput{Alias: aws.String("esc"), Type: types.ContactTypeEscalation})
	oncall := newContact(t, c, &ssmcontacts.CreateContactInput{Alias: aws.String("oncall"), Type: types.ContactTypeOncallSchedule,
		Plan: &types.Plan{RotationIds: []string{rotationIn(t, c, account, akua)}}, Tags: []types.Tag{tag("tier", "1")}})

	want := map[string]string{"team": "ops", "cost-center": "42"}
	steps := []struct {
		name  string
		do    func() error
		apply func()
	}{
		{"merge: overwrite one, add one", func() error {
			_, err := c.TagResource(ctx(t), &ssmcontacts.TagResourceInput{ResourceARN: aws.String(akua), Tags: []types.Tag{tag("team", "sre"), tag("env", "prod")}})
			return err
		}, func() { want["team"], want["env"] = "sre", "prod" }},
		{"untag present and absent keys", func() error {
			_, err := c.UntagResource(ctx(t), &ssmcontacts.UntagResourceInput{ResourceARN: aws.String(akua), TagKeys: []string{"cost-center", "never-set"}})
			return err
		}, func() { delete(want, "cost-center") }},
		{"tag nothing", func() error {
			_, err := c.TagResource(ctx(t), &ssmcontacts.TagResourceInput{ResourceARN: aws.String(akua), Tags: []types.Tag{}})
			return err
		}, func() {}},
		{"values from the model's alphabet", func() error {
			_, err := c.TagResource(ctx(t), &ssmcontacts.TagResourceInput{ResourceARN: aws.String(akua), Tags: []types.Tag{tag("owner/email", "ops@example.com"), tag("note", "Zoë: a=b+c")}})
			return err
		}, func() { want["owner/email"], want["note"] = "ops@example.com", "Zoë: a=b+c" }},
	}
	for _, step := range steps {
		if err := step.do(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		step.apply()
		if diff := cmp.Diff(want, tagsOf(t, c, akua)); diff != "" {
			t.Fatalf("after %s (-want +got):\n%s", step.name, diff)
		}
	}
	if diff := cmp.Diff(map[string]string{}, tagsOf(t, c, esc), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("escalation plan tags (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"tier": "1"}, tagsOf(t, c, oncall)); diff != "" {
		t.Errorf("on-call schedule tags (-want +got):\n%s", diff)
	}

	// Up to 50 per resource: the 51st key is a quota error and changes
	// nothing; overwriting a key at 50 is fine.
	var fill []types.Tag
	for i := len(want); i < 50; i++ {
		fill = append(fill, tag(fmt.Sprintf("k%02d", i), "v"))
	}
	if _, err := c.TagResource(ctx(t), &ssmcontacts.TagResourceInput{ResourceARN: aws.String(akua), Tags: fill}); err != nil {
		t.Fatal(err)
	}
	full := tagsOf(t, c, akua)
	if len(full) != 50 {
		t.Fatalf("%d tags, want 50", len(full))
	}
	_, err := c.TagResource(ctx(t), &ssmcontacts.TagResourceInput{ResourceARN: aws.String(akua), Tags: []types.Tag{tag("team", "dev"), tag("one-too-many", "v")}})
	q := expectAPIError[*types.ServiceQuotaExceededException](t, err)
	if aws.ToString(q.QuotaCode) == "" || aws.ToString(q.ServiceCode) != "ssm-contacts" || aws.ToString(q.ResourceId) != akua {
		t.Errorf("quota error: QuotaCode %q ServiceCode %q ResourceId %q", aws.ToString(q.QuotaCode), aws.ToString(q.ServiceCode), aws.ToString(q.ResourceId))
	}
	if diff := cmp.Diff(full, tagsOf(t, c, akua)); diff != "" {
		t.Errorf("a refused TagResource changed the tags (-before +after):\n%s", diff)
	}
	if _, err := c.TagResource(ctx(t), &ssmcontacts.TagResourceInput{ResourceARN: aws.String(akua), Tags: []types.Tag{tag("team", "dev")}}); err != nil {
		t.Errorf("overwriting a key at the limit: %v", err)
	}
}

// TestTagRefusals: what the model forbids is a ValidationException; a
// resource that does not exist is a ResourceNotFoundException.
func TestTagRefusals(t *testing.T) {
	s := start(t, options{})
	c := s.client(account)
	akua := newContact(t, c, personal("akuam"))
	mail := deferredEmailChannel(t, c, akua, "akua")
	var many []types.Tag
	for i := range 51 {
		many = append(many, tag(fmt.Sprintf("k%d", i), "v"))
	}
	validation := []struct {
		name string
		tags []types.Tag
	}{
		{"51 in one call", many},
		{"empty value", []types.Tag{tag("k", "")}},
		{"colon in the key", []types.Tag{tag("aws:k", "v")}},
		{"key of 129", []types.Tag{tag(strings.Repeat("k", 129), "v")}},
	}
	for _, tc := range validation {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.TagResource(ctx(t), &ssmcontacts.TagResourceInput{ResourceARN: aws.String(akua), Tags: tc.tags})
			expectAPIError[*types.ValidationException](t, err)
		})
	}
	_, err := c.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{Alias: aws.String("many"), Type: types.ContactTypePersonal, Plan: &types.Plan{}, Tags: many})
	expectAPIError[*types.ValidationException](t, err)

	for _, arn := range []string{contactARN(account, "nobody"), mail, contactARN(account2, "akuam"), "not an arn"} {
		_, err := c.TagResource(ctx(t), &ssmcontacts.TagResourceInput{ResourceARN: aws.String(arn), Tags: []types.Tag{tag("k", "v")}})
		expectAPIError[*types.ResourceNotFoundException](t, err)
		_, err = c.UntagResource(ctx(t), &ssmcontacts.UntagResourceInput{ResourceARN: aws.String(arn), TagKeys: []string{"k"}})
		expectAPIError[*types.ResourceNotFoundException](t, err)
		_, err = c.ListTagsForResource(ctx(t), &ssmcontacts.ListTagsForResourceInput{ResourceARN: aws.String(arn)})
		expectAPIError[*types.ResourceNotFoundException](t, err)
	}
	if got := tagsOf(t, c, akua); len(got) != 0 {
		t.Errorf("tags after refused calls: %v", got)
	}
}
