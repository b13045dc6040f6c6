package server

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// bufferedLog batches the log's writes. The server logs one line per
// request; written one by one, each line is a write system call, which
// cost more than a tenth of a GetContact under load. Lines are copied into
// a buffer instead and written when logFlushBytes are pending,
// logFlushDelay after the first pending line, at once for records at
// warn level and above (see flushOnWarn), and on Close.
type bufferedLog struct {
	mu      sync.Mutex
	out     io.Writer
	pending []byte
	timer   *time.Timer // armed while lines are pending
}

const (
	logFlushBytes = 32 << 10
	logFlushDelay = 50 * time.Millisecond
)

func newBufferedLog(out io.Writer) *bufferedLog { return &bufferedLog{out: out} }

func (b *bufferedLog) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pending = append(b.pending, p...)
	switch {
	case len(b.pending) >= logFlushBytes:
		b.flushLocked()
	case b.timer == nil:
		b.timer = time.AfterFunc(logFlushDelay, b.Flush)
	}
	return len(p), nil
}

// Flush writes what is pending.
func (b *bufferedLog) Flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flushLocked()
}

func (b *bufferedLog) flushLocked() {
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
	}
	if len(b.pending) == 0 {
		return
	}
	b.out.Write(b.pending) // a log that cannot be written has nowhere to report it
	b.pending = b.pending[:0]
}

// flushOnWarn writes warnings and errors out at once, with the lines
// before them.
type flushOnWarn struct {
	slog.Handler
	buf *bufferedLog
}

func (h flushOnWarn) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		h.buf.Flush()
	}
	return err
}

func (h flushOnWarn) WithAttrs(attrs []slog.Attr) slog.Handler {
	return flushOnWarn{h.Handler.WithAttrs(attrs), h.buf}
}

func (h flushOnWarn) WithGroup(name string) slog.Handler {
	return flushOnWarn{h.Handler.WithGroup(name), h.buf}
}
