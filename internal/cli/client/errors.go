package client

import "fmt"

// ServiceError is botocore's ClientError: an error response from the
// service.
type ServiceError struct {
	Code, Message, Operation string
	// Retries is the number of retries made when they ran out; zero when
	// the error was not retried to exhaustion.
	Retries int
	Status  int
	// Body is the parsed error document, for callers that need modeled
	// fields.
	Body any
}

func (e *ServiceError) Error() string {
	retry := ""
	if e.Retries > 0 {
		retry = fmt.Sprintf(" (reached max retries: %d)", e.Retries)
	}
	return fmt.Sprintf("An error occurred (%s) when calling the %s operation%s: %s", e.Code, e.Operation, retry, e.Message)
}

// ConnectionError is botocore's EndpointConnectionError and its timeout
// relatives.
type ConnectionError struct {
	Kind string // "connect", "connect-timeout", "read-timeout", "ssl"
	URL  string
	Err  error
}

func (e *ConnectionError) Error() string {
	switch e.Kind {
	case "read-timeout":
		return fmt.Sprintf("Read timeout on endpoint URL: \"%s\"", e.URL)
	case "connect-timeout":
		return fmt.Sprintf("Connect timeout on endpoint URL: \"%s\"", e.URL)
	case "ssl":
		return fmt.Sprintf("SSL validation failed for %s %v", e.URL, e.Err)
	}
	return fmt.Sprintf("Could not connect to the endpoint URL: \"%s\"", e.URL)
}

func (e *ConnectionError) Unwrap() error { return e.Err }

// PaginationError is botocore's PaginationError.
type PaginationError struct{ Message string }

func (e *PaginationError) Error() string { return "Error during pagination: " + e.Message }
