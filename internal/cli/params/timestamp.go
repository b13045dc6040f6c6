package params

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
)

var errTimestamp = errors.New("invalid timestamp")

// isoLayouts are the ISO-8601 forms accepted for timestamp parameters. The
// AWS CLI hands strings to dateutil, which accepts more; these are the forms
// its documentation promises.
var isoLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04Z07:00",
	"2006-01-02 15:04",
	"2006-01-02T15Z07:00",
	"2006-01-02T15",
	"2006/01/02 15:04:05",
	"2006/01/02",
	"20060102T150405Z0700",
	"20060102T150405",
	"2006-01-02",
	"20060102",
	time.RFC1123,
	time.RFC1123Z,
	"Mon, 2 Jan 2006 15:04:05 MST",
}

// ParseTimestamp reads a timestamp parameter as botocore does: epoch
// seconds (a number or a numeric string) or an ISO-8601 string, in UTC when
// no zone is given.
func ParseTimestamp(v value.Value) (time.Time, error) {
	switch t := v.(type) {
	case value.Number:
		return epoch(t.Float64())
	case bool:
		if t {
			return epoch(1)
		}
		return epoch(0)
	case string:
		s := strings.TrimSpace(t)
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return epoch(f)
		}
		for _, layout := range isoLayouts {
			if ts, err := time.Parse(layout, s); err == nil {
				return ts.UTC(), nil
			}
		}
	}
	return time.Time{}, errTimestamp
}

func epoch(f float64) (time.Time, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 253402300799 {
		return time.Time{}, errTimestamp
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
}
