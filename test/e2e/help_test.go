package e2e

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// runBinary runs the ssmcontacts binary with no server and returns its
// exit code, stdout and stderr.
func runBinary(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx(t), binary, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
}

// A new user with only the binary must be able to find how to start the
// server: `help` lists serve and version, and both answer.
func TestHelpListsServerCommands(t *testing.T) {
	code, out, errOut := runBinary(t, "help")
	if code != 0 {
		t.Fatalf("help: exit %d %s", code, errOut)
	}
	aws, server, ok := strings.Cut(out, "SERVER COMMANDS\n")
	if !ok {
		t.Fatalf("help has no SERVER COMMANDS section:\n%s", out)
	}
	if !strings.HasSuffix(aws, "       o update-rotation\n\n") {
		t.Errorf("the server commands do not follow the AWS command list:\n%s", aws)
	}
	for _, want := range []string{"       o serve\n", "See: ssmcontacts serve --help\n", "       o version\n"} {
		if !strings.Contains(server, want) {
			t.Errorf("SERVER COMMANDS lacks %q:\n%s", want, server)
		}
	}

	for _, args := range [][]string{{"serve", "--help"}, {"serve", "-h"}, {"serve", "help"}} {
		code, out, errOut := runBinary(t, args...)
		if code != 0 || !strings.HasPrefix(out, "Usage: ssmcontacts serve [flags]") || !strings.Contains(out, "-addr") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want the flags on stdout and exit 0", args, code, out, errOut)
		}
	}
	if code, out, errOut := runBinary(t, "version"); code != 0 || !strings.HasPrefix(out, "ssmcontacts ") {
		t.Errorf("version: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
