// Package sigv4 authenticates requests signed with AWS Signature Version 4
// and maps their access key to an account.
//
// Verifier.Verify parses the Authorization header, checks the request date
// against an injected clock (at most MaxSkew either way) and the credential
// scope (a valid region, the ssm-contacts service, aws4_request, the
// request's day), looks the access key up in a Credentials set, checks
// X-Amz-Content-Sha256 when sent, and recomputes the signature over exactly
// the client's SignedHeaders (canonical.go): the canonical request is
// written into one pooled buffer, and derived signing keys are cached per
// (secret, day, region, service). The signatures are compared in constant
// time. aws-sdk-go-v2's and smithy-go's signers are the reference: a
// differential test and a fuzz target (signature_test.go) require the same
// signature on every request, valid or tampered. Success yields an
// Identity: access key, 12-digit account, and the region from the
// credential scope.
//
// Credentials come from BuiltinCredentials (access key "test", secret
// "test", account 000000000000) or from a JSON file given with
// --credentials, which replaces the built-in set:
//
//	{
//	  "credentials": [
//	    {
//	      "accessKeyId": "AKIAIOSFODNN7EXAMPLE",
//	      "secretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
//	      "accountId": "111122223333",
//	      "description": "CI pipeline (optional)"
//	    }
//	  ]
//	}
//
// Every entry needs a non-empty access key ID (printable ASCII, no '/', ','
// or spaces), a non-empty secret without surrounding white space and a
// 12-digit account ID; access key IDs are unique; unknown fields are errors.
//
// Every signature must cover Host and the date header used (X-Amz-Date, or
// Date without it), and X-Amz-Target, X-Amz-Security-Token and
// X-Amz-Content-Sha256 when the request carries them: a signature over less
// could be replayed with those changed, e.g. as another operation.
//
// ModeOff (--auth=off) still requires a well-formed Authorization header, a
// request date, those signed headers and a valid credential scope, but
// skips the clock, the secret, the payload hash and the signature: a key in
// the Credentials set acts in its account; any other key is the account
// when it is 12 digits, else 000000000000.
//
// # Errors
//
// Verify returns *Error values of a closed set of kinds. The API layer owns
// the wire table; this is what it should hold (AWS JSON 1.1 services answer
// all of these with HTTP 400, and awsJson clients key on __type only):
//
//	Kind                          __type                               Message (examples)
//	KindMissingAuthenticationToken MissingAuthenticationTokenException "Missing Authentication Token"
//	KindIncompleteSignature       IncompleteSignatureException         "Authorization header requires 'Signature' parameter. ... Authorization=<header>",
//	                                                                   "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'.",
//	                                                                   "'x' not a valid key=value pair (missing equal-sign) in Authorization header: '<header>'.",
//	                                                                   "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '<credential>'",
//	                                                                   "Date must be in ISO-8601 'basic format'. Got '<date>'. See http://en.wikipedia.org/wiki/ISO_8601"
//	KindUnrecognizedClient        UnrecognizedClientException          "The security token included in the request is invalid."
//	KindInvalidSignature          InvalidSignatureException            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
//	                                                                   "Credential should be scoped to correct service: 'ssm-contacts'. ",
//	                                                                   "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
//	                                                                   "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization." (also X-Amz-Date,
//	                                                                   Date, X-Amz-Security-Token, X-Amz-Content-Sha256)
//	KindSignatureExpired          InvalidSignatureException            "Signature expired: 20261127T070931Z is now earlier than 20261127T072431Z (20261127T073931Z - 15 min.)",
//	                                                                   "Signature not yet current: 20261127T075500Z is still later than 20261127T075431Z (20261127T073931Z + 15 min.)"
//
// The message always comes from Error.Message; the API layer should send it
// as "message" (AWS's casing for these Coral errors) and may prefix __type
// with "com.amazon.coral.service#" as AWS does; clients accept both.
//
// # Limits
//
// Only header authentication is supported: query-string (presigned)
// requests have no Authorization header and are reported as missing
// authentication, like unsigned ones. Session tokens are not validated (there
// is no STS); a signed X-Amz-Security-Token is only reported in the
// Identity. Runs of spaces inside header values are collapsed before
// signing, as the SigV4 specification and the Go SDK do; botocore also folds
// tabs, which no client sends in practice. Messages for a repeated
// Authorization header or a duplicated parameter are this package's own;
// AWS's wording for those is unknown. The message for a required header
// other than Host left unsigned follows AWS's wording for Host and for the
// other headers its services require.
package sigv4
