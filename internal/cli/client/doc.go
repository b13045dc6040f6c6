// Package client calls the ssm-contacts JSON 1.1 API the way botocore does
// for the AWS CLI v1: it signs requests with SigV4, retries throttling,
// server errors and connection failures (legacy mode by default, standard
// mode when configured), parses responses along the model's output shapes
// (members in model order, absent or null members dropped, maps in wire
// order, timestamps as sent), turns error bodies into botocore's error codes
// and messages, and pages through paginated operations with the AWS CLI's
// --max-items tokens.
//
// Sleeping and randomness are injected so retry tests never wait.
package client
