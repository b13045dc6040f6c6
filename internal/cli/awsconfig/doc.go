// Package awsconfig resolves the client's configuration the way botocore
// (the AWS CLI v1's library) does: profile, region, credentials, endpoint,
// output format and retry settings from command-line values, environment
// variables, ~/.aws/config and ~/.aws/credentials.
//
// It reads files through an injected function and the environment through
// an injected lookup, so tests run against tables of fake files. It does not
// implement assume-role, SSO, credential_process or instance metadata
// credentials; a profile that relies on them finds no credentials.
package awsconfig
