// Package help renders the client's documentation from the service model:
// the command list, and for each operation its description, synopsis,
// options (type, documentation, possible values, shorthand and JSON syntax,
// nested members), global options and output members, in the spirit of the
// AWS CLI's man pages. The model's HTML documentation is turned into
// wrapped plain text.
package help
