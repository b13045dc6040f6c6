// Package incidentsapi serves ssm-incidents (AWS Systems Manager Incident
// Manager, API 2018-05-10) over its AWS protocol, restJson1: each
// operation has an HTTP method and path (POST /startIncident, GET
// /getIncidentRecord?arn=…, DELETE /tags/{resourceArn}?tagKeys=…), input
// members come from the path, the query string and a JSON body, and
// errors carry their code in the X-Amzn-ErrorType header with a
// {"message": …} body.
//
// It is the second protocol adapter beside internal/api (JSON 1.1,
// ssm-contacts) and shares its pieces: the SigV4 verifier (configured for
// the signing name ssm-incidents), the model-driven validator
// (internal/api/validate, run over the embedded ssm-incidents model) and
// the request observer. The operations are internal/incidents methods;
// errors.go is this protocol's one table from error kinds to wire codes.
package incidentsapi
