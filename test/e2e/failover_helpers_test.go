package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"
)

// failoverHook is a webhook receiver for failover tests. It counts a page
// call as received only when it answers it to a sender still connected:
// while holding, page calls wait, and a held call whose sender goes away
// (its replica killed, or its attempt timed out) is refused, never
// received, as a provider that accepts a message only with its reply
// would. failFirst says which messages have their first received call
// answered 500 (with a Retry-After beyond the sender's wait, so that the
// engine's retry at RetryIntervalInMinutes is what repeats it).
type failoverHook struct {
	*httptest.Server
	failFirst func(address string) bool

	mu       sync.Mutex
	received []failoverCall
	refused  []failoverCall
	// answering counts page calls decided and not yet answered.
	answering int
	holding   bool
	held      map[string]int // message id → calls held now
	release   chan struct{}
}

type failoverCall struct {
	MessageID     string `json:"messageId"`
	Kind          string `json:"kind"`
	Address       string `json:"address"`
	PageArn       string `json:"pageArn"`
	EngagementArn string `json:"engagementArn"`
	At            time.Time
	Status        int
}

func newFailoverHook(t *testing.T, failFirst func(address string) bool) *failoverHook {
	h := &failoverHook{failFirst: failFirst, held: map[string]int{}}
	h.Server = httptest.NewServer(http.HandlerFunc(h.serve))
	t.Cleanup(h.Close)
	t.Cleanup(h.unhold)
	return h
}

func (h *failoverHook) flags() []string {
	return []string{"--webhook-url", h.URL + "/hook", "--webhook-secret", "e2e-secret"}
}

func (h *failoverHook) serve(rw http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body) // read to the end, so that a sender's disconnection ends r.Context()
	var call failoverCall
	if err := json.Unmarshal(body, &call); err != nil {
		http.Error(rw, "bad JSON", http.StatusBadRequest)
		return
	}
	if call.Kind != "PAGE" {
		fmt.Fprintf(rw, `{"messageId": "provider-%s"}`, call.MessageID)
		return
	}
	h.mu.Lock()
	if h.holding {
		h.held[call.MessageID]++
		release := h.release
		h.mu.Unlock()
		select {
		case <-release:
		case <-r.Context().Done():
		}
		h.mu.Lock()
		h.held[call.MessageID]--
	}
	call.At = time.Now()
	if r.Context().Err() != nil {
		h.refused = append(h.refused, call)
		h.mu.Unlock()
		return
	}
	call.Status = http.StatusOK
	if h.failFirst(call.Address) && h.receivedLocked(call.MessageID) == 0 {
		call.Status = http.StatusInternalServerError
	}
	h.received = append(h.received, call)
	h.answering++
	h.mu.Unlock()
	defer func() { h.mu.Lock(); h.answering--; h.mu.Unlock() }()
	if call.Status != http.StatusOK {
		rw.Header().Set("Retry-After", "3600")
		http.Error(rw, "provider unavailable", call.Status)
		return
	}
	fmt.Fprintf(rw, `{"messageId": "provider-%s"}`, call.MessageID)
}

func (h *failoverHook) receivedLocked(id string) int {
	n := 0
	for _, c := range h.received {
		if c.MessageID == id {
			n++
		}
	}
	return n
}

// hold makes page calls wait until unhold.
func (h *failoverHook) hold() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.holding {
		h.holding, h.release = true, make(chan struct{})
	}
}

func (h *failoverHook) unhold() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.holding {
		h.holding = false
		close(h.release)
	}
}

// heldNow returns the ids of the messages with a call held now.
func (h *failoverHook) heldNow() map[string]bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := map[string]bool{}
	for id, n := range h.held {
		if n > 0 {
			out[id] = true
		}
	}
	return out
}

func (h *failoverHook) answeringNow() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.answering
}

// calls returns the received and the refused page calls so far.
func (h *failoverHook) calls() (received, refused []failoverCall) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]failoverCall(nil), h.received...), append([]failoverCall(nil), h.refused...)
}

// killWithNothingUnrecorded kills victim (SIGKILL) at an instant when
// every send it made that the provider received is recorded: page calls
// are held, the calls being answered finish, and every message still
// SENDING (read through reader) has its call held. during runs once the
// calls are held, to make writes through the victim just before its
// death. The victim's held calls are refused when it dies; the others
// are answered when this returns. It returns when the victim was killed.
// So the one at-least-once edge (a send received, its replica dead before
// recording it) cannot happen here.
func (h *failoverHook) killWithNothingUnrecorded(t *testing.T, victim, reader *server, during func()) time.Time {
	t.Helper()
	h.hold()
	defer h.unhold()
	if during != nil {
		during()
	}
	waitUntil(t, 10*time.Second, "the page calls being answered are answered", func() bool { return h.answeringNow() == 0 })
	waitUntil(t, 10*time.Second, "every answered send is recorded", func() bool {
		held := h.heldNow()
		for _, m := range reader.outbox("kind=PAGE&limit=10000") {
			if m.Status == "SENDING" && !held[m.ID] {
				return false
			}
		}
		return true
	})
	killed := time.Now()
	victim.kill()
	// The kernel closed the victim's connections as it died; give the
	// receiver's connection readers a moment to notice.
	time.Sleep(300 * time.Millisecond)
	return killed
}

// waitUntil polls cond every 20 ms until it holds, for up to limit.
func waitUntil(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var metricLine = regexp.MustCompile(`(?m)^(ssmcontacts_[a-z_]+)(\{[^}]*\})? ([0-9.e+-]+)$`)

// metrics reads the ssmcontacts_ series of a server's /metrics.
func (s *server) metrics() map[string]float64 {
	s.t.Helper()
	resp, err := http.Get(s.URL + "/metrics")
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	out := map[string]float64{}
	for _, m := range metricLine.FindAllStringSubmatch(string(body), -1) {
		v, _ := strconv.ParseFloat(m[3], 64)
		out[m[1]+m[2]] += v
	}
	return out
}
