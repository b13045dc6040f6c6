package console

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
)

// fakeShared is a shared clock that another replica may have moved: its
// value is not the local clock's.
type fakeShared struct {
	mu       sync.Mutex
	now      time.Time
	advanced []time.Time
	err      error
}

func (f *fakeShared) Load(context.Context) (time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now, nil
}

func (f *fakeShared) AdvanceTo(_ context.Context, target time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.advanced = append(f.advanced, target)
	if f.err != nil {
		return f.err
	}
	if target.After(f.now) {
		f.now = target
	}
	return nil
}

// TestAdminSharedClock: with a shared clock the clock endpoints read and
// move it, not the local clock, and refuse to set it back.
func TestAdminSharedClock(t *testing.T) {
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	shared := &fakeShared{now: t0.Add(time.Hour)}
	a := &Admin{Clock: clock.NewControllable(t0), Shared: shared}
	mux := http.NewServeMux()
	a.Register(mux, func(h http.Handler) http.Handler { return h })
	call := func(method, body string) (int, clockState) {
		t.Helper()
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(method, "/_ssmcontacts/clock", strings.NewReader(body)))
		var st clockState
		json.Unmarshal(rec.Body.Bytes(), &st)
		return rec.Code, st
	}

	if code, st := call(http.MethodGet, ""); code != http.StatusOK || st.EpochMillis != t0.Add(time.Hour).UnixMilli() || !st.Controllable {
		t.Errorf("GET = %d %+v, want the shared value t0+1h, controllable", code, st)
	}
	if code, st := call(http.MethodPost, `{"advance": "15m"}`); code != http.StatusOK || st.EpochMillis != t0.Add(75*time.Minute).UnixMilli() {
		t.Errorf("POST advance 15m = %d %+v, want t0+1h15m", code, st)
	}
	if code, _ := call(http.MethodPost, `{"set": "2026-01-05T09:00:00Z"}`); code != http.StatusConflict {
		t.Errorf("POST set back = %d, want 409", code)
	}
	if want := []time.Time{t0.Add(75 * time.Minute)}; len(shared.advanced) != 1 || !shared.advanced[0].Equal(want[0]) {
		t.Errorf("AdvanceTo calls %v, want %v", shared.advanced, want)
	}
	shared.err = errors.New("due work still pending")
	if code, _ := call(http.MethodPost, `{"advance": "1m"}`); code != http.StatusInternalServerError {
		t.Errorf("POST with a failing AdvanceTo = %d, want 500", code)
	}
}
