package api

import (
	"errors"
	"net/http"

	"github.com/ssmcontacts/ssmcontacts/internal/api/validate"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
)

// kind is every way a request can fail, from routing to the domain.
type kind int

const (
	kindInternal kind = iota
	kindValidation
	kindNotFound
	kindConflict
	kindQuotaExceeded
	kindAccessDenied
	kindThrottling
	kindUnknownOperation
	kindSerialization
	kindTooLarge
	kindNotImplemented
	kindMissingAuth
	kindIncompleteSignature
	kindUnrecognizedClient
	kindInvalidSignature
)

// wireCode is the one table from failure kinds to AWS error codes and HTTP
// statuses (Smithy @httpError values; see BEHAVIOR.md §3.3 and §3.6).
func wireCode(k kind) (code string, status int) {
	switch k {
	case kindValidation:
		return "ValidationException", http.StatusBadRequest
	case kindNotFound:
		return "ResourceNotFoundException", http.StatusNotFound
	case kindConflict:
		return "ConflictException", http.StatusConflict
	case kindQuotaExceeded:
		return "ServiceQuotaExceededException", http.StatusPaymentRequired
	case kindAccessDenied:
		return "AccessDeniedException", http.StatusForbidden
	case kindThrottling:
		return "ThrottlingException", http.StatusTooManyRequests
	case kindUnknownOperation:
		return "UnknownOperationException", http.StatusBadRequest
	case kindSerialization:
		return "SerializationException", http.StatusBadRequest
	case kindTooLarge:
		return "RequestEntityTooLargeException", http.StatusRequestEntityTooLarge
	case kindNotImplemented:
		return "NotImplementedException", http.StatusNotImplemented
	case kindMissingAuth:
		return "MissingAuthenticationTokenException", http.StatusBadRequest
	case kindIncompleteSignature:
		return "IncompleteSignatureException", http.StatusBadRequest
	case kindUnrecognizedClient:
		return "UnrecognizedClientException", http.StatusBadRequest
	case kindInvalidSignature:
		return "InvalidSignatureException", http.StatusBadRequest
	default:
		return "InternalServerException", http.StatusInternalServerError
	}
}

func fromDomain(k contacts.Kind) kind {
	switch k {
	case contacts.KindValidation:
		return kindValidation
	case contacts.KindNotFound:
		return kindNotFound
	case contacts.KindConflict:
		return kindConflict
	case contacts.KindQuotaExceeded:
		return kindQuotaExceeded
	case contacts.KindAccessDenied:
		return kindAccessDenied
	case contacts.KindThrottling:
		return kindThrottling
	default:
		return kindInternal
	}
}

func fromAuth(k sigv4.Kind) kind {
	switch k {
	case sigv4.KindMissingAuthenticationToken:
		return kindMissingAuth
	case sigv4.KindIncompleteSignature:
		return kindIncompleteSignature
	case sigv4.KindUnrecognizedClient:
		return kindUnrecognizedClient
	case sigv4.KindInvalidSignature, sigv4.KindSignatureExpired:
		return kindInvalidSignature
	default:
		return kindInternal
	}
}

// apiError is a failure ready to be written.
type apiError struct {
	kind    kind
	message string
	// Modeled members, written when set.
	resourceID, resourceType string
	reason                   string
	fields                   []validationField
	quotaCode                string
	dependents               []dependentEntity
	retryAfterSeconds        int
}

func (e *apiError) Error() string { return e.message }

type validationField struct {
	Name    string `json:"Name"`
	Message string `json:"Message"`
}

type dependentEntity struct {
	RelationType         string   `json:"RelationType"`
	DependentResourceIds []string `json:"DependentResourceIds"`
}

// errorBody is the JSON error document; members absent from an error's
// shape stay empty and are omitted.
type errorBody struct {
	Type              string            `json:"__type"`
	Message           string            `json:"Message"`
	ResourceID        string            `json:"ResourceId,omitempty"`
	ResourceType      string            `json:"ResourceType,omitempty"`
	Reason            string            `json:"Reason,omitempty"`
	Fields            []validationField `json:"Fields,omitempty"`
	QuotaCode         string            `json:"QuotaCode,omitempty"`
	ServiceCode       string            `json:"ServiceCode,omitempty"`
	DependentEntities []dependentEntity `json:"DependentEntities,omitempty"`
	RetryAfterSeconds int               `json:"RetryAfterSeconds,omitempty"`
}

// serviceCode is what AWS puts in quota errors' ServiceCode.
const serviceCode = "ssm-contacts"

// asAPIError turns any error from the request path into an apiError.
func asAPIError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var de *contacts.Error
	if errors.As(err, &de) {
		out := &apiError{
			kind: fromDomain(de.Kind), message: de.Message,
			resourceID: de.ResourceID, resourceType: de.ResourceType,
			reason: de.Reason, quotaCode: de.QuotaCode,
		}
		for _, f := range de.Fields {
			out.fields = append(out.fields, validationField{Name: f.Name, Message: f.Message})
		}
		for _, d := range de.DependentEntities {
			ids := d.DependentResourceIDs
			if ids == nil {
				ids = []string{}
			}
			out.dependents = append(out.dependents, dependentEntity{RelationType: d.RelationType, DependentResourceIds: ids})
		}
		return out
	}
	if errors.Is(err, contacts.ErrBusy) {
		// SDKs retry a ThrottlingException with backoff, which is what a
		// write that kept colliding with others needs.
		return &apiError{kind: kindThrottling, message: "Rate exceeded: too many concurrent writes; retry the request.", retryAfterSeconds: 1}
	}
	return &apiError{kind: kindInternal, message: "An internal error occurred; the request id identifies it in the server log."}
}

// restrictTo rewrites an error whose code op does not model into a
// ValidationException (which every operation models), keeping its message.
func restrictTo(e *apiError, modeled func(code string) bool) *apiError {
	code, _ := wireCode(e.kind)
	switch e.kind {
	case kindNotFound, kindConflict, kindQuotaExceeded, kindThrottling, kindAccessDenied:
		if !modeled(code) {
			return &apiError{kind: kindValidation, message: e.message, reason: "OTHER"}
		}
	}
	return e
}

// maxMessageBytes caps every error message as a last resort: messages
// that quote client input bound it where they are worded (validate, echo),
// but some quote whole headers (sigv4 echoes the Authorization header,
// which may be 1 MiB). JSON escaping can grow a message at most six-fold,
// which keeps the document under 64 KiB.
const maxMessageBytes = 8 << 10

// echo is client input (a path, a method, a target) as an error message
// quotes it: cut short when it is long.
func echo(s string) string { return validate.Clip(s, validate.MaxValueBytes) }

// body renders e as the wire document.
func (e *apiError) body() errorBody {
	code, _ := wireCode(e.kind)
	b := errorBody{Type: code, Message: validate.Clip(e.message, maxMessageBytes), Reason: e.reason, Fields: e.fields, DependentEntities: e.dependents}
	switch e.kind {
	case kindNotFound, kindConflict:
		b.ResourceID, b.ResourceType = e.resourceID, e.resourceType
	case kindQuotaExceeded:
		b.ResourceID, b.ResourceType = e.resourceID, e.resourceType
		b.QuotaCode, b.ServiceCode = e.quotaCode, serviceCode
	case kindThrottling:
		b.ServiceCode, b.RetryAfterSeconds = serviceCode, e.retryAfterSeconds
	}
	return b
}
