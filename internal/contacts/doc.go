// Package contacts is the domain of ssmcontacts: contacts (personal
// contacts, escalation plans, on-call schedules), their channels and plans,
// rotations and overrides, tags, resource policies, and the records of
// engagements and pages.
//
// It owns the entity types, the ARN rules, the closed set of error kinds
// (Error) and the Store interface it consumes; storage backends implement
// Store, the API layer translates the wire to calls of Service and Error
// kinds to AWS error codes. It never sees HTTP or SQL. The engagement and
// page operations are the engine's (internal/engage), over the entities,
// lookups (FindContact, FindEngagement, FindPage), idempotency and
// pagination tokens this package provides.
//
// Every operation is scoped to a Scope (account and region, taken from the
// caller's signature): nothing in one scope can be read, listed, changed or
// learnt of from another, and a resource of another scope is reported as not
// found, exactly like a resource that does not exist.
package contacts
