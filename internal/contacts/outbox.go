package contacts

import "time"

// MessageKind says why a message was sent.
type MessageKind string

const (
	KindActivation MessageKind = "ACTIVATION"
	KindPage       MessageKind = "PAGE"
)

// MessageStatus is where a message is in its delivery.
type MessageStatus string

const (
	StatusPending MessageStatus = "PENDING" // waiting for (another) delivery attempt
	StatusSending MessageStatus = "SENDING" // handed to a transport, outcome not yet recorded
	StatusSent    MessageStatus = "SENT"
	StatusFailed  MessageStatus = "FAILED"
	// StatusDelivered and StatusUndelivered are what a provider's
	// delivery report (a phone provider's status callback) said after
	// the message was SENT.
	StatusDelivered   MessageStatus = "DELIVERED"
	StatusUndelivered MessageStatus = "UNDELIVERED"
	// StatusCancelled: the engagement stopped before the page was sent.
	StatusCancelled MessageStatus = "CANCELLED"
)

// Message is one message to one channel, kept in the durable outbox with
// the outcome of its delivery.
type Message struct {
	ID          string
	Scope       Scope
	Kind        MessageKind
	ChannelID   string
	ChannelARN  string
	ContactARN  string
	ChannelType ChannelType
	ChannelName string // the channel's name when the message was made
	Address     string
	Sender      string // pages only: the engagement's Sender
	Subject     string
	Body        string
	Code        string // activation code or page accept code

	PageARN       string // pages only
	EngagementARN string // pages only
	AckURL        string // email pages only

	Status            MessageStatus
	Attempts          int
	Error             string
	Transport         string
	ProviderMessageID string
	CreatedAt         time.Time
	UpdatedAt         time.Time
	SentAt            *time.Time
}

// OutboxFilter selects messages for the outbox endpoint, newest first.
type OutboxFilter struct {
	Account    string
	ChannelARN string
	Address    string
	Kind       MessageKind
	Limit      int
}

// Timer is a durable future action: at DueAt the engine performs Kind on
// Ref. Timers are written in the same transaction as the state change that
// implies them.
type Timer struct {
	ID    string
	Kind  TimerKind
	Scope Scope
	Ref   string // what the action is about (a message, an engagement)
	Arg   int    // a kind-specific number (a stage index)
	DueAt time.Time
	// ClaimedAt is set while a worker performs a step that leaves the
	// transaction (a send); a claim older than the lease is void.
	ClaimedAt *time.Time
	// ClaimedBy is the owner of the claim (a replica id), with ClaimedAt.
	ClaimedBy string
}

// TimerKind is the action a timer performs.
type TimerKind string

const (
	// TimerDeliver sends the outbox message Ref.
	TimerDeliver TimerKind = "DELIVER"
	// TimerEscalationStage starts stage Arg of engagement Ref's
	// escalation plan (Arg == number of stages: the plan has run).
	TimerEscalationStage TimerKind = "ESCALATION_STAGE"
	// TimerTrackStage starts stage Arg of track Ref's engagement plan.
	TimerTrackStage TimerKind = "TRACK_STAGE"
)
