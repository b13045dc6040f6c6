// Package api serves the AWS JSON 1.1 protocol of ssm-contacts: POST / with
// X-Amz-Target: SSMContacts.<Operation>, a SigV4-signed JSON body, JSON
// responses with an x-amzn-RequestId on every one.
//
// A request flows one way: route by target, authenticate (the caller's
// account and region become the contacts.Scope), decode, validate against
// the model (validate package), decode into the generated wire types, call
// the domain, encode. Every failure on that path is turned into the wire by
// one table (errors.go): body {"__type": code, "Message": ..., modeled
// members}, the same code in x-amzn-ErrorType, the Smithy HTTP status. An
// operation only ever answers with error codes the model lists for it: a
// domain error whose code the operation does not model becomes a
// ValidationException, so that typed-error matching in the SDKs works.
package api
