package e2e

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmincidents"
	"github.com/aws/aws-sdk-go-v2/service/ssmincidents/types"
	"github.com/google/go-cmp/cmp"
)

// TestIncidentsReplicationSetTerraform replays the Terraform provider's
// aws_ssmincidents_replication_set calls (internal/service/ssmincidents/
// replication_set.go): create with a client token and tags, wait for
// ACTIVE, read with tags, add a region and wait, retag, import by listing,
// delete and wait for the deletion.
func TestIncidentsReplicationSetTerraform(t *testing.T) {
	s := start(t, options{})
	c := s.incidents(account)

	created, err := c.CreateReplicationSet(ctx(t), &ssmincidents.CreateReplicationSetInput{
		Regions:     map[string]types.RegionMapInputValue{region: {}},
		ClientToken: aws.String("abcdefghijklmnopqrstuvwxyzABCD"),
		Tags:        map[string]string{"team": "sre"},
	})
	if err != nil {
		t.Fatal(err)
	}
	arn := aws.ToString(created.Arn)
	if want := "arn:aws:ssm-incidents::" + account + ":replication-set/"; len(arn) <= len(want) || arn[:len(want)] != want {
		t.Fatalf("arn = %s", arn)
	}
	// A retry with the same token answers the same set.
	again, err := c.CreateReplicationSet(ctx(t), &ssmincidents.CreateReplicationSetInput{
		Regions:     map[string]types.RegionMapInputValue{region: {}},
		ClientToken: aws.String("abcdefghijklmnopqrstuvwxyzABCD"),
		Tags:        map[string]string{"team": "sre"},
	})
	if err != nil || aws.ToString(again.Arn) != arn {
		t.Fatalf("retry = %v, %v", again, err)
	}
	// A second set is refused.
	_, err = c.CreateReplicationSet(ctx(t), &ssmincidents.CreateReplicationSetInput{Regions: map[string]types.RegionMapInputValue{"eu-west-1": {}}})
	var ce *types.ConflictException
	if !errors.As(err, &ce) {
		t.Fatalf("second replication set: %v, want ConflictException", err)
	}

	active := ssmincidents.NewWaitForReplicationSetActiveWaiter(c)
	if err := active.Wait(ctx(t), &ssmincidents.GetReplicationSetInput{Arn: aws.String(arn)}, time.Minute); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetReplicationSet(ctx(t), &ssmincidents.GetReplicationSetInput{Arn: aws.String(arn)})
	if err != nil {
		t.Fatal(err)
	}
	rs := got.ReplicationSet
	if rs.Status != types.ReplicationSetStatusActive || aws.ToBool(rs.DeletionProtected) || len(rs.RegionMap) != 1 ||
		aws.ToString(rs.RegionMap[region].SseKmsKeyId) != "DefaultKey" || rs.RegionMap[region].Status != types.RegionStatusActive ||
		aws.ToString(rs.CreatedBy) == "" || rs.CreatedTime == nil {
		t.Fatalf("replication set = %+v", rs)
	}
	tags, err := c.ListTagsForResource(ctx(t), &ssmincidents.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil || !cmp.Equal(tags.Tags, map[string]string{"team": "sre"}) {
		t.Fatalf("tags = %v, %v", tags, err)
	}

	_, err = c.UpdateReplicationSet(ctx(t), &ssmincidents.UpdateReplicationSetInput{
		Arn: aws.String(arn), ClientToken: aws.String("tok2"),
		Actions: []types.UpdateReplicationSetAction{&types.UpdateReplicationSetActionMemberAddRegionAction{
			Value: types.AddRegionAction{RegionName: aws.String("eu-west-1"), SseKmsKeyId: aws.String("arn:aws:kms:eu-west-1:000000000000:key/k")},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := active.Wait(ctx(t), &ssmincidents.GetReplicationSetInput{Arn: aws.String(arn)}, time.Minute); err != nil {
		t.Fatal(err)
	}
	got, _ = c.GetReplicationSet(ctx(t), &ssmincidents.GetReplicationSetInput{Arn: aws.String(arn)})
	if len(got.ReplicationSet.RegionMap) != 2 || aws.ToString(got.ReplicationSet.RegionMap["eu-west-1"].SseKmsKeyId) != "arn:aws:kms:eu-west-1:000000000000:key/k" {
		t.Fatalf("after adding a region: %+v", got.ReplicationSet.RegionMap)
	}
	if _, err := c.TagResource(ctx(t), &ssmincidents.TagResourceInput{ResourceArn: aws.String(arn), Tags: map[string]string{"env": "prod"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UntagResource(ctx(t), &ssmincidents.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"team"}}); err != nil {
		t.Fatal(err)
	}
	tags, _ = c.ListTagsForResource(ctx(t), &ssmincidents.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if !cmp.Equal(tags.Tags, map[string]string{"env": "prod"}) {
		t.Fatalf("tags after retagging = %v", tags.Tags)
	}
	// Import: the provider lists the account's replication sets.
	list, err := c.ListReplicationSets(ctx(t), &ssmincidents.ListReplicationSetsInput{})
	if err != nil || !cmp.Equal(list.ReplicationSetArns, []string{arn}) {
		t.Fatalf("list = %v, %v", list, err)
	}

	// Deletion protection holds the set.
	if _, err := c.UpdateDeletionProtection(ctx(t), &ssmincidents.UpdateDeletionProtectionInput{Arn: aws.String(arn), DeletionProtected: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteReplicationSet(ctx(t), &ssmincidents.DeleteReplicationSetInput{Arn: aws.String(arn)})
	var ve *types.ValidationException
	if !errors.As(err, &ve) {
		t.Fatalf("deleting a protected set: %v", err)
	}
	if _, err := c.UpdateDeletionProtection(ctx(t), &ssmincidents.UpdateDeletionProtectionInput{Arn: aws.String(arn), DeletionProtected: aws.Bool(false)}); err != nil {
		t.Fatal(err)
	}
	// Removing a region.
	if _, err := c.UpdateReplicationSet(ctx(t), &ssmincidents.UpdateReplicationSetInput{
		Arn: aws.String(arn),
		Actions: []types.UpdateReplicationSetAction{&types.UpdateReplicationSetActionMemberDeleteRegionAction{
			Value: types.DeleteRegionAction{RegionName: aws.String("eu-west-1")},
		}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteReplicationSet(ctx(t), &ssmincidents.DeleteReplicationSetInput{Arn: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
	deleted := ssmincidents.NewWaitForReplicationSetDeletedWaiter(c)
	if err := deleted.Wait(ctx(t), &ssmincidents.GetReplicationSetInput{Arn: aws.String(arn)}, time.Minute); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteReplicationSet(ctx(t), &ssmincidents.DeleteReplicationSetInput{Arn: aws.String(arn)})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Fatalf("deleting again: %v, want ResourceNotFoundException (the provider treats it as deleted)", err)
	}
}

// TestIncidentsResponsePlanTerraform replays aws_ssmincidents_response_plan:
// create (with a contact to engage, a chat channel, an action and an
// integration), read it back with its tags, update, retag, delete; and
// the policy operations a plan carries.
func TestIncidentsResponsePlanTerraform(t *testing.T) {
	s := start(t, options{})
	c := s.incidents(account)
	replicationSet(t, c)
	contact := newContact(t, s.client(account), personal("oncall"))

	in := &ssmincidents.CreateResponsePlanInput{
		Name:        aws.String("db-outage"),
		DisplayName: aws.String("Database outage"),
		ClientToken: aws.String("tok"),
		IncidentTemplate: &types.IncidentTemplate{
			Title: aws.String("Database down"), Impact: aws.Int32(1), Summary: aws.String("The primary is unreachable"),
			DedupeString:        aws.String("db"),
			IncidentTags:        map[string]string{"service": "db"},
			NotificationTargets: []types.NotificationTargetItem{&types.NotificationTargetItemMemberSnsTopicArn{Value: "arn:aws:sns:us-east-2:000000000000:topic"}},
		},
		Engagements: []string{contact},
		ChatChannel: &types.ChatChannelMemberChatbotSns{Value: []string{"arn:aws:sns:us-east-2:000000000000:chat"}},
		Actions: []types.Action{&types.ActionMemberSsmAutomation{Value: types.SsmAutomation{
			DocumentName: aws.String("AWS-RestartEC2Instance"), RoleArn: aws.String("arn:aws:iam::000000000000:role/r"),
			Parameters:        map[string][]string{"InstanceId": {"i-1"}},
			DynamicParameters: map[string]types.DynamicSsmParameterValue{"Incident": &types.DynamicSsmParameterValueMemberVariable{Value: types.VariableTypeIncidentRecordArn}},
			TargetAccount:     types.SsmTargetAccountResponsePlanOwnerAccount,
		}}},
		Integrations: []types.Integration{&types.IntegrationMemberPagerDutyConfiguration{Value: types.PagerDutyConfiguration{
			Name: aws.String("pd"), SecretId: aws.String("secret"), PagerDutyIncidentConfiguration: &types.PagerDutyIncidentConfiguration{ServiceId: aws.String("svc")},
		}}},
		Tags: map[string]string{"team": "sre"},
	}
	created, err := c.CreateResponsePlan(ctx(t), in)
	if err != nil {
		t.Fatal(err)
	}
	arn := aws.ToString(created.Arn)
	if arn != "arn:aws:ssm-incidents::"+account+":response-plan/db-outage" {
		t.Fatalf("arn = %s", arn)
	}
	if _, err := c.CreateResponsePlan(ctx(t), &ssmincidents.CreateResponsePlanInput{Name: aws.String("db-outage"),
		IncidentTemplate: &types.IncidentTemplate{Title: aws.String("x"), Impact: aws.Int32(3)}}); err == nil {
		t.Fatal("a second plan with the same name was accepted")
	}
	got, err := c.GetResponsePlan(ctx(t), &ssmincidents.GetResponsePlanInput{Arn: aws.String(arn)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(got.Name) != "db-outage" || aws.ToString(got.DisplayName) != "Database outage" || !cmp.Equal(got.Engagements, []string{contact}) ||
		aws.ToString(got.IncidentTemplate.Title) != "Database down" || aws.ToInt32(got.IncidentTemplate.Impact) != 1 ||
		!cmp.Equal(got.IncidentTemplate.IncidentTags, map[string]string{"service": "db"}) || len(got.IncidentTemplate.NotificationTargets) != 1 {
		t.Fatalf("plan = %+v / %+v", got, got.IncidentTemplate)
	}
	if ch, ok := got.ChatChannel.(*types.ChatChannelMemberChatbotSns); !ok || len(ch.Value) != 1 {
		t.Fatalf("chat channel = %#v", got.ChatChannel)
	}
	if a, ok := got.Actions[0].(*types.ActionMemberSsmAutomation); !ok || aws.ToString(a.Value.DocumentName) != "AWS-RestartEC2Instance" || a.Value.TargetAccount != types.SsmTargetAccountResponsePlanOwnerAccount {
		t.Fatalf("actions = %#v", got.Actions)
	}
	if p, ok := got.Integrations[0].(*types.IntegrationMemberPagerDutyConfiguration); !ok || aws.ToString(p.Value.Name) != "pd" {
		t.Fatalf("integrations = %#v", got.Integrations)
	}
	tags, err := c.ListTagsForResource(ctx(t), &ssmincidents.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil || !cmp.Equal(tags.Tags, map[string]string{"team": "sre"}) {
		t.Fatalf("tags = %v, %v", tags, err)
	}

	_, err = c.UpdateResponsePlan(ctx(t), &ssmincidents.UpdateResponsePlanInput{
		Arn: aws.String(arn), DisplayName: aws.String("DB outage"), IncidentTemplateImpact: aws.Int32(2),
		IncidentTemplateTitle: aws.String("DB down"), IncidentTemplateTags: map[string]string{},
		ChatChannel: &types.ChatChannelMemberEmpty{Value: types.EmptyChatChannel{}}, Engagements: []string{},
		Actions: []types.Action{},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ = c.GetResponsePlan(ctx(t), &ssmincidents.GetResponsePlanInput{Arn: aws.String(arn)})
	if aws.ToString(got.DisplayName) != "DB outage" || aws.ToInt32(got.IncidentTemplate.Impact) != 2 || aws.ToString(got.IncidentTemplate.Title) != "DB down" ||
		len(got.Engagements) != 0 || len(got.Actions) != 0 || len(got.IncidentTemplate.IncidentTags) != 0 {
		t.Fatalf("after update: %+v / %+v", got, got.IncidentTemplate)
	}
	if _, ok := got.ChatChannel.(*types.ChatChannelMemberEmpty); !ok {
		t.Fatalf("chat channel after emptying = %#v", got.ChatChannel)
	}

	list, err := c.ListResponsePlans(ctx(t), &ssmincidents.ListResponsePlansInput{})
	if err != nil || len(list.ResponsePlanSummaries) != 1 || aws.ToString(list.ResponsePlanSummaries[0].Arn) != arn {
		t.Fatalf("list = %+v, %v", list, err)
	}

	pol, err := c.PutResourcePolicy(ctx(t), &ssmincidents.PutResourcePolicyInput{ResourceArn: aws.String(arn), Policy: aws.String(`{"Version":"2012-10-17","Statement":[]}`)})
	if err != nil {
		t.Fatal(err)
	}
	pols, err := c.GetResourcePolicies(ctx(t), &ssmincidents.GetResourcePoliciesInput{ResourceArn: aws.String(arn)})
	if err != nil || len(pols.ResourcePolicies) != 1 || aws.ToString(pols.ResourcePolicies[0].PolicyId) != aws.ToString(pol.PolicyId) ||
		aws.ToString(pols.ResourcePolicies[0].RamResourceShareRegion) != region {
		t.Fatalf("policies = %+v, %v", pols, err)
	}
	if _, err := c.DeleteResourcePolicy(ctx(t), &ssmincidents.DeleteResourcePolicyInput{ResourceArn: aws.String(arn), PolicyId: pol.PolicyId}); err != nil {
		t.Fatal(err)
	}
	pols, _ = c.GetResourcePolicies(ctx(t), &ssmincidents.GetResourcePoliciesInput{ResourceArn: aws.String(arn)})
	if len(pols.ResourcePolicies) != 0 {
		t.Fatalf("policies after delete = %+v", pols.ResourcePolicies)
	}

	if _, err := c.DeleteResponsePlan(ctx(t), &ssmincidents.DeleteResponsePlanInput{Arn: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetResponsePlan(ctx(t), &ssmincidents.GetResponsePlanInput{Arn: aws.String(arn)})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Fatalf("get after delete: %v", err)
	}
	// Deleting a plan that is gone succeeds, as the model has no
	// ResourceNotFoundException for it.
	if _, err := c.DeleteResponsePlan(ctx(t), &ssmincidents.DeleteResponsePlanInput{Arn: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
}

// TestIncidentsResponsePlanTerraformMinimal sends what the provider's
// expanders produce for a plan with only a name and a template (flex.go):
// an empty chat channel, an empty display name and engagement set, empty
// dedupe string and summary; then the update it sends when the template
// changes (every template field) and when engagements are added.
func TestIncidentsResponsePlanTerraformMinimal(t *testing.T) {
	s := start(t, options{})
	c := s.incidents(account)
	replicationSet(t, c)
	created, err := c.CreateResponsePlan(ctx(t), &ssmincidents.CreateResponsePlanInput{
		ChatChannel:      &types.ChatChannelMemberEmpty{Value: types.EmptyChatChannel{}},
		DisplayName:      aws.String(""),
		Engagements:      []string{},
		IncidentTemplate: &types.IncidentTemplate{Title: aws.String("title"), Impact: aws.Int32(3), DedupeString: aws.String(""), Summary: aws.String("")},
		Name:             aws.String("minimal"),
		Tags:             map[string]string{"a": "b"},
	})
	if err != nil {
		t.Fatal(err)
	}
	arn := created.Arn
	got, err := c.GetResponsePlan(ctx(t), &ssmincidents.GetResponsePlanInput{Arn: arn})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got.ChatChannel.(*types.ChatChannelMemberEmpty); !ok || aws.ToString(got.DisplayName) != "" || len(got.Engagements) != 0 ||
		aws.ToString(got.IncidentTemplate.DedupeString) != "" || aws.ToString(got.IncidentTemplate.Summary) != "" || got.Actions != nil || got.Integrations != nil {
		t.Fatalf("plan = %+v / %+v", got, got.IncidentTemplate)
	}
	contact := newContact(t, s.client(account), personal("tf"))
	_, err = c.UpdateResponsePlan(ctx(t), &ssmincidents.UpdateResponsePlanInput{
		Arn: arn, Engagements: []string{contact},
		IncidentTemplateImpact: aws.Int32(1), IncidentTemplateTitle: aws.String("new title"),
		IncidentTemplateDedupeString: aws.String("dd"), IncidentTemplateSummary: aws.String("sum"),
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ = c.GetResponsePlan(ctx(t), &ssmincidents.GetResponsePlanInput{Arn: arn})
	tpl := got.IncidentTemplate
	if aws.ToInt32(tpl.Impact) != 1 || aws.ToString(tpl.Title) != "new title" || aws.ToString(tpl.DedupeString) != "dd" || aws.ToString(tpl.Summary) != "sum" ||
		!cmp.Equal(got.Engagements, []string{contact}) {
		t.Fatalf("after update: %+v / %+v", got, tpl)
	}
	// The data source reads the same plan by ARN, with its tags.
	tags, err := c.ListTagsForResource(ctx(t), &ssmincidents.ListTagsForResourceInput{ResourceArn: arn})
	if err != nil || tags.Tags["a"] != "b" {
		t.Fatalf("tags = %v, %v", tags, err)
	}
	if _, err := c.DeleteResponsePlan(ctx(t), &ssmincidents.DeleteResponsePlanInput{Arn: arn}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetResponsePlan(ctx(t), &ssmincidents.GetResponsePlanInput{Arn: arn})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Fatalf("read after delete: %v (the provider drops the resource from state on ResourceNotFoundException)", err)
	}
}
