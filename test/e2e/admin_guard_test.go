package e2e

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestAdminClockFromCurl: POST /_ssmcontacts/clock as `curl -d` sends it
// (a form content type, which a web page can send cross-site) is refused
// with the header to add; with Content-Type: application/json it moves
// the clock. A Host that is not ours is refused even for a read.
func TestAdminClockFromCurl(t *testing.T) {
	s := start(t, options{clockStart: "2026-01-05T09:00:00Z"})
	post := func(contentType string) (int, string) {
		t.Helper()
		resp, err := http.Post(s.URL+"/_ssmcontacts/clock", contentType, strings.NewReader(`{"advance":"1h"}`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, body := post("application/x-www-form-urlencoded"); code != http.StatusForbidden || !strings.Contains(body, `curl: -H 'Content-Type: application/json'`) {
		t.Errorf("form POST: %d %s, want 403 naming the header to add", code, body)
	}
	if code, body := post("application/json"); code != http.StatusOK || !strings.Contains(body, `"now": "2026-01-05T10:00:00Z"`) {
		t.Errorf("JSON POST: %d %s, want 200 and the clock an hour on", code, body)
	}

	req, err := http.NewRequest(http.MethodGet, s.URL+"/_ssmcontacts/outbox", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = "rebound.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("GET outbox with Host rebound.example: %s, want 403", resp.Status)
	}
}
