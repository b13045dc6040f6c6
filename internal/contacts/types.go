package contacts

import "time"

// ContactType is PERSONAL, ESCALATION or ONCALL_SCHEDULE.
type ContactType string

const (
	Personal       ContactType = "PERSONAL"
	Escalation     ContactType = "ESCALATION"
	OnCallSchedule ContactType = "ONCALL_SCHEDULE"
)

// Contact is a personal contact, an escalation plan or an on-call schedule.
// Its ARN is its alias inside its scope.
type Contact struct {
	Scope       Scope
	Alias       string
	DisplayName *string
	Type        ContactType
	Plan        Plan
	Policy      *string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// ARN returns the contact's ARN.
func (c *Contact) ARN() string { return c.Scope.ContactARN(c.Alias) }

// Plan is a contact's engagement plan (PERSONAL: stages of channels),
// escalation plan (ESCALATION: stages of contacts) or list of rotations
// (ONCALL_SCHEDULE). It is stored and echoed exactly as given: nil and empty
// lists are kept apart.
type Plan struct {
	Stages      []Stage  `json:"stages"`
	RotationIDs []string `json:"rotationIds,omitzero"`
}

// Stage is one step of a plan.
type Stage struct {
	DurationInMinutes int      `json:"durationInMinutes"`
	Targets           []Target `json:"targets"`
}

// Target is exactly one of a channel (personal plans) or a contact
// (escalation plans).
type Target struct {
	Channel *ChannelTarget `json:"channel,omitzero"`
	Contact *ContactTarget `json:"contact,omitzero"`
}

// ChannelTarget engages one of the contact's own channels.
type ChannelTarget struct {
	ChannelID              string `json:"channelId"`
	RetryIntervalInMinutes *int   `json:"retryIntervalInMinutes,omitzero"`
}

// ContactTarget engages another contact through its own plan.
type ContactTarget struct {
	ContactID   *string `json:"contactId,omitzero"`
	IsEssential bool    `json:"isEssential"`
}

// Tag is a key-value pair on a contact or rotation.
type Tag struct {
	Key   string
	Value string
}
