package contacts

import (
	"errors"
	"fmt"
)

// Kind is the closed set of ways an operation can fail. The API layer maps
// each kind to exactly one AWS error code and HTTP status.
type Kind int

const (
	KindInternal Kind = iota
	KindValidation
	KindNotFound
	KindConflict
	KindQuotaExceeded
	KindAccessDenied
	KindThrottling
)

func (k Kind) String() string {
	switch k {
	case KindValidation:
		return "validation"
	case KindNotFound:
		return "not-found"
	case KindConflict:
		return "conflict"
	case KindQuotaExceeded:
		return "quota-exceeded"
	case KindAccessDenied:
		return "access-denied"
	case KindThrottling:
		return "throttling"
	default:
		return "internal"
	}
}

// Validation reasons, as the model's ValidationExceptionReason enumerates.
const (
	ReasonFieldValidationFailed = "FIELD_VALIDATION_FAILED"
	ReasonOther                 = "OTHER"
	ReasonCannotParse           = "CANNOT_PARSE"
	ReasonUnknownOperation      = "UNKNOWN_OPERATION"
)

// Resource types reported in ResourceId/ResourceType error members.
const (
	ResourceContact        = "CONTACT"
	ResourceContactChannel = "CONTACT_CHANNEL"
	ResourceRotation       = "ROTATION"
	ResourceOverride       = "ROTATION_OVERRIDE"
	ResourceEngagement     = "ENGAGEMENT"
	ResourcePage           = "PAGE"
	ResourceIdempotency    = "IDEMPOTENCY_TOKEN"
)

// FieldError names one invalid field of a request.
type FieldError struct {
	Name    string
	Message string
}

// DependentEntity lists resources that depend on the one being changed.
type DependentEntity struct {
	RelationType         string
	DependentResourceIDs []string
}

// Error is the only error type operations return to callers (anything else
// is an internal error).
type Error struct {
	Kind    Kind
	Message string

	ResourceID   string
	ResourceType string

	// Validation details.
	Reason string
	Fields []FieldError

	// Conflict details.
	DependentEntities []DependentEntity

	// Quota details.
	QuotaCode string
}

func (e *Error) Error() string { return e.Kind.String() + ": " + e.Message }

// KindOf returns the kind of err: the Kind of an *Error in its chain, or
// KindInternal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// Invalidf is a business-rule validation failure, worded as AWS words them:
// "Invalid value provided - <reason>".
func Invalidf(format string, args ...any) *Error {
	return &Error{Kind: KindValidation, Reason: ReasonOther, Message: "Invalid value provided - " + fmt.Sprintf(format, args...)}
}

// NotFound reports that the resource id of resourceType ("Contact",
// "Page"…: what) does not exist in the caller's scope.
func NotFound(resourceType, id, what string) *Error { return notFound(resourceType, id, what) }

func notFound(resourceType, id, what string) *Error {
	return &Error{Kind: KindNotFound, ResourceType: resourceType, ResourceID: id, Message: what + " not found: " + id}
}

func conflict(resourceType, id, message string) *Error {
	return &Error{Kind: KindConflict, ResourceType: resourceType, ResourceID: id, Message: message}
}

// Store errors. Backends return these (wrapped or not) and nothing else
// for the conditions they name; the domain turns them into Errors.
var (
	// ErrNotFound: the row asked for does not exist.
	ErrNotFound = errors.New("store: not found")
	// ErrDuplicate: a unique key (such as a contact alias) is taken.
	ErrDuplicate = errors.New("store: duplicate key")
	// ErrBusy: a write kept colliding with concurrent ones (a shared
	// store's serialization failures) until the store gave up; the same
	// write may succeed a moment later.
	ErrBusy = errors.New("store: too many concurrent writes collided; try again")
)
