package wire

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/api/wire/internal/gen"
	"github.com/ssmcontacts/ssmcontacts/model"
)

func TestGeneratedCodeIsFresh(t *testing.T) {
	want, err := gen.Generate(model.MustLoad())
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("wire_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatal("wire_gen.go is stale: run go generate ./internal/api/wire")
	}
}

func TestTimestampEncoding(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.UnixMilli(1621362341151), "1621362341.151"},
		{time.UnixMilli(1621362341000), "1621362341.0"},
		{time.UnixMilli(1621362341100), "1621362341.1"},
		{time.UnixMilli(1621362341005), "1621362341.005"},
		{time.UnixMilli(-1500), "-2.5"},
		// Beyond what botocore can read in every local time zone: the
		// nearest readable instant.
		{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), "253402214399.999"},
		{time.Date(9999, 12, 31, 12, 0, 0, 0, time.UTC), "253402214399.999"},
		{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), "-62135510400.0"},
		{time.Time{}, "-62135510400.0"},
	}
	for _, tc := range tests {
		b, err := json.Marshal(At(tc.in))
		if err != nil || string(b) != tc.want {
			t.Errorf("Marshal(%v) = %s, %v; want %s", tc.in, b, err, tc.want)
		}
	}
}

func TestTimestampDecoding(t *testing.T) {
	tests := []struct {
		in   string
		want int64 // ms
	}{
		{"1689819709", 1689819709000},
		{"1689819709.123", 1689819709123},
		{"1.689819709123E9", 1689819709123},
		{"1689819709.9996", 1689819710000},
	}
	for _, tc := range tests {
		var ts Timestamp
		if err := json.Unmarshal([]byte(tc.in), &ts); err != nil || ts.UnixMilli() != tc.want {
			t.Errorf("Unmarshal(%s) = %d, %v; want %d", tc.in, ts.UnixMilli(), err, tc.want)
		}
	}
	var ts Timestamp
	if err := json.Unmarshal([]byte(`"2024-01-01T00:00:00Z"`), &ts); err == nil {
		t.Error("a string timestamp was accepted")
	}
}
