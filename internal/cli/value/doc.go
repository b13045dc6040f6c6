// Package value holds the dynamic data the command-line client works on: JSON
// documents whose objects keep their key order, numbers that remember whether
// they were written as integers or floats, and the Python renderings
// (json.dumps, str, repr) the AWS CLI v1 uses when it prints them.
//
// The AWS CLI is a Python program; matching its output byte for byte means
// reproducing Python's dict ordering, float repr and json module here. The
// package knows nothing about AWS; it is the common currency of the
// parameter, output and JMESPath packages.
package value
