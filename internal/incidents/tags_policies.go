package incidents

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// MaxTagsPerResource is AWS's tag quota.
const MaxTagsPerResource = 50

// taggable resolves a tag operation's resource: a replication set, a
// response plan or an incident record of the caller's account.
func taggable(ctx context.Context, tx contacts.Tx, sc contacts.Scope, arn string) error {
	a, ok := parseARN(sc, arn)
	kind := map[string]string{"replication-set": kindReplicationSet, "response-plan": kindResponsePlan, "incident-record": kindIncident}[a.Type]
	if !ok || kind == "" {
		return &contacts.Error{Kind: contacts.KindNotFound, ResourceID: arn, Message: "Resource not found: " + arn}
	}
	_, err := tx.IncidentDocGet(ctx, docScope(sc), kind, arn)
	if errors.Is(err, contacts.ErrNotFound) {
		return &contacts.Error{Kind: contacts.KindNotFound, ResourceID: arn, Message: "Resource not found: " + arn}
	}
	return err
}

// TagsOutput is ListTagsForResource's response.
type TagsOutput struct {
	Tags map[string]string `json:"tags"`
}

// ListTagsForResource returns a resource's tags. Errors: KindNotFound.
func (s *Service) ListTagsForResource(ctx context.Context, sc contacts.Scope, arn string) (*TagsOutput, error) {
	out := &TagsOutput{Tags: map[string]string{}}
	err := s.read(ctx, func(tx contacts.Tx) error {
		if err := taggable(ctx, tx, sc, arn); err != nil {
			return err
		}
		tags, err := tx.TagsGet(ctx, docScope(sc), arn)
		for _, t := range tags {
			out.Tags[t.Key] = t.Value
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// TagResource adds or replaces tags. Errors: KindNotFound,
// KindQuotaExceeded (more than MaxTagsPerResource).
func (s *Service) TagResource(ctx context.Context, sc contacts.Scope, arn string, tags map[string]string) error {
	return s.store.Write(ctx, func(tx contacts.Tx) error {
		if err := taggable(ctx, tx, sc, arn); err != nil {
			return err
		}
		have, err := tx.TagsGet(ctx, docScope(sc), arn)
		if err != nil {
			return err
		}
		merged := map[string]string{}
		for _, t := range have {
			merged[t.Key] = t.Value
		}
		for k, v := range tags {
			merged[k] = v
		}
		if len(merged) > MaxTagsPerResource {
			return &contacts.Error{Kind: contacts.KindQuotaExceeded, ResourceID: arn, QuotaCode: "tags-per-resource",
				Message: "A resource can have at most 50 tags"}
		}
		return tx.TagsReplace(ctx, docScope(sc), arn, tagList(merged))
	})
}

// UntagResource removes tags by key. Errors: KindNotFound.
func (s *Service) UntagResource(ctx context.Context, sc contacts.Scope, arn string, keys []string) error {
	return s.store.Write(ctx, func(tx contacts.Tx) error {
		if err := taggable(ctx, tx, sc, arn); err != nil {
			return err
		}
		have, err := tx.TagsGet(ctx, docScope(sc), arn)
		if err != nil {
			return err
		}
		drop := map[string]bool{}
		for _, k := range keys {
			drop[k] = true
		}
		var keep []contacts.Tag
		for _, t := range have {
			if !drop[t.Key] {
				keep = append(keep, t)
			}
		}
		return tx.TagsReplace(ctx, docScope(sc), arn, keep)
	})
}

// PutResourcePolicy attaches a policy to a response plan and returns its
// id. The policy is stored, not evaluated. Errors: KindNotFound,
// KindValidation (not a JSON document).
func (s *Service) PutResourcePolicy(ctx context.Context, sc contacts.Scope, planARN, policy string) (string, error) {
	if !json.Valid([]byte(policy)) {
		return "", invalid("The policy is not a valid JSON policy document")
	}
	var id string
	err := s.store.Write(ctx, func(tx contacts.Tx) error {
		if _, _, err := loadPlan(ctx, tx, sc, planARN); err != nil {
			return err
		}
		now := s.clock.Now()
		id = s.newID()
		p := ResourcePolicy{PolicyDocument: policy, PolicyID: id, RAMResourceShareRegion: sc.Region}
		return tx.IncidentDocInsert(ctx, &contacts.IncidentDoc{Scope: docScope(sc), Kind: kindPolicy, ID: id, Parent: planARN,
			SortKey: timeKey(now), Body: encode(p), CreatedAt: now, UpdatedAt: now})
	})
	return id, err
}

// ResourcePoliciesOutput is GetResourcePolicies' response.
type ResourcePoliciesOutput struct {
	NextToken        *string          `json:"nextToken,omitempty"`
	ResourcePolicies []ResourcePolicy `json:"resourcePolicies"`
}

// GetResourcePolicies lists a response plan's policies, oldest first.
// Errors: KindNotFound.
func (s *Service) GetResourcePolicies(ctx context.Context, sc contacts.Scope, planARN string, in ListInput) (*ResourcePoliciesOutput, error) {
	out := &ResourcePoliciesOutput{ResourcePolicies: []ResourcePolicy{}}
	err := s.read(ctx, func(tx contacts.Tx) error {
		if _, _, err := loadPlan(ctx, tx, sc, planARN); err != nil {
			return err
		}
		ps, docs, err := listDocs[ResourcePolicy](ctx, tx, docScope(sc), kindPolicy, planARN)
		if err != nil {
			return err
		}
		from, to, next, err := s.page("GetResourcePolicies", sc, planARN, positions(docs), false, in.NextToken, in.MaxResults)
		if err != nil {
			return err
		}
		for _, p := range ps[from:to] {
			out.ResourcePolicies = append(out.ResourcePolicies, *p)
		}
		out.NextToken = next
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteResourcePolicy removes a policy. Errors: KindNotFound (plan or policy).
func (s *Service) DeleteResourcePolicy(ctx context.Context, sc contacts.Scope, planARN, policyID string) error {
	return s.store.Write(ctx, func(tx contacts.Tx) error {
		if _, _, err := loadPlan(ctx, tx, sc, planARN); err != nil {
			return err
		}
		d, err := tx.IncidentDocGet(ctx, docScope(sc), kindPolicy, policyID)
		if errors.Is(err, contacts.ErrNotFound) || (err == nil && d.Parent != planARN) {
			return notFound(ResourcePolicyType, policyID, "Resource policy")
		}
		if err != nil {
			return err
		}
		return tx.IncidentDocDelete(ctx, docScope(sc), kindPolicy, policyID)
	})
}

// timeKey orders documents by time in their SortKey: fixed-width epoch
// milliseconds sort as strings.
func timeKey(t interface{ UnixMilli() int64 }) string {
	ms := t.UnixMilli()
	const width = 16
	b := []byte("0000000000000000")
	for i := width - 1; i >= 0 && ms > 0; i-- {
		b[i] = byte('0' + ms%10)
		ms /= 10
	}
	return string(b)
}
