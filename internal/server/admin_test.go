package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

func TestLocalOnly(t *testing.T) {
	const token = "s3cret-admin-token"
	tests := []struct {
		name       string
		remoteAddr string
		adminToken string // configured
		header     http.Header
		wantServed bool
	}{
		{name: "IPv4 loopback", remoteAddr: "127.0.0.1:50000", wantServed: true},
		{name: "another address of 127/8", remoteAddr: "127.0.0.53:53", wantServed: true},
		{name: "IPv6 loopback", remoteAddr: "[::1]:50000", wantServed: true},
		{name: "IPv4-mapped loopback", remoteAddr: "[::ffff:127.0.0.1]:50000", wantServed: true},
		{name: "loopback without a port", remoteAddr: "127.0.0.1", wantServed: true},
		{name: "private network", remoteAddr: "192.168.1.20:50000"},
		{name: "public IPv6", remoteAddr: "[2001:db8::1]:443"},
		{name: "unspecified address", remoteAddr: "0.0.0.0:50000"},
		{name: "link-local IPv6", remoteAddr: "[fe80::1%eth0]:50000"},
		{name: "unparsable remote address", remoteAddr: "localhost:50000"},
		{name: "empty remote address", remoteAddr: ""},
		{
			name: "forwarding headers do not make a client local", remoteAddr: "203.0.113.7:50000",
			header: http.Header{"X-Forwarded-For": {"127.0.0.1"}, "X-Real-Ip": {"127.0.0.1"}, "Forwarded": {"for=127.0.0.1"}},
		},
		{
			name: "the admin token", remoteAddr: "203.0.113.7:50000", adminToken: token,
			header: http.Header{"Authorization": {"Bearer " + token}}, wantServed: true,
		},
		{
			name: "a wrong admin token", remoteAddr: "203.0.113.7:50000", adminToken: token,
			header: http.Header{"Authorization": {"Bearer not-the-token"}},
		},
		{
			name: "a prefix of the admin token", remoteAddr: "203.0.113.7:50000", adminToken: token,
			header: http.Header{"Authorization": {"Bearer " + token[:5]}},
		},
		{
			name: "the admin token without the Bearer scheme", remoteAddr: "203.0.113.7:50000", adminToken: token,
			header: http.Header{"Authorization": {token}},
		},
		{
			name: "the admin token in another header", remoteAddr: "203.0.113.7:50000", adminToken: token,
			header: http.Header{"X-Admin-Token": {token}},
		},
		{
			name: "an empty bearer token when none is configured", remoteAddr: "203.0.113.7:50000",
			header: http.Header{"Authorization": {"Bearer "}},
		},
		{
			name: "an AWS signature is no admin credential", remoteAddr: "203.0.113.7:50000", adminToken: token,
			header: http.Header{"Authorization": {"AWS4-HMAC-SHA256 Credential=test/20260105/us-east-2/ssm-contacts/aws4_request, SignedHeaders=host, Signature=00"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			served := false
			h := newAdminGuard(tt.adminToken, "").wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				served = true
				io.WriteString(w, "served")
			}))
			r := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:4750/_ssmcontacts/outbox", nil)
			r.RemoteAddr = tt.remoteAddr
			for k, v := range tt.header {
				r.Header[k] = v
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if served != tt.wantServed {
				t.Fatalf("served = %v, want %v (status %d)", served, tt.wantServed, w.Code)
			}
			if tt.wantServed {
				if w.Code != http.StatusOK || w.Body.String() != "served" {
					t.Errorf("got %d %q, want the endpoint's own reply", w.Code, w.Body)
				}
				return
			}
			var body struct{ Error string }
			if w.Code != http.StatusForbidden || json.Unmarshal(w.Body.Bytes(), &body) != nil || !strings.Contains(body.Error, "--admin-token") {
				t.Errorf("got %d %s, want 403 with a JSON error naming --admin-token", w.Code, w.Body)
			}
		})
	}
}

// TestLocalOnlyRoutes checks that the running server's mux puts the
// outbox and clock endpoints, and nothing public, behind the admin guard,
// and that a refused request changes nothing.
func TestLocalOnlyRoutes(t *testing.T) {
	m, _ := startMain(t, "--clock", "controllable", "--clock-start", "2026-01-05T09:00:00Z")
	start := m.Clock.Now()
	msg := &contacts.Message{
		ID: "m1", Scope: contacts.Scope{Account: "000000000000", Region: "us-east-2"}, Kind: contacts.KindActivation,
		ChannelType: contacts.SMS, Address: "+12065550100", Code: "123456", Status: contacts.StatusSent,
		CreatedAt: start, UpdatedAt: start,
	}
	if err := m.store.Write(context.Background(), func(tx contacts.Tx) error { return tx.OutboxInsert(context.Background(), msg) }); err != nil {
		t.Fatal(err)
	}
	routes := []struct {
		method, path, body string
		public             bool
	}{
		{method: http.MethodGet, path: "/_ssmcontacts/outbox"},
		{method: http.MethodGet, path: "/_ssmcontacts/outbox?kind=ACTIVATION"},
		{method: http.MethodDelete, path: "/_ssmcontacts/outbox"},
		{method: http.MethodGet, path: "/_ssmcontacts/clock"},
		{method: http.MethodPost, path: "/_ssmcontacts/clock", body: `{"advance":"1h"}`},
		{method: http.MethodGet, path: "/_ssmcontacts/health", public: true},
		{method: http.MethodGet, path: "/metrics", public: true},
	}
	// serve sends every route; reads says whether the admin GETs are to
	// be served, writes whether the DELETE and POST are.
	serve := func(remote, host string, header http.Header, reads, writes bool) {
		t.Helper()
		for _, rt := range routes {
			r := httptest.NewRequestWithContext(context.Background(), rt.method, "http://"+host+rt.path, strings.NewReader(rt.body))
			r.RemoteAddr = remote
			if rt.body != "" {
				r.Header.Set("Content-Type", "application/json")
			}
			for k, v := range header {
				r.Header[k] = v
			}
			w := httptest.NewRecorder()
			m.http.Handler.ServeHTTP(w, r)
			wantOK := rt.public || (rt.method == http.MethodGet && reads) || (rt.method != http.MethodGet && writes)
			if (w.Code == http.StatusOK) != wantOK {
				t.Errorf("%s %s from %s, Host %s, %v: %d %s, want served: %v", rt.method, rt.path, remote, host, header, w.Code, w.Body, wantOK)
			}
		}
	}
	unchanged := func(what string) {
		t.Helper()
		if now := m.Clock.Now(); !now.Equal(start) {
			t.Errorf("a POST %s moved the clock to %s", what, now)
		}
		if n := outboxSize(t, m); n != 1 {
			t.Errorf("outbox holds %d messages after a DELETE %s, want 1", n, what)
		}
	}

	serve("198.51.100.4:50000", "127.0.0.1:4750", nil, false, false)
	unchanged("from another machine")
	serve("127.0.0.1:50000", "rebound.example:4750", nil, false, false)
	unchanged("for another Host")
	serve("127.0.0.1:50000", "localhost:4750", http.Header{"Origin": {"http://evil.example"}}, true, false)
	unchanged("from another Origin")
	serve("127.0.0.1:50000", "localhost:4750", http.Header{"Sec-Fetch-Site": {"cross-site"}}, true, false)
	unchanged("from a cross-site page")

	serve("127.0.0.1:50000", "localhost:4750", nil, true, true)
	if now := m.Clock.Now(); !now.Equal(start.Add(time.Hour)) {
		t.Errorf("clock = %s after a local POST of 1h, want %s", now, start.Add(time.Hour))
	}
	if n := outboxSize(t, m); n != 0 {
		t.Errorf("outbox holds %d messages after a local DELETE, want 0", n)
	}
}

func outboxSize(t *testing.T, m *Main) int {
	t.Helper()
	var list []*contacts.Message
	err := m.store.Read(context.Background(), func(tx contacts.Tx) error {
		var err error
		list, err = tx.OutboxList(context.Background(), contacts.OutboxFilter{Limit: 100})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}
