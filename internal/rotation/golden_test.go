package rotation

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGoldenCalendars renders a few rotations as calendars a person can
// read and review, and compares them with testdata/*.golden.
func TestGoldenCalendars(t *testing.T) {
	t.Parallel()
	chicago := mustLoad(t, "America/Chicago")
	sydney := mustLoad(t, "Australia/Sydney")
	var hourly []HandOff
	for h := range 24 {
		hourly = append(hourly, at(h, 0))
	}
	weekdays := map[time.Weekday][]Coverage{}
	for d := time.Monday; d <= time.Friday; d++ {
		weekdays[d] = []Coverage{{Start: at(9, 0), End: at(17, 0)}}
	}
	type window struct{ from, to string }
	tests := []struct {
		name      string
		spec      Spec
		overrides []Override
		windows   []window
	}{
		{
			name: "hourly_daylight_saving",
			spec: Spec{Members: members("A B C D E"), Location: chicago, Start: local(t, chicago, "2024-01-01 00:00"),
				Recurrence: Recurrence{Daily: hourly, NumberOfOnCalls: 1, Multiplier: 1}},
			windows: []window{{"2024-03-10 00:00", "2024-03-10 05:00"}, {"2024-11-03 00:00", "2024-11-03 04:00"}},
		},
		{
			name: "weekly_three_days_every_other_week",
			spec: Spec{Members: members("A B C D"), Location: sydney, Start: local(t, sydney, "2024-09-18 12:00"),
				Recurrence: Recurrence{Weekly: []Weekly{
					{Day: time.Monday, At: at(9, 0)}, {Day: time.Wednesday, At: at(9, 0)}, {Day: time.Friday, At: at(17, 0)},
				}, NumberOfOnCalls: 2, Multiplier: 2}},
			windows: []window{{"2024-09-18 12:00", "2024-11-01 00:00"}},
		},
		{
			name: "business_hours_with_overrides",
			spec: Spec{Members: members("A B C"), Location: chicago, Start: local(t, chicago, "2024-03-04 09:00"),
				Recurrence: Recurrence{Weekly: []Weekly{{Day: time.Monday, At: at(9, 0)}}, NumberOfOnCalls: 1, Multiplier: 1, Coverages: weekdays}},
			overrides: []Override{
				{ID: "holiday", Start: local(t, chicago, "2024-03-06 00:00"), End: local(t, chicago, "2024-03-07 00:00"), Members: []string{}},
				{ID: "swap", Start: local(t, chicago, "2024-03-08 12:00"), End: local(t, chicago, "2024-03-12 12:00"), Members: members("C")},
			},
			windows: []window{{"2024-03-04 00:00", "2024-03-16 00:00"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var b strings.Builder
			for _, w := range tt.windows {
				from, to := local(t, tt.spec.Location, w.from), local(t, tt.spec.Location, w.to)
				fmt.Fprintf(&b, "shifts overlapping [%s, %s)\n", from.Format(rowTime), to.Format(rowTime))
				for _, s := range mustShifts(t, tt.spec, tt.overrides, from, to) {
					fmt.Fprintf(&b, "  %s → %s  %8s  %-10s  %s", s.Start.Format(rowTime), s.End.Format(rowTime),
						s.End.Sub(s.Start), s.Type, strings.Join(s.Members, " "))
					if s.Type == Overridden {
						fmt.Fprintf(&b, "  (in place of %s)", strings.Join(s.Replaced, " "))
					}
					b.WriteString("\n")
				}
			}
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
			}
		})
	}
}
