// Package storetest is the conformance suite every contacts.Store backend
// must pass: call Run from the backend's tests with a function that opens
// an empty store, and RunPair with one that opens two handles on one empty
// store (two replicas; the same handle twice where only one process may
// open it).
package storetest
