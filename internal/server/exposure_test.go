package server

import (
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"testing"
)

// TestInsecureListen: a non-loopback --addr with --auth=off or the
// built-in test/test key is refused before listening unless
// --insecure-listen (or its environment variable) is given.
func TestInsecureListen(t *testing.T) {
	dir := t.TempDir()
	own := writeFile(t, dir, "own.json", `{"credentials":[{"accessKeyId":"AKIDOWN","secretAccessKey":"s3cret","accountId":"111122223333"}]}`)
	withTest := writeFile(t, dir, "with-test.json", `{"credentials":[{"accessKeyId":"test","secretAccessKey":"test","accountId":"111122223333"}]}`)
	const (
		authOff = "--addr 0.0.0.0:0 is not a loopback address, and --auth=off accepts any well-formed signature: anyone who reaches the server can act as any account; "
		builtin = "--addr 0.0.0.0:0 is not a loopback address, and the built-in test/test access key is accepted: anyone who reaches the server can sign requests with it; "
		advice  = "listen on 127.0.0.1 or localhost, or give --credentials a file of your own keys (without test/test) and keep --auth=on, or pass --insecure-listen (SSMCONTACTS_INSECURE_LISTEN=true) if you mean it"
	)
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr string // "" when the server starts
	}{
		{name: "built-in key on all interfaces", args: []string{"--addr", "0.0.0.0:0"}, wantErr: builtin + advice},
		{name: "test/test in the credentials file", args: []string{"--addr", "0.0.0.0:0", "--credentials", withTest}, wantErr: builtin + advice},
		{name: "auth off with own keys", args: []string{"--addr", "0.0.0.0:0", "--auth", "off", "--credentials", own}, wantErr: authOff + advice},
		{name: "auth off, address from the environment", env: map[string]string{"SSMCONTACTS_ADDR": "0.0.0.0:0", "SSMCONTACTS_AUTH": "off"}, wantErr: authOff + advice},
		{name: "own keys on all interfaces", args: []string{"--addr", "0.0.0.0:0", "--credentials", own}},
		{name: "insecure-listen", args: []string{"--addr", "0.0.0.0:0", "--auth", "off", "--insecure-listen"}},
		{name: "SSMCONTACTS_INSECURE_LISTEN", args: []string{"--addr", "0.0.0.0:0"}, env: map[string]string{"SSMCONTACTS_INSECURE_LISTEN": "true"}},
		{name: "localhost", args: []string{"--addr", "localhost:0", "--auth", "off"}},
		{name: "IPv6 loopback", args: []string{"--addr", "[::1]:0", "--auth", "off"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "IPv6 loopback" && !canListen("[::1]:0") {
				t.Skip("no IPv6 loopback here")
			}
			getenv := func(k string) string { return tt.env[k] }
			cfg, err := ParseConfig(append([]string{"--db", ":memory:"}, tt.args...), getenv, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			m := &Main{Config: cfg}
			err = m.Run(context.Background())
			if err == nil {
				m.Close()
			}
			if got := errString(err); got != tt.wantErr {
				t.Errorf("Run: %q\nwant %q", got, tt.wantErr)
			}
		})
	}
}

func TestInsecureListenEnvMustBeBoolean(t *testing.T) {
	getenv := func(k string) string { return map[string]string{"SSMCONTACTS_INSECURE_LISTEN": "yes please"}[k] }
	_, err := ParseConfig(nil, getenv, io.Discard)
	if want := `SSMCONTACTS_INSECURE_LISTEN="yes please": want true or false`; errString(err) != want {
		t.Errorf("ParseConfig: %v, want %q", err, want)
	}
}

func TestIsLoopbackAddr(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:4750": true, "127.1.2.3:0": true, "[::1]:4750": true, "localhost:4750": true, "LOCALHOST:1": true,
		":4750": false, "0.0.0.0:4750": false, "[::]:4750": false, "192.168.1.5:4750": false,
		"myhost:4750": false, "localhost.example.com:4750": false, "127.0.0.1": false,
	} {
		if got := isLoopbackAddr(addr); got != want {
			t.Errorf("isLoopbackAddr(%q) = %v, want %v", addr, got, want)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func canListen(addr string) bool {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return false
	}
	l.Close()
	return true
}
