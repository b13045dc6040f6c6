// Package console is the web console served at /console/: an HTTP adapter
// beside the AWS protocol (internal/api) for the people on call and the
// people who arrange rotations. It renders HTML on the server (templates
// and assets embedded) and calls the same domain operations as the API
// (internal/contacts, internal/engage), validated against the same
// service model, so an action fails here exactly as it would over the
// API, with the message shown next to the field it concerns.
//
// Sign-in takes an access key ID and secret from the server's
// credentials; the session is a signed, expiring cookie naming the key
// and the region, so it survives restarts and needs no table. Every form
// carries a CSRF token derived from the session; failed sign-ins are
// limited per client address.
//
// Limits: a session cannot be revoked before it expires other than by
// changing the key's secret (the cookie's signature covers a digest of
// it); logout clears the cookie in the browser.
package console
