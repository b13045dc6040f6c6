// Package validate checks a decoded JSON request against the model's input
// shape: required members, types, string and list lengths, integer ranges,
// patterns and enums, at every depth, and words each violation the way AWS
// services do ("Value 'AKUAM' at 'alias' failed to satisfy constraint:
// Member must satisfy regular expression pattern: ^[a-z0-9_\-]*$").
//
// Member paths are lowerCamelCase; list elements are "<list>.<n>.member"
// with n counted from 1; map values are "<map>.<key>". Patterns are matched
// unanchored, as Smithy's pattern trait specifies (the model anchors most of
// them itself). Lengths count Unicode code points. Unknown members are
// ignored, as AWS ignores them.
//
// # Bounds
//
// A request can break far more constraints than anyone will read: a 1 MiB
// body holds 260,000 invalid contact ids, or a 1 MiB alias. Listing them
// all once made a 100 MB error from one request. So the cost of an error
// does not grow with the request:
//
//   - Every violation is counted, but only the first MaxListed (10) are
//     spelled out, in model order; the message ends "; and N more". The
//     ValidationException's Fields are those same ten.
//   - Validation stops at MaxCounted (1000) violations. The count in the
//     message is then the number found up to that point, so the message
//     still opens "1000 validation errors detected: " and ends
//     "(validation stopped after 1000 errors)": the rest of the request
//     was not checked. A type error past that point goes unreported; the
//     request fails either way.
//   - A quoted value is rendered only for a listed violation, and only up
//     to MaxValueBytes (256) bytes, cut at a character boundary and marked
//     "..." ('x, x, x...'). Map keys in paths are cut the same way.
//
// Up to MaxListed violations the message is exactly AWS's format. AWS
// documents no limit of its own (BEHAVIOR.md §3.4 has none); these bounds
// are this server's.
package validate
