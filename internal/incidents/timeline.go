package incidents

import (
	"context"
	"errors"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// addEvent writes a timeline event of incident arn.
func (s *Service) addEvent(ctx context.Context, tx contacts.Tx, ds contacts.Scope, arn, eventType, data string, at Time, refs []EventReference) error {
	_, err := s.insertEvent(ctx, tx, ds, arn, eventType, data, at, refs)
	return err
}

func (s *Service) insertEvent(ctx context.Context, tx contacts.Tx, ds contacts.Scope, arn, eventType, data string, at Time, refs []EventReference) (string, error) {
	now := At(s.clock.Now())
	ev := TimelineEvent{EventData: data, EventID: s.newID(), EventReferences: refs, EventTime: at, EventType: eventType, EventUpdatedTime: now, IncidentRecordArn: arn}
	return ev.EventID, tx.IncidentDocInsert(ctx, &contacts.IncidentDoc{Scope: ds, Kind: kindEvent, ID: ev.EventID, Parent: arn,
		SortKey: timeKey(at) + ev.EventID, Body: encode(ev), CreatedAt: now.Time, UpdatedAt: now.Time})
}

// CreateTimelineEventInput is CreateTimelineEvent's request.
type CreateTimelineEventInput struct {
	ClientToken       *string          `json:"clientToken,omitempty"`
	EventData         string           `json:"eventData"`
	EventReferences   []EventReference `json:"eventReferences,omitempty"`
	EventTime         Time             `json:"eventTime"`
	EventType         string           `json:"eventType"`
	IncidentRecordArn string           `json:"incidentRecordArn"`
}

// CreateTimelineEventOutput is CreateTimelineEvent's response.
type CreateTimelineEventOutput struct {
	EventID           string `json:"eventId"`
	IncidentRecordArn string `json:"incidentRecordArn"`
}

// CreateTimelineEvent adds an event to an incident's timeline. Errors:
// KindNotFound (incident), KindValidation.
func (s *Service) CreateTimelineEvent(ctx context.Context, sc contacts.Scope, in CreateTimelineEventInput) (*CreateTimelineEventOutput, error) {
	if err := checkRefs(in.EventReferences); err != nil {
		return nil, err
	}
	var id string
	err := s.store.Write(ctx, func(tx contacts.Tx) error {
		var err error
		id, err = s.idempotent(ctx, tx, sc, "CreateTimelineEvent", in.ClientToken, in, func() (string, error) {
			if _, _, err := loadIncident(ctx, tx, sc, in.IncidentRecordArn); err != nil {
				return "", err
			}
			return s.insertEvent(ctx, tx, docScope(sc), in.IncidentRecordArn, in.EventType, in.EventData, in.EventTime, in.EventReferences)
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &CreateTimelineEventOutput{EventID: id, IncidentRecordArn: in.IncidentRecordArn}, nil
}

func checkRefs(refs []EventReference) error {
	for _, r := range refs {
		if (r.RelatedItemID == nil) == (r.Resource == nil) {
			return invalid("An event reference takes exactly one of relatedItemId or resource")
		}
	}
	return nil
}

// loadEvent loads an event of an incident of the caller's account.
func loadEvent(ctx context.Context, tx contacts.Tx, sc contacts.Scope, incidentARN, id string) (*TimelineEvent, *contacts.IncidentDoc, error) {
	if _, _, err := loadIncident(ctx, tx, sc, incidentARN); err != nil {
		return nil, nil, err
	}
	ev, d, err := getDoc[TimelineEvent](ctx, tx, docScope(sc), kindEvent, id)
	if errors.Is(err, contacts.ErrNotFound) || (err == nil && d.Parent != incidentARN) {
		return nil, nil, notFound(ResourceTimelineEvent, id, "Timeline event")
	}
	return ev, d, err
}

// GetTimelineEventOutput is GetTimelineEvent's response.
type GetTimelineEventOutput struct {
	Event TimelineEvent `json:"event"`
}

// GetTimelineEvent returns an event. Errors: KindNotFound.
func (s *Service) GetTimelineEvent(ctx context.Context, sc contacts.Scope, incidentARN, id string) (*GetTimelineEventOutput, error) {
	var out GetTimelineEventOutput
	err := s.read(ctx, func(tx contacts.Tx) error {
		ev, _, err := loadEvent(ctx, tx, sc, incidentARN, id)
		if err == nil {
			out.Event = *ev
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ListTimelineEventsInput is ListTimelineEvents' request.
type ListTimelineEventsInput struct {
	Filters           []Filter `json:"filters,omitempty"`
	IncidentRecordArn string   `json:"incidentRecordArn"`
	MaxResults        *int     `json:"maxResults,omitempty"`
	NextToken         *string  `json:"nextToken,omitempty"`
	SortBy            *string  `json:"sortBy,omitempty"`
	SortOrder         *string  `json:"sortOrder,omitempty"`
}

// ListTimelineEventsOutput is ListTimelineEvents' response.
type ListTimelineEventsOutput struct {
	EventSummaries []EventSummary `json:"eventSummaries"`
	NextToken      *string        `json:"nextToken,omitempty"`
}

// ListTimelineEvents lists an incident's events by event time (descending
// unless sortOrder is ASCENDING), filtered by eventTime (after, before)
// and eventType (equals). An unknown incident has no events.
func (s *Service) ListTimelineEvents(ctx context.Context, sc contacts.Scope, in ListTimelineEventsInput) (*ListTimelineEventsOutput, error) {
	match, err := compileFilters(in.Filters, []string{"eventTime"}, nil, []string{"eventType"})
	if err != nil {
		return nil, err
	}
	out := &ListTimelineEventsOutput{EventSummaries: []EventSummary{}}
	err = s.read(ctx, func(tx contacts.Tx) error {
		if a, ok := parseARN(sc, in.IncidentRecordArn); !ok || a.Type != "incident-record" {
			return nil
		}
		evs, docs, err := listDocs[TimelineEvent](ctx, tx, docScope(sc), kindEvent, in.IncidentRecordArn)
		if err != nil {
			return err
		}
		desc := in.SortOrder == nil || *in.SortOrder != "ASCENDING"
		if desc {
			for i, j := 0, len(evs)-1; i < j; i, j = i+1, j-1 {
				evs[i], evs[j] = evs[j], evs[i]
				docs[i], docs[j] = docs[j], docs[i]
			}
		}
		var kept []*TimelineEvent
		var keys []string
		for i, e := range evs {
			et := e.EventTime
			if match(map[string]*Time{"eventTime": &et}, nil, map[string]string{"eventType": e.EventType}) {
				kept, keys = append(kept, e), append(keys, position(docs[i]))
			}
		}
		filter := in.IncidentRecordArn + string(encode(in.Filters))
		if in.SortOrder != nil {
			filter += *in.SortOrder
		}
		from, to, next, err := s.page("ListTimelineEvents", sc, filter, keys, desc, in.NextToken, in.MaxResults)
		if err != nil {
			return err
		}
		for _, e := range kept[from:to] {
			out.EventSummaries = append(out.EventSummaries, EventSummary{EventID: e.EventID, EventReferences: e.EventReferences,
				EventTime: e.EventTime, EventType: e.EventType, EventUpdatedTime: e.EventUpdatedTime, IncidentRecordArn: e.IncidentRecordArn})
		}
		out.NextToken = next
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateTimelineEventInput is UpdateTimelineEvent's request.
type UpdateTimelineEventInput struct {
	ClientToken       *string           `json:"clientToken,omitempty"`
	EventData         *string           `json:"eventData,omitempty"`
	EventID           string            `json:"eventId"`
	EventReferences   *[]EventReference `json:"eventReferences,omitempty"`
	EventTime         *Time             `json:"eventTime,omitempty"`
	EventType         *string           `json:"eventType,omitempty"`
	IncidentRecordArn string            `json:"incidentRecordArn"`
}

// serviceEvent reports an event type the service writes itself.
func serviceEvent(eventType string) bool {
	return eventType == EventTypeTrigger || eventType == EventTypeUpdate
}

// UpdateTimelineEvent changes an event created with CreateTimelineEvent
// (AWS updates only custom events); eventReferences replaces all of them.
// Errors: KindNotFound, KindValidation.
func (s *Service) UpdateTimelineEvent(ctx context.Context, sc contacts.Scope, in UpdateTimelineEventInput) error {
	if in.EventReferences != nil {
		if err := checkRefs(*in.EventReferences); err != nil {
			return err
		}
	}
	return s.store.Write(ctx, func(tx contacts.Tx) error {
		ev, d, err := loadEvent(ctx, tx, sc, in.IncidentRecordArn, in.EventID)
		if err != nil {
			return err
		}
		if serviceEvent(ev.EventType) {
			return invalid("Event %s is of type %s, which Incident Manager writes itself: only the events created with CreateTimelineEvent can be updated", ev.EventID, ev.EventType)
		}
		if in.EventData != nil {
			ev.EventData = *in.EventData
		}
		if in.EventReferences != nil {
			ev.EventReferences = *in.EventReferences
		}
		if in.EventTime != nil {
			ev.EventTime = *in.EventTime
		}
		if in.EventType != nil {
			ev.EventType = *in.EventType
		}
		now := At(s.clock.Now())
		ev.EventUpdatedTime = now
		d.Body, d.SortKey, d.UpdatedAt = encode(ev), timeKey(ev.EventTime)+ev.EventID, now.Time
		return tx.IncidentDocUpdate(ctx, d)
	})
}

// DeleteTimelineEvent deletes an event; deleting one that does not exist
// succeeds (the model lists no ResourceNotFoundException).
func (s *Service) DeleteTimelineEvent(ctx context.Context, sc contacts.Scope, incidentARN, id string) error {
	return s.store.Write(ctx, func(tx contacts.Tx) error {
		_, _, err := loadEvent(ctx, tx, sc, incidentARN, id)
		if contacts.KindOf(err) == contacts.KindNotFound {
			return nil
		}
		if err != nil {
			return err
		}
		return tx.IncidentDocDelete(ctx, docScope(sc), kindEvent, id)
	})
}
