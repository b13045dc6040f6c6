package incidents

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
)

// Timeline event types the service writes itself.
const (
	EventTypeTrigger = "SSM Incident Trigger"
	EventTypeUpdate  = "SSM Incident Record Update"
	EventTypeCustom  = "Custom Event"
)

// SenderIncidents is the sender of the engagements incidents start.
const SenderIncidents = "ssm-incidents"

// incidentDoc is an incident record as stored: the record and what the
// service needs to keep its engagements in step.
type incidentDoc struct {
	IncidentRecord
	// PlanARN is the response plan that opened the incident.
	PlanARN string `json:"_plan"`
	// Contacts are the contacts to engage (the plan's, when it opened).
	Contacts []string `json:"_contacts,omitempty"`
	// Engaged maps each engaged contact's ARN to its engagement's ARN.
	Engaged map[string]string `json:"_engaged,omitempty"`
}

// StartIncidentInput is StartIncident's request.
type StartIncidentInput struct {
	ClientToken     *string         `json:"clientToken,omitempty"`
	Impact          *int            `json:"impact,omitempty"`
	RelatedItems    []RelatedItem   `json:"relatedItems,omitempty"`
	ResponsePlanArn string          `json:"responsePlanArn"`
	Title           *string         `json:"title,omitempty"`
	TriggerDetails  *TriggerDetails `json:"triggerDetails,omitempty"`

	// Set by the alert intake, never from the wire.
	dedupe  *string
	summary *string
}

// TriggerDetails says what triggered an incident.
type TriggerDetails struct {
	RawData    *string `json:"rawData,omitempty"`
	Source     string  `json:"source"`
	Timestamp  Time    `json:"timestamp"`
	TriggerArn *string `json:"triggerArn,omitempty"`
}

// StartIncidentOutput is StartIncident's response.
type StartIncidentOutput struct {
	IncidentRecordArn string `json:"incidentRecordArn"`
}

// StartIncident opens an incident from a response plan's template (the
// call's title and impact override it), records the trigger on its
// timeline, and engages the plan's contacts: one ssm-contacts engagement
// each, sender ssm-incidents, linked both ways (the engagement's
// IncidentId and a related item). An open incident with the template's
// dedupe string is returned instead of a new one. Errors: KindNotFound
// (plan), KindValidation, KindConflict (a reused clientToken).
func (s *Service) StartIncident(ctx context.Context, sc contacts.Scope, in StartIncidentInput) (*StartIncidentOutput, error) {
	ds := docScope(sc)
	var arn string
	err := s.store.Write(ctx, func(tx contacts.Tx) error {
		var err error
		arn, err = s.idempotent(ctx, tx, sc, "StartIncident", in.ClientToken, in, func() (string, error) {
			return s.openIncident(ctx, tx, sc, ds, in)
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := s.engageContacts(ctx, sc, arn); err != nil {
		return nil, err
	}
	return &StartIncidentOutput{IncidentRecordArn: arn}, nil
}

func (s *Service) openIncident(ctx context.Context, tx contacts.Tx, sc, ds contacts.Scope, in StartIncidentInput) (string, error) {
	plan, _, err := loadPlan(ctx, tx, sc, in.ResponsePlanArn)
	if err != nil {
		return "", err
	}
	t := plan.IncidentTemplate
	dedupe := ""
	if t.DedupeString != nil {
		dedupe = *t.DedupeString
	}
	if in.dedupe != nil {
		dedupe = *in.dedupe
	}
	if open, err := openByDedupe(ctx, tx, ds, dedupe); err != nil || open != nil {
		return arnOf(open), err
	}
	now := At(s.clock.Now())
	rec := &incidentDoc{
		IncidentRecord: IncidentRecord{
			Arn: arnPrefix(sc) + "incident-record/" + plan.Name + "/" + s.newID(), ChatChannel: plan.ChatChannel,
			CreationTime: now, DedupeString: dedupe, Impact: t.Impact,
			IncidentRecordSource: IncidentRecordSource{CreatedBy: callerARN(sc), Source: "aws.ssm-incidents.custom", ResourceArn: nil},
			LastModifiedBy:       callerARN(sc), LastModifiedTime: now, NotificationTargets: t.NotificationTargets,
			Status: StatusOpen, Summary: t.Summary, Title: t.Title,
		},
		PlanARN: plan.Arn, Contacts: plan.Engagements,
	}
	if in.Title != nil {
		rec.Title = *in.Title
	}
	if in.Impact != nil {
		rec.Impact = *in.Impact
	}
	if in.summary != nil {
		rec.Summary = in.summary
	}
	if td := in.TriggerDetails; td != nil {
		rec.IncidentRecordSource.Source = td.Source
		rec.IncidentRecordSource.ResourceArn = td.TriggerArn
	}
	if err := tx.IncidentDocInsert(ctx, &contacts.IncidentDoc{Scope: ds, Kind: kindIncident, ID: rec.Arn, SortKey: timeKey(now) + rec.Arn, Body: encode(rec), CreatedAt: now.Time, UpdatedAt: now.Time}); err != nil {
		return "", err
	}
	if err := tx.TagsReplace(ctx, ds, rec.Arn, tagList(t.IncidentTags)); err != nil {
		return "", err
	}
	if err := indexOpen(ctx, tx, ds, rec); err != nil {
		return "", err
	}
	for _, item := range in.RelatedItems {
		if err := s.addRelatedItem(ctx, tx, ds, rec.Arn, item, now); err != nil {
			return "", err
		}
	}
	data := map[string]any{"title": rec.Title, "impact": rec.Impact, "responsePlanArn": plan.Arn, "source": rec.IncidentRecordSource.Source}
	return rec.Arn, s.addEvent(ctx, tx, ds, rec.Arn, EventTypeTrigger, string(encode(data)), now, nil)
}

func arnOf(d *incidentDoc) string {
	if d == nil {
		return ""
	}
	return d.Arn
}

// openByDedupe returns the open incident with dedupe string dedupe, or nil.
func openByDedupe(ctx context.Context, tx contacts.Tx, ds contacts.Scope, dedupe string) (*incidentDoc, error) {
	if dedupe == "" {
		return nil, nil
	}
	d, err := tx.IncidentDocGet(ctx, ds, kindOpenDedupe, dedupe)
	if errors.Is(err, contacts.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rec, _, err := getDoc[incidentDoc](ctx, tx, ds, kindIncident, d.Parent)
	if errors.Is(err, contacts.ErrNotFound) {
		return nil, nil
	}
	if err != nil || rec.Status != StatusOpen {
		return nil, err
	}
	return rec, nil
}

// indexOpen records rec as the open incident of its dedupe string (when it
// has one and no other open incident holds it); unindexOpen removes the
// entry when it is rec's.
func indexOpen(ctx context.Context, tx contacts.Tx, ds contacts.Scope, rec *incidentDoc) error {
	if rec.DedupeString == "" {
		return nil
	}
	if held, err := openByDedupe(ctx, tx, ds, rec.DedupeString); err != nil || held != nil {
		return err
	}
	if err := unindex(ctx, tx, ds, rec.DedupeString, ""); err != nil {
		return err
	}
	now := rec.LastModifiedTime.Time
	return tx.IncidentDocInsert(ctx, &contacts.IncidentDoc{Scope: ds, Kind: kindOpenDedupe, ID: rec.DedupeString, Parent: rec.Arn,
		Body: []byte("{}"), CreatedAt: now, UpdatedAt: now})
}

func unindexOpen(ctx context.Context, tx contacts.Tx, ds contacts.Scope, rec *incidentDoc) error {
	if rec.DedupeString == "" {
		return nil
	}
	return unindex(ctx, tx, ds, rec.DedupeString, rec.Arn)
}

// unindex deletes the entry of dedupe when it names incident arn (any
// incident when arn is empty: a stale entry).
func unindex(ctx context.Context, tx contacts.Tx, ds contacts.Scope, dedupe, arn string) error {
	d, err := tx.IncidentDocGet(ctx, ds, kindOpenDedupe, dedupe)
	if errors.Is(err, contacts.ErrNotFound) {
		return nil
	}
	if err != nil || (arn != "" && d.Parent != arn) {
		return err
	}
	return tx.IncidentDocDelete(ctx, ds, kindOpenDedupe, dedupe)
}

// engageContacts starts the engagements an open incident still owes: each
// contact once (the engagement's idempotency token is derived from the
// incident and the contact, so a retry after a failure does not page
// twice), recorded as a related item.
func (s *Service) engageContacts(ctx context.Context, sc contacts.Scope, arn string) error {
	var rec *incidentDoc
	err := s.read(ctx, func(tx contacts.Tx) error {
		var err error
		rec, _, err = getDoc[incidentDoc](ctx, tx, docScope(sc), kindIncident, arn)
		return err
	})
	if err != nil || rec.Status != StatusOpen {
		return err
	}
	for _, contact := range rec.Contacts {
		if rec.Engaged[contact] != "" {
			continue
		}
		a, ok := contacts.ParseARN(contact)
		if !ok {
			continue
		}
		cs := contacts.Scope{Account: a.Account, Region: a.Region}
		content := rec.Title
		if rec.Summary != nil && *rec.Summary != "" {
			content = *rec.Summary
		}
		incidentID := rec.Arn
		sum := sha256.Sum256([]byte(rec.Arn + "\x00" + contact))
		engARN, err := s.engager.StartEngagement(ctx, cs, engage.StartEngagementInput{
			ContactID: contact, Sender: SenderIncidents, Subject: rec.Title, Content: content,
			IncidentID: &incidentID, IdempotencyToken: "incident-" + hex.EncodeToString(sum[:16]),
		})
		if contacts.KindOf(err) == contacts.KindNotFound {
			continue // the contact was deleted since the plan named it
		}
		if err != nil {
			return fmt.Errorf("engaging %s for %s: %w", contact, rec.Arn, err)
		}
		if err := s.recordEngagement(ctx, sc, arn, contact, engARN); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) recordEngagement(ctx context.Context, sc contacts.Scope, arn, contact, engARN string) error {
	ds := docScope(sc)
	return s.store.Write(ctx, func(tx contacts.Tx) error {
		rec, d, err := getDoc[incidentDoc](ctx, tx, ds, kindIncident, arn)
		if err != nil {
			return err
		}
		if rec.Engaged == nil {
			rec.Engaged = map[string]string{}
		}
		rec.Engaged[contact] = engARN
		d.Body = encode(rec)
		if err := tx.IncidentDocUpdate(ctx, d); err != nil {
			return err
		}
		title := "Engagement of " + contact
		item := RelatedItem{Identifier: ItemIdentifier{Type: "OTHER", Value: ItemValue{Arn: &engARN}}, Title: &title}
		err = s.addRelatedItem(ctx, tx, ds, arn, item, At(s.clock.Now()))
		if contacts.KindOf(err) == contacts.KindConflict {
			return nil
		}
		return err
	})
}

// loadIncident loads the caller's incident record by ARN.
func loadIncident(ctx context.Context, tx contacts.Tx, sc contacts.Scope, arn string) (*incidentDoc, *contacts.IncidentDoc, error) {
	if a, ok := parseARN(sc, arn); !ok || a.Type != "incident-record" {
		return nil, nil, notFound(ResourceIncidentRecord, arn, "Incident record")
	}
	r, d, err := getDoc[incidentDoc](ctx, tx, docScope(sc), kindIncident, arn)
	if errors.Is(err, contacts.ErrNotFound) {
		return nil, nil, notFound(ResourceIncidentRecord, arn, "Incident record")
	}
	return r, d, err
}

// GetIncidentRecordOutput is GetIncidentRecord's response.
type GetIncidentRecordOutput struct {
	IncidentRecord IncidentRecord `json:"incidentRecord"`
}

// GetIncidentRecord returns an incident. Errors: KindNotFound.
func (s *Service) GetIncidentRecord(ctx context.Context, sc contacts.Scope, arn string) (*GetIncidentRecordOutput, error) {
	var out GetIncidentRecordOutput
	err := s.read(ctx, func(tx contacts.Tx) error {
		r, _, err := loadIncident(ctx, tx, sc, arn)
		if err == nil {
			out.IncidentRecord = r.IncidentRecord
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Filter is a list filter: a key and a condition (a union).
type Filter struct {
	Condition struct {
		After  *Time `json:"after,omitempty"`
		Before *Time `json:"before,omitempty"`
		Equals *struct {
			IntegerValues []int    `json:"integerValues,omitempty"`
			StringValues  []string `json:"stringValues,omitempty"`
		} `json:"equals,omitempty"`
	} `json:"condition"`
	Key string `json:"key"`
}

// matcher is a compiled filter over a document's named values.
type matcher func(times map[string]*Time, ints map[string]int, strs map[string]string) bool

func compileFilters(filters []Filter, timeKeys, intKeys, strKeys []string) (matcher, error) {
	has := func(keys []string, k string) bool {
		for _, x := range keys {
			if x == k {
				return true
			}
		}
		return false
	}
	var ms []matcher
	for _, f := range filters {
		c, k := f.Condition, f.Key
		n := 0
		for _, set := range []bool{c.After != nil, c.Before != nil, c.Equals != nil} {
			if set {
				n++
			}
		}
		if n != 1 {
			return nil, invalid("Filter %s: a condition takes exactly one of after, before or equals", k)
		}
		switch {
		case has(timeKeys, k) && c.Equals == nil:
			ms = append(ms, func(t map[string]*Time, _ map[string]int, _ map[string]string) bool {
				v := t[k]
				if v == nil {
					return false
				}
				if c.After != nil {
					return v.After(c.After.Time)
				}
				return v.Before(c.Before.Time)
			})
		case has(intKeys, k) && c.Equals != nil:
			want := c.Equals.IntegerValues
			ms = append(ms, func(_ map[string]*Time, i map[string]int, _ map[string]string) bool {
				for _, w := range want {
					if i[k] == w {
						return true
					}
				}
				return false
			})
		case has(strKeys, k) && c.Equals != nil:
			want := c.Equals.StringValues
			ms = append(ms, func(_ map[string]*Time, _ map[string]int, s map[string]string) bool {
				for _, w := range want {
					if s[k] == w {
						return true
					}
				}
				return false
			})
		default:
			all := append(append(append([]string{}, timeKeys...), intKeys...), strKeys...)
			return nil, invalid("Filter key %s with this condition is not supported; keys are %s (times take after or before, the others equals)", k, strings.Join(all, ", "))
		}
	}
	return func(t map[string]*Time, i map[string]int, s map[string]string) bool {
		for _, m := range ms {
			if !m(t, i, s) {
				return false
			}
		}
		return true
	}, nil
}

// ListIncidentRecordsInput is ListIncidentRecords' request.
type ListIncidentRecordsInput struct {
	Filters    []Filter `json:"filters,omitempty"`
	MaxResults *int     `json:"maxResults,omitempty"`
	NextToken  *string  `json:"nextToken,omitempty"`
}

// ListIncidentRecordsOutput is ListIncidentRecords' response.
type ListIncidentRecordsOutput struct {
	IncidentRecordSummaries []IncidentRecordSummary `json:"incidentRecordSummaries"`
	NextToken               *string                 `json:"nextToken,omitempty"`
}

// ListIncidentRecords lists incidents newest first, filtered by
// creationTime, resolvedTime (after, before), impact, status and
// createdBy (equals). Errors: KindValidation.
func (s *Service) ListIncidentRecords(ctx context.Context, sc contacts.Scope, in ListIncidentRecordsInput) (*ListIncidentRecordsOutput, error) {
	match, err := compileFilters(in.Filters, []string{"creationTime", "resolvedTime"}, []string{"impact"}, []string{"status", "createdBy"})
	if err != nil {
		return nil, err
	}
	out := &ListIncidentRecordsOutput{IncidentRecordSummaries: []IncidentRecordSummary{}}
	err = s.read(ctx, func(tx contacts.Tx) error {
		recs, docs, err := listDocs[incidentDoc](ctx, tx, docScope(sc), kindIncident, "")
		if err != nil {
			return err
		}
		var kept []*incidentDoc
		var keys []string
		for i := len(recs) - 1; i >= 0; i-- {
			r := recs[i]
			ct := r.CreationTime
			if match(map[string]*Time{"creationTime": &ct, "resolvedTime": r.ResolvedTime}, map[string]int{"impact": r.Impact},
				map[string]string{"status": r.Status, "createdBy": r.IncidentRecordSource.CreatedBy}) {
				kept, keys = append(kept, r), append(keys, position(docs[i]))
			}
		}
		from, to, next, err := s.page("ListIncidentRecords", sc, string(encode(in.Filters)), keys, true, in.NextToken, in.MaxResults)
		if err != nil {
			return err
		}
		for _, r := range kept[from:to] {
			out.IncidentRecordSummaries = append(out.IncidentRecordSummaries, IncidentRecordSummary{
				Arn: r.Arn, CreationTime: r.CreationTime, Impact: r.Impact, IncidentRecordSource: r.IncidentRecordSource,
				ResolvedTime: r.ResolvedTime, Status: r.Status, Title: r.Title,
			})
		}
		out.NextToken = next
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateIncidentRecordInput is UpdateIncidentRecord's request.
type UpdateIncidentRecordInput struct {
	Arn                 string          `json:"arn"`
	ChatChannel         json.RawMessage `json:"chatChannel,omitempty"`
	ClientToken         *string         `json:"clientToken,omitempty"`
	Impact              *int            `json:"impact,omitempty"`
	NotificationTargets json.RawMessage `json:"notificationTargets,omitempty"`
	Status              *string         `json:"status,omitempty"`
	Summary             *string         `json:"summary,omitempty"`
	Title               *string         `json:"title,omitempty"`
}

// UpdateIncidentRecord changes an incident and records the change on its
// timeline. Resolving it stops its engagements. Errors: KindNotFound.
func (s *Service) UpdateIncidentRecord(ctx context.Context, sc contacts.Scope, in UpdateIncidentRecordInput) error {
	var engaged map[string]string
	err := s.store.Write(ctx, func(tx contacts.Tx) error {
		r, d, err := loadIncident(ctx, tx, sc, in.Arn)
		if err != nil {
			return err
		}
		now := At(s.clock.Now())
		changed := map[string]any{}
		if in.Title != nil && *in.Title != r.Title {
			r.Title, changed["title"] = *in.Title, *in.Title
		}
		if in.Impact != nil && *in.Impact != r.Impact {
			r.Impact, changed["impact"] = *in.Impact, *in.Impact
		}
		if in.Summary != nil {
			r.Summary, changed["summary"] = in.Summary, *in.Summary
		}
		if in.ChatChannel != nil {
			r.ChatChannel, changed["chatChannel"] = in.ChatChannel, in.ChatChannel
		}
		if in.NotificationTargets != nil {
			r.NotificationTargets, changed["notificationTargets"] = emptyToNil(in.NotificationTargets), in.NotificationTargets
		}
		if in.Status != nil && *in.Status != r.Status {
			r.Status, changed["status"] = *in.Status, *in.Status
			if r.Status == StatusResolved {
				r.ResolvedTime = &now
			} else {
				r.ResolvedTime = nil
			}
		}
		if r.Status == StatusResolved {
			engaged = r.Engaged
		}
		if len(changed) == 0 {
			return nil
		}
		r.LastModifiedBy, r.LastModifiedTime = callerARN(sc), now
		d.Body, d.UpdatedAt = encode(r), now.Time
		if err := tx.IncidentDocUpdate(ctx, d); err != nil {
			return err
		}
		if _, ok := changed["status"]; ok {
			index := indexOpen
			if r.Status == StatusResolved {
				index = unindexOpen
			}
			if err := index(ctx, tx, docScope(sc), r); err != nil {
				return err
			}
		}
		return s.addEvent(ctx, tx, docScope(sc), r.Arn, EventTypeUpdate, string(encode(changed)), now, nil)
	})
	if err != nil {
		return err
	}
	return s.stopEngagements(ctx, in.Arn, engaged)
}

// stopEngagements stops a resolved incident's engagements; stopping a
// stopped one does nothing, so a repeated resolution is harmless.
func (s *Service) stopEngagements(ctx context.Context, incidentARN string, engaged map[string]string) error {
	reason := "Incident resolved: " + incidentARN
	contactsInOrder := make([]string, 0, len(engaged))
	for c := range engaged {
		contactsInOrder = append(contactsInOrder, c)
	}
	sort.Strings(contactsInOrder)
	for _, c := range contactsInOrder {
		eng := engaged[c]
		a, ok := contacts.ParseARN(eng)
		if !ok {
			continue
		}
		err := s.engager.StopEngagement(ctx, contacts.Scope{Account: a.Account, Region: a.Region}, eng, &reason)
		if err != nil && contacts.KindOf(err) != contacts.KindNotFound {
			return fmt.Errorf("stopping %s: %w", eng, err)
		}
	}
	return nil
}

// DeleteIncidentRecord deletes an incident with its timeline, related
// items, findings and tags, and stops its engagements. Deleting one that
// does not exist succeeds (the model lists no ResourceNotFoundException).
func (s *Service) DeleteIncidentRecord(ctx context.Context, sc contacts.Scope, arn string) error {
	var engaged map[string]string
	err := s.store.Write(ctx, func(tx contacts.Tx) error {
		r, _, err := loadIncident(ctx, tx, sc, arn)
		if contacts.KindOf(err) == contacts.KindNotFound {
			return nil
		}
		if err != nil {
			return err
		}
		engaged = r.Engaged
		return deleteWithTags(ctx, tx, docScope(sc), kindIncident, arn)
	})
	if err != nil {
		return err
	}
	return s.stopEngagements(ctx, arn, engaged)
}
