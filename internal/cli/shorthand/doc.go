// Package shorthand parses the AWS CLI's shorthand syntax for structure,
// list and map parameters ("Key=k1,Value=v1", "Stages=[{DurationInMinutes=5}]")
// and applies the AWS CLI's model-driven fix-ups afterwards: a scalar where
// the model wants a list becomes a one-element list, and strings become
// integers, floats or booleans where the model says so.
//
// Error texts are the AWS CLI v1's, including its quirks, because users and
// scripts see them verbatim.
package shorthand
