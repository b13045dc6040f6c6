package incidents

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// itemKey identifies a related item by its type and value: the same
// identifier cannot be related twice.
func itemKey(id ItemIdentifier) string {
	sum := sha256.Sum256(encode(id))
	return hex.EncodeToString(sum[:16])
}

func checkItem(id ItemIdentifier) error {
	n := 0
	v := id.Value
	for _, set := range []bool{v.Arn != nil, v.MetricDefinition != nil, v.PagerDutyIncidentDetail != nil, v.URL != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return invalid("A related item's value takes exactly one of arn, metricDefinition, pagerDutyIncidentDetail or url")
	}
	return nil
}

// addRelatedItem relates item to incident arn. Errors: KindConflict (the
// identifier is already related), KindValidation.
func (s *Service) addRelatedItem(ctx context.Context, tx contacts.Tx, ds contacts.Scope, arn string, item RelatedItem, now Time) error {
	if err := checkItem(item.Identifier); err != nil {
		return err
	}
	id := arn + "#" + itemKey(item.Identifier)
	err := tx.IncidentDocInsert(ctx, &contacts.IncidentDoc{Scope: ds, Kind: kindRelatedItem, ID: id, Parent: arn,
		SortKey: timeKey(now) + id, Body: encode(item), CreatedAt: now.Time, UpdatedAt: now.Time})
	if errors.Is(err, contacts.ErrDuplicate) {
		return conflict(ResourceIncidentRecord, arn, "The related item is already related to the incident")
	}
	return err
}

// ListRelatedItemsInput is ListRelatedItems' request.
type ListRelatedItemsInput struct {
	IncidentRecordArn string  `json:"incidentRecordArn"`
	MaxResults        *int    `json:"maxResults,omitempty"`
	NextToken         *string `json:"nextToken,omitempty"`
}

// ListRelatedItemsOutput is ListRelatedItems' response.
type ListRelatedItemsOutput struct {
	NextToken    *string       `json:"nextToken,omitempty"`
	RelatedItems []RelatedItem `json:"relatedItems"`
}

// ListRelatedItems lists an incident's related items in the order they
// were added; an unknown incident has none.
func (s *Service) ListRelatedItems(ctx context.Context, sc contacts.Scope, in ListRelatedItemsInput) (*ListRelatedItemsOutput, error) {
	out := &ListRelatedItemsOutput{RelatedItems: []RelatedItem{}}
	err := s.read(ctx, func(tx contacts.Tx) error {
		if a, ok := parseARN(sc, in.IncidentRecordArn); !ok || a.Type != "incident-record" {
			return nil
		}
		items, docs, err := listDocs[RelatedItem](ctx, tx, docScope(sc), kindRelatedItem, in.IncidentRecordArn)
		if err != nil {
			return err
		}
		from, to, next, err := s.page("ListRelatedItems", sc, in.IncidentRecordArn, positions(docs), false, in.NextToken, in.MaxResults)
		if err != nil {
			return err
		}
		for _, it := range items[from:to] {
			out.RelatedItems = append(out.RelatedItems, *it)
		}
		out.NextToken = next
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateRelatedItemsInput is UpdateRelatedItems' request.
type UpdateRelatedItemsInput struct {
	ClientToken        *string `json:"clientToken,omitempty"`
	IncidentRecordArn  string  `json:"incidentRecordArn"`
	RelatedItemsUpdate struct {
		ItemToAdd    *RelatedItem    `json:"itemToAdd,omitempty"`
		ItemToRemove *ItemIdentifier `json:"itemToRemove,omitempty"`
	} `json:"relatedItemsUpdate"`
}

// UpdateRelatedItems adds or removes one related item. Errors:
// KindNotFound (incident, or the item to remove), KindConflict (the item
// to add is related already), KindValidation.
func (s *Service) UpdateRelatedItems(ctx context.Context, sc contacts.Scope, in UpdateRelatedItemsInput) error {
	u := in.RelatedItemsUpdate
	if (u.ItemToAdd == nil) == (u.ItemToRemove == nil) {
		return invalid("relatedItemsUpdate takes exactly one of itemToAdd or itemToRemove")
	}
	return s.store.Write(ctx, func(tx contacts.Tx) error {
		if _, _, err := loadIncident(ctx, tx, sc, in.IncidentRecordArn); err != nil {
			return err
		}
		ds := docScope(sc)
		if u.ItemToAdd != nil {
			return s.addRelatedItem(ctx, tx, ds, in.IncidentRecordArn, *u.ItemToAdd, At(s.clock.Now()))
		}
		if err := checkItem(*u.ItemToRemove); err != nil {
			return err
		}
		id := in.IncidentRecordArn + "#" + itemKey(*u.ItemToRemove)
		err := tx.IncidentDocDelete(ctx, ds, kindRelatedItem, id)
		if errors.Is(err, contacts.ErrNotFound) {
			return &contacts.Error{Kind: contacts.KindNotFound, ResourceType: ResourceIncidentRecord, ResourceID: in.IncidentRecordArn,
				Message: "The related item is not related to the incident " + in.IncidentRecordArn}
		}
		return err
	})
}
