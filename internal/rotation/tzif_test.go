package rotation

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"
)

// zoneChange is one transition of a synthetic zone: from At on, clocks
// are Offset ahead of UTC and called Name.
type zoneChange struct {
	At     time.Time
	Offset time.Duration
	Name   string
}

// syntheticZone builds a zone from TZif data (RFC 8536, version 1) so that
// tests can meet transitions no real zone has today. Before the first
// change the clocks show UTC.
func syntheticZone(t testing.TB, name string, changes []zoneChange) *time.Location {
	t.Helper()
	type localType struct {
		offset int32
		dst    uint8
		name   string
	}
	types := []localType{{0, 0, "UTC"}}
	names := []byte("UTC\x00")
	var times []int32
	var indexes []byte
	for _, c := range changes {
		types = append(types, localType{int32(c.Offset / time.Second), 1, c.Name})
		times = append(times, int32(c.At.Unix()))
		indexes = append(indexes, byte(len(types)-1))
	}
	nameAt := map[string]int{"UTC": 0}
	for _, lt := range types {
		if _, ok := nameAt[lt.name]; !ok {
			nameAt[lt.name] = len(names)
			names = append(names, append([]byte(lt.name), 0)...)
		}
	}
	var b bytes.Buffer
	b.WriteString("TZif")
	b.Write(make([]byte, 16)) // version 1 and reserved bytes
	for _, n := range []int{0, 0, 0, len(times), len(types), len(names)} {
		_ = binary.Write(&b, binary.BigEndian, uint32(n))
	}
	_ = binary.Write(&b, binary.BigEndian, times)
	b.Write(indexes)
	for _, lt := range types {
		_ = binary.Write(&b, binary.BigEndian, lt.offset)
		b.WriteByte(lt.dst)
		b.WriteByte(byte(nameAt[lt.name]))
	}
	b.Write(names)
	loc, err := time.LoadLocationFromTZData(name, b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// backAcrossMidnight is a zone whose clocks go back an hour at 00:30 on
// Sunday 2024-10-27, to 23:30 on Saturday: readings of Sunday come before
// repeated readings of Saturday. It also springs forward at 23:30 on
// Saturday 2024-03-30, straight to 00:30 on Sunday, skipping midnight.
func backAcrossMidnight(t testing.TB) *time.Location {
	return syntheticZone(t, "Test/BackAcrossMidnight", []zoneChange{
		{At: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Offset: 0, Name: "XST"},
		{At: time.Date(2024, 3, 30, 23, 30, 0, 0, time.UTC), Offset: time.Hour, Name: "XDT"},
		{At: time.Date(2024, 10, 26, 23, 30, 0, 0, time.UTC), Offset: 0, Name: "XST"},
	})
}

func TestSyntheticZone(t *testing.T) {
	t.Parallel()
	loc := backAcrossMidnight(t)
	tests := map[string]struct {
		utc, want string
	}{
		"before spring":         {"2024-03-30T23:29:00Z", "2024-03-30 23:29 XST"},
		"spring skips midnight": {"2024-03-30T23:30:00Z", "2024-03-31 00:30 XDT"},
		"last summer minute":    {"2024-10-26T23:29:00Z", "2024-10-27 00:29 XDT"},
		"back to Saturday":      {"2024-10-26T23:30:00Z", "2024-10-26 23:30 XST"},
	}
	for name, tt := range tests {
		utc, err := time.Parse(time.RFC3339, tt.utc)
		if err != nil {
			t.Fatal(err)
		}
		if got := utc.In(loc).Format(rowTime); got != tt.want {
			t.Errorf("%s: %s in the synthetic zone = %s, want %s", name, tt.utc, got, tt.want)
		}
	}
}
