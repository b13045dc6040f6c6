package contacts

import (
	"context"
	"time"
)

// Store is the persistence the domain consumes. Backends (SQLite,
// PostgreSQL) implement it and pass one conformance suite.
type Store interface {
	// Read runs fn against a consistent snapshot.
	Read(ctx context.Context, fn func(Tx) error) error
	// Write runs fn in a read-write transaction, committed (durably) when
	// fn returns nil and rolled back otherwise. After a commit that
	// inserted timers or released claims, and before Write returns, the
	// store raises DueSignal with the earliest of their due times.
	Write(ctx context.Context, fn func(Tx) error) error
	// DueSignal is raised after each commit that made timers due.
	DueSignal() *DueSignal
	// Secret returns a random 32-byte secret stored under name, creating
	// it on first use; it survives restarts.
	Secret(ctx context.Context, name string) ([]byte, error)
}

// Tx is what one transaction can do. Methods return ErrNotFound and
// ErrDuplicate for the conditions they document, other errors are
// internal.
type Tx interface {
	ContactTx
	ChannelTx
	TagTx
	IdempotencyTx
	OutboxTx
	TimerTx
	EngagementTx
	RotationTx
	FeedTx
	IncidentTx
}

// ContactTx stores contacts.
type ContactTx interface {
	// ContactInsert returns ErrDuplicate when the alias is taken in the scope.
	ContactInsert(ctx context.Context, c *Contact) error
	// ContactGet returns ErrNotFound.
	ContactGet(ctx context.Context, s Scope, alias string) (*Contact, error)
	ContactList(ctx context.Context, p ContactListParams) ([]*Contact, error)
	// ContactUpdate rewrites display name, plan, policy and UpdatedAt;
	// ErrNotFound.
	ContactUpdate(ctx context.Context, c *Contact) error
	// ContactDelete removes the contact and its channels; ErrNotFound.
	ContactDelete(ctx context.Context, s Scope, alias string) error
}

// ContactListParams filters and pages ListContacts, ordered by alias.
type ContactListParams struct {
	Scope       Scope
	AliasPrefix string
	Type        ContactType // empty: all types
	AfterAlias  string      // exclusive; empty: from the start
	Limit       int
}

// TagTx stores tags per resource ARN.
type TagTx interface {
	// TagsGet returns the tags of resource, ordered by key.
	TagsGet(ctx context.Context, s Scope, resourceARN string) ([]Tag, error)
	// TagsReplace makes tags the complete tag set of resource.
	TagsReplace(ctx context.Context, s Scope, resourceARN string, tags []Tag) error
}

// IdempotencyRecord remembers the outcome of a create called with a token.
type IdempotencyRecord struct {
	Scope       Scope
	Operation   string
	Token       string
	RequestHash string
	Result      string
	CreatedAt   time.Time
}

// IdempotencyTx stores idempotency records.
type IdempotencyTx interface {
	// IdempotencyGet returns ErrNotFound.
	IdempotencyGet(ctx context.Context, s Scope, operation, token string) (*IdempotencyRecord, error)
	// IdempotencyPut inserts the record, replacing an expired one.
	IdempotencyPut(ctx context.Context, r *IdempotencyRecord) error
}

// ChannelTx stores contact channels.
type ChannelTx interface {
	ChannelInsert(ctx context.Context, c *Channel) error
	// ChannelGet returns ErrNotFound.
	ChannelGet(ctx context.Context, s Scope, id string) (*Channel, error)
	// ChannelList returns a contact's channels in creation order.
	ChannelList(ctx context.Context, p ChannelListParams) ([]*Channel, error)
	// ChannelUpdate rewrites every mutable field; ErrNotFound.
	ChannelUpdate(ctx context.Context, c *Channel) error
	// ChannelDelete returns ErrNotFound.
	ChannelDelete(ctx context.Context, s Scope, id string) error
	// ChannelListByAddress returns the channels of type typ with address,
	// in every scope (a phone number belongs to whoever holds the phone),
	// ordered by scope, then (CreatedAt, ID).
	ChannelListByAddress(ctx context.Context, typ ChannelType, address string) ([]*Channel, error)
}

// ChannelListParams pages a contact's channels, ordered by (CreatedAt, ID).
type ChannelListParams struct {
	Scope        Scope
	ContactAlias string
	// After is the (CreatedAt, ID) position to continue after; zero: start.
	AfterCreated time.Time
	AfterID      string
	Limit        int
}

// OutboxTx stores messages.
type OutboxTx interface {
	OutboxInsert(ctx context.Context, m *Message) error
	// OutboxGet returns ErrNotFound.
	OutboxGet(ctx context.Context, id string) (*Message, error)
	// OutboxUpdate rewrites status, attempts, error, transport, provider
	// id, UpdatedAt and SentAt; ErrNotFound.
	OutboxUpdate(ctx context.Context, m *Message) error
	// OutboxList returns messages newest first.
	OutboxList(ctx context.Context, f OutboxFilter) ([]*Message, error)
	// OutboxClear deletes every message and returns how many there were.
	OutboxClear(ctx context.Context) (int, error)
}

// TimerTx stores timers.
type TimerTx interface {
	TimerInsert(ctx context.Context, t *Timer) error
	// TimerNextDue returns the earliest time at which a timer can be
	// claimed: its due time when unclaimed, and no earlier than the first
	// instant its claim is void (claimed at + lease + 1 ms, see
	// TimerClaim) when claimed; nil when there are no timers.
	TimerNextDue(ctx context.Context, lease time.Duration) (*time.Time, error)
	// TimerDue returns up to limit timers due at now, oldest first,
	// that are unclaimed or claimed before leaseExpired. (PostgreSQL:
	// SELECT … FOR UPDATE SKIP LOCKED.)
	TimerDue(ctx context.Context, now, leaseExpired time.Time, limit int) ([]*Timer, error)
	// TimerClaim marks a timer claimed by owner at now unless another
	// claim made after leaseExpired holds it; ErrNotFound when the timer
	// is gone or held (a compare-and-set, so two workers never both claim
	// a row).
	TimerClaim(ctx context.Context, id, owner string, now, leaseExpired time.Time) error
	// TimerDelete returns ErrNotFound.
	TimerDelete(ctx context.Context, id string) error
	// TimerReleaseAll voids every claim (at start-up of a single node);
	// the released timers count as made due now for DueSignal.
	TimerReleaseAll(ctx context.Context) error
	TimerClaimTx
}

// TimerClaimTx is what a claim's owner does with it while the step that
// left the transaction (a send) runs, and after. Owners are replica ids: a
// claim another owner took over (once this one's lease expired) is no
// longer this owner's, so nothing it does can touch the new claim.
type TimerClaimTx interface {
	// TimerRenewClaims moves every claim owner holds to now (its lease
	// starts again) and returns how many there were: a live owner's
	// heartbeat, so that only a dead owner's claims expire.
	TimerRenewClaims(ctx context.Context, owner string, now time.Time) (int, error)
	// TimerDeleteClaimed deletes a timer that owner holds claimed, or that
	// no owner holds (unclaimed, or claimed without an owner); ErrNotFound
	// when it is gone or another owner claimed it (a compare-and-set on
	// the owner).
	TimerDeleteClaimed(ctx context.Context, id, owner string) error
	// TimerReleaseClaims voids every claim owner holds and returns how
	// many there were (an owner shutting down, so that another takes its
	// sends over at once); the released timers count as made due now for
	// DueSignal.
	TimerReleaseClaims(ctx context.Context, owner string) (int, error)
}

// EngagementTx stores engagements, their tracks, pages and receipts.
type EngagementTx interface {
	EngagementInsert(ctx context.Context, e *Engagement) error
	// EngagementGet returns ErrNotFound.
	EngagementGet(ctx context.Context, s Scope, id string) (*Engagement, error)
	// EngagementUpdate rewrites stop time and reason, EscalationDone and
	// OpenTracks; ErrNotFound.
	EngagementUpdate(ctx context.Context, e *Engagement) error
	// EngagementList returns engagements newest first (StartTime, then ID
	// descending).
	EngagementList(ctx context.Context, p EngagementListParams) ([]*Engagement, error)

	TrackInsert(ctx context.Context, t *Track) error
	// TrackGet returns ErrNotFound.
	TrackGet(ctx context.Context, s Scope, id string) (*Track, error)
	// TrackEnd marks a track ended; ErrNotFound.
	TrackEnd(ctx context.Context, s Scope, id string) error
	// TrackListOpen returns an engagement's tracks that have not ended.
	TrackListOpen(ctx context.Context, s Scope, engagementID string) ([]*Track, error)

	PageInsert(ctx context.Context, p *Page) error
	// PageGet returns ErrNotFound.
	PageGet(ctx context.Context, s Scope, id string) (*Page, error)
	// PageGetState returns a page with its engagement's StopTime and
	// whether its track has ended, in one read: what recording a send's
	// outcome needs, without loading (and decoding) the engagement and the
	// track. ErrNotFound when the page, its engagement or its track is
	// gone.
	PageGetState(ctx context.Context, s Scope, id string) (*PageState, error)
	// PageUpdate rewrites status and the three times; ErrNotFound.
	PageUpdate(ctx context.Context, p *Page) error
	// PageList returns pages in creation order (CreatedAt, ID).
	PageList(ctx context.Context, p PageListParams) ([]*Page, error)
	// PageListOpenTo returns, in every scope, the pages sent to address
	// (Page.Address) that are still open: sent at least once, not read,
	// not stopped, of an engagement not stopped, and of a track none of
	// whose pages has been read. Newest first (CreatedAt, ID descending),
	// at most limit.
	PageListOpenTo(ctx context.Context, address string, limit int) ([]*Page, error)

	ReceiptInsert(ctx context.Context, r *Receipt) error
	// ReceiptList returns a page's receipts in the order they happened.
	ReceiptList(ctx context.Context, s Scope, pageID string, afterSeq, limit int) ([]*Receipt, error)
}

// EngagementListParams filters and pages ListEngagements.
type EngagementListParams struct {
	Scope      Scope
	IncidentID *string
	From, To   *time.Time // StartTime within [From, To]
	// Before is the (StartTime, ID) position to continue after, newest
	// first; zero: from the newest.
	BeforeStart time.Time
	BeforeID    string
	Limit       int
}

// PageListParams selects pages of one engagement or one contact.
type PageListParams struct {
	Scope        Scope
	EngagementID string // one of EngagementID
	ContactAlias string // and ContactAlias
	// Pending selects pages whose status is PENDING only.
	Pending      bool
	AfterCreated time.Time
	AfterID      string
	Limit        int
}

// RotationTx stores rotations and their overrides.
type RotationTx interface {
	RotationInsert(ctx context.Context, r *Rotation) error
	// RotationGet returns ErrNotFound.
	RotationGet(ctx context.Context, s Scope, id string) (*Rotation, error)
	// RotationUpdate rewrites the settings, history and UpdatedAt;
	// ErrNotFound.
	RotationUpdate(ctx context.Context, r *Rotation) error
	// RotationDelete removes a rotation with its overrides; ErrNotFound.
	RotationDelete(ctx context.Context, s Scope, id string) error
	// RotationList returns rotations ordered by (Name, ID).
	RotationList(ctx context.Context, p RotationListParams) ([]*Rotation, error)
	// RotationsWithMember returns the ids of the rotations whose current
	// members include contactARN.
	RotationsWithMember(ctx context.Context, s Scope, contactARN string) ([]string, error)

	OverrideInsert(ctx context.Context, o *Override) error
	// OverrideGet returns ErrNotFound.
	OverrideGet(ctx context.Context, s Scope, rotationID, id string) (*Override, error)
	// OverrideUpdate rewrites NewContactIDs, Start and End; ErrNotFound.
	OverrideUpdate(ctx context.Context, o *Override) error
	// OverrideDelete returns ErrNotFound.
	OverrideDelete(ctx context.Context, s Scope, rotationID, id string) error
	// OverrideList returns a rotation's overrides that overlap [From, To)
	// (all of them for zero times), oldest first by creation: by
	// CreatedAt, then in the order they were inserted.
	OverrideList(ctx context.Context, s Scope, rotationID string, from, to time.Time) ([]*Override, error)
}

// RotationListParams filters and pages ListRotations.
type RotationListParams struct {
	Scope      Scope
	NamePrefix string
	AfterName  string
	AfterID    string
	Limit      int
}

// StepWriter is a Store that runs the engine's steps in a mode of its own:
// WriteStep is Write for a step's transaction. PostgreSQL runs them under
// snapshot isolation with the engagement and track the step reads locked,
// where SERIALIZABLE's predicate locks made unrelated steps collide; the
// engine uses Write where a store has no WriteStep.
type StepWriter interface {
	WriteStep(ctx context.Context, fn func(Tx) error) error
}

// SharedStore is a Store that several server processes (replicas) use at
// once, such as PostgreSQL. On it a claim is a lease that only expires: no
// process may void the claims of the others, so the engine never calls
// TimerReleaseAll on a shared store.
type SharedStore interface {
	Store
	// Shared reports whether other processes may use the store at once.
	Shared() bool
}
