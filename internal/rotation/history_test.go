package rotation

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestShiftsOfHistory(t *testing.T) {
	t.Parallel()
	daily9 := Recurrence{Daily: []HandOff{at(9, 0)}}
	v1 := utc(t, "A B C", "2024-01-01 09:00", daily9)
	sameStart := utc(t, "X Y", "2024-01-01 09:00", daily9)
	restart := utc(t, "X Y", "2024-01-03 15:00", daily9)
	change := local(t, time.UTC, "2024-01-03 15:00")
	tests := []struct {
		name      string
		versions  []Version
		overrides []Override
		from, to  string
		want      []row
	}{
		{
			name:     "new members in the middle of a shift keep the old start",
			versions: []Version{{Spec: v1}, {Spec: sameStart, From: change}},
			from:     "2024-01-01 09:00", to: "2024-01-05 09:00",
			want: []row{
				reg("2024-01-01 09:00", "2024-01-02 09:00", "A"),
				reg("2024-01-02 09:00", "2024-01-03 09:00", "B"),
				reg("2024-01-03 09:00", "2024-01-03 15:00", "C"),
				reg("2024-01-03 15:00", "2024-01-04 09:00", "X"), // shift 2 of the new settings
				reg("2024-01-04 09:00", "2024-01-05 09:00", "Y"),
			},
		},
		{
			name:     "a new start at the change begins with the first member",
			versions: []Version{{Spec: v1}, {Spec: restart, From: change}},
			from:     "2024-01-03 10:00", to: "2024-01-05 09:00",
			want: []row{
				reg("2024-01-03 09:00", "2024-01-03 15:00", "C"),
				reg("2024-01-03 15:00", "2024-01-04 09:00", "X"),
				reg("2024-01-04 09:00", "2024-01-05 09:00", "Y"),
			},
		},
		{
			name:     "a window before the change sees the old shift cut at the change",
			versions: []Version{{Spec: v1}, {Spec: sameStart, From: change}},
			from:     "2024-01-03 10:00", to: "2024-01-03 11:00",
			want: []row{reg("2024-01-03 09:00", "2024-01-03 15:00", "C")},
		},
		{
			name:     "a window after the change sees the new shift from the change",
			versions: []Version{{Spec: v1}, {Spec: sameStart, From: change}},
			from:     "2024-01-03 20:00", to: "2024-01-03 21:00",
			want: []row{reg("2024-01-03 15:00", "2024-01-04 09:00", "X")},
		},
		{
			name: "three versions, the middle one short",
			versions: []Version{
				{Spec: v1},
				{Spec: sameStart, From: change},
				{Spec: v1, From: local(t, time.UTC, "2024-01-03 18:00")},
			},
			from: "2024-01-03 12:00", to: "2024-01-04 12:00",
			want: []row{
				reg("2024-01-03 09:00", "2024-01-03 15:00", "C"),
				reg("2024-01-03 15:00", "2024-01-03 18:00", "X"),
				reg("2024-01-03 18:00", "2024-01-04 09:00", "C"),
				reg("2024-01-04 09:00", "2024-01-05 09:00", "A"),
			},
		},
		{
			name:     "an override across the change replaces members of both versions",
			versions: []Version{{Spec: v1}, {Spec: sameStart, From: change}},
			overrides: []Override{{ID: "o", Start: local(t, time.UTC, "2024-01-03 14:00"),
				End: local(t, time.UTC, "2024-01-03 16:00"), Members: members("B")}},
			from: "2024-01-03 12:00", to: "2024-01-03 17:00",
			want: []row{
				reg("2024-01-03 09:00", "2024-01-03 14:00", "C"),
				over("2024-01-03 14:00", "2024-01-03 15:00", "B", "C"),
				over("2024-01-03 15:00", "2024-01-03 16:00", "B", "X"),
				reg("2024-01-03 16:00", "2024-01-04 09:00", "X"),
			},
		},
		{
			name:     "nothing before the first version",
			versions: []Version{{Spec: v1, From: change}},
			from:     "2024-01-01 00:00", to: "2024-01-03 16:00",
			want: []row{reg("2024-01-03 15:00", "2024-01-04 09:00", "C")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			from, to := local(t, time.UTC, tt.from), local(t, time.UTC, tt.to)
			shifts, err := ShiftsOfHistory(tt.versions, tt.overrides, from, to)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, rowsOf(shifts)); diff != "" {
				t.Errorf("ShiftsOfHistory mismatch (-want +got):\n%s", diff)
			}
			// OnCallInHistory agrees with the shifts at their edges and
			// every 13 minutes.
			var instants []time.Time
			for m := from; m.Before(to); m = m.Add(13 * time.Minute) {
				instants = append(instants, m)
			}
			for _, s := range shifts {
				instants = append(instants, s.Start, s.End.Add(-time.Nanosecond))
			}
			for _, m := range instants {
				if m.Before(from) || !m.Before(to) {
					continue
				}
				var want []string
				for _, s := range shifts {
					if s.contains(m) {
						want = s.Members
					}
				}
				if got := OnCallInHistory(tt.versions, tt.overrides, m); !slices.Equal(got, want) {
					t.Fatalf("OnCallInHistory(%v) = %q, want %q", m, got, want)
				}
			}
		})
	}
}

func TestShiftsOfHistoryRejects(t *testing.T) {
	t.Parallel()
	spec := validSpec(t)
	bad := spec
	bad.Recurrence.Multiplier = 0
	jan := func(day int) time.Time { return time.Date(2024, 1, day, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name      string
		versions  []Version
		wantField string
	}{
		{name: "no versions", wantField: "Versions"},
		{name: "out of order", versions: []Version{{Spec: spec, From: jan(2)}, {Spec: spec, From: jan(1)}}, wantField: "Versions"},
		{name: "two at once", versions: []Version{{Spec: spec, From: jan(2)}, {Spec: spec, From: jan(2)}}, wantField: "Versions"},
		{name: "an invalid version", versions: []Version{{Spec: spec}, {Spec: bad, From: jan(2)}}, wantField: "Recurrence.RecurrenceMultiplier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ShiftsOfHistory(tt.versions, nil, jan(1), jan(5))
			if field, _ := fieldOf(err); field != tt.wantField {
				t.Errorf("ShiftsOfHistory error field = %q (%v), want %q", field, err, tt.wantField)
			}
			if got := OnCallInHistory(tt.versions, nil, jan(3)); got != nil {
				t.Errorf("OnCallInHistory = %q, want nil", got)
			}
		})
	}
}
