package incidents

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// MaxEngagements is how many contacts a response plan may engage (the
// model's EngagementSet bound).
const MaxEngagements = 5

// CreateResponsePlanInput is CreateResponsePlan's request.
type CreateResponsePlanInput struct {
	Actions          json.RawMessage   `json:"actions,omitempty"`
	ChatChannel      json.RawMessage   `json:"chatChannel,omitempty"`
	ClientToken      *string           `json:"clientToken,omitempty"`
	DisplayName      *string           `json:"displayName,omitempty"`
	Engagements      []string          `json:"engagements,omitempty"`
	IncidentTemplate IncidentTemplate  `json:"incidentTemplate"`
	Integrations     json.RawMessage   `json:"integrations,omitempty"`
	Name             string            `json:"name"`
	Tags             map[string]string `json:"tags,omitempty"`
}

// CreateResponsePlan creates a response plan. Its engagements must be
// contacts of the caller's account that exist. Errors: KindConflict (the
// name is taken), KindNotFound (a contact), KindValidation.
func (s *Service) CreateResponsePlan(ctx context.Context, sc contacts.Scope, in CreateResponsePlanInput) (*ARNOutput, error) {
	ds := docScope(sc)
	var arn string
	err := s.store.Write(ctx, func(tx contacts.Tx) error {
		now := s.clock.Now()
		var err error
		arn, err = s.idempotent(ctx, tx, sc, "CreateResponsePlan", in.ClientToken, in, func() (string, error) {
			if err := checkEngagements(ctx, tx, sc, in.Engagements); err != nil {
				return "", err
			}
			p := &ResponsePlan{
				Actions: in.Actions, Arn: arnPrefix(sc) + "response-plan/" + in.Name, ChatChannel: in.ChatChannel,
				DisplayName: in.DisplayName, Engagements: in.Engagements, IncidentTemplate: in.IncidentTemplate,
				Integrations: in.Integrations, Name: in.Name,
			}
			err := tx.IncidentDocInsert(ctx, &contacts.IncidentDoc{Scope: ds, Kind: kindResponsePlan, ID: p.Arn, SortKey: p.Name, Body: encode(p), CreatedAt: now, UpdatedAt: now})
			if errors.Is(err, contacts.ErrDuplicate) {
				return "", conflict(ResourceResponsePlan, p.Arn, "A response plan named "+in.Name+" already exists")
			}
			if err != nil {
				return "", err
			}
			return p.Arn, tx.TagsReplace(ctx, ds, p.Arn, tagList(in.Tags))
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &ARNOutput{Arn: arn}, nil
}

// checkEngagements requires every contact ARN to name an existing contact
// of the caller's account (in the region its ARN names).
func checkEngagements(ctx context.Context, tx contacts.Tx, sc contacts.Scope, arns []string) error {
	if len(arns) > MaxEngagements {
		return invalid("A response plan engages at most %d contacts", MaxEngagements)
	}
	for _, arn := range arns {
		a, ok := contacts.ParseARN(arn)
		if !ok || a.Account != sc.Account {
			return invalid("Engagement %s is not a contact of account %s: a response plan engages only its own account's contacts", arn, sc.Account)
		}
		cs := contacts.Scope{Account: a.Account, Region: a.Region}
		if _, err := contacts.FindContact(ctx, tx, cs, arn); err != nil {
			if contacts.KindOf(err) == contacts.KindNotFound {
				return &contacts.Error{Kind: contacts.KindNotFound, ResourceID: arn, Message: "Contact not found: " + arn}
			}
			return err
		}
	}
	return nil
}

// loadPlan loads the caller's response plan by ARN.
func loadPlan(ctx context.Context, tx contacts.Tx, sc contacts.Scope, arn string) (*ResponsePlan, *contacts.IncidentDoc, error) {
	if a, ok := parseARN(sc, arn); !ok || a.Type != "response-plan" {
		return nil, nil, notFound(ResourceResponsePlan, arn, "Response plan")
	}
	p, d, err := getDoc[ResponsePlan](ctx, tx, docScope(sc), kindResponsePlan, arn)
	if errors.Is(err, contacts.ErrNotFound) {
		return nil, nil, notFound(ResourceResponsePlan, arn, "Response plan")
	}
	return p, d, err
}

// GetResponsePlan returns a response plan. Errors: KindNotFound.
func (s *Service) GetResponsePlan(ctx context.Context, sc contacts.Scope, arn string) (*ResponsePlan, error) {
	var out *ResponsePlan
	err := s.read(ctx, func(tx contacts.Tx) error {
		var err error
		out, _, err = loadPlan(ctx, tx, sc, arn)
		return err
	})
	return out, err
}

// ResponsePlanSummary is a ListResponsePlans entry.
type ResponsePlanSummary struct {
	Arn         string  `json:"arn"`
	DisplayName *string `json:"displayName,omitempty"`
	Name        string  `json:"name"`
}

// ListResponsePlansOutput is ListResponsePlans' response.
type ListResponsePlansOutput struct {
	NextToken             *string               `json:"nextToken,omitempty"`
	ResponsePlanSummaries []ResponsePlanSummary `json:"responsePlanSummaries"`
}

// ListResponsePlans lists the account's response plans by name.
func (s *Service) ListResponsePlans(ctx context.Context, sc contacts.Scope, in ListInput) (*ListResponsePlansOutput, error) {
	out := &ListResponsePlansOutput{ResponsePlanSummaries: []ResponsePlanSummary{}}
	err := s.read(ctx, func(tx contacts.Tx) error {
		plans, docs, err := listDocs[ResponsePlan](ctx, tx, docScope(sc), kindResponsePlan, "")
		if err != nil {
			return err
		}
		from, to, next, err := s.page("ListResponsePlans", sc, "", positions(docs), false, in.NextToken, in.MaxResults)
		if err != nil {
			return err
		}
		for _, p := range plans[from:to] {
			out.ResponsePlanSummaries = append(out.ResponsePlanSummaries, ResponsePlanSummary{Arn: p.Arn, DisplayName: p.DisplayName, Name: p.Name})
		}
		out.NextToken = next
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateResponsePlanInput is UpdateResponsePlan's request.
type UpdateResponsePlanInput struct {
	Actions                             json.RawMessage    `json:"actions,omitempty"`
	Arn                                 string             `json:"arn"`
	ChatChannel                         json.RawMessage    `json:"chatChannel,omitempty"`
	ClientToken                         *string            `json:"clientToken,omitempty"`
	DisplayName                         *string            `json:"displayName,omitempty"`
	Engagements                         *[]string          `json:"engagements,omitempty"`
	IncidentTemplateDedupeString        *string            `json:"incidentTemplateDedupeString,omitempty"`
	IncidentTemplateImpact              *int               `json:"incidentTemplateImpact,omitempty"`
	IncidentTemplateNotificationTargets json.RawMessage    `json:"incidentTemplateNotificationTargets,omitempty"`
	IncidentTemplateSummary             *string            `json:"incidentTemplateSummary,omitempty"`
	IncidentTemplateTags                *map[string]string `json:"incidentTemplateTags,omitempty"`
	IncidentTemplateTitle               *string            `json:"incidentTemplateTitle,omitempty"`
	Integrations                        json.RawMessage    `json:"integrations,omitempty"`
}

// UpdateResponsePlan changes the members given. An empty chat channel
// ({"empty":{}}), an empty engagement, action or integration list, or an
// empty tag map removes what was there. Errors: KindNotFound,
// KindValidation.
func (s *Service) UpdateResponsePlan(ctx context.Context, sc contacts.Scope, in UpdateResponsePlanInput) error {
	return s.store.Write(ctx, func(tx contacts.Tx) error {
		p, d, err := loadPlan(ctx, tx, sc, in.Arn)
		if err != nil {
			return err
		}
		if in.Actions != nil {
			p.Actions = emptyToNil(in.Actions)
		}
		if in.ChatChannel != nil {
			p.ChatChannel = in.ChatChannel
		}
		if in.DisplayName != nil {
			p.DisplayName = in.DisplayName
		}
		if in.Engagements != nil {
			if err := checkEngagements(ctx, tx, sc, *in.Engagements); err != nil {
				return err
			}
			p.Engagements = *in.Engagements
		}
		t := &p.IncidentTemplate
		if in.IncidentTemplateDedupeString != nil {
			t.DedupeString = in.IncidentTemplateDedupeString
		}
		if in.IncidentTemplateImpact != nil {
			t.Impact = *in.IncidentTemplateImpact
		}
		if in.IncidentTemplateNotificationTargets != nil {
			t.NotificationTargets = emptyToNil(in.IncidentTemplateNotificationTargets)
		}
		if in.IncidentTemplateSummary != nil {
			t.Summary = in.IncidentTemplateSummary
		}
		if in.IncidentTemplateTags != nil {
			t.IncidentTags = *in.IncidentTemplateTags
		}
		if in.IncidentTemplateTitle != nil {
			t.Title = *in.IncidentTemplateTitle
		}
		if in.Integrations != nil {
			p.Integrations = emptyToNil(in.Integrations)
		}
		d.Body, d.UpdatedAt = encode(p), s.clock.Now()
		return tx.IncidentDocUpdate(ctx, d)
	})
}

// emptyToNil drops an empty JSON list, which removes what it replaces.
func emptyToNil(raw json.RawMessage) json.RawMessage {
	if strings.TrimSpace(string(raw)) == "[]" {
		return nil
	}
	return raw
}

// DeleteResponsePlan deletes a response plan with its policies and tags;
// deleting one that does not exist succeeds, as the model lists no
// ResourceNotFoundException for it. Incidents it opened stay.
func (s *Service) DeleteResponsePlan(ctx context.Context, sc contacts.Scope, arn string) error {
	return s.store.Write(ctx, func(tx contacts.Tx) error {
		if a, ok := parseARN(sc, arn); !ok || a.Type != "response-plan" {
			return nil
		}
		err := deleteWithTags(ctx, tx, docScope(sc), kindResponsePlan, arn)
		if errors.Is(err, contacts.ErrNotFound) {
			return nil
		}
		return err
	})
}
