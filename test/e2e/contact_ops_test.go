package e2e

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// contactOpts compares SDK outputs without their metadata.
var contactOpts = cmp.Options{
	cmpopts.IgnoreFields(ssmcontacts.GetContactOutput{}, "ResultMetadata"),
	cmpopts.IgnoreUnexported(ssmcontacts.GetContactOutput{}, types.Plan{}, types.Stage{}, types.Target{},
		types.ContactTargetInfo{}, types.ChannelTargetInfo{}),
}

// getContact reads a contact that must exist.
func getContact(t *testing.T, c *ssmcontacts.Client, arn string) *ssmcontacts.GetContactOutput {
	t.Helper()
	out, err := c.GetContact(ctx(t), &ssmcontacts.GetContactInput{ContactId: aws.String(arn)})
	if err != nil {
		t.Fatalf("GetContact %s: %v", arn, err)
	}
	return out
}

// deferredEmailChannel creates an EMAIL channel of contact (activation
// deferred) and returns its ARN.
func deferredEmailChannel(t *testing.T, c *ssmcontacts.Client, contactArn, name string) string {
	t.Helper()
	out, err := c.CreateContactChannel(ctx(t), &ssmcontacts.CreateContactChannelInput{
		ContactId: aws.String(contactArn), Name: aws.String(name), Type: types.ChannelTypeEmail,
		DeliveryAddress: &types.ContactChannelAddress{SimpleAddress: aws.String(name + "@example.com")},
		DeferActivation: aws.Bool(true),
	})
	if err != nil {
		t.Fatalf("CreateContactChannel %s: %v", name, err)
	}
	return aws.ToString(out.ContactChannelArn)
}

// rotationIn returns a rotation ARN of c's scope for an on-call
// schedule's plan: a rotation created for the purpose where the server
// implements CreateRotation, and until then a well-formed rotation ARN
// (all the plan rules can check without rotations).
func rotationIn(t *testing.T, c *ssmcontacts.Client, acct, member string) string {
	t.Helper()
	out, err := c.CreateRotation(ctx(t), &ssmcontacts.CreateRotationInput{
		Name: aws.String("weekly"), ContactIds: []string{member}, TimeZoneId: aws.String("Europe/Paris"),
		Recurrence: &types.RecurrenceSettings{
			NumberOfOnCalls: aws.Int32(1), RecurrenceMultiplier: aws.Int32(1),
			WeeklySettings: []types.WeeklySetting{{DayOfWeek: types.DayOfWeekMon, HandOffTime: &types.HandOffTime{HourOfDay: 9}}},
		},
	})
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorCode() == "NotImplementedException" {
		return "arn:aws:ssm-contacts:" + region + ":" + acct + ":rotation/0b0c5a48-ef6f-4ba2-9b2e-2d3b1e2a8c11"
	}
	if err != nil {
		t.Fatalf("CreateRotation: %v", err)
	}
	return aws.ToString(out.RotationArn)
}

// TestCreateContactOfEachType creates each type with the plan it takes
// and reads it back exactly.
func TestCreateContactOfEachType(t *testing.T) {
	s := start(t, options{})
	c := s.client(account)
	akua := newContact(t, c, &ssmcontacts.CreateContactInput{
		Alias: aws.String("akuam"), DisplayName: aws.String("Akua Mansa"), Type: types.ContactTypePersonal,
		Plan: &types.Plan{Stages: []types.Stage{}},
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("ops")}},
	})
	mail := deferredEmailChannel(t, c, akua, "akua")
	// A personal plan targets the contact's own channels: set it once the
	// channel exists, as the AWS documentation describes.
	personalPlan := &types.Plan{Stages: []types.Stage{
		{DurationInMinutes: aws.Int32(0), Targets: []types.Target{{ChannelTargetInfo: &types.ChannelTargetInfo{ContactChannelId: aws.String(mail), RetryIntervalInMinutes: aws.Int32(2)}}}},
		{DurationInMinutes: aws.Int32(5), Targets: []types.Target{}},
	}}
	if _, err := c.UpdateContact(ctx(t), &ssmcontacts.UpdateContactInput{ContactId: aws.String(akua), Plan: personalPlan}); err != nil {
		t.Fatal(err)
	}
	ji := newContact(t, c, &ssmcontacts.CreateContactInput{Alias: aws.String("jiw"), DisplayName: aws.String("Jì Wèi"), Type: types.ContactTypePersonal})
	rotation := rotationIn(t, c, account, akua)
	oncall := newContact(t, c, &ssmcontacts.CreateContactInput{
		Alias: aws.String("primary_oncall"), Type: types.ContactTypeOncallSchedule,
		Plan: &types.Plan{RotationIds: []string{rotation}},
	})
	escalationPlan := &types.Plan{Stages: []types.Stage{
		{DurationInMinutes: aws.Int32(0), Targets: []types.Target{
			{ContactTargetInfo: &types.ContactTargetInfo{ContactId: aws.String(oncall), IsEssential: aws.Bool(true)}},
		}},
		{DurationInMinutes: aws.Int32(30), Targets: []types.Target{
			{ContactTargetInfo: &types.ContactTargetInfo{ContactId: aws.String(ji), IsEssential: aws.Bool(false)}},
			{ContactTargetInfo: &types.ContactTargetInfo{ContactId: aws.String(akua), IsEssential: aws.Bool(true)}},
		}},
	}}
	esc := newContact(t, c, &ssmcontacts.CreateContactInput{
		Alias: aws.String("example_escalation"), DisplayName: aws.String("Example Escalation"), Type: types.ContactTypeEscalation, Plan: escalationPlan,
	})

	tests := []struct {
		arn  string
		want ssmcontacts.GetContactOutput
	}{
		{akua, ssmcontacts.GetContactOutput{ContactArn: aws.String(contactARN(account, "akuam")), Alias: aws.String("akuam"),
			DisplayName: aws.String("Akua Mansa"), Type: types.ContactTypePersonal, Plan: personalPlan}},
		{ji, ssmcontacts.GetContactOutput{ContactArn: aws.String(contactARN(account, "jiw")), Alias: aws.String("jiw"),
			DisplayName: aws.String("Jì Wèi"), Type: types.ContactTypePersonal, Plan: &types.Plan{Stages: []types.Stage{}}}},
		{oncall, ssmcontacts.GetContactOutput{ContactArn: aws.String(contactARN(account, "primary_oncall")), Alias: aws.String("primary_oncall"),
			Type: types.ContactTypeOncallSchedule, Plan: &types.Plan{Stages: []types.Stage{}, RotationIds: []string{rotation}}}},
		{esc, ssmcontacts.GetContactOutput{ContactArn: aws.String(contactARN(account, "example_escalation")), Alias: aws.String("example_escalation"),
			DisplayName: aws.String("Example Escalation"), Type: types.ContactTypeEscalation, Plan: escalationPlan}},
	}
	for _, tc := range tests {
		t.Run(aws.ToString(tc.want.Alias), func(t *testing.T) {
			if tc.arn != aws.ToString(tc.want.ContactArn) {
				t.Errorf("CreateContact returned %s, want %s", tc.arn, aws.ToString(tc.want.ContactArn))
			}
			if diff := cmp.Diff(&tc.want, getContact(t, c, tc.arn), contactOpts); diff != "" {
				t.Errorf("GetContact (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCreateContactRefusals: the model's constraints and the plan rules,
// each a ValidationException with AWS's wording, and nothing created.
func TestCreateContactRefusals(t *testing.T) {
	s := start(t, options{})
	c := s.client(account)
	akua := newContact(t, c, personal("akuam"))
	mail := deferredEmailChannel(t, c, akua, "akua")
	other := newContact(t, c, personal("other"))
	otherMail := deferredEmailChannel(t, c, other, "other")
	esc := newContact(t, c, &ssmcontacts.CreateContactInput{Alias: aws.String("esc"), Type: types.ContactTypeEscalation})
	contactTarget := func(arn string) types.Target {
		return types.Target{ContactTargetInfo: &types.ContactTargetInfo{ContactId: aws.String(arn), IsEssential: aws.Bool(true)}}
	}
	channelTarget := func(arn string) types.Target {
		return types.Target{ChannelTargetInfo: &types.ChannelTargetInfo{ContactChannelId: aws.String(arn)}}
	}
	stage := func(minutes int32, targets ...types.Target) types.Stage {
		return types.Stage{DurationInMinutes: aws.Int32(minutes), Targets: append([]types.Target{}, targets...)}
	}
	tests := []struct {
		name       string
		in         *ssmcontacts.CreateContactInput
		wantReason types.ValidationExceptionReason
		want       string
	}{
		{"on-call schedule with stages",
			&ssmcontacts.CreateContactInput{Alias: aws.String("sched"), Type: types.ContactTypeOncallSchedule,
				Plan: &types.Plan{Stages: []types.Stage{stage(5)}}},
			"OTHER", "Invalid value provided - ONCALL SCHEDULE contact cannot have stages in plan"},
		{"rotations in a personal plan",
			&ssmcontacts.CreateContactInput{Alias: aws.String("p"), Type: types.ContactTypePersonal,
				Plan: &types.Plan{RotationIds: []string{"arn:aws:ssm-contacts:us-east-2:000000000000:rotation/0b0c5a48-ef6f-4ba2-9b2e-2d3b1e2a8c11"}}},
			"OTHER", "Invalid value provided - Only ONCALL_SCHEDULE contacts can have RotationIds in plan"},
		{"duration 0 without a target",
			&ssmcontacts.CreateContactInput{Alias: aws.String("e"), Type: types.ContactTypeEscalation,
				Plan: &types.Plan{Stages: []types.Stage{stage(5, contactTarget(akua)), stage(0)}}},
			"OTHER", "Invalid value provided - Stage 1: the duration can only be set to 0 if a target is specified"},
		{"escalation stage targets a channel",
			&ssmcontacts.CreateContactInput{Alias: aws.String("e"), Type: types.ContactTypeEscalation,
				Plan: &types.Plan{Stages: []types.Stage{stage(1, channelTarget(mail))}}},
			"OTHER", "Invalid value provided - Stage 0 target 0: an ESCALATION plan can only target contacts (ContactTargetInfo)"},
		{"escalation stage targets a missing contact",
			&ssmcontacts.CreateContactInput{Alias: aws.String("e"), Type: types.ContactTypeEscalation,
				Plan: &types.Plan{Stages: []types.Stage{stage(1, contactTarget(contactARN(account, "ghost")))}}},
			"OTHER", "Invalid value provided - Stage 0 target 0: contact " + contactARN(account, "ghost") + " does not exist"},
		{"escalation stage targets another account's contact",
			&ssmcontacts.CreateContactInput{Alias: aws.String("e"), Type: types.ContactTypeEscalation,
				Plan: &types.Plan{Stages: []types.Stage{stage(1, contactTarget(contactARN(account2, "akuam")))}}},
			"OTHER", "Invalid value provided - Stage 0 target 0: contact " + contactARN(account2, "akuam") + " does not exist"},
		{"escalation stage targets an escalation plan",
			&ssmcontacts.CreateContactInput{Alias: aws.String("e"), Type: types.ContactTypeEscalation,
				Plan: &types.Plan{Stages: []types.Stage{stage(1, contactTarget(esc))}}},
			"OTHER", "Invalid value provided - Stage 0 target 0: an escalation plan can target PERSONAL and ONCALL_SCHEDULE contacts, not the escalation plan " + esc},
		{"target with both kinds",
			&ssmcontacts.CreateContactInput{Alias: aws.String("e"), Type: types.ContactTypeEscalation,
				Plan: &types.Plan{Stages: []types.Stage{stage(1, types.Target{
					ContactTargetInfo: &types.ContactTargetInfo{ContactId: aws.String(akua), IsEssential: aws.Bool(true)},
					ChannelTargetInfo: &types.ChannelTargetInfo{ContactChannelId: aws.String(mail)}})}}},
			"OTHER", "Invalid value provided - Stage 0 target 0: a target must have exactly one of ChannelTargetInfo and ContactTargetInfo"},
		{"personal stage targets a contact",
			&ssmcontacts.CreateContactInput{Alias: aws.String("p"), Type: types.ContactTypePersonal,
				Plan: &types.Plan{Stages: []types.Stage{stage(1, contactTarget(akua))}}},
			"OTHER", "Invalid value provided - Stage 0 target 0: a PERSONAL contact's plan can only target its own contact channels (ChannelTargetInfo)"},
		{"personal stage targets another contact's channel",
			&ssmcontacts.CreateContactInput{Alias: aws.String("p"), Type: types.ContactTypePersonal,
				Plan: &types.Plan{Stages: []types.Stage{stage(1, channelTarget(otherMail))}}},
			"OTHER", "Invalid value provided - Stage 0 target 0: contact channel " + otherMail + " is not a channel of contact p"},
		{"upper-case alias",
			&ssmcontacts.CreateContactInput{Alias: aws.String("AKUAM"), Type: types.ContactTypePersonal, Plan: &types.Plan{}},
			"FIELD_VALIDATION_FAILED", `1 validation error detected: Value 'AKUAM' at 'alias' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9_\-]*$`},
		{"alias too long",
			&ssmcontacts.CreateContactInput{Alias: aws.String(strings.Repeat("a", 256)), Type: types.ContactTypePersonal, Plan: &types.Plan{}},
			"FIELD_VALIDATION_FAILED", "1 validation error detected: Value '" + strings.Repeat("a", 256) + "' at 'alias' failed to satisfy constraint: Member must have length less than or equal to 255"},
		{"display name with @",
			&ssmcontacts.CreateContactInput{Alias: aws.String("a"), DisplayName: aws.String("a@b"), Type: types.ContactTypePersonal, Plan: &types.Plan{}},
			"FIELD_VALIDATION_FAILED", `1 validation error detected: Value 'a@b' at 'displayName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\p{L}\p{Z}\p{N}_.\-]*$`},
		{"unknown type and long stage",
			&ssmcontacts.CreateContactInput{Alias: aws.String("a"), Type: "BOGUS", Plan: &types.Plan{Stages: []types.Stage{stage(31, contactTarget(akua))}}},
			"FIELD_VALIDATION_FAILED", "2 validation errors detected: " +
				"Value 'BOGUS' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [PERSONAL, ESCALATION, ONCALL_SCHEDULE]; " +
				"Value '31' at 'plan.stages.1.member.durationInMinutes' failed to satisfy constraint: Member must have value less than or equal to 30"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.CreateContact(ctx(t), tc.in)
			ve := expectAPIError[*types.ValidationException](t, err)
			if ve.Reason != tc.wantReason || aws.ToString(ve.Message) != tc.want {
				t.Errorf("got %s %q\nwant %s %q", ve.Reason, aws.ToString(ve.Message), tc.wantReason, tc.want)
			}
		})
	}
	list, err := c.ListContacts(ctx(t), &ssmcontacts.ListContactsInput{})
	if err != nil || len(list.Contacts) != 3 {
		t.Fatalf("ListContacts = %d contacts, %v; want the 3 set up", len(list.Contacts), err)
	}
}

// TestGetContactErrors: not found, another account's or region's contact,
// a channel's ARN and a malformed id.
func TestGetContactErrors(t *testing.T) {
	s := start(t, options{})
	c := s.client(account)
	akua := newContact(t, c, personal("akuam"))
	mail := deferredEmailChannel(t, c, akua, "akua")
	for _, id := range []string{contactARN(account, "nobody"), contactARN(account2, "akuam"),
		"arn:aws:ssm-contacts:eu-west-1:" + account + ":contact/akuam", mail} {
		_, err := c.GetContact(ctx(t), &ssmcontacts.GetContactInput{ContactId: aws.String(id)})
		nf := expectAPIError[*types.ResourceNotFoundException](t, err)
		if aws.ToString(nf.ResourceId) != id || aws.ToString(nf.ResourceType) != "CONTACT" {
			t.Errorf("GetContact %s: ResourceId %q ResourceType %q", id, aws.ToString(nf.ResourceId), aws.ToString(nf.ResourceType))
		}
	}
	_, err := c.GetContact(ctx(t), &ssmcontacts.GetContactInput{ContactId: aws.String("akuam")})
	expectAPIError[*types.ValidationException](t, err)
}

// TestUpdateContact: partial updates leave what they do not name.
func TestUpdateContact(t *testing.T) {
	s := start(t, options{})
	c := s.client(account)
	akua := newContact(t, c, &ssmcontacts.CreateContactInput{Alias: aws.String("akuam"), DisplayName: aws.String("Akua Mansa"), Type: types.ContactTypePersonal})
	mail := deferredEmailChannel(t, c, akua, "akua")
	plan := &types.Plan{Stages: []types.Stage{{DurationInMinutes: aws.Int32(1), Targets: []types.Target{
		{ChannelTargetInfo: &types.ChannelTargetInfo{ContactChannelId: aws.String(mail), RetryIntervalInMinutes: aws.Int32(5)}}}}}}
	want := ssmcontacts.GetContactOutput{ContactArn: aws.String(akua), Alias: aws.String("akuam"), Type: types.ContactTypePersonal,
		DisplayName: aws.String("Akua Mansa"), Plan: &types.Plan{Stages: []types.Stage{}}}

	steps := []struct {
		name   string
		update ssmcontacts.UpdateContactInput
		apply  func(*ssmcontacts.GetContactOutput)
	}{
		{"plan only", ssmcontacts.UpdateContactInput{Plan: plan}, func(o *ssmcontacts.GetContactOutput) { o.Plan = plan }},
		{"display name only", ssmcontacts.UpdateContactInput{DisplayName: aws.String("Akua M")}, func(o *ssmcontacts.GetContactOutput) { o.DisplayName = aws.String("Akua M") }},
		{"both", ssmcontacts.UpdateContactInput{DisplayName: aws.String("Akua"), Plan: &types.Plan{Stages: []types.Stage{}}},
			func(o *ssmcontacts.GetContactOutput) {
				o.DisplayName, o.Plan = aws.String("Akua"), &types.Plan{Stages: []types.Stage{}}
			}},
		{"nothing", ssmcontacts.UpdateContactInput{}, func(*ssmcontacts.GetContactOutput) {}},
	}
	for _, step := range steps {
		step.update.ContactId = aws.String(akua)
		if _, err := c.UpdateContact(ctx(t), &step.update); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		step.apply(&want)
		if diff := cmp.Diff(&want, getContact(t, c, akua), contactOpts); diff != "" {
			t.Fatalf("after %s (-want +got):\n%s", step.name, diff)
		}
	}

	// Refused updates change nothing.
	_, err := c.UpdateContact(ctx(t), &ssmcontacts.UpdateContactInput{ContactId: aws.String(akua), DisplayName: aws.String("Changed"),
		Plan: &types.Plan{Stages: []types.Stage{{DurationInMinutes: aws.Int32(0), Targets: []types.Target{}}}}})
	if ve := expectAPIError[*types.ValidationException](t, err); !strings.HasPrefix(aws.ToString(ve.Message), "Invalid value provided - ") {
		t.Errorf("message %q", aws.ToString(ve.Message))
	}
	_, err = c.UpdateContact(ctx(t), &ssmcontacts.UpdateContactInput{ContactId: aws.String(akua), DisplayName: aws.String("not, valid")})
	expectAPIError[*types.ValidationException](t, err)
	if diff := cmp.Diff(&want, getContact(t, c, akua), contactOpts); diff != "" {
		t.Fatalf("after refused updates (-want +got):\n%s", diff)
	}
	_, err = c.UpdateContact(ctx(t), &ssmcontacts.UpdateContactInput{ContactId: aws.String(contactARN(account, "nobody")), DisplayName: aws.String("x")})
	expectAPIError[*types.ResourceNotFoundException](t, err)

	// An on-call schedule keeps refusing stages on update.
	rotation := rotationIn(t, c, account, akua)
	oncall := newContact(t, c, &ssmcontacts.CreateContactInput{Alias: aws.String("oncall"), Type: types.ContactTypeOncallSchedule, Plan: &types.Plan{RotationIds: []string{rotation}}})
	_, err = c.UpdateContact(ctx(t), &ssmcontacts.UpdateContactInput{ContactId: aws.String(oncall),
		Plan: &types.Plan{Stages: []types.Stage{{DurationInMinutes: aws.Int32(5), Targets: []types.Target{}}}, RotationIds: []string{rotation}}})
	if ve := expectAPIError[*types.ValidationException](t, err); aws.ToString(ve.Message) != "Invalid value provided - ONCALL SCHEDULE contact cannot have stages in plan" {
		t.Errorf("message %q", aws.ToString(ve.Message))
	}
}

// TestDeleteContact removes the contact with its channels, tags and
// policy; the alias is free again; escalation plans that named it keep
// the reference, as on AWS.
func TestDeleteContact(t *testing.T) {
	s := start(t, options{})
	c := s.client(account)
	akua := newContact(t, c, &ssmcontacts.CreateContactInput{Alias: aws.String("akuam"), Type: types.ContactTypePersonal,
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("ops")}}})
	mail := deferredEmailChannel(t, c, akua, "akua")
	if _, err := c.PutContactPolicy(ctx(t), &ssmcontacts.PutContactPolicyInput{ContactArn: aws.String(akua), Policy: aws.String(`{"Statement":[]}`)}); err != nil {
		t.Fatal(err)
	}
	escPlan := &types.Plan{Stages: []types.Stage{{DurationInMinutes: aws.Int32(1), Targets: []types.Target{
		{ContactTargetInfo: &types.ContactTargetInfo{ContactId: aws.String(akua), IsEssential: aws.Bool(true)}}}}}}
	esc := newContact(t, c, &ssmcontacts.CreateContactInput{Alias: aws.String("esc"), Type: types.ContactTypeEscalation, Plan: escPlan})

	if _, err := c.DeleteContact(ctx(t), &ssmcontacts.DeleteContactInput{ContactId: aws.String(akua)}); err != nil {
		t.Fatal(err)
	}
	_, err := c.GetContact(ctx(t), &ssmcontacts.GetContactInput{ContactId: aws.String(akua)})
	expectAPIError[*types.ResourceNotFoundException](t, err)
	_, err = c.GetContactChannel(ctx(t), &ssmcontacts.GetContactChannelInput{ContactChannelId: aws.String(mail)})
	expectAPIError[*types.ResourceNotFoundException](t, err)
	_, err = c.ListTagsForResource(ctx(t), &ssmcontacts.ListTagsForResourceInput{ResourceARN: aws.String(akua)})
	expectAPIError[*types.ResourceNotFoundException](t, err)
	_, err = c.DeleteContact(ctx(t), &ssmcontacts.DeleteContactInput{ContactId: aws.String(akua)})
	expectAPIError[*types.ResourceNotFoundException](t, err)
	if got := getContact(t, c, esc); !cmp.Equal(escPlan, got.Plan, contactOpts) {
		t.Errorf("the escalation plan changed when a contact it targets was deleted: %+v", got.Plan)
	}

	// The alias is free, and nothing of the old contact comes back.
	again := newContact(t, c, personal("akuam"))
	tags, err := c.ListTagsForResource(ctx(t), &ssmcontacts.ListTagsForResourceInput{ResourceARN: aws.String(again)})
	if err != nil || len(tags.Tags) != 0 {
		t.Errorf("re-created contact: tags %v, %v; want none", tags, err)
	}
	policy, err := c.GetContactPolicy(ctx(t), &ssmcontacts.GetContactPolicyInput{ContactArn: aws.String(again)})
	if err != nil || policy.Policy != nil {
		t.Errorf("re-created contact: policy %v, %v; want none", policy, err)
	}
	channels, err := c.ListContactChannels(ctx(t), &ssmcontacts.ListContactChannelsInput{ContactId: aws.String(again)})
	if err != nil || len(channels.ContactChannels) != 0 {
		t.Errorf("re-created contact: channels %v, %v; want none", channels, err)
	}
}
