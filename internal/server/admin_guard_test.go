package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAdminGuard: a loopback client is not enough. The Host must name
// this server (DNS rebinding), and a state-changing request must not look
// like a cross-site browser request; the admin token passes regardless.
func TestAdminGuard(t *testing.T) {
	const (
		token   = "s3cret-admin-token"
		public  = "https://oncall.example.com"
		appJSON = "application/json"
	)
	tests := []struct {
		name        string
		method      string // default POST
		host        string // default localhost:4750; "-" for none
		remote      string // default 127.0.0.1:50000
		contentType string // default application/json for POST
		header      http.Header
		wantErr     string // "" when served; else the start of the error
	}{
		{name: "local JSON POST", contentType: appJSON},
		{name: "JSON with a charset", contentType: "application/json; charset=utf-8"},
		{name: "Host 127.0.0.1 without a port", host: "127.0.0.1", contentType: appJSON},
		{name: "Host in 127/8", host: "127.0.0.53:4750", contentType: appJSON},
		{name: "Host [::1]", host: "[::1]:4750", contentType: appJSON},
		{name: "Host of --public-url", host: "oncall.example.com", contentType: appJSON},
		{name: "our own Origin", contentType: appJSON, header: http.Header{"Origin": {"http://localhost:4750"}, "Sec-Fetch-Site": {"same-origin"}}},
		{name: "--public-url's Origin", host: "oncall.example.com", contentType: appJSON, header: http.Header{"Origin": {public}}},
		{name: "typed in the address bar", contentType: appJSON, header: http.Header{"Sec-Fetch-Site": {"none"}}},
		{name: "DELETE without a body", method: http.MethodDelete},
		{name: "GET from a cross-site page (it cannot read the answer)", method: http.MethodGet, header: http.Header{"Origin": {"http://evil.example"}, "Sec-Fetch-Site": {"cross-site"}}},

		{name: "Host of another name", method: http.MethodGet, host: "evil.example", wantErr: `Host "evil.example" is not this server: use a loopback name or address (localhost, 127.0.0.1, [::1]) or the host of --public-url (or send the admin token, --admin-token, as a Bearer token)`},
		{name: "rebound name on our port", method: http.MethodGet, host: "evil.example:4750", wantErr: `Host "evil.example:4750" is not this server`},
		{name: "a name under localhost's", method: http.MethodGet, host: "localhost.evil.example:4750", wantErr: `Host "localhost.evil.example:4750"`},
		{name: "no Host", method: http.MethodGet, host: "-", wantErr: `Host "" is not this server`},
		{name: "another Origin", contentType: appJSON, header: http.Header{"Origin": {"http://evil.example"}}, wantErr: `Origin "http://evil.example" is not this server: web pages may not change state here (or send the admin token, --admin-token, as a Bearer token)`},
		{name: "a page on another local port", contentType: appJSON, header: http.Header{"Origin": {"http://localhost:3000"}}, wantErr: `Origin "http://localhost:3000"`},
		{name: "an opaque Origin", contentType: appJSON, header: http.Header{"Origin": {"null"}}, wantErr: `Origin "null"`},
		{name: "Sec-Fetch-Site cross-site", contentType: appJSON, header: http.Header{"Sec-Fetch-Site": {"cross-site"}}, wantErr: `Sec-Fetch-Site "cross-site": web pages may not change state here`},
		{name: "Sec-Fetch-Site same-site", contentType: appJSON, header: http.Header{"Sec-Fetch-Site": {"same-site"}}, wantErr: `Sec-Fetch-Site "same-site"`},
		{name: "text/plain", contentType: "text/plain", wantErr: `Content-Type "text/plain": send the body as Content-Type: application/json (curl: -H 'Content-Type: application/json') (or send the admin token, --admin-token, as a Bearer token)`},
		{name: "a form (curl -d's default)", contentType: "application/x-www-form-urlencoded", wantErr: `Content-Type "application/x-www-form-urlencoded"`},
		{name: "multipart", contentType: "multipart/form-data; boundary=x", wantErr: `Content-Type "multipart/form-data; boundary=x"`},
		{name: "no Content-Type", wantErr: `Content-Type ""`},
		{name: "DELETE with a text body", method: http.MethodDelete, contentType: "text/plain", wantErr: `Content-Type "text/plain"`},
		{name: "DELETE from another Origin", method: http.MethodDelete, header: http.Header{"Origin": {"http://evil.example"}}, wantErr: `Origin "http://evil.example"`},

		{
			name: "the admin token passes every check", host: "evil.example", remote: "203.0.113.7:50000", contentType: "text/plain",
			header: http.Header{"Authorization": {"Bearer " + token}, "Origin": {"http://evil.example"}, "Sec-Fetch-Site": {"cross-site"}},
		},
		{
			name: "a wrong token passes none", contentType: "text/plain",
			header: http.Header{"Authorization": {"Bearer nope"}}, wantErr: `Content-Type "text/plain"`,
		},
	}
	guard := newAdminGuard(token, public)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = http.MethodPost
			}
			served := false
			h := guard.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				served = true
				io.WriteString(w, "served")
			}))
			r := httptest.NewRequest(method, "/_ssmcontacts/clock", strings.NewReader(`{"advance":"1h"}`))
			r.Host, r.RemoteAddr = "localhost:4750", "127.0.0.1:50000"
			if tt.host != "" {
				r.Host = strings.TrimPrefix(tt.host, "-")
			}
			if tt.remote != "" {
				r.RemoteAddr = tt.remote
			}
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			for k, v := range tt.header {
				r.Header[k] = v
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if tt.wantErr == "" {
				if !served || w.Code != http.StatusOK {
					t.Errorf("got %d %s, want served", w.Code, w.Body)
				}
				return
			}
			var body struct{ Error string }
			if served || w.Code != http.StatusForbidden || json.Unmarshal(w.Body.Bytes(), &body) != nil || !strings.HasPrefix(body.Error, tt.wantErr) {
				t.Errorf("served %v, got %d %s\nwant 403 with an error starting %q", served, w.Code, w.Body, tt.wantErr)
			}
		})
	}
}
