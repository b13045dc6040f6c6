// Package storetest is the conformance suite every contacts.Store backend
// must pass: call Run from the backend's tests with a function that opens
// an empty store.
package storetest
