// Package jmes evaluates JMESPath expressions (--query) over the CLI's
// ordered documents with the semantics of jmespath.py, which the AWS CLI
// uses: objects keep their key order through projections, multi-select
// hashes list keys in expression order, and keys(), values(), merge() and
// to_string() follow Python's dict order.
//
// Expressions are parsed by the jmespath-community Go parser; this package
// evaluates its syntax tree and rejects the community extensions (let,
// variables, arithmetic, the root node) that jmespath.py does not know.
// Parse error messages are that parser's, not jmespath.py's.
package jmes
