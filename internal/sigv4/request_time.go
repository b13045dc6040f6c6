package sigv4

import (
	"net/http"
	"time"
)

// MaxSkew is how far the request date may be from the server's clock, as on
// AWS.
const MaxSkew = 15 * time.Minute

const amzDateLayout = "20060102T150405Z"

func formatAmzDate(t time.Time) string { return t.UTC().Format(amzDateLayout) }

// requestTime reads the signing time from X-Amz-Date or, failing that, from
// the Date header (SigV4 allows either). present is false when neither is
// sent.
func requestTime(h http.Header) (t time.Time, present bool, err *Error) {
	if v := h.Get("X-Amz-Date"); v != "" {
		t, perr := time.Parse(amzDateLayout, v)
		// time.Parse accepts some values that do not format back the same
		// (e.g. 24:00:00); the signer signs the formatted value, so insist.
		var buf [len(amzDateLayout)]byte
		if perr != nil || string(t.AppendFormat(buf[:0], amzDateLayout)) != v {
			return time.Time{}, true, errDateFormat(v)
		}
		return t, true, nil
	}
	if v := h.Get("Date"); v != "" {
		t, perr := http.ParseTime(v)
		if perr != nil {
			return time.Time{}, true, errDateFormat(v)
		}
		return t.UTC(), true, nil
	}
	return time.Time{}, false, nil
}

// checkSkew rejects a request signed more than MaxSkew before or after now.
// now is truncated to the second, the precision of the request date, so that
// the edge of the window is exact.
func checkSkew(signed, now time.Time) *Error {
	now = now.UTC().Truncate(time.Second)
	if signed.Before(now.Add(-MaxSkew)) || signed.After(now.Add(MaxSkew)) {
		return errExpired(signed, now, MaxSkew)
	}
	return nil
}
