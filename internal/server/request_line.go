package server

import (
	"log/slog"
	"strconv"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// The request log line at level info, written straight into the buffered
// log: byte for byte what slog's TextHandler writes for the same record
// (TestRequestLineMatchesSlog), without building a Record, copying
// attributes or taking the handler's lock. Profiled under wrk, the line
// through slog cost about as much CPU as the SigV4 check.

// textLog returns the buffered log behind h when h is Main's own text
// logger (flushOnWarn over a *slog.TextHandler), which the fast line may
// write to; nil otherwise (JSON, or a logger supplied by the caller).
func textLog(h slog.Handler) *bufferedLog {
	fw, ok := h.(flushOnWarn)
	if !ok || fw.buf == nil {
		return nil
	}
	if _, ok := fw.Handler.(*slog.TextHandler); !ok {
		return nil
	}
	return fw.buf
}

// requestLine is the fields of one request line.
type requestLine struct {
	requestID, operation, account, region string
	status                                int
	code, latencyMS                       string
}

var lineBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// writeRequestLine writes l at level info, stamped t, to w.
func writeRequestLine(w *bufferedLog, t time.Time, l requestLine) {
	buf := lineBuffers.Get().(*[]byte)
	b := appendRequestLine((*buf)[:0], t, l)
	w.Write(b)
	*buf = b
	lineBuffers.Put(buf)
}

func appendRequestLine(b []byte, t time.Time, l requestLine) []byte {
	b = append(b, "time="...)
	b = appendRFC3339Millis(b, t.Round(0))
	b = append(b, " level=INFO msg=request request_id="...)
	b = appendTextValue(b, l.requestID)
	b = append(b, " operation="...)
	b = appendTextValue(b, l.operation)
	b = append(b, " account="...)
	b = appendTextValue(b, l.account)
	b = append(b, " region="...)
	b = appendTextValue(b, l.region)
	b = append(b, " status="...)
	b = strconv.AppendInt(b, int64(l.status), 10)
	b = append(b, " code="...)
	b = appendTextValue(b, l.code)
	b = append(b, " latency_ms="...)
	b = appendTextValue(b, l.latencyMS)
	return append(b, '\n')
}

// appendRFC3339Millis is log/slog's time format.
func appendRFC3339Millis(b []byte, t time.Time) []byte {
	const prefixLen = len("2006-01-02T15:04:05.000")
	n := len(b)
	t = t.Truncate(time.Millisecond).Add(time.Millisecond / 10)
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b[:n+prefixLen], b[n+prefixLen+1:]...) // drop the 4th digit
}

// appendTextValue writes s as slog's TextHandler does: quoted when it is
// empty or holds a space, '=', '"', a control character below 0x20, or a rune that
// is not printable.
func appendTextValue(b []byte, s string) []byte {
	if textNeedsQuoting(s) {
		return strconv.AppendQuote(b, s)
	}
	return append(b, s...)
}

func textNeedsQuoting(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < ' ' || c == ' ' || c == '=' || c == '"' {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return true
		}
		i += size
	}
	return false
}
