package rotation

import "time"

// Shifts returns, in order, the shifts that overlap [from, to): the
// rotation's regular shifts, cut to its coverage windows and split where
// overrides begin and end. Shifts are not clipped to the window; the first
// and last keep their true start and end. Overrides are applied in list
// order, a later one winning where they overlap; an override whose end is
// not after its start is ignored.
//
// It returns a *ValidationError if spec is invalid (see Validate), if to is
// before from, or if the window is longer than MaxWindow (matching
// ErrWindowTooLarge).
func Shifts(spec Spec, overrides []Override, from, to time.Time) ([]Shift, error) {
	if err := validateWindow(from, to); err != nil {
		return nil, err
	}
	if err := Validate(spec); err != nil {
		return nil, err
	}
	return compute(spec, effective(overrides), from, to), nil
}

// OnCall returns the members on call at instant at: those of the shift
// Shifts reports around at. It is nil when no shift covers at (before the
// start, in a coverage gap, or for an invalid spec), and empty but not nil
// during an override that puts nobody on call.
func OnCall(spec Spec, overrides []Override, at time.Time) []string {
	shifts, err := Shifts(spec, overrides, at, at.Add(time.Nanosecond))
	if err != nil {
		return nil
	}
	for _, s := range shifts {
		if s.contains(at) {
			return s.Members
		}
	}
	return nil
}
