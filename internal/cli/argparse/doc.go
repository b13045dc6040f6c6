// Package argparse parses command lines the way Python 3.11's argparse does
// for the AWS CLI: prefix-matched long options, "--opt=value", nargs of
// None/?/*/+, store_true/store_false flags, choices, required options,
// parse_known_args leaving unknown words to the caller, and argparse's exact
// error wording ("argument --alias: expected one argument", "the following
// arguments are required: --alias").
//
// Only what the AWS CLI uses is supported: long options ("--name"), no short
// options, no sub-parsers, no mutually exclusive groups. Errors are returned,
// not printed; the caller prints usage and exits with status 2 as argparse
// would.
package argparse
