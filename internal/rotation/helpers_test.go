package rotation

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // tests must not depend on the machine's zoneinfo
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// local parses "2006-01-02 15:04" in loc; the reading must exist.
func local(t testing.TB, loc *time.Location, value string) time.Time {
	t.Helper()
	tm, err := time.ParseInLocation("2006-01-02 15:04", value, loc)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func at(hour, minute int) HandOff { return HandOff{Hour: hour, Minute: minute} }

func members(names string) []string { return strings.Fields(names) }

// row is a shift as a test reads it: times in the rotation's zone.
type row struct {
	Start, End string
	Type       ShiftType
	Members    string
	Replaced   string
}

const rowTime = "2006-01-02 15:04 MST"

func rowsOf(shifts []Shift) []row {
	var rows []row
	for _, s := range shifts {
		rows = append(rows, row{
			Start:    s.Start.Format(rowTime),
			End:      s.End.Format(rowTime),
			Type:     s.Type,
			Members:  strings.Join(s.Members, " "),
			Replaced: strings.Join(s.Replaced, " "),
		})
	}
	return rows
}

// epochRow is a shift as the wire sees it: epoch seconds.
type epochRow struct {
	Start, End int64
	Type       ShiftType
	Members    string
	Replaced   string
}

func epochRowsOf(shifts []Shift) []epochRow {
	var rows []epochRow
	for _, s := range shifts {
		rows = append(rows, epochRow{s.Start.Unix(), s.End.Unix(), s.Type,
			strings.Join(s.Members, " "), strings.Join(s.Replaced, " ")})
	}
	return rows
}

func mustShifts(t testing.TB, spec Spec, overrides []Override, from, to time.Time) []Shift {
	t.Helper()
	shifts, err := Shifts(spec, overrides, from, to)
	if err != nil {
		t.Fatalf("Shifts: %v", err)
	}
	return shifts
}
