package cli

import (
	"context"
	"io"
	"testing"
)

// BenchmarkGetContact runs a whole get-contact in-process against a local
// fake server: model load, parsing, signing, HTTP and JSON output.
func BenchmarkGetContact(b *testing.B) {
	srv := newFakeServer(ok(contactBody))
	defer srv.Close()
	env := baseEnv(b.TempDir())
	args := []string{"get-contact", "--contact-id", "akuam", "--endpoint-url", srv.URL}
	for i := 0; i < b.N; i++ {
		code := Run(context.Background(), Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(k string) string { return env[k] }}, args)
		if code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
