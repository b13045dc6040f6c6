package incidents

import (
	"encoding/json"
	"math"
	"strconv"
	"time"
)

// Time is a timestamp as restJson1 bodies carry it: epoch seconds with a
// fraction, kept to the millisecond.
type Time struct{ time.Time }

// At returns t as a Time, truncated to the millisecond.
func At(t time.Time) Time { return Time{t.UTC().Truncate(time.Millisecond)} }

func (t Time) MarshalJSON() ([]byte, error) {
	return []byte(strconv.FormatFloat(float64(t.UnixMilli())/1e3, 'f', -1, 64)), nil
}

func (t *Time) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return err
	}
	t.Time = time.UnixMilli(int64(math.Round(f * 1e3))).UTC()
	return nil
}

// ReplicationSet is the account's replication set.
type ReplicationSet struct {
	Arn               string                `json:"arn"`
	CreatedBy         string                `json:"createdBy"`
	CreatedTime       Time                  `json:"createdTime"`
	DeletionProtected bool                  `json:"deletionProtected"`
	LastModifiedBy    string                `json:"lastModifiedBy"`
	LastModifiedTime  Time                  `json:"lastModifiedTime"`
	RegionMap         map[string]RegionInfo `json:"regionMap"`
	Status            string                `json:"status"`
}

// RegionInfo is one region of a replication set.
type RegionInfo struct {
	SseKmsKeyID          string `json:"sseKmsKeyId,omitempty"`
	Status               string `json:"status"`
	StatusMessage        string `json:"statusMessage,omitempty"`
	StatusUpdateDateTime Time   `json:"statusUpdateDateTime"`
}

// IncidentTemplate is a response plan's template for the incidents it opens.
type IncidentTemplate struct {
	DedupeString        *string           `json:"dedupeString,omitempty"`
	Impact              int               `json:"impact"`
	IncidentTags        map[string]string `json:"incidentTags,omitempty"`
	NotificationTargets json.RawMessage   `json:"notificationTargets,omitempty"`
	Summary             *string           `json:"summary,omitempty"`
	Title               string            `json:"title"`
}

// ResponsePlan is a stored response plan (GetResponsePlan's output).
type ResponsePlan struct {
	Actions          json.RawMessage  `json:"actions,omitempty"`
	Arn              string           `json:"arn"`
	ChatChannel      json.RawMessage  `json:"chatChannel,omitempty"`
	DisplayName      *string          `json:"displayName,omitempty"`
	Engagements      []string         `json:"engagements,omitempty"`
	IncidentTemplate IncidentTemplate `json:"incidentTemplate"`
	Integrations     json.RawMessage  `json:"integrations,omitempty"`
	Name             string           `json:"name"`
}

// IncidentRecordSource says who opened an incident and how.
type IncidentRecordSource struct {
	CreatedBy   string  `json:"createdBy"`
	InvokedBy   *string `json:"invokedBy,omitempty"`
	ResourceArn *string `json:"resourceArn,omitempty"`
	Source      string  `json:"source"`
}

// IncidentRecord is a stored incident.
type IncidentRecord struct {
	Arn                  string               `json:"arn"`
	AutomationExecutions json.RawMessage      `json:"automationExecutions,omitempty"`
	ChatChannel          json.RawMessage      `json:"chatChannel,omitempty"`
	CreationTime         Time                 `json:"creationTime"`
	DedupeString         string               `json:"dedupeString"`
	Impact               int                  `json:"impact"`
	IncidentRecordSource IncidentRecordSource `json:"incidentRecordSource"`
	LastModifiedBy       string               `json:"lastModifiedBy"`
	LastModifiedTime     Time                 `json:"lastModifiedTime"`
	NotificationTargets  json.RawMessage      `json:"notificationTargets,omitempty"`
	ResolvedTime         *Time                `json:"resolvedTime,omitempty"`
	Status               string               `json:"status"`
	Summary              *string              `json:"summary,omitempty"`
	Title                string               `json:"title"`
}

// Incident statuses.
const (
	StatusOpen     = "OPEN"
	StatusResolved = "RESOLVED"
)

// IncidentRecordSummary is a ListIncidentRecords entry.
type IncidentRecordSummary struct {
	Arn                  string               `json:"arn"`
	CreationTime         Time                 `json:"creationTime"`
	Impact               int                  `json:"impact"`
	IncidentRecordSource IncidentRecordSource `json:"incidentRecordSource"`
	ResolvedTime         *Time                `json:"resolvedTime,omitempty"`
	Status               string               `json:"status"`
	Title                string               `json:"title"`
}

// EventReference is a timeline event's reference (a union).
type EventReference struct {
	RelatedItemID *string `json:"relatedItemId,omitempty"`
	Resource      *string `json:"resource,omitempty"`
}

// TimelineEvent is one event of an incident's timeline.
type TimelineEvent struct {
	EventData         string           `json:"eventData"`
	EventID           string           `json:"eventId"`
	EventReferences   []EventReference `json:"eventReferences,omitempty"`
	EventTime         Time             `json:"eventTime"`
	EventType         string           `json:"eventType"`
	EventUpdatedTime  Time             `json:"eventUpdatedTime"`
	IncidentRecordArn string           `json:"incidentRecordArn"`
}

// EventSummary is a ListTimelineEvents entry.
type EventSummary struct {
	EventID           string           `json:"eventId"`
	EventReferences   []EventReference `json:"eventReferences,omitempty"`
	EventTime         Time             `json:"eventTime"`
	EventType         string           `json:"eventType"`
	EventUpdatedTime  Time             `json:"eventUpdatedTime"`
	IncidentRecordArn string           `json:"incidentRecordArn"`
}

// ItemValue is a related item's value (a union).
type ItemValue struct {
	Arn                     *string         `json:"arn,omitempty"`
	MetricDefinition        *string         `json:"metricDefinition,omitempty"`
	PagerDutyIncidentDetail json.RawMessage `json:"pagerDutyIncidentDetail,omitempty"`
	URL                     *string         `json:"url,omitempty"`
}

// ItemIdentifier names a related item.
type ItemIdentifier struct {
	Type  string    `json:"type"`
	Value ItemValue `json:"value"`
}

// RelatedItem is an item related to an incident.
type RelatedItem struct {
	GeneratedID *string        `json:"generatedId,omitempty"`
	Identifier  ItemIdentifier `json:"identifier"`
	Title       *string        `json:"title,omitempty"`
}

// Finding is something recorded as a possible cause of an incident.
type Finding struct {
	CreationTime     Time            `json:"creationTime"`
	Details          json.RawMessage `json:"details,omitempty"`
	ID               string          `json:"id"`
	LastModifiedTime Time            `json:"lastModifiedTime"`
}

// ResourcePolicy is a policy attached to a response plan.
type ResourcePolicy struct {
	PolicyDocument         string `json:"policyDocument"`
	PolicyID               string `json:"policyId"`
	RAMResourceShareRegion string `json:"ramResourceShareRegion"`
}
