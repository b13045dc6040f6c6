package cli

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"io/fs"
	randv2 "math/rand/v2"
	"net/http"
	"time"
)

// Env is everything Run takes from the process.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	HomeDir        string
	// ReadFile reads configuration and parameter files; nil means no file
	// exists.
	ReadFile func(path string) ([]byte, error)
	// HTTPClient sends requests; nil builds one from --ca-bundle,
	// --no-verify-ssl and the timeout options.
	HTTPClient *http.Client
	Now        func() time.Time
	// Sleep waits between retries; nil waits on a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand returns a number in [0, 1) for retry jitter; nil uses math/rand.
	Rand func() float64
	// NewUUID returns a random UUID (idempotency tokens, invocation ids);
	// nil uses crypto/rand.
	NewUUID func() string
	// StdoutIsTerminal and TerminalWidth drive --color auto and table
	// wrapping; the width defaults to 80, as in the AWS CLI when stdout is
	// not a terminal.
	StdoutIsTerminal bool
	TerminalWidth    int
	// Location is the local time zone for cli_timestamp_format = iso8601.
	Location *time.Location
	// Version is printed by --version.
	Version string
}

func (e *Env) fillDefaults() {
	if e.Stdin == nil {
		e.Stdin = eofReader{}
	}
	if e.Getenv == nil {
		e.Getenv = func(string) string { return "" }
	}
	if e.ReadFile == nil {
		e.ReadFile = func(p string) ([]byte, error) { return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist} }
	}
	if e.Now == nil {
		e.Now = time.Now
	}
	if e.Sleep == nil {
		e.Sleep = func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
				return nil
			}
		}
	}
	if e.Rand == nil {
		e.Rand = randv2.Float64
	}
	if e.NewUUID == nil {
		e.NewUUID = randomUUID
	}
	if e.TerminalWidth <= 0 || !e.StdoutIsTerminal {
		e.TerminalWidth = 80
	}
	if e.Location == nil {
		e.Location = time.UTC
	}
	if e.Version == "" {
		e.Version = "dev"
	}
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

func randomUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
