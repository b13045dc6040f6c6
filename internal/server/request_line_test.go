package server

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"testing"
	"time"
)

// TestRequestLineMatchesSlog: the fast request line is what slog's
// TextHandler writes for the same record, quoting included.
func TestRequestLineMatchesSlog(t *testing.T) {
	east := time.FixedZone("UTC+3", 3*3600)
	times := []time.Time{
		time.Date(2026, 12, 5, 14, 29, 3, 123456789, time.UTC),
		time.Date(2026, 12, 5, 14, 29, 3, 0, time.UTC),
		time.Date(2026, 12, 5, 14, 29, 3, 999999999, east),
		time.Now(), // with a monotonic reading
	}
	lines := []requestLine{
		{"7c1d2e9a-3b4f-4e5d-8c6b-1a2b3c4d5e6f", "GetContact", "000000000000", "us-east-2", 200, "OK", "0.123"},
		{"", "unknown", "", "", 400, "MissingAuthenticationTokenException", "0.010"},
		{"id with spaces", "op=eq", `quote"d`, "back\\slash", 500, "tab\there", "1.000"},
		{"nl\nid", "ünïcödé", "\u00a0nbsp", "\x7f", 499, "ClientClosedRequest", "12.5"},
		{"\xff\xfe", "emoji😀", "zero\u200bwidth", "\u2028", 200, "OK", "0.000"},
	}
	for _, at := range times {
		for _, l := range lines {
			var want bytes.Buffer
			r := slog.NewRecord(at, slog.LevelInfo, "request", 0)
			r.AddAttrs(
				slog.String("request_id", l.requestID), slog.String("operation", l.operation),
				slog.String("account", l.account), slog.String("region", l.region),
				slog.Int("status", l.status), slog.String("code", l.code), slog.String("latency_ms", l.latencyMS))
			if err := slog.NewTextHandler(&want, nil).Handle(context.Background(), r); err != nil {
				t.Fatal(err)
			}
			if got := appendRequestLine(nil, at, l); string(got) != want.String() {
				t.Errorf("request line\n got %q\nwant %q", got, want.String())
			}
		}
	}
}

// TestRequestLineOnlyForMainsTextLogger: the fast line is used for Main's
// own text logger and never for JSON logs or a caller's logger.
func TestRequestLineOnlyForMainsTextLogger(t *testing.T) {
	buf := newBufferedLog(io.Discard)
	text := flushOnWarn{slog.NewTextHandler(buf, nil), buf}
	if textLog(text) != buf {
		t.Error("Main's text logger does not get the fast request line")
	}
	for name, h := range map[string]slog.Handler{
		"json":          flushOnWarn{slog.NewJSONHandler(buf, nil), buf},
		"caller's text": slog.NewTextHandler(buf, nil),
	} {
		if textLog(h) != nil {
			t.Errorf("%s logger gets the fast request line", name)
		}
	}
}

func FuzzRequestLineMatchesSlog(f *testing.F) {
	f.Add("7c1d2e9a", "GetContact", "000000000000", "us-east-2", "OK")
	f.Add("a b", "x=y", `"`, "\x7f\x00", "\u2028")
	at := time.Date(2026, 12, 5, 14, 29, 3, 123456789, time.UTC)
	f.Fuzz(func(t *testing.T, id, op, account, region, code string) {
		l := requestLine{id, op, account, region, 200, code, "0.123"}
		var want bytes.Buffer
		r := slog.NewRecord(at, slog.LevelInfo, "request", 0)
		r.AddAttrs(
			slog.String("request_id", l.requestID), slog.String("operation", l.operation),
			slog.String("account", l.account), slog.String("region", l.region),
			slog.Int("status", l.status), slog.String("code", l.code), slog.String("latency_ms", l.latencyMS))
		if err := slog.NewTextHandler(&want, nil).Handle(context.Background(), r); err != nil {
			t.Fatal(err)
		}
		if got := appendRequestLine(nil, at, l); string(got) != want.String() {
			t.Errorf("request line\n got %q\nwant %q", got, want.String())
		}
	})
}
