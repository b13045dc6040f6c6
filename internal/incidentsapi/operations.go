package incidentsapi

import (
	"context"
	"encoding/json"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/incidents"
)

// call performs an operation on its validated input document.
type call = func(context.Context, contacts.Scope, map[string]any) (any, error)

// decode fills a domain input from a validated document: the model's
// member names are the inputs' JSON names.
func decode[T any](doc map[string]any) (T, error) {
	var in T
	b, err := json.Marshal(doc)
	if err == nil {
		err = json.Unmarshal(b, &in)
	}
	if err != nil {
		return in, &apiError{kind: kindSerialization, message: "The request does not decode: " + err.Error()}
	}
	return in, nil
}

// op adapts a domain method taking a decoded input.
func op[In, Out any](fn func(context.Context, contacts.Scope, In) (Out, error)) call {
	return func(ctx context.Context, sc contacts.Scope, doc map[string]any) (any, error) {
		in, err := decode[In](doc)
		if err != nil {
			return nil, err
		}
		return fn(ctx, sc, in)
	}
}

// noOutput adapts a domain method without output (a 204 or an empty {}).
func noOutput[In any](fn func(context.Context, contacts.Scope, In) error) call {
	return func(ctx context.Context, sc contacts.Scope, doc map[string]any) (any, error) {
		in, err := decode[In](doc)
		if err != nil {
			return nil, err
		}
		return struct{}{}, fn(ctx, sc, in)
	}
}

type arnInput struct {
	Arn string `json:"arn"`
}

type resourceInput struct {
	ResourceArn string            `json:"resourceArn"`
	Tags        map[string]string `json:"tags"`
	TagKeys     []string          `json:"tagKeys"`
	Policy      string            `json:"policy"`
	PolicyID    string            `json:"policyId"`
	MaxResults  *int              `json:"maxResults,omitempty"`
	NextToken   *string           `json:"nextToken,omitempty"`
}

type eventInput struct {
	EventID           string   `json:"eventId"`
	IncidentRecordArn string   `json:"incidentRecordArn"`
	FindingIDs        []string `json:"findingIds"`
}

// operations is the table of the 31 operations.
func operations(s *incidents.Service) map[string]call {
	return map[string]call{
		"CreateReplicationSet": op(s.CreateReplicationSet),
		"GetReplicationSet": op(func(ctx context.Context, sc contacts.Scope, in arnInput) (any, error) {
			return s.GetReplicationSet(ctx, sc, in.Arn)
		}),
		"ListReplicationSets":      op(s.ListReplicationSets),
		"UpdateReplicationSet":     noOutput(s.UpdateReplicationSet),
		"UpdateDeletionProtection": noOutput(s.UpdateDeletionProtection),
		"DeleteReplicationSet": noOutput(func(ctx context.Context, sc contacts.Scope, in arnInput) error {
			return s.DeleteReplicationSet(ctx, sc, in.Arn)
		}),

		"CreateResponsePlan": op(s.CreateResponsePlan),
		"GetResponsePlan": op(func(ctx context.Context, sc contacts.Scope, in arnInput) (any, error) {
			return s.GetResponsePlan(ctx, sc, in.Arn)
		}),
		"ListResponsePlans":  op(s.ListResponsePlans),
		"UpdateResponsePlan": noOutput(s.UpdateResponsePlan),
		"DeleteResponsePlan": noOutput(func(ctx context.Context, sc contacts.Scope, in arnInput) error {
			return s.DeleteResponsePlan(ctx, sc, in.Arn)
		}),

		"TagResource": noOutput(func(ctx context.Context, sc contacts.Scope, in resourceInput) error {
			return s.TagResource(ctx, sc, in.ResourceArn, in.Tags)
		}),
		"UntagResource": noOutput(func(ctx context.Context, sc contacts.Scope, in resourceInput) error {
			return s.UntagResource(ctx, sc, in.ResourceArn, in.TagKeys)
		}),
		"ListTagsForResource": op(func(ctx context.Context, sc contacts.Scope, in resourceInput) (any, error) {
			return s.ListTagsForResource(ctx, sc, in.ResourceArn)
		}),
		"PutResourcePolicy": op(func(ctx context.Context, sc contacts.Scope, in resourceInput) (any, error) {
			id, err := s.PutResourcePolicy(ctx, sc, in.ResourceArn, in.Policy)
			if err != nil {
				return nil, err
			}
			return map[string]string{"policyId": id}, nil
		}),
		"GetResourcePolicies": op(func(ctx context.Context, sc contacts.Scope, in resourceInput) (any, error) {
			return s.GetResourcePolicies(ctx, sc, in.ResourceArn, incidents.ListInput{MaxResults: in.MaxResults, NextToken: in.NextToken})
		}),
		"DeleteResourcePolicy": noOutput(func(ctx context.Context, sc contacts.Scope, in resourceInput) error {
			return s.DeleteResourcePolicy(ctx, sc, in.ResourceArn, in.PolicyID)
		}),

		"StartIncident": op(s.StartIncident),
		"GetIncidentRecord": op(func(ctx context.Context, sc contacts.Scope, in arnInput) (any, error) {
			return s.GetIncidentRecord(ctx, sc, in.Arn)
		}),
		"ListIncidentRecords":  op(s.ListIncidentRecords),
		"UpdateIncidentRecord": noOutput(s.UpdateIncidentRecord),
		"DeleteIncidentRecord": noOutput(func(ctx context.Context, sc contacts.Scope, in arnInput) error {
			return s.DeleteIncidentRecord(ctx, sc, in.Arn)
		}),

		"CreateTimelineEvent": op(s.CreateTimelineEvent),
		"GetTimelineEvent": op(func(ctx context.Context, sc contacts.Scope, in eventInput) (any, error) {
			return s.GetTimelineEvent(ctx, sc, in.IncidentRecordArn, in.EventID)
		}),
		"ListTimelineEvents":  op(s.ListTimelineEvents),
		"UpdateTimelineEvent": noOutput(s.UpdateTimelineEvent),
		"DeleteTimelineEvent": noOutput(func(ctx context.Context, sc contacts.Scope, in eventInput) error {
			return s.DeleteTimelineEvent(ctx, sc, in.IncidentRecordArn, in.EventID)
		}),

		"ListRelatedItems":   op(s.ListRelatedItems),
		"UpdateRelatedItems": noOutput(s.UpdateRelatedItems),

		"ListIncidentFindings": op(s.ListIncidentFindings),
		"BatchGetIncidentFindings": op(func(ctx context.Context, sc contacts.Scope, in eventInput) (any, error) {
			return s.BatchGetIncidentFindings(ctx, sc, in.IncidentRecordArn, in.FindingIDs)
		}),
	}
}
