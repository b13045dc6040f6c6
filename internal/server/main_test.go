package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"sync"
	"testing"
)

// logBuffer collects log output written from several goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// records decodes the JSON log lines written so far.
func (b *logBuffer) records(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, rec)
	}
	return out
}

// startMain runs a server on a loopback port with an in-memory store,
// JSON logs and the given extra flags; it is closed when the test ends.
func startMain(t *testing.T, args ...string) (*Main, *logBuffer) {
	t.Helper()
	base := []string{"--addr", "127.0.0.1:0", "--db", ":memory:", "--log-format", "json"}
	cfg, err := ParseConfig(append(base, args...), func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	m := &Main{Config: cfg, LogOutput: logs}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return m, logs
}

func TestStartupDeliveryLog(t *testing.T) {
	const noTransport = "no delivery transport is configured"
	tests := []struct {
		name           string
		args           []string
		wantTransports string
		wantWarning    bool
	}{
		{
			name:           "no transport",
			wantTransports: "EMAIL, SMS, VOICE: not delivered (outbox only)",
			wantWarning:    true,
		},
		{
			name:           "webhook only",
			args:           []string{"--webhook-url", "http://127.0.0.1:9/hooks/secret-path", "--webhook-secret", "k"},
			wantTransports: "EMAIL, SMS, VOICE: webhook POST http://127.0.0.1:9 (signed, up to 4 attempts)",
		},
		{
			name:           "SMTP only",
			args:           []string{"--smtp-url", "smtp://127.0.0.1:2525", "--smtp-from", "pager@example.com"},
			wantTransports: "EMAIL: smtp://127.0.0.1:2525 (STARTTLS when offered) from pager@example.com; SMS, VOICE: not delivered (outbox only)",
		},
		{
			name: "SMTP and webhook",
			args: []string{"--smtp-url", "smtp://user:pw@127.0.0.1:2525", "--smtp-from", "pager@example.com",
				"--webhook-url", "https://hooks.example.com/x?token=t", "--webhook-secret", "k"},
			wantTransports: "EMAIL: smtp://127.0.0.1:2525 (STARTTLS when offered, with credentials) from pager@example.com; " +
				"SMS, VOICE: webhook POST https://hooks.example.com (signed, up to 4 attempts)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, logs := startMain(t, tt.args...)
			var transports []string
			warnings := 0
			for _, rec := range logs.records(t) {
				msg, _ := rec["msg"].(string)
				if msg == "delivery" {
					s, _ := rec["transports"].(string)
					transports = append(transports, s)
				}
				if strings.Contains(msg, noTransport) {
					warnings++
					if rec["level"] != "WARN" || !strings.Contains(msg, "/_ssmcontacts/outbox") {
						t.Errorf("warning = %v, want level WARN and a pointer to the outbox", rec)
					}
				}
			}
			if len(transports) != 1 || transports[0] != tt.wantTransports {
				t.Errorf("delivery lines = %q, want one: %q", transports, tt.wantTransports)
			}
			if want := map[bool]int{true: 1, false: 0}[tt.wantWarning]; warnings != want {
				t.Errorf("%d %q warnings, want %d", warnings, noTransport, want)
			}
		})
	}
}
