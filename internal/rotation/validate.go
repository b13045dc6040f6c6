package rotation

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Limits the service documents or this package imposes.
const (
	// MaxMembers is the most members a rotation may have.
	MaxMembers = 30
	// MaxMultiplier is the largest RecurrenceMultiplier.
	MaxMultiplier = 100
	// MinCoverage is the shortest coverage window.
	MinCoverage = 30 * time.Minute
	// MinOverride is the shortest override.
	MinOverride = 30 * time.Minute
	// OverrideHorizonMonths is how far ahead of now an override may start.
	OverrideHorizonMonths = 6
	// MaxWindow is the longest time range Shifts computes: a leap year, so
	// that any calendar year fits in every zone. The number of hand-offs
	// per day is not limited, so this is what bounds the work of one call.
	MaxWindow = 366 * 24 * time.Hour
)

// ValidationError is a rotation, override or time range this package
// rejects. Error returns Reason alone; the service prefixes it with AWS's
// "Invalid value provided - " when it answers with a ValidationException.
type ValidationError struct {
	// Field names the offending input after the API member, e.g.
	// "Recurrence.NumberOfOnCalls". Rotation members are "Members" (the
	// API calls them ContactIds, or Members in previews).
	Field  string
	Reason string
	kind   error
}

func (e *ValidationError) Error() string { return e.Reason }

// Unwrap lets errors.Is recognise ErrWindowTooLarge.
func (e *ValidationError) Unwrap() error { return e.kind }

// ErrWindowTooLarge is matched (errors.Is) by the error for a time range
// longer than MaxWindow.
var ErrWindowTooLarge = errors.New("time range too large")

func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// Validate checks that spec describes a rotation Shifts can compute:
// between 1 and MaxMembers distinct members, a time zone and a start,
// exactly one of daily, weekly or monthly hand-offs with times and days in
// range, 1 <= NumberOfOnCalls <= len(Members), a multiplier between 1 and
// MaxMultiplier, and coverage windows of at least MinCoverage on real days.
func Validate(spec Spec) error {
	if err := validateMembers(spec.Members); err != nil {
		return err
	}
	if spec.Location == nil {
		return invalid("TimeZoneId", "Time zone is required")
	}
	if spec.Start.IsZero() {
		return invalid("StartTime", "Rotation start time is required")
	}
	return validateRecurrence(spec.Recurrence, len(spec.Members))
}

func validateMembers(members []string) error {
	if len(members) < 1 || len(members) > MaxMembers {
		return invalid("Members", "A rotation must have between 1 and %d members", MaxMembers)
	}
	if slices.Contains(members, "") {
		return invalid("Members", "Rotation members must not be empty")
	}
	if m, ok := repeated(members); ok {
		return invalid("Members", "Member %s appears more than once in the rotation", m)
	}
	return nil
}

func validateRecurrence(r Recurrence, members int) error {
	set := 0
	for _, n := range []int{len(r.Daily), len(r.Weekly), len(r.Monthly)} {
		if n > 0 {
			set++
		}
	}
	if set != 1 {
		return invalid("Recurrence", "Exactly one of DailySettings, WeeklySettings or MonthlySettings must be specified")
	}
	if r.NumberOfOnCalls < 1 || r.NumberOfOnCalls > members {
		return invalid("Recurrence.NumberOfOnCalls",
			"NumberOfOnCalls must be at least 1 and at most the number of rotation members (%d)", members)
	}
	if r.Multiplier < 1 || r.Multiplier > MaxMultiplier {
		return invalid("Recurrence.RecurrenceMultiplier", "RecurrenceMultiplier must be between 1 and %d", MaxMultiplier)
	}
	for _, h := range r.Daily {
		if err := validateHandOff("Recurrence.DailySettings", h); err != nil {
			return err
		}
	}
	for _, w := range r.Weekly {
		if w.Day < time.Sunday || w.Day > time.Saturday {
			return invalid("Recurrence.WeeklySettings", "DayOfWeek must be a day of the week")
		}
		if err := validateHandOff("Recurrence.WeeklySettings", w.At); err != nil {
			return err
		}
	}
	for _, m := range r.Monthly {
		if m.Day < 1 || m.Day > 31 {
			return invalid("Recurrence.MonthlySettings", "DayOfMonth must be between 1 and 31")
		}
		if err := validateHandOff("Recurrence.MonthlySettings", m.At); err != nil {
			return err
		}
	}
	return validateCoverages(r.Coverages)
}

func validateHandOff(field string, h HandOff) error {
	if h.Hour < 0 || h.Hour > 23 || h.Minute < 0 || h.Minute > 59 {
		return invalid(field, "Hand-off time %02d:%02d is not a time of day", h.Hour, h.Minute)
	}
	return nil
}

func validateCoverages(coverages map[time.Weekday][]Coverage) error {
	const field = "Recurrence.ShiftCoverages"
	for day, windows := range coverages {
		if day < time.Sunday || day > time.Saturday {
			return invalid(field, "Shift coverage days must be days of the week")
		}
		for _, w := range windows {
			if err := validateHandOff(field, w.Start); err != nil {
				return err
			}
			if err := validateHandOff(field, w.End); err != nil {
				return err
			}
			if time.Duration(coverageLength(w))*time.Minute < MinCoverage {
				return invalid(field, "Shift coverage on %s from %02d:%02d to %02d:%02d is shorter than %d minutes",
					day, w.Start.Hour, w.Start.Minute, w.End.Hour, w.End.Minute, int(MinCoverage/time.Minute))
			}
		}
	}
	return nil
}

// ValidateOverride checks an override about to be created at now for the
// rotation spec: it starts before it ends, lasts at least MinOverride,
// starts no later than OverrideHorizonMonths after now, and names only
// distinct members of the rotation (none at all is allowed: nobody on
// call). Overrides in the past are accepted.
func ValidateOverride(spec Spec, o Override, now time.Time) error {
	if !o.Start.Before(o.End) {
		return invalid("StartTime", "Override start time must be before its end time")
	}
	if o.End.Sub(o.Start) < MinOverride {
		return invalid("EndTime", "An override must be at least %d minutes long", int(MinOverride/time.Minute))
	}
	if o.Start.After(now.AddDate(0, OverrideHorizonMonths, 0)) {
		return invalid("StartTime", "An override cannot start more than %d months in the future", OverrideHorizonMonths)
	}
	for _, m := range o.Members {
		if !slices.Contains(spec.Members, m) {
			return invalid("NewContactIds", "Override member %s is not a member of the rotation", m)
		}
	}
	if m, ok := repeated(o.Members); ok {
		return invalid("NewContactIds", "Override member %s appears more than once", m)
	}
	return nil
}

// repeated returns the first name (in sorted order) that appears twice.
func repeated(names []string) (string, bool) {
	sorted := slices.Clone(names)
	slices.Sort(sorted)
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] {
			return sorted[i], true
		}
	}
	return "", false
}

// validateWindow checks a query time range.
func validateWindow(from, to time.Time) error {
	if to.Before(from) {
		return invalid("EndTime", "EndTime must not be before StartTime")
	}
	if to.Sub(from) > MaxWindow {
		e := invalid("EndTime", "The time range must not exceed %d days", int(MaxWindow/(24*time.Hour)))
		e.kind = ErrWindowTooLarge
		return e
	}
	return nil
}
