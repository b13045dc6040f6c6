// Package params turns an operation's command-line words into the request
// parameters the AWS CLI v1 would send: the argument table derived from the
// model (kebab-case options, boolean pairs, pagination and JSON-input
// options), value loading (file://, fileb://, http(s)://), shorthand and
// JSON parsing, --cli-input-json merging, botocore's client-side validation
// with its messages, timestamp serialization, and --generate-cli-skeleton.
//
// It never touches the network except to fetch an http(s):// parameter
// value, which the AWS CLI v1 does by default, through an injected client.
package params
