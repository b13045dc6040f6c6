package rotation

import "time"

// Version is a rotation's settings as they stood from From until the next
// version's From. UpdateRotation appends a version with From = the update
// instant, so shifts already past keep the settings they were computed
// with. The first version's From may be the zero time, leaving its Spec's
// Start alone to say when shifts begin.
type Version struct {
	Spec Spec
	From time.Time
}

// ShiftsOfHistory is Shifts for a rotation that changed over time. Each
// version's shifts are computed from its own Spec exactly as Shifts does
// (so from its own Start, not from the change), then cut to the time the
// version governed: a shift in progress at a change ends at the change, and
// the new version's shift then in progress starts there. Shifts on either
// side of a change are never merged, even with the same members.
//
// versions must be in strictly increasing order of From; the errors are
// those of Shifts, or a *ValidationError for versions out of order.
func ShiftsOfHistory(versions []Version, overrides []Override, from, to time.Time) ([]Shift, error) {
	if err := validateWindow(from, to); err != nil {
		return nil, err
	}
	if err := validateHistory(versions); err != nil {
		return nil, err
	}
	overrides = effective(overrides)
	var out []Shift
	for i, v := range versions {
		lo, hi := v.From, time.Time{}
		if i+1 < len(versions) {
			hi = versions[i+1].From
		}
		qlo, qhi := later(from, lo), to
		if !hi.IsZero() {
			qhi = earlier(to, hi)
		}
		if !qlo.Before(qhi) {
			continue
		}
		for _, s := range compute(v.Spec, overrides, qlo, qhi) {
			if s.Start.Before(lo) {
				s.Start = lo.In(v.Spec.Location)
			}
			if !hi.IsZero() && s.End.After(hi) {
				s.End = hi.In(v.Spec.Location)
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// OnCallInHistory is OnCall for a rotation that changed over time: the
// members the version governing at puts on call, as ShiftsOfHistory
// reports them. It is nil before the first version's From and for an
// invalid history.
func OnCallInHistory(versions []Version, overrides []Override, at time.Time) []string {
	shifts, err := ShiftsOfHistory(versions, overrides, at, at.Add(time.Nanosecond))
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

func validateHistory(versions []Version) error {
	if len(versions) == 0 {
		return invalid("Versions", "A rotation history needs at least one version")
	}
	for i, v := range versions {
		if i > 0 && !v.From.After(versions[i-1].From) {
			return invalid("Versions", "Rotation versions must be in increasing order of their start")
		}
		if err := Validate(v.Spec); err != nil {
			return err
		}
	}
	return nil
}
