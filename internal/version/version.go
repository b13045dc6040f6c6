// Package version names this build of ssmcontacts.
package version

import "runtime/debug"

// Number is the release number.
const Number = "0.1.0"

// String is the version with the VCS revision when the build recorded one.
func String() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return Number + "+" + s.Value[:12]
			}
		}
	}
	return Number
}
