package incidentsapi

import (
	"errors"
	"net/http"

	"github.com/ssmcontacts/ssmcontacts/internal/api/validate"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
)

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
	kindMissingAuth
	kindIncompleteSignature
	kindUnrecognizedClient
	kindInvalidSignature
)

// wireCode is the one table from failure kinds to ssm-incidents error
// codes and HTTP statuses (the model's @httpError values; the
// authentication failures as AWS's REST front ends answer them).
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
		return "UnknownOperationException", http.StatusNotFound
	case kindSerialization:
		return "SerializationException", http.StatusBadRequest
	case kindTooLarge:
		return "RequestEntityTooLargeException", http.StatusRequestEntityTooLarge
	case kindMissingAuth:
		return "MissingAuthenticationTokenException", http.StatusForbidden
	case kindIncompleteSignature:
		return "IncompleteSignatureException", http.StatusForbidden
	case kindUnrecognizedClient:
		return "UnrecognizedClientException", http.StatusForbidden
	case kindInvalidSignature:
		return "InvalidSignatureException", http.StatusForbidden
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
	kind         kind
	message      string
	resourceID   string
	resourceType string
	quotaCode    string
}

func (e *apiError) Error() string { return e.message }

// errorBody is the restJson1 error document: the error shape's members.
type errorBody struct {
	Message            string `json:"message"`
	ResourceIdentifier string `json:"resourceIdentifier,omitempty"`
	ResourceType       string `json:"resourceType,omitempty"`
	QuotaCode          string `json:"quotaCode,omitempty"`
	ServiceCode        string `json:"serviceCode,omitempty"`
}

const serviceCode = "ssm-incidents"

// incidentResourceTypes are the values the model's ResourceType enum
// allows; others (a contact, an alert token) are left out of the body.
var incidentResourceTypes = map[string]bool{
	"RESPONSE_PLAN": true, "INCIDENT_RECORD": true, "TIMELINE_EVENT": true, "REPLICATION_SET": true, "RESOURCE_POLICY": true,
}

func (e *apiError) body() errorBody {
	b := errorBody{Message: validate.Clip(e.message, 8<<10)}
	switch e.kind {
	case kindNotFound, kindConflict:
		b.ResourceIdentifier = e.resourceID
		if incidentResourceTypes[e.resourceType] {
			b.ResourceType = e.resourceType
		}
	case kindQuotaExceeded:
		b.ResourceIdentifier, b.QuotaCode, b.ServiceCode = e.resourceID, e.quotaCode, serviceCode
	case kindThrottling:
		b.QuotaCode, b.ServiceCode = e.quotaCode, serviceCode
	}
	return b
}

func asAPIError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var de *contacts.Error
	if errors.As(err, &de) {
		return &apiError{kind: fromDomain(de.Kind), message: de.Message, resourceID: de.ResourceID, resourceType: de.ResourceType, quotaCode: de.QuotaCode}
	}
	return &apiError{kind: kindInternal, message: "An internal error occurred; the request id identifies it in the server log."}
}

// restrictTo rewrites an error whose code the operation does not model
// into a ValidationException (which every operation models).
func restrictTo(e *apiError, modeled func(code string) bool) *apiError {
	code, _ := wireCode(e.kind)
	switch e.kind {
	case kindNotFound, kindConflict, kindQuotaExceeded, kindThrottling, kindAccessDenied:
		if !modeled(code) {
			return &apiError{kind: kindValidation, message: e.message}
		}
	}
	return e
}
