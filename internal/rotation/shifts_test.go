package rotation

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// shiftCase is one named Shifts computation with the expected shifts in
// the rotation's local time.
type shiftCase struct {
	name      string
	spec      Spec
	overrides []Override
	from, to  string // "2006-01-02 15:04" in the spec's zone
	want      []row
}

func runShiftCases(t *testing.T, tests []shiftCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			loc := tt.spec.Location
			got := rowsOf(mustShifts(t, tt.spec, tt.overrides, local(t, loc, tt.from), local(t, loc, tt.to)))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Shifts mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// utc builds a spec in UTC starting at start ("2006-01-02 15:04").
func utc(t *testing.T, names, start string, r Recurrence) Spec {
	t.Helper()
	if r.NumberOfOnCalls == 0 {
		r.NumberOfOnCalls = 1
	}
	if r.Multiplier == 0 {
		r.Multiplier = 1
	}
	return Spec{Members: members(names), Location: time.UTC, Start: local(t, time.UTC, start), Recurrence: r}
}

func reg(start, end, who string) row {
	return row{Start: start + " UTC", End: end + " UTC", Type: Regular, Members: who}
}

func over(start, end, who, replaced string) row {
	return row{Start: start + " UTC", End: end + " UTC", Type: Overridden, Members: who, Replaced: replaced}
}

func TestShiftsRecurrence(t *testing.T) {
	t.Parallel()
	monWedFri := []Weekly{{Day: time.Monday, At: at(9, 0)}, {Day: time.Wednesday, At: at(9, 0)}, {Day: time.Friday, At: at(17, 0)}}
	runShiftCases(t, []shiftCase{
		{
			name: "weekly on three days is three shifts a week",
			spec: utc(t, "A B C D", "2024-01-01 09:00", Recurrence{Weekly: monWedFri}),
			from: "2024-01-01 09:00", to: "2024-01-15 09:00",
			want: []row{
				reg("2024-01-01 09:00", "2024-01-03 09:00", "A"),
				reg("2024-01-03 09:00", "2024-01-05 17:00", "B"),
				reg("2024-01-05 17:00", "2024-01-08 09:00", "C"),
				reg("2024-01-08 09:00", "2024-01-10 09:00", "D"),
				reg("2024-01-10 09:00", "2024-01-12 17:00", "A"),
				reg("2024-01-12 17:00", "2024-01-15 09:00", "B"),
			},
		},
		{
			name: "weekly on three days every second week",
			spec: utc(t, "A B C D", "2024-01-01 09:00", Recurrence{Weekly: monWedFri, Multiplier: 2}),
			from: "2024-01-01 09:00", to: "2024-01-16 00:00",
			want: []row{
				reg("2024-01-01 09:00", "2024-01-03 09:00", "A"),
				reg("2024-01-03 09:00", "2024-01-05 17:00", "B"),
				reg("2024-01-05 17:00", "2024-01-15 09:00", "C"),
				reg("2024-01-15 09:00", "2024-01-17 09:00", "D"),
			},
		},
		{
			name: "daily every third day",
			spec: utc(t, "A B", "2024-01-01 08:00", Recurrence{Daily: []HandOff{at(8, 0)}, Multiplier: 3}),
			from: "2024-01-01 08:00", to: "2024-01-10 08:00",
			want: []row{
				reg("2024-01-01 08:00", "2024-01-04 08:00", "A"),
				reg("2024-01-04 08:00", "2024-01-07 08:00", "B"),
				reg("2024-01-07 08:00", "2024-01-10 08:00", "A"),
			},
		},
		{
			name: "weekly every second week with a partial first shift",
			spec: utc(t, "A B C", "2024-01-03 00:00", Recurrence{Weekly: []Weekly{{Day: time.Tuesday, At: at(10, 0)}}, Multiplier: 2}),
			from: "2024-01-03 00:00", to: "2024-02-07 00:00",
			want: []row{
				reg("2024-01-03 00:00", "2024-01-09 10:00", "A"),
				reg("2024-01-09 10:00", "2024-01-23 10:00", "B"),
				reg("2024-01-23 10:00", "2024-02-06 10:00", "C"),
				reg("2024-02-06 10:00", "2024-02-20 10:00", "A"),
			},
		},
		{
			name: "monthly on day 31 in a leap year falls on the last day",
			spec: utc(t, "A B C", "2024-01-31 09:00", Recurrence{Monthly: []Monthly{{Day: 31, At: at(9, 0)}}}),
			from: "2024-01-31 09:00", to: "2024-07-01 00:00",
			want: []row{
				reg("2024-01-31 09:00", "2024-02-29 09:00", "A"),
				reg("2024-02-29 09:00", "2024-03-31 09:00", "B"),
				reg("2024-03-31 09:00", "2024-04-30 09:00", "C"),
				reg("2024-04-30 09:00", "2024-05-31 09:00", "A"),
				reg("2024-05-31 09:00", "2024-06-30 09:00", "B"),
				reg("2024-06-30 09:00", "2024-07-31 09:00", "C"),
			},
		},
		{
			name: "monthly on day 31 in a common year",
			spec: utc(t, "A B", "2023-01-31 09:00", Recurrence{Monthly: []Monthly{{Day: 31, At: at(9, 0)}}}),
			from: "2023-01-31 09:00", to: "2023-03-01 00:00",
			want: []row{
				reg("2023-01-31 09:00", "2023-02-28 09:00", "A"),
				reg("2023-02-28 09:00", "2023-03-31 09:00", "B"),
			},
		},
		{
			name: "monthly days 30 and 31 meet in short months and a turn has no time",
			spec: utc(t, "A B C D E", "2024-01-30 09:00", Recurrence{Monthly: []Monthly{{Day: 30, At: at(9, 0)}, {Day: 31, At: at(9, 0)}}}),
			from: "2024-01-30 09:00", to: "2024-05-01 00:00",
			want: []row{
				reg("2024-01-30 09:00", "2024-01-31 09:00", "A"),
				reg("2024-01-31 09:00", "2024-02-29 09:00", "B"),
				// C's turn (day 30 in February) lasts no time.
				reg("2024-02-29 09:00", "2024-03-30 09:00", "D"),
				reg("2024-03-30 09:00", "2024-03-31 09:00", "E"),
				reg("2024-03-31 09:00", "2024-04-30 09:00", "A"),
				// B's turn (day 30 in April) lasts no time.
				reg("2024-04-30 09:00", "2024-05-30 09:00", "C"),
			},
		},
		{
			name: "monthly day 31 moved to the 30th can come before day 30",
			spec: utc(t, "A B C", "2024-03-30 10:00", Recurrence{Monthly: []Monthly{{Day: 30, At: at(10, 0)}, {Day: 31, At: at(9, 0)}}}),
			from: "2024-03-30 10:00", to: "2024-05-31 00:00",
			want: []row{
				reg("2024-03-30 10:00", "2024-03-31 09:00", "A"),
				reg("2024-03-31 09:00", "2024-04-30 09:00", "B"),
				reg("2024-04-30 09:00", "2024-04-30 10:00", "C"),
				reg("2024-04-30 10:00", "2024-05-30 10:00", "A"),
				reg("2024-05-30 10:00", "2024-05-31 09:00", "B"),
			},
		},
		{
			name: "monthly every 100 months, far from the start",
			spec: utc(t, "A B C", "2000-01-01 00:00", Recurrence{Monthly: []Monthly{{Day: 1, At: at(0, 0)}}, Multiplier: 100}),
			from: "2024-06-01 00:00", to: "2024-07-01 00:00",
			want: []row{reg("2016-09-01 00:00", "2025-01-01 00:00", "C")},
		},
		{
			name: "daily, twenty-four years after the start",
			spec: utc(t, "A B C D E F G", "2000-01-01 00:00", Recurrence{Daily: []HandOff{at(0, 0)}}),
			from: "2024-01-01 00:00", to: "2024-01-01 01:00",
			want: []row{reg("2024-01-01 00:00", "2024-01-02 00:00", "C")}, // 8766 days, 8766 mod 7 = 2
		},
	})
}

func TestShiftsTeams(t *testing.T) {
	t.Parallel()
	runShiftCases(t, []shiftCase{
		{
			name: "two on call out of three wraps round the list",
			spec: utc(t, "A B C", "2024-01-01 00:00", Recurrence{Daily: []HandOff{at(0, 0)}, NumberOfOnCalls: 2}),
			from: "2024-01-01 00:00", to: "2024-01-05 00:00",
			want: []row{
				reg("2024-01-01 00:00", "2024-01-02 00:00", "A B"),
				reg("2024-01-02 00:00", "2024-01-03 00:00", "C A"),
				reg("2024-01-03 00:00", "2024-01-04 00:00", "B C"),
				reg("2024-01-04 00:00", "2024-01-05 00:00", "A B"),
			},
		},
		{
			name: "everyone on call",
			spec: utc(t, "A B C", "2024-01-01 00:00", Recurrence{Daily: []HandOff{at(0, 0)}, NumberOfOnCalls: 3}),
			from: "2024-01-01 00:00", to: "2024-01-03 00:00",
			want: []row{
				reg("2024-01-01 00:00", "2024-01-02 00:00", "A B C"),
				reg("2024-01-02 00:00", "2024-01-03 00:00", "A B C"),
			},
		},
	})
}

func TestShiftsStartAndWindow(t *testing.T) {
	t.Parallel()
	partial := utc(t, "A B C", "2024-01-01 12:00", Recurrence{Daily: []HandOff{at(9, 0)}})
	every3 := utc(t, "A B", "2024-01-01 08:00", Recurrence{Daily: []HandOff{at(8, 0)}, Multiplier: 3})
	runShiftCases(t, []shiftCase{
		{
			name: "a start between hand-offs gives the first members a partial shift",
			spec: partial,
			from: "2024-01-01 12:00", to: "2024-01-03 09:00",
			want: []row{
				reg("2024-01-01 12:00", "2024-01-02 09:00", "A"),
				reg("2024-01-02 09:00", "2024-01-03 09:00", "B"),
			},
		},
		{
			name: "nothing before a future start",
			spec: partial,
			from: "2023-12-31 00:00", to: "2024-01-01 12:00",
		},
		{
			name: "a window reaching past the start begins at the start",
			spec: partial,
			from: "2023-12-31 00:00", to: "2024-01-02 00:00",
			want: []row{reg("2024-01-01 12:00", "2024-01-02 09:00", "A")},
		},
		{
			name: "shifts are not clipped to the window",
			spec: every3,
			from: "2024-01-05 00:00", to: "2024-01-05 01:00",
			want: []row{reg("2024-01-04 08:00", "2024-01-07 08:00", "B")},
		},
		{
			name: "an empty window has no shifts",
			spec: every3,
			from: "2024-01-05 00:00", to: "2024-01-05 00:00",
		},
	})
}

func TestShiftsCoverage(t *testing.T) {
	t.Parallel()
	weekdays := map[time.Weekday][]Coverage{}
	for d := time.Monday; d <= time.Friday; d++ {
		weekdays[d] = []Coverage{{Start: at(0, 0), End: at(0, 0)}}
	}
	nights := map[time.Weekday][]Coverage{}
	for d := time.Sunday; d <= time.Saturday; d++ {
		nights[d] = []Coverage{{Start: at(22, 0), End: at(2, 0)}}
	}
	runShiftCases(t, []shiftCase{
		{
			name: "windows crossing midnight",
			spec: utc(t, "A B", "2024-01-01 09:00", Recurrence{
				Daily: []HandOff{at(9, 0)},
				Coverages: map[time.Weekday][]Coverage{
					time.Friday: {{Start: at(22, 0), End: at(2, 0)}},
					time.Sunday: {{Start: at(23, 0), End: at(0, 30)}},
				},
			}),
			from: "2024-01-01 09:00", to: "2024-01-08 09:00",
			want: []row{
				reg("2024-01-05 22:00", "2024-01-06 02:00", "A"),
				reg("2024-01-07 23:00", "2024-01-08 00:30", "A"),
			},
		},
		{
			name: "a window crossing midnight is cut by a hand-off at midnight",
			spec: utc(t, "A B", "2024-01-01 00:00", Recurrence{Daily: []HandOff{at(0, 0)}, Coverages: nights}),
			from: "2024-01-01 00:00", to: "2024-01-03 00:00",
			want: []row{
				reg("2024-01-01 00:00", "2024-01-01 02:00", "A"),
				reg("2024-01-01 22:00", "2024-01-02 00:00", "A"),
				reg("2024-01-02 00:00", "2024-01-02 02:00", "B"),
				reg("2024-01-02 22:00", "2024-01-03 00:00", "B"),
			},
		},
		{
			name: "start equal to end is a whole day",
			spec: utc(t, "A B", "2024-01-01 00:00", Recurrence{
				Daily:     []HandOff{at(12, 0)},
				Coverages: map[time.Weekday][]Coverage{time.Monday: {{Start: at(0, 0), End: at(0, 0)}}},
			}),
			from: "2024-01-01 00:00", to: "2024-01-08 00:00",
			want: []row{
				reg("2024-01-01 00:00", "2024-01-01 12:00", "A"),
				reg("2024-01-01 12:00", "2024-01-02 00:00", "B"),
			},
		},
		{
			name: "whole days joined across midnights make one shift",
			spec: utc(t, "A B", "2024-01-01 00:00", Recurrence{Weekly: []Weekly{{Day: time.Monday, At: at(0, 0)}}, Coverages: weekdays}),
			from: "2024-01-04 12:00", to: "2024-01-04 13:00",
			want: []row{reg("2024-01-01 00:00", "2024-01-06 00:00", "A")},
		},
		{
			name: "windows covering the whole week are round the clock",
			spec: utc(t, "A B", "2024-01-01 00:00", Recurrence{
				Monthly:    []Monthly{{Day: 1, At: at(0, 0)}},
				Multiplier: 12,
				Coverages: map[time.Weekday][]Coverage{
					time.Monday: {{Start: at(0, 0), End: at(0, 0)}}, time.Tuesday: {{Start: at(0, 0), End: at(12, 0)}, {Start: at(11, 0), End: at(0, 0)}},
					time.Wednesday: {{Start: at(0, 0), End: at(0, 0)}}, time.Thursday: {{Start: at(0, 0), End: at(0, 0)}},
					time.Friday: {{Start: at(0, 0), End: at(0, 0)}}, time.Saturday: {{Start: at(0, 0), End: at(0, 0)}},
					time.Sunday: {{Start: at(0, 0), End: at(0, 0)}},
				},
			}),
			from: "2024-06-15 00:00", to: "2024-06-15 01:00",
			want: []row{reg("2024-01-01 00:00", "2025-01-01 00:00", "A")},
		},
		{
			name: "days listed without windows are round the clock",
			spec: utc(t, "A B", "2024-01-01 00:00", Recurrence{
				Daily: []HandOff{at(0, 0)}, Coverages: map[time.Weekday][]Coverage{time.Monday: {}},
			}),
			from: "2024-01-02 05:00", to: "2024-01-02 06:00",
			want: []row{reg("2024-01-02 00:00", "2024-01-03 00:00", "B")},
		},
	})
}

func TestShiftsOverrides(t *testing.T) {
	t.Parallel()
	abc := utc(t, "A B C", "2024-01-01 09:00", Recurrence{Daily: []HandOff{at(9, 0)}})
	businessHours := map[time.Weekday][]Coverage{}
	for d := time.Monday; d <= time.Friday; d++ {
		businessHours[d] = []Coverage{{Start: at(9, 0), End: at(17, 0)}}
	}
	office := utc(t, "A B", "2024-01-01 09:00", Recurrence{Weekly: []Weekly{{Day: time.Monday, At: at(9, 0)}}, Coverages: businessHours})
	o := func(id, start, end, who string) Override {
		return Override{ID: id, Start: local(t, time.UTC, start), End: local(t, time.UTC, end), Members: members(who)}
	}
	runShiftCases(t, []shiftCase{
		{
			name:      "an override spanning several shifts",
			spec:      abc,
			overrides: []Override{o("o", "2024-01-01 21:00", "2024-01-03 12:00", "C")},
			from:      "2024-01-01 09:00", to: "2024-01-04 09:00",
			want: []row{
				reg("2024-01-01 09:00", "2024-01-01 21:00", "A"),
				over("2024-01-01 21:00", "2024-01-02 09:00", "C", "A"),
				over("2024-01-02 09:00", "2024-01-03 09:00", "C", "B"),
				over("2024-01-03 09:00", "2024-01-03 12:00", "C", "C"),
				reg("2024-01-03 12:00", "2024-01-04 09:00", "C"),
			},
		},
		{
			name:      "an override in a coverage gap puts nobody on call",
			spec:      office,
			overrides: []Override{o("o", "2024-01-06 10:00", "2024-01-06 14:00", "B")},
			from:      "2024-01-06 00:00", to: "2024-01-07 00:00",
		},
		{
			name:      "an override reaching into a gap applies to the covered part",
			spec:      office,
			overrides: []Override{o("o", "2024-01-05 16:00", "2024-01-05 20:00", "B")},
			from:      "2024-01-05 00:00", to: "2024-01-06 00:00",
			want: []row{
				reg("2024-01-05 09:00", "2024-01-05 16:00", "A"),
				over("2024-01-05 16:00", "2024-01-05 17:00", "B", "A"),
			},
		},
		{
			name: "the later of two overlapping overrides wins",
			spec: abc,
			overrides: []Override{
				o("wide", "2024-01-01 10:00", "2024-01-01 14:00", "B"),
				o("narrow", "2024-01-01 12:00", "2024-01-01 13:00", "C"),
			},
			from: "2024-01-01 09:00", to: "2024-01-02 09:00",
			want: []row{
				reg("2024-01-01 09:00", "2024-01-01 10:00", "A"),
				over("2024-01-01 10:00", "2024-01-01 12:00", "B", "A"),
				over("2024-01-01 12:00", "2024-01-01 13:00", "C", "A"),
				over("2024-01-01 13:00", "2024-01-01 14:00", "B", "A"),
				reg("2024-01-01 14:00", "2024-01-02 09:00", "A"),
			},
		},
		{
			name: "an override hidden under a later one leaves no seam",
			spec: abc,
			overrides: []Override{
				o("narrow", "2024-01-01 12:00", "2024-01-01 13:00", "C"),
				o("wide", "2024-01-01 10:00", "2024-01-01 14:00", "B"),
			},
			from: "2024-01-01 09:00", to: "2024-01-02 09:00",
			want: []row{
				reg("2024-01-01 09:00", "2024-01-01 10:00", "A"),
				over("2024-01-01 10:00", "2024-01-01 14:00", "B", "A"),
				reg("2024-01-01 14:00", "2024-01-02 09:00", "A"),
			},
		},
		{
			name:      "an override with nobody",
			spec:      abc,
			overrides: []Override{o("o", "2024-01-01 10:00", "2024-01-01 11:00", "")},
			from:      "2024-01-01 10:00", to: "2024-01-01 11:00",
			want: []row{over("2024-01-01 10:00", "2024-01-01 11:00", "", "A")},
		},
		{
			name: "an override ending before it starts is ignored",
			spec: abc,
			overrides: []Override{
				o("backwards", "2024-01-01 11:00", "2024-01-01 10:00", "C"),
				o("empty", "2024-01-01 11:00", "2024-01-01 11:00", "C"),
			},
			from: "2024-01-01 10:00", to: "2024-01-01 11:00",
			want: []row{reg("2024-01-01 09:00", "2024-01-02 09:00", "A")},
		},
		{
			name:      "an override before the start does nothing",
			spec:      abc,
			overrides: []Override{o("o", "2023-12-31 10:00", "2024-01-01 10:00", "C")},
			from:      "2023-12-31 00:00", to: "2024-01-01 10:00",
			want: []row{over("2024-01-01 09:00", "2024-01-01 10:00", "C", "A")},
		},
	})
}

func TestShiftsDaylightSaving(t *testing.T) {
	t.Parallel()
	chicago := mustLoad(t, "America/Chicago")
	spec := func(start string, r Recurrence) Spec {
		r.NumberOfOnCalls, r.Multiplier = 1, 1
		return Spec{Members: members("A B"), Location: chicago, Start: local(t, chicago, start), Recurrence: r}
	}
	runShiftCases(t, []shiftCase{
		{
			name: "a skipped hand-off happens when the clocks jump",
			spec: spec("2024-03-03 02:30", Recurrence{Weekly: []Weekly{{Day: time.Sunday, At: at(2, 30)}}}),
			from: "2024-03-03 02:30", to: "2024-03-17 03:00",
			want: []row{
				{Start: "2024-03-03 02:30 CST", End: "2024-03-10 03:00 CDT", Type: Regular, Members: "A"},
				{Start: "2024-03-10 03:00 CDT", End: "2024-03-17 02:30 CDT", Type: Regular, Members: "B"},
				{Start: "2024-03-17 02:30 CDT", End: "2024-03-24 02:30 CDT", Type: Regular, Members: "A"},
			},
		},
		{
			name: "a repeated hand-off happens the first time",
			spec: spec("2024-11-02 01:30", Recurrence{Daily: []HandOff{at(1, 30)}}),
			from: "2024-11-02 01:30", to: "2024-11-04 00:00",
			want: []row{
				{Start: "2024-11-02 01:30 CDT", End: "2024-11-03 01:30 CDT", Type: Regular, Members: "A"},
				{Start: "2024-11-03 01:30 CDT", End: "2024-11-04 01:30 CST", Type: Regular, Members: "B"},
			},
		},
	})
}
