package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/ssmcontacts/ssmcontacts/internal/store/sqlite"
)

func TestCopyDBHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		var stdout, stderr bytes.Buffer
		if code := copyDB(args, func(string) string { return "" }, &stdout, &stderr); code != 0 || !strings.HasPrefix(stdout.String(), "usage: ssmcontacts copy-db --from FILE") || stderr.Len() > 0 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want the usage on stdout and exit 0", args, code, stdout.String(), stderr.String())
		}
	}
}

func TestCopyDBUsageErrors(t *testing.T) {
	env := func(string) string { return "" }
	sqliteEnv := func(k string) string { return map[string]string{"SSMCONTACTS_DB": "/data/x.db"}[k] }
	for _, tc := range []struct {
		args   []string
		getenv func(string) string
		want   string
	}{
		{[]string{"--from", "x.db"}, env, "--to is required"},
		{[]string{"--from", "x.db"}, sqliteEnv, "--to is required"}, // a SQLite SSMCONTACTS_DB is no target
		{[]string{"--from", "x.db", "--bogus"}, env, "flag provided but not defined: -bogus"},
		{[]string{"--from", "x.db", "--to", "postgres://h/d", "extra"}, env, `unexpected argument "extra"`},
	} {
		var stdout, stderr bytes.Buffer
		code := copyDB(tc.args, tc.getenv, &stdout, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), tc.want) || !strings.Contains(stderr.String(), "usage:") || stdout.Len() > 0 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and %q with the usage", tc.args, code, stdout.String(), stderr.String(), tc.want)
		}
	}
}

// TestCopyDBWrongPassword: a server that refuses the password makes a
// clear error on stderr, exit 1, and the password is printed nowhere,
// whether it came from --to or SSMCONTACTS_DB.
func TestCopyDBWrongPassword(t *testing.T) {
	const password = "s3cret-never-printed"
	addr, got := refusingServer(t)
	from := filepath.Join(t.TempDir(), "ssmcontacts.db")
	db, err := sqlite.Open(context.Background(), from)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	url := fmt.Sprintf("postgres://copy:%s@%s/ssmcontacts?sslmode=disable&connect_timeout=5", password, addr)
	for name, run := range map[string]func(stdout, stderr *bytes.Buffer) int{
		"--to": func(stdout, stderr *bytes.Buffer) int {
			return copyDB([]string{"--from", from, "--to", url}, func(string) string { return "" }, stdout, stderr)
		},
		"SSMCONTACTS_DB": func(stdout, stderr *bytes.Buffer) int {
			return copyDB([]string{"--from", from}, func(k string) string { return map[string]string{"SSMCONTACTS_DB": url}[k] }, stdout, stderr)
		},
	} {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(&stdout, &stderr)
			out := stdout.String() + stderr.String()
			if code != 1 || !strings.Contains(stderr.String(), "password authentication failed") || strings.Contains(out, password) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit 1, the server's refusal, and no password", code, stdout.String(), stderr.String())
			}
			t.Logf("stderr: %s", stderr.String())
			if !strings.HasPrefix(stderr.String(), "ssmcontacts copy-db: --to postgres://copy:xxxxx@") {
				t.Errorf("stderr %q does not name the redacted URL", stderr.String())
			}
		})
	}
	if p := <-got; p != password {
		t.Errorf("the server was sent password %q, want the URL's", p)
	}
}

// refusingServer speaks enough of PostgreSQL's protocol to ask for a
// password and refuse it, as a server with password authentication does.
// It reports the first password it was sent.
func refusingServer(t *testing.T) (string, <-chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	got := make(chan string, 1)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go refuse(conn, got)
		}
	}()
	return ln.Addr().String(), got
}

func refuse(conn net.Conn, got chan<- string) {
	defer conn.Close()
	be := pgproto3.NewBackend(conn, conn)
	if _, err := be.ReceiveStartupMessage(); err != nil {
		return
	}
	be.Send(&pgproto3.AuthenticationCleartextPassword{})
	if be.Flush() != nil || be.SetAuthType(pgproto3.AuthTypeCleartextPassword) != nil {
		return
	}
	msg, err := be.Receive()
	if err != nil {
		return
	}
	if pw, ok := msg.(*pgproto3.PasswordMessage); ok {
		select {
		case got <- pw.Password:
		default:
		}
	}
	be.Send(&pgproto3.ErrorResponse{Severity: "FATAL", Code: "28P01", Message: `password authentication failed for user "copy"`})
	be.Flush()
}
