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
package validate
