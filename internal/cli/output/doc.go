// Package output renders response documents as the AWS CLI v1 prints them:
// json (Python's json.dumps with a 4-space indent, members in response
// order, non-ASCII kept), text (tab-separated rows, scalar columns sorted by
// key, nested lists and objects on their own rows under an upper-cased
// identifier) and table (boxed sections titled with the operation name,
// columns sorted, nested structures as indented sub-tables, optionally
// coloured).
package output
