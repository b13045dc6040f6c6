package e2e

import (
	"os/exec"
	"strings"
	"testing"
)

// TestInsecureListenRefused: the built-in test/test key on all interfaces
// stops the server before it listens, with a non-zero exit and a message
// that says what to do; --insecure-listen lets it start.
func TestInsecureListenRefused(t *testing.T) {
	cmd := exec.CommandContext(ctx(t), binary, "serve", "--addr", "0.0.0.0:0", "--db", ":memory:")
	cmd.Env = append(cmd.Environ(), "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	const want = "ssmcontacts serve: --addr 0.0.0.0:0 is not a loopback address, and the built-in test/test access key is accepted: " +
		"anyone who reaches the server can sign requests with it; listen on 127.0.0.1 or localhost, " +
		"or give --credentials a file of your own keys (without test/test) and keep --auth=on, " +
		"or pass --insecure-listen (SSMCONTACTS_INSECURE_LISTEN=true) if you mean it\n"
	if code := cmd.ProcessState.ExitCode(); err == nil || code == 0 || !strings.Contains(string(out), want) {
		t.Fatalf("exit %d, output:\n%s\nwant a non-zero exit and %q", code, out, want)
	}
	if strings.Contains(string(out), "listening") {
		t.Errorf("the server listened before refusing:\n%s", out)
	}

	s := start(t, options{builtinCredentials: true, extra: []string{"--addr", "0.0.0.0:0", "--insecure-listen"}})
	if !strings.Contains(s.logs.String(), "--insecure-listen: listening on a non-loopback address although") {
		t.Errorf("no start-up warning about --insecure-listen:\n%s", s.logs)
	}
}
