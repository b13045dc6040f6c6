// Package clock gives every component its notion of "now".
//
// Real is the wall clock. Controllable is a clock that only moves when told
// to (Set, Advance); the server runs on it with --clock=controllable so that
// users and tests can watch a 30-minute escalation unfold in milliseconds.
// Timers made from a Controllable fire when the clock is moved past their
// deadline, never on their own. On PostgreSQL the replicas share one
// controllable clock (postgres.SharedClock), each through a Controllable
// that follows the database's value.
package clock
