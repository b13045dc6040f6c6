// Package server is the composition root of `ssmcontacts serve`: it reads
// the configuration (flags with environment equivalents), opens the store
// named by --db, wires the clock (on PostgreSQL a controllable clock is
// the one the replicas share), domain, engine, delivery and protocol
// handler together, serves them with the operational endpoints (health,
// metrics, and the local-only outbox and clock endpoints) and the phone
// provider callbacks of package phone (served to anyone: the provider's
// signature authenticates them), and shuts down gracefully.
//
// It refuses configurations that would open the server to anyone: a
// non-loopback --addr with --auth=off or the published test/test key
// (unless --insecure-listen), and admin requests that a web page could
// send (see adminGuard).
//
// Main is what both the binary and the end-to-end tests boot.
package server
