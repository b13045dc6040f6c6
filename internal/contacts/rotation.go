package contacts

import (
	"fmt"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/rotation"
)

// Recurrence is a rotation's RecurrenceSettings, kept exactly as given
// (list order included) so that GetRotation echoes it.
type Recurrence struct {
	MonthlySettings      []MonthlySetting          `json:"monthly,omitzero"`
	WeeklySettings       []WeeklySetting           `json:"weekly,omitzero"`
	DailySettings        []HandOffTime             `json:"daily,omitzero"`
	NumberOfOnCalls      int                       `json:"numberOfOnCalls"`
	ShiftCoverages       map[string][]CoverageTime `json:"coverages,omitzero"`
	RecurrenceMultiplier int                       `json:"multiplier"`
}

// HandOffTime is a wall-clock time of day.
type HandOffTime struct {
	HourOfDay    int `json:"h"`
	MinuteOfHour int `json:"m"`
}

// MonthlySetting hands off on a day of the month.
type MonthlySetting struct {
	DayOfMonth  int         `json:"day"`
	HandOffTime HandOffTime `json:"at"`
}

// WeeklySetting hands off on a day of the week (MON…SUN).
type WeeklySetting struct {
	DayOfWeek   string      `json:"day"`
	HandOffTime HandOffTime `json:"at"`
}

// CoverageTime is a window of a day's coverage; the model makes both ends
// optional, the rules require them.
type CoverageTime struct {
	Start *HandOffTime `json:"start,omitzero"`
	End   *HandOffTime `json:"end,omitzero"`
}

// RotationSettings is what UpdateRotation can change: one version of a
// rotation.
type RotationSettings struct {
	ContactIDs []string   `json:"contactIds"`
	StartTime  *time.Time `json:"startTime,omitzero"` // as given; nil: none was given
	TimeZoneID string     `json:"timeZoneId"`
	Recurrence Recurrence `json:"recurrence"`
	// From is when these settings took effect (the creation or the
	// update).
	From time.Time `json:"from"`
}

// Rotation is an on-call rotation: its current settings and the earlier
// versions that computed past shifts.
type Rotation struct {
	Scope   Scope
	ID      string
	Name    string
	Current RotationSettings
	// Past holds earlier settings, oldest first.
	Past      []RotationSettings
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ARN returns the rotation's ARN.
func (r *Rotation) ARN() string { return r.Scope.RotationARN(r.ID) }

// Override replaces who is on call in a rotation between Start and End.
type Override struct {
	Scope         Scope
	RotationID    string
	ID            string
	NewContactIDs []string
	Start, End    time.Time
	CreatedAt     time.Time
}

// weekday reads the model's DayOfWeek enum.
func weekday(name string) (time.Weekday, bool) {
	for d, n := range [...]string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"} {
		if n == name {
			return time.Weekday(d), true
		}
	}
	return 0, false
}

// loadZone resolves an IANA time zone name.
func loadZone(id string) (*time.Location, error) {
	if id == "" || id == "Local" {
		return nil, Invalidf("TimeZoneId %q is not an IANA time zone such as America/Los_Angeles, UTC or Asia/Seoul", id)
	}
	loc, err := time.LoadLocation(id)
	if err != nil {
		return nil, Invalidf("TimeZoneId %q is not an IANA time zone such as America/Los_Angeles, UTC or Asia/Seoul", id)
	}
	return loc, nil
}

// spec turns settings into the rotation package's terms; members are the
// strings to put on call (contact ARNs, or preview member names).
func spec(members []string, start time.Time, zone string, r Recurrence) (rotation.Spec, error) {
	loc, err := loadZone(zone)
	if err != nil {
		return rotation.Spec{}, err
	}
	rec := rotation.Recurrence{NumberOfOnCalls: r.NumberOfOnCalls, Multiplier: r.RecurrenceMultiplier}
	for _, d := range r.DailySettings {
		rec.Daily = append(rec.Daily, rotation.HandOff{Hour: d.HourOfDay, Minute: d.MinuteOfHour})
	}
	for _, w := range r.WeeklySettings {
		day, ok := weekday(w.DayOfWeek)
		if !ok {
			return rotation.Spec{}, Invalidf("DayOfWeek %q is not one of MON, TUE, WED, THU, FRI, SAT, SUN", w.DayOfWeek)
		}
		rec.Weekly = append(rec.Weekly, rotation.Weekly{Day: day, At: rotation.HandOff{Hour: w.HandOffTime.HourOfDay, Minute: w.HandOffTime.MinuteOfHour}})
	}
	for _, m := range r.MonthlySettings {
		rec.Monthly = append(rec.Monthly, rotation.Monthly{Day: m.DayOfMonth, At: rotation.HandOff{Hour: m.HandOffTime.HourOfDay, Minute: m.HandOffTime.MinuteOfHour}})
	}
	for name, windows := range r.ShiftCoverages {
		day, ok := weekday(name)
		if !ok {
			return rotation.Spec{}, Invalidf("ShiftCoverages key %q is not one of MON, TUE, WED, THU, FRI, SAT, SUN", name)
		}
		if rec.Coverages == nil {
			rec.Coverages = map[time.Weekday][]rotation.Coverage{}
		}
		for _, w := range windows {
			if w.Start == nil || w.End == nil {
				return rotation.Spec{}, Invalidf("A coverage time of %s needs both a Start and an End", name)
			}
			rec.Coverages[day] = append(rec.Coverages[day], rotation.Coverage{
				Start: rotation.HandOff{Hour: w.Start.HourOfDay, Minute: w.Start.MinuteOfHour},
				End:   rotation.HandOff{Hour: w.End.HourOfDay, Minute: w.End.MinuteOfHour},
			})
		}
	}
	s := rotation.Spec{Members: members, Location: loc, Start: start, Recurrence: rec}
	if err := rotation.Validate(s); err != nil {
		return rotation.Spec{}, fromRotation(err)
	}
	return s, nil
}

// fromRotation words a rotation package error as AWS does.
func fromRotation(err error) error {
	if ve, ok := err.(*rotation.ValidationError); ok {
		return Invalidf("%s", ve.Reason)
	}
	return err
}

// start is the instant settings v count their shifts from: their
// StartTime, or else the rotation's creation, when a rotation created
// without a StartTime went into effect. An update that gives no StartTime
// thus carries the rotation on from where it stands instead of starting
// it over from its first member at the update.
func (r *Rotation) start(v RotationSettings) time.Time {
	if v.StartTime != nil {
		return *v.StartTime
	}
	if len(r.Past) > 0 {
		return r.Past[0].From
	}
	return r.Current.From
}

// versions returns the rotation's history in the rotation package's
// terms.
func (r *Rotation) versions() ([]rotation.Version, error) {
	all := append(append([]RotationSettings(nil), r.Past...), r.Current)
	out := make([]rotation.Version, 0, len(all))
	for i, v := range all {
		s, err := spec(v.ContactIDs, r.start(v), v.TimeZoneID, v.Recurrence)
		if err != nil {
			return nil, fmt.Errorf("rotation %s version %d: %w", r.ID, i, err)
		}
		from := v.From
		if i == 0 {
			from = time.Time{} // the first version governs from its own start
		}
		out = append(out, rotation.Version{Spec: s, From: from})
	}
	return out, nil
}

func overridesOf(list []*Override) []rotation.Override {
	out := make([]rotation.Override, 0, len(list))
	for _, o := range list {
		out = append(out, rotation.Override{ID: o.ID, Start: o.Start, End: o.End, Members: o.NewContactIDs})
	}
	return out
}
