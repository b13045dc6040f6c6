// Package e2e drives the real ssmcontacts binary from the outside: each
// test starts `ssmcontacts serve` on a loopback port and talks to it with
// real clients (aws-sdk-go-v2's ssmcontacts client, really signed and
// really verified; the AWS CLI where a user would type it) and plain HTTP
// for the local endpoints (outbox, clock).
package e2e
