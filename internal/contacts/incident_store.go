package contacts

import (
	"context"
	"time"
)

// IncidentDoc is one stored ssm-incidents resource (a replication set, a
// response plan, an incident record, a timeline event, a related item, a
// resource policy, an alert token): its keys as columns, its body as the
// JSON document the incidents domain owns. The incidents package
// (internal/incidents) defines the kinds and the bodies; the store only
// keeps them, scoped like every other resource.
type IncidentDoc struct {
	Scope Scope
	Kind  string
	// ID is unique within (Scope, Kind): an ARN, or an id under Parent.
	ID string
	// Parent is the ARN the document belongs to (an incident record's
	// for its events and related items); empty for top-level resources.
	Parent string
	// SortKey orders a list (ascending, then by ID).
	SortKey   string
	Body      []byte
	CreatedAt time.Time
	UpdatedAt time.Time
}

// IncidentTx stores ssm-incidents documents.
type IncidentTx interface {
	// IncidentDocInsert returns ErrDuplicate when (Scope, Kind, ID) exists.
	IncidentDocInsert(ctx context.Context, d *IncidentDoc) error
	// IncidentDocGet returns ErrNotFound.
	IncidentDocGet(ctx context.Context, s Scope, kind, id string) (*IncidentDoc, error)
	// IncidentDocUpdate rewrites SortKey, Body and UpdatedAt; ErrNotFound.
	IncidentDocUpdate(ctx context.Context, d *IncidentDoc) error
	// IncidentDocDelete removes the document and every document whose
	// Parent is its ID; ErrNotFound.
	IncidentDocDelete(ctx context.Context, s Scope, kind, id string) error
	// IncidentDocList returns the documents of kind in scope under parent
	// (empty parent: all of the kind) ordered by (SortKey, ID).
	IncidentDocList(ctx context.Context, s Scope, kind, parent string) ([]*IncidentDoc, error)
}
