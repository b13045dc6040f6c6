package contacts

import (
	"context"
	"errors"
	"time"
)

// Engagement is one StartEngagement: the contact it engaged, the message,
// and the engine's progress through the plan.
type Engagement struct {
	Scope         Scope
	ID            string
	ContactAlias  string
	ContactType   ContactType
	Sender        string
	Subject       string
	Content       string
	PublicSubject *string
	PublicContent *string
	IncidentID    *string
	StartTime     time.Time
	StopTime      *time.Time
	StopReason    string

	// Plan is the engaged contact's plan as it was at the start.
	Plan Plan
	// EscalationDone is true once an escalation plan will start no more
	// stages (all ran, an essential contact acknowledged, or it stopped);
	// always true for personal contacts and on-call schedules.
	EscalationDone bool
	// OpenTracks counts the tracks that may still page someone.
	OpenTracks int
}

// ARN returns the engagement's ARN.
func (e *Engagement) ARN() string { return e.Scope.EngagementARN(e.ContactAlias, e.ID) }

// ContactARN returns the ARN of the engaged contact.
func (e *Engagement) ContactARN() string { return e.Scope.ContactARN(e.ContactAlias) }

// Stopped reports whether the engagement has ended.
func (e *Engagement) Stopped() bool { return e.StopTime != nil }

// ResolutionStep is one node of the path from the engaged contact to a
// paged personal contact (escalation plan > on-call schedule > contact).
type ResolutionStep struct {
	ContactARN string      `json:"contactArn"`
	Type       ContactType `json:"type"`
	StageIndex *int        `json:"stageIndex,omitzero"`
}

// Track is one personal contact being engaged through its own engagement
// plan within an engagement.
type Track struct {
	Scope        Scope
	ID           string
	EngagementID string
	ContactAlias string
	Plan         Plan
	// Path leads from the engaged contact to this personal contact; the
	// personal contact itself is the last step (its StageIndex is the
	// stage of the page, filled in per page).
	Path      []ResolutionStep
	Essential bool
	StartedAt time.Time
	Ended     bool
}

// PageStatus is where a page is.
type PageStatus string

const (
	PagePending PageStatus = "PENDING" // waiting to be sent (first time or retry)
	PageSent    PageStatus = "SENT"
	PageError   PageStatus = "ERROR"   // failed and will not be retried
	PageStopped PageStatus = "STOPPED" // the engagement stopped before it was sent
)

// Page is one engagement of one contact channel.
type Page struct {
	Scope        Scope
	ID           string
	EngagementID string
	TrackID      string
	ContactAlias string
	ChannelID    string
	ChannelType  ChannelType
	// Address is where the page was sent (the channel's address then), so
	// that a reply from a phone finds the pages sent to its number.
	Address    string
	StageIndex int
	AcceptCode string
	Status     PageStatus
	MessageID  string
	// RetryInterval is 0 when failed sends are not retried; retries stop
	// at WindowEnd (the end of the page's stage).
	RetryInterval time.Duration
	WindowEnd     time.Time
	CreatedAt     time.Time
	SentTime      *time.Time
	DeliveryTime  *time.Time
	ReadTime      *time.Time
}

// ARN returns the page's ARN.
func (p *Page) ARN() string { return p.Scope.PageARN(p.ContactAlias, p.ID) }

// ContactARN returns the ARN of the paged contact.
func (p *Page) ContactARN() string { return p.Scope.ContactARN(p.ContactAlias) }

// ChannelARN returns the ARN of the paged channel.
func (p *Page) ChannelARN() string { return p.Scope.ChannelARN(p.ContactAlias, p.ChannelID) }

// PageState is a page with the state of its engagement and track that
// decides whether a send's outcome is recorded on it.
type PageState struct {
	Page *Page
	// EngagementStopTime is the engagement's StopTime; nil while it runs.
	EngagementStopTime *time.Time
	// TrackEnded is the track's Ended.
	TrackEnded bool
}

// ReceiptType is SENT, DELIVERED, READ, ERROR or STOP.
type ReceiptType string

const (
	ReceiptSent      ReceiptType = "SENT"
	ReceiptDelivered ReceiptType = "DELIVERED"
	ReceiptRead      ReceiptType = "READ"
	ReceiptError     ReceiptType = "ERROR"
	ReceiptStop      ReceiptType = "STOP"
)

// Receipt records one event of a page.
type Receipt struct {
	Scope      Scope
	PageID     string
	Seq        int
	Type       ReceiptType
	ChannelARN string
	Info       string
	Time       time.Time
}

// FindEngagement loads the engagement named by ARN id in scope sc.
// Errors: KindNotFound.
func FindEngagement(ctx context.Context, tx Tx, sc Scope, id string) (*Engagement, error) {
	a, ok := resolve(sc, id, arnEngagement)
	if !ok {
		return nil, notFound(ResourceEngagement, id, "Engagement")
	}
	e, err := tx.EngagementGet(ctx, sc, a.ID)
	if errors.Is(err, ErrNotFound) || (err == nil && e.ContactAlias != a.Alias) {
		return nil, notFound(ResourceEngagement, id, "Engagement")
	}
	return e, err
}

// FindPage loads the page named by ARN id in scope sc. Errors:
// KindNotFound.
func FindPage(ctx context.Context, tx Tx, sc Scope, id string) (*Page, error) {
	a, ok := resolve(sc, id, arnPage)
	if !ok {
		return nil, notFound(ResourcePage, id, "Page")
	}
	p, err := tx.PageGet(ctx, sc, a.ID)
	if errors.Is(err, ErrNotFound) || (err == nil && p.ContactAlias != a.Alias) {
		return nil, notFound(ResourcePage, id, "Page")
	}
	return p, err
}
