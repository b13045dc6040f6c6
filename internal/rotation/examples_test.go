package rotation

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestWorkedExamples checks the worked examples of the behaviour reference
// (BEHAVIOR.md §5.3) to the second.
func TestWorkedExamples(t *testing.T) {
	t.Parallel()
	weekdays := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	businessHours := map[time.Weekday][]Coverage{}
	for _, d := range weekdays {
		businessHours[d] = []Coverage{{Start: at(9, 0), End: at(17, 0)}}
	}
	exampleB := Spec{
		Members:  members("A B"),
		Location: time.UTC,
		Start:    time.Unix(1704099600, 0),
		Recurrence: Recurrence{
			Weekly:          []Weekly{{Day: time.Monday, At: at(9, 0)}},
			NumberOfOnCalls: 1,
			Multiplier:      1,
			Coverages:       businessHours,
		},
	}
	tests := []struct {
		name      string
		spec      Spec
		overrides []Override
		from, to  int64
		want      []epochRow
	}{
		{
			name: "A daily across a DST change",
			spec: Spec{
				Members:  members("A B C"),
				Location: mustLoad(t, "America/Los_Angeles"),
				Start:    time.Unix(1709917200, 0),
				Recurrence: Recurrence{
					Daily:           []HandOff{at(9, 0)},
					NumberOfOnCalls: 1,
					Multiplier:      1,
				},
			},
			from: 1709917200, to: 1710259200,
			want: []epochRow{
				{1709917200, 1710003600, Regular, "A", ""},
				{1710003600, 1710086400, Regular, "B", ""}, // 23 hours
				{1710086400, 1710172800, Regular, "C", ""},
				{1710172800, 1710259200, Regular, "A", ""},
			},
		},
		{
			name: "B weekly with business-hours coverage",
			spec: exampleB,
			from: 1704099600, to: 1704099600 + 8*24*3600,
			want: []epochRow{
				{1704099600, 1704128400, Regular, "A", ""},
				{1704186000, 1704214800, Regular, "A", ""},
				{1704272400, 1704301200, Regular, "A", ""},
				{1704358800, 1704387600, Regular, "A", ""},
				{1704445200, 1704474000, Regular, "A", ""},
				{1704099600 + 7*24*3600, 1704128400 + 7*24*3600, Regular, "B", ""},
			},
		},
		{
			name: "C override on top of B",
			spec: exampleB,
			overrides: []Override{{
				ID: "o1", Start: time.Unix(1704283200, 0), End: time.Unix(1704294000, 0), Members: members("B"),
			}},
			from: 1704272400, to: 1704301200,
			want: []epochRow{
				{1704272400, 1704283200, Regular, "A", ""},
				{1704283200, 1704294000, Overridden, "B", "A"},
				{1704294000, 1704301200, Regular, "A", ""},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := epochRowsOf(mustShifts(t, tt.spec, tt.overrides, time.Unix(tt.from, 0), time.Unix(tt.to, 0)))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Shifts mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
