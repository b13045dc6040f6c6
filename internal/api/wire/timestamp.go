package wire

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Timestamp is the protocol's DateTime: epoch seconds as a JSON number.
// It decodes integers, fractions and exponents; it encodes seconds with
// millisecond precision and always a fraction ("1621362341.151",
// "1621362341.0"), as AWS's own responses read after parsing.
type Timestamp struct{ time.Time }

// At wraps t.
func At(t time.Time) Timestamp { return Timestamp{t} }

// Ptr returns a pointer to a Timestamp of t, or nil for a nil t.
func Ptr(t *time.Time) *Timestamp {
	if t == nil {
		return nil
	}
	return &Timestamp{*t}
}

// The instants every client can read. botocore turns epoch seconds into a
// datetime in the local time zone, which fails outside years 1 to 9999
// there; a day's margin on each side covers every zone's offset.
var (
	EarliestReadable = time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC)
	LatestReadable   = time.Date(9999, 12, 30, 23, 59, 59, 999e6, time.UTC)
)

// MarshalJSON writes epoch seconds with up to three decimals. A computed
// time beyond what clients can read (a shift of a rotation starting near
// the year 10000 ends after it) is written as the nearest readable one.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	ms := min(max(t.UnixMilli(), EarliestReadable.UnixMilli()), LatestReadable.UnixMilli())
	sec, frac := ms/1000, ms%1000
	if frac < 0 {
		sec, frac = sec-1, frac+1000
	}
	b := strconv.AppendInt(nil, sec, 10)
	b = append(b, '.')
	if frac == 0 {
		return append(b, '0'), nil
	}
	f := []byte(fmt.Sprintf("%03d", frac))
	return append(b, bytes.TrimRight(f, "0")...), nil
}

// UnmarshalJSON reads epoch seconds in any JSON number form.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return fmt.Errorf("timestamp %s is not epoch seconds", b)
	}
	*t = fromSeconds(f)
	return nil
}

// fromSeconds reads epoch seconds to the millisecond.
func fromSeconds(f float64) Timestamp {
	sec, frac := math.Modf(f)
	return Timestamp{time.Unix(int64(sec), int64(math.Round(frac*1e3))*1e6).UTC()}
}
