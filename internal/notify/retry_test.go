package notify

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	const base, limit = 100 * time.Millisecond, 30 * time.Second
	for n := 1; n <= 20; n++ {
		full := min(base<<(n-1), limit)
		// The jitter is random, so draw many times.
		for range 200 {
			got := backoff(n, base, limit)
			if got < full/2 || got > full {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", n, got, full/2, full)
			}
		}
	}
	if got := backoff(1, 0, limit); got != 0 {
		t.Errorf("backoff with a zero base = %v, want 0", got)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name     string
		value    string
		wantWait time.Duration
		wantOK   bool
	}{
		{"absent", "", 0, false},
		{"seconds", "120", 2 * time.Minute, true},
		{"zero", "0", 0, true},
		{"padded", " 5 ", 5 * time.Second, true},
		{"negative", "-5", 0, false},
		{"huge is capped at a day", "99999999999999", 24 * time.Hour, true},
		{"HTTP date", now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{"date in the past", now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"garbage", "soon", 0, false},
		{"fraction", "1.5", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.value != "" {
				h.Set("Retry-After", tt.value)
			}
			wait, ok := parseRetryAfter(h, now)
			if wait != tt.wantWait || ok != tt.wantOK {
				t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.value, wait, ok, tt.wantWait, tt.wantOK)
			}
		})
	}
}

func TestSleep(t *testing.T) {
	if err := sleep(context.Background(), 0); err != nil {
		t.Errorf("sleep(0) = %v, want nil", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("sleep on a cancelled context = %v, want context.Canceled", err)
	}
}
