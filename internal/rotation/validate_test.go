package rotation

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func validSpec(t *testing.T) Spec {
	return utc(t, "A B C", "2024-01-01 09:00", Recurrence{Daily: []HandOff{at(9, 0)}})
}

// fieldOf returns the Field and Reason of a *ValidationError, or what
// else err is.
func fieldOf(err error) (field, reason string) {
	if err == nil {
		return "", ""
	}
	var v *ValidationError
	if !errors.As(err, &v) {
		return "not a *ValidationError", err.Error()
	}
	return v.Field, v.Reason
}

func TestValidate(t *testing.T) {
	t.Parallel()
	thirtyOne := make([]string, 31)
	for i := range thirtyOne {
		thirtyOne[i] = fmt.Sprint(i)
	}
	tests := []struct {
		name       string
		change     func(*Spec)
		wantField  string
		wantReason string
	}{
		{name: "valid", change: func(*Spec) {}},
		{name: "thirty members", change: func(s *Spec) { s.Members = thirtyOne[:30] }},
		{name: "no members", change: func(s *Spec) { s.Members = nil },
			wantField: "Members", wantReason: "A rotation must have between 1 and 30 members"},
		{name: "thirty-one members", change: func(s *Spec) { s.Members = thirtyOne },
			wantField: "Members", wantReason: "A rotation must have between 1 and 30 members"},
		{name: "a member twice", change: func(s *Spec) { s.Members = members("A B A") },
			wantField: "Members", wantReason: "Member A appears more than once in the rotation"},
		{name: "an empty member", change: func(s *Spec) { s.Members = []string{"A", ""} },
			wantField: "Members", wantReason: "Rotation members must not be empty"},
		{name: "no zone", change: func(s *Spec) { s.Location = nil },
			wantField: "TimeZoneId", wantReason: "Time zone is required"},
		{name: "no start", change: func(s *Spec) { s.Start = time.Time{} },
			wantField: "StartTime", wantReason: "Rotation start time is required"},
		{name: "no settings", change: func(s *Spec) { s.Recurrence.Daily = nil },
			wantField: "Recurrence", wantReason: "Exactly one of DailySettings, WeeklySettings or MonthlySettings must be specified"},
		{name: "two kinds of settings", change: func(s *Spec) { s.Recurrence.Monthly = []Monthly{{Day: 1}} },
			wantField: "Recurrence", wantReason: "Exactly one of DailySettings, WeeklySettings or MonthlySettings must be specified"},
		{name: "nobody on call", change: func(s *Spec) { s.Recurrence.NumberOfOnCalls = 0 },
			wantField: "Recurrence.NumberOfOnCalls", wantReason: "NumberOfOnCalls must be at least 1 and at most the number of rotation members (3)"},
		{name: "more on call than members", change: func(s *Spec) { s.Recurrence.NumberOfOnCalls = 4 },
			wantField: "Recurrence.NumberOfOnCalls", wantReason: "NumberOfOnCalls must be at least 1 and at most the number of rotation members (3)"},
		{name: "everyone on call", change: func(s *Spec) { s.Recurrence.NumberOfOnCalls = 3 }},
		{name: "multiplier 0", change: func(s *Spec) { s.Recurrence.Multiplier = 0 },
			wantField: "Recurrence.RecurrenceMultiplier", wantReason: "RecurrenceMultiplier must be between 1 and 100"},
		{name: "multiplier 100", change: func(s *Spec) { s.Recurrence.Multiplier = 100 }},
		{name: "multiplier 101", change: func(s *Spec) { s.Recurrence.Multiplier = 101 },
			wantField: "Recurrence.RecurrenceMultiplier", wantReason: "RecurrenceMultiplier must be between 1 and 100"},
		{name: "hour 24", change: func(s *Spec) { s.Recurrence.Daily = []HandOff{at(24, 0)} },
			wantField: "Recurrence.DailySettings", wantReason: "Hand-off time 24:00 is not a time of day"},
		{name: "minute 60", change: func(s *Spec) { s.Recurrence.Daily = []HandOff{at(1, 60)} },
			wantField: "Recurrence.DailySettings", wantReason: "Hand-off time 01:60 is not a time of day"},
		{name: "weekday 7", change: func(s *Spec) {
			s.Recurrence.Daily, s.Recurrence.Weekly = nil, []Weekly{{Day: 7, At: at(9, 0)}}
		}, wantField: "Recurrence.WeeklySettings", wantReason: "DayOfWeek must be a day of the week"},
		{name: "weekly hour -1", change: func(s *Spec) {
			s.Recurrence.Daily, s.Recurrence.Weekly = nil, []Weekly{{Day: time.Monday, At: at(-1, 0)}}
		}, wantField: "Recurrence.WeeklySettings", wantReason: "Hand-off time -1:00 is not a time of day"},
		{name: "day of month 0", change: func(s *Spec) {
			s.Recurrence.Daily, s.Recurrence.Monthly = nil, []Monthly{{Day: 0}}
		}, wantField: "Recurrence.MonthlySettings", wantReason: "DayOfMonth must be between 1 and 31"},
		{name: "day of month 32", change: func(s *Spec) {
			s.Recurrence.Daily, s.Recurrence.Monthly = nil, []Monthly{{Day: 32}}
		}, wantField: "Recurrence.MonthlySettings", wantReason: "DayOfMonth must be between 1 and 31"},
		{name: "monthly minute 99", change: func(s *Spec) {
			s.Recurrence.Daily, s.Recurrence.Monthly = nil, []Monthly{{Day: 3, At: at(0, 99)}}
		}, wantField: "Recurrence.MonthlySettings", wantReason: "Hand-off time 00:99 is not a time of day"},
		{name: "coverage of 29 minutes", change: func(s *Spec) {
			s.Recurrence.Coverages = map[time.Weekday][]Coverage{time.Monday: {{Start: at(9, 0), End: at(9, 29)}}}
		}, wantField: "Recurrence.ShiftCoverages", wantReason: "Shift coverage on Monday from 09:00 to 09:29 is shorter than 30 minutes"},
		{name: "coverage of 29 minutes across midnight", change: func(s *Spec) {
			s.Recurrence.Coverages = map[time.Weekday][]Coverage{time.Sunday: {{Start: at(23, 50), End: at(0, 19)}}}
		}, wantField: "Recurrence.ShiftCoverages", wantReason: "Shift coverage on Sunday from 23:50 to 00:19 is shorter than 30 minutes"},
		{name: "coverage of 30 minutes across midnight", change: func(s *Spec) {
			s.Recurrence.Coverages = map[time.Weekday][]Coverage{time.Sunday: {{Start: at(23, 50), End: at(0, 20)}}}
		}},
		{name: "coverage of a whole day", change: func(s *Spec) {
			s.Recurrence.Coverages = map[time.Weekday][]Coverage{time.Sunday: {{Start: at(8, 0), End: at(8, 0)}}}
		}},
		{name: "coverage on day 9", change: func(s *Spec) {
			s.Recurrence.Coverages = map[time.Weekday][]Coverage{9: {{Start: at(8, 0), End: at(9, 0)}}}
		}, wantField: "Recurrence.ShiftCoverages", wantReason: "Shift coverage days must be days of the week"},
		{name: "coverage ending at 25:00", change: func(s *Spec) {
			s.Recurrence.Coverages = map[time.Weekday][]Coverage{time.Monday: {{Start: at(8, 0), End: at(25, 0)}}}
		}, wantField: "Recurrence.ShiftCoverages", wantReason: "Hand-off time 25:00 is not a time of day"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			spec := validSpec(t)
			tt.change(&spec)
			err := Validate(spec)
			field, reason := fieldOf(err)
			if diff := cmp.Diff([2]string{tt.wantField, tt.wantReason}, [2]string{field, reason}); diff != "" {
				t.Errorf("Validate error mismatch (-want +got):\n%s", diff)
			}
			if err == nil {
				return
			}
			// Shifts refuses what Validate refuses, and OnCall knows nobody.
			if _, serr := Shifts(spec, nil, spec.Start, spec.Start.Add(time.Hour)); serr == nil || serr.Error() != err.Error() {
				t.Errorf("Shifts error = %v, want %v", serr, err)
			}
			if got := OnCall(spec, nil, time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)); got != nil {
				t.Errorf("OnCall = %q, want nil", got)
			}
		})
	}
}

func TestValidateOverride(t *testing.T) {
	t.Parallel()
	spec := validSpec(t)
	now := local(t, time.UTC, "2024-01-10 12:00")
	o := func(start, end string, who ...string) Override {
		return Override{ID: "o", Start: local(t, time.UTC, start), End: local(t, time.UTC, end), Members: who}
	}
	tests := []struct {
		name                  string
		override              Override
		wantField, wantReason string
	}{
		{name: "valid", override: o("2024-01-11 09:00", "2024-01-11 10:00", "B")},
		{name: "nobody", override: o("2024-01-11 09:00", "2024-01-11 10:00")},
		{name: "everybody", override: o("2024-01-11 09:00", "2024-01-11 10:00", "C", "B", "A")},
		{name: "in the past", override: o("2024-01-01 09:00", "2024-01-01 10:00", "B")},
		{name: "exactly 30 minutes", override: o("2024-01-11 09:00", "2024-01-11 09:30", "B")},
		{name: "29 minutes", override: o("2024-01-11 09:00", "2024-01-11 09:29", "B"),
			wantField: "EndTime", wantReason: "An override must be at least 30 minutes long"},
		{name: "end before start", override: o("2024-01-11 09:00", "2024-01-11 08:00", "B"),
			wantField: "StartTime", wantReason: "Override start time must be before its end time"},
		{name: "end at start", override: o("2024-01-11 09:00", "2024-01-11 09:00", "B"),
			wantField: "StartTime", wantReason: "Override start time must be before its end time"},
		{name: "starting six months ahead", override: o("2024-07-10 12:00", "2024-07-10 13:00", "B")},
		{name: "starting more than six months ahead", override: o("2024-07-10 12:01", "2024-07-10 13:00", "B"),
			wantField: "StartTime", wantReason: "An override cannot start more than 6 months in the future"},
		{name: "a stranger", override: o("2024-01-11 09:00", "2024-01-11 10:00", "B", "Z"),
			wantField: "NewContactIds", wantReason: "Override member Z is not a member of the rotation"},
		{name: "a member twice", override: o("2024-01-11 09:00", "2024-01-11 10:00", "B", "B"),
			wantField: "NewContactIds", wantReason: "Override member B appears more than once"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			field, reason := fieldOf(ValidateOverride(spec, tt.override, now))
			if diff := cmp.Diff([2]string{tt.wantField, tt.wantReason}, [2]string{field, reason}); diff != "" {
				t.Errorf("ValidateOverride error mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestShiftsWindow(t *testing.T) {
	t.Parallel()
	spec := validSpec(t)
	from := spec.Start
	tests := []struct {
		name      string
		to        time.Time
		wantField string
		tooLarge  bool
	}{
		{name: "a leap year", to: from.Add(MaxWindow)},
		{name: "a second more", to: from.Add(MaxWindow + time.Second), wantField: "EndTime", tooLarge: true},
		{name: "a century", to: from.AddDate(100, 0, 0), wantField: "EndTime", tooLarge: true},
		{name: "backwards", to: from.Add(-time.Second), wantField: "EndTime"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Shifts(spec, nil, from, tt.to)
			if field, _ := fieldOf(err); field != tt.wantField {
				t.Errorf("Shifts error field = %q (%v), want %q", field, err, tt.wantField)
			}
			if got := errors.Is(err, ErrWindowTooLarge); got != tt.tooLarge {
				t.Errorf("errors.Is(%v, ErrWindowTooLarge) = %v, want %v", err, got, tt.tooLarge)
			}
			_, herr := ShiftsOfHistory([]Version{{Spec: spec}}, nil, from, tt.to)
			if errors.Is(herr, ErrWindowTooLarge) != tt.tooLarge || (herr == nil) != (err == nil) {
				t.Errorf("ShiftsOfHistory error = %v, want like %v", herr, err)
			}
		})
	}
}
