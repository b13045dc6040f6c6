package e2e

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Every timestamp the server answers with is one botocore can read, in
// any local time zone: shifts of a rotation that starts days before the
// year 10000 end at the last readable instant, and inputs clients could
// not read back are refused with a ValidationException that says so.
func TestTimesAtTheEdgesAreReadable(t *testing.T) {
	rangeMessage := "Member must be a time from 0001-01-02T00:00:00Z to 9999-12-30T23:59:59.999Z"
	want := map[string]any{
		"rotation_start": "9999-12-29T00:00:00Z",
		// The first shift runs from the start to the first hand-off, on
		// January 1st of the year 10000: past what clients read.
		"shifts":  []any{[]any{"9999-12-29T00:00:00Z", "9999-12-30T23:59:59.999Z"}},
		"preview": []any{[]any{"9999-12-29T00:00:00Z", "9999-12-30T23:59:59.999Z"}},
		"year_1": map[string]any{"Code": "ValidationException",
			"Message": "1 validation error detected: Value '-62135596800' at 'startTime' failed to satisfy constraint: " + rangeMessage},
		"year_10000_eve": map[string]any{"Code": "ValidationException",
			"Message": "1 validation error detected: Value '253402257600' at 'startTime' failed to satisfy constraint: " + rangeMessage},
	}
	// botocore reads epoch seconds in the local zone: the furthest zones
	// east and west of UTC are where the year 10000 and the year 0 begin.
	for _, zone := range []string{"Pacific/Kiritimati", "Etc/GMT+12"} {
		t.Run(zone, func(t *testing.T) {
			s := start(t, options{})
			got := runBoto3(t, s, "testdata/boto3_far_times.py", "TZ="+zone)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("what boto3 saw (-want +got):\n%s", diff)
			}
		})
	}
}
