// Package cli is the ssmcontacts command-line client: `ssmcontacts
// <operation> [options]` for every operation of the embedded ssm-contacts
// model, behaving as `aws ssm-contacts <operation>` of the AWS CLI v1 does —
// the same options and parameter syntaxes, the same request, the same
// output bytes for json, text and table, the same error messages and exit
// codes — without the Python start-up cost.
//
// Run is the entry point; everything it needs from the process (streams,
// environment, files, HTTP, time, randomness) comes in through Env, so the
// package holds no global state and tests drive it in-process.
//
// Where the AWS CLI names itself ("aws: error:", its usage text), ssmcontacts
// prints its own name and usage. Not supported: assume-role, SSO and
// credential_process profiles, instance-metadata credentials, and the AWS
// CLI's alias and plugin systems.
package cli
