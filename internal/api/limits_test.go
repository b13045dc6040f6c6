package api

import (
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
)

// maxErrorBody bounds every error response, whatever the request held.
const maxErrorBody = 64 << 10

// hostileRotation is a CreateRotation body of about size bytes whose
// ContactIds are all invalid: one violation per four bytes.
func hostileRotation(size int) string {
	head := `{"Name":"r","TimeZoneId":"UTC","Recurrence":{"NumberOfOnCalls":1,"RecurrenceMultiplier":1},"ContactIds":["x"`
	n := (size - len(head) - 2) / 4
	return head + strings.Repeat(`,"x"`, n) + `]}`
}

// TestHugeValidationErrorIsBounded sends a signed 1 MiB CreateRotation
// with about 260,000 invalid contact ids: the answer is an ordinary
// ValidationException under 64 KiB, and the request allocates a small
// multiple of its body, not of its violations.
func TestHugeValidationErrorIsBounded(t *testing.T) {
	f := newFixture(t, sigv4.ModeVerify)
	body := hostileRotation(DefaultMaxBodyBytes)
	if len(body) > DefaultMaxBodyBytes {
		t.Fatalf("body of %d bytes would be refused as too large", len(body))
	}
	req := sign(t, request("SSMContacts.CreateRotation", body), body, fixtureTime)

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	w := f.serve(req)
	runtime.ReadMemStats(&after)

	checkEnvelope(t, w)
	e := decodeError(t, w)
	if w.Code != http.StatusBadRequest || e.Type != "ValidationException" {
		t.Fatalf("got %d %s, want 400 ValidationException", w.Code, e.Type)
	}
	if w.Body.Len() >= maxErrorBody {
		t.Errorf("response body is %d bytes, want under %d", w.Body.Len(), maxErrorBody)
	}
	if len(e.Fields) > 10 || len(e.Fields) == 0 {
		t.Errorf("%d Fields, want between 1 and 10", len(e.Fields))
	}
	if !strings.HasPrefix(e.Message, "1000 validation errors detected: Value '[x, x, ") {
		t.Errorf("message starts %.200q", e.Message)
	}
	const maxAlloc = 64 << 20
	if got := after.TotalAlloc - before.TotalAlloc; got > maxAlloc {
		t.Errorf("the request allocated %d MiB, want under %d MiB", got>>20, maxAlloc>>20)
	} else {
		t.Logf("body %d bytes, response %d bytes, allocated %.1f MiB", len(body), w.Body.Len(), float64(got)/(1<<20))
	}
}

// TestEchoesAreBounded: errors that quote what the request named (its
// target, path, method or Authorization header) quote a huge one short.
func TestEchoesAreBounded(t *testing.T) {
	f := newFixture(t, sigv4.ModeVerify)
	huge := strings.Repeat("A", 1<<20)
	tests := []struct {
		name, wantType string
		req            *http.Request
	}{
		{"target", "UnknownOperationException", request("SSMContacts."+huge, `{}`)},
		{"path", "UnknownOperationException", func() *http.Request {
			r := request("SSMContacts.ListContacts", `{}`)
			r.URL.Path = "/" + huge
			return r
		}()},
		{"method", "UnknownOperationException", func() *http.Request {
			r := request("SSMContacts.ListContacts", `{}`)
			r.Method = huge
			return r
		}()},
		{"authorization", "IncompleteSignatureException", func() *http.Request {
			r := request("SSMContacts.ListContacts", `{}`)
			r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+huge)
			r.Header.Set("X-Amz-Date", fixtureTime.Format("20060102T150405Z"))
			return r
		}()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := f.serve(tc.req)
			checkEnvelope(t, w)
			if got := decodeError(t, w).Type; got != tc.wantType {
				t.Errorf("__type = %q, want %s", got, tc.wantType)
			}
			if w.Body.Len() > maxMessageBytes+1<<10 {
				t.Errorf("response body is %d bytes, want at most %d", w.Body.Len(), maxMessageBytes+1<<10)
			}
		})
	}
}
