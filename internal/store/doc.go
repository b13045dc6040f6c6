// Package store holds the storage backends of ssmcontacts, each behind the
// contacts.Store interface the domain declares: sqlite/ (embedded, the
// default) and postgres/ (several replicas on one database). storetest/ is
// the one conformance suite every backend passes. copydb/ moves a whole
// SQLite database to PostgreSQL (ssmcontacts copy-db).
//
// Backends translate database errors once, by code and constraint, into
// contacts.ErrNotFound and contacts.ErrDuplicate; they keep SQL portable in
// spirit (integer epoch-millisecond times, JSON documents in TEXT columns,
// no database clock: "now" is always a parameter).
package store
