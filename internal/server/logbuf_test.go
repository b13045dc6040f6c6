package server

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestLogBuffer(t *testing.T) {
	var out bytes.Buffer
	buf := newBufferedLog(&out)
	log := slog.New(flushOnWarn{slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}), buf})
	defer buf.Flush() // stops the flush timer

	log.Info("first")
	log.With("k", "v").WithGroup("g").Debug("second", "n", 1)
	if out.Len() != 0 {
		t.Fatalf("info and debug lines were written at once: %q", out.String())
	}
	log.Warn("third")
	got := out.String()
	for i, want := range []string{"msg=first", "msg=second k=v g.n=1", "level=WARN msg=third"} {
		if line := strings.Split(strings.TrimSpace(got), "\n"); len(line) != 3 || !strings.Contains(line[i], want) {
			t.Fatalf("after a warning the log reads:\n%s\nwant line %d to hold %q", got, i+1, want)
		}
	}

	out.Reset()
	big := strings.Repeat("x", logFlushBytes)
	log.Info(big)
	if !strings.Contains(out.String(), big) {
		t.Fatalf("%d pending bytes were not written", logFlushBytes)
	}
	out.Reset()
	log.Info("last")
	buf.Flush()
	if !strings.Contains(out.String(), "msg=last") {
		t.Fatalf("Flush wrote %q", out.String())
	}
}
