package client

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/awsconfig"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

type step struct {
	status int
	body   string
}

// server replies with steps in order and counts requests.
func server(t *testing.T, steps ...step) (*httptest.Server, func() []string) {
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		n := len(bodies)
		bodies = append(bodies, r.Header.Get("amz-sdk-request")+" "+string(b))
		mu.Unlock()
		s := steps[min(n, len(steps)-1)]
		w.WriteHeader(s.status)
		io.WriteString(w, s.body)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), bodies...) }
}

func newTestClient(url string, mode string, attempts int, sleeps *[]time.Duration) *Client {
	return &Client{
		HTTP: http.DefaultClient, Endpoint: url, Region: "us-east-2", Service: model.MustLoad(),
		Credentials: func() (*awsconfig.Credentials, error) {
			return &awsconfig.Credentials{AccessKeyID: "AKID", SecretAccessKey: "secret"}, nil
		},
		Retry: awsconfig.Retry{Mode: mode, MaxAttempts: attempts},
		Sleep: func(_ context.Context, d time.Duration) error { *sleeps = append(*sleeps, d); return nil },
		Rand:  func() float64 { return 0.75 },
		Now:   func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) },
		NewID: func() string { return "11111111-2222-4333-8444-555555555555" },
	}
}

func TestRetries(t *testing.T) {
	throttle := step{429, `{"__type":"ThrottlingException","Message":"slow"}`}
	boom := step{500, `{"__type":"InternalServerException","Message":"boom"}`}
	tests := []struct {
		name       string
		mode       string
		attempts   int
		steps      []step
		wantErr    string
		wantSleeps []time.Duration
		wantCalls  int
	}{
		{
			name: "legacy throttling gives up after five attempts", mode: "legacy", attempts: 5, steps: []step{throttle},
			wantErr:    "An error occurred (ThrottlingException) when calling the GetContact operation (reached max retries: 4): slow",
			wantSleeps: []time.Duration{750 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second, 6 * time.Second}, wantCalls: 5,
		},
		{
			name: "standard mode retries 500 three times", mode: "standard", attempts: 3, steps: []step{boom},
			wantErr:    "An error occurred (InternalServerException) when calling the GetContact operation (reached max retries: 2): boom",
			wantSleeps: []time.Duration{750 * time.Millisecond, 1500 * time.Millisecond}, wantCalls: 3,
		},
		{
			name: "standard mode does not retry a 429 without a throttling code", mode: "standard", attempts: 3,
			steps:   []step{{429, `{"__type":"TooBusy","Message":"later"}`}},
			wantErr: "An error occurred (TooBusy) when calling the GetContact operation: later", wantCalls: 1,
		},
		{
			name: "conflict is not retried", mode: "legacy", attempts: 5, steps: []step{{409, `{"__type":"ConflictException","Message":"no"}`}},
			wantErr: "An error occurred (ConflictException) when calling the GetContact operation: no", wantCalls: 1,
		},
		{
			name: "success after a retry", mode: "legacy", attempts: 5, steps: []step{boom, {200, `{"Alias":"a"}`}},
			wantSleeps: []time.Duration{750 * time.Millisecond}, wantCalls: 2,
		},
		{
			name: "empty 503 body uses the HTTP reason", mode: "legacy", attempts: 1, steps: []step{{503, ``}},
			wantErr: "An error occurred (503) when calling the GetContact operation: Service Unavailable", wantCalls: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, calls := server(t, tt.steps...)
			var sleeps []time.Duration
			c := newTestClient(srv.URL, tt.mode, tt.attempts, &sleeps)
			op := c.Service.Operation("GetContact")
			in := value.NewObject()
			in.Set("ContactId", "a")
			_, err := c.Call(context.Background(), op, in)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || err.Error() != tt.wantErr) {
				t.Fatalf("error = %v, want %q", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.wantSleeps, sleeps); diff != "" {
				t.Errorf("sleeps (-want +got):\n%s", diff)
			}
			got := calls()
			if len(got) != tt.wantCalls {
				t.Fatalf("%d calls, want %d", len(got), tt.wantCalls)
			}
			for i, c := range got {
				if want := "attempt=" + string(rune('1'+i)); !strings.HasPrefix(c, want) {
					t.Errorf("call %d header %q, want prefix %q", i, c, want)
				}
			}
		})
	}
}

func TestStandardBackoffIsCapped(t *testing.T) {
	var sleeps []time.Duration
	c := newTestClient("http://unused", "standard", 10, &sleeps)
	c.Rand = func() float64 { return 0.99 }
	for attempt := 1; attempt <= 7; attempt++ {
		if err := c.backoff(context.Background(), attempt); err != nil {
			t.Fatal(err)
		}
	}
	if last := sleeps[len(sleeps)-1]; last != 20*time.Second {
		t.Errorf("last backoff = %v, want the 20s cap", last)
	}
}

func TestTokens(t *testing.T) {
	tok := value.NewObject()
	tok.Set("NextToken", "tok2")
	tok.Set("boto_truncate_amount", value.Int(1))
	// The AWS CLI's own token for the same dictionary.
	if got, want := EncodeToken(tok), "eyJOZXh0VG9rZW4iOiAidG9rMiIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDF9"; got != want {
		t.Errorf("EncodeToken = %s, want %s", got, want)
	}
	tests := []struct {
		in       string
		want     string
		wantSkip int
	}{
		{"eyJOZXh0VG9rZW4iOiAidG9rMiIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDF9", `{"NextToken": "tok2"}`, 1},
		{"tok2", `{"NextToken": "tok2"}`, 0},
		{"tok2___3", `{"NextToken": "tok2"}`, 3},
		{"None", `{"NextToken": null}`, 0},
	}
	for _, tt := range tests {
		got, skip, err := DecodeToken(tt.in, []string{"NextToken"})
		if err != nil {
			t.Fatalf("DecodeToken(%q): %v", tt.in, err)
		}
		if s := value.Dumps(got, value.DumpOptions{}); s != tt.want || skip != tt.wantSkip {
			t.Errorf("DecodeToken(%q) = %s, %d; want %s, %d", tt.in, s, skip, tt.want, tt.wantSkip)
		}
	}
}

func FuzzDecodeToken(f *testing.F) {
	for _, s := range []string{"tok2", "eyJOZXh0VG9rZW4iOiAidG9rMiJ9", "a___b___c", "", "=="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tok, _, err := DecodeToken(s, []string{"NextToken"})
		if err == nil && tok == nil {
			t.Fatalf("DecodeToken(%q) returned no token and no error", s)
		}
	})
}
