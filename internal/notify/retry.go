package notify

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
)

// retrier is how the HTTP senders (webhook, phone provider) call out:
// each attempt bounded in time, network errors, timeouts, 429 and 5xx
// retried with backoff (or the receiver's Retry-After) up to maxAttempts,
// everything else reported at once.
type retrier struct {
	transport      string
	clock          clock.Clock
	attemptTimeout time.Duration
	maxAttempts    int
	baseDelay      time.Duration
	maxDelay       time.Duration
	sleep          func(ctx context.Context, d time.Duration) error
}

// newRetrier applies the defaults: 10 s per attempt, 4 attempts, backoff
// from 500 ms, no wait longer than 30 s, the real clock and real sleeps.
func newRetrier(transport string, c clock.Clock, attemptTimeout time.Duration, maxAttempts int, baseDelay, maxDelay time.Duration, sleepFn func(context.Context, time.Duration) error) retrier {
	r := retrier{
		transport: transport, clock: c, attemptTimeout: orDefault(attemptTimeout, 10*time.Second),
		maxAttempts: maxAttempts, baseDelay: orDefault(baseDelay, 500*time.Millisecond),
		maxDelay: orDefault(maxDelay, 30*time.Second), sleep: sleepFn,
	}
	if r.clock == nil {
		r.clock = clock.Real{}
	}
	if r.maxAttempts <= 0 {
		r.maxAttempts = 4
	}
	if r.sleep == nil {
		r.sleep = sleep
	}
	return r
}

// failure is what went wrong with one attempt.
type failure struct {
	what          string // e.g. `HTTP 500 Internal Server Error: "boom"`
	retryable     bool
	retryAfter    time.Duration
	hasRetryAfter bool
	err           error
}

// do calls attempt until it succeeds or must stop, and returns what the
// successful attempt returned. target names the call in errors ("POST
// https://host").
func (r *retrier) do(ctx context.Context, target string, attempt func(context.Context) (string, *failure)) (string, error) {
	for n := 1; ; n++ {
		out, f := attempt(ctx)
		if f == nil {
			return out, nil
		}
		wait, stop := r.nextWait(ctx, target, n, f)
		if stop != nil {
			return "", stop
		}
		if err := r.sleep(ctx, wait); err != nil {
			return "", r.giveUp(target, f, n, contextReason(err)+" while waiting to retry", err)
		}
	}
}

// nextWait decides whether to try again after attempt failed with f, and
// after how long. When it will not, it returns the error to report.
func (r *retrier) nextWait(ctx context.Context, target string, attempt int, f *failure) (time.Duration, *Error) {
	switch {
	case ctx.Err() != nil:
		why := contextReason(ctx.Err())
		if errors.Is(f.err, ctx.Err()) {
			why = "" // f says it already
		}
		return 0, r.giveUp(target, f, attempt, why, ctx.Err())
	case !f.retryable:
		e := r.giveUp(target, f, attempt, "", nil)
		e.Permanent = true
		return 0, e
	case attempt >= r.maxAttempts:
		return 0, r.giveUp(target, f, attempt, "", nil)
	case f.hasRetryAfter && f.retryAfter > r.maxDelay:
		e := r.giveUp(target, f, attempt, fmt.Sprintf("asked to retry after %s, longer than this sender waits", f.retryAfter), nil)
		e.RetryAfter = f.retryAfter
		return 0, e
	case f.hasRetryAfter:
		return f.retryAfter, nil
	}
	return backoff(attempt, r.baseDelay, r.maxDelay), nil
}

func (r *retrier) giveUp(target string, f *failure, attempts int, why string, cause error) *Error {
	msg := fmt.Sprintf("%s: %s (", target, f.what)
	if why != "" {
		msg += why + "; "
	}
	if attempts == 1 {
		msg += "1 attempt)"
	} else {
		msg += strconv.Itoa(attempts) + " attempts)"
	}
	if cause == nil {
		cause = f.err
	}
	return &Error{Transport: r.transport, Reason: msg, Err: cause}
}

// callFailure describes an error from the HTTP client of one attempt;
// redact removes what the error text must not repeat (URLs and tokens).
func (r *retrier) callFailure(parent, attempt context.Context, err error, redact func(string) string) *failure {
	switch {
	case parent.Err() != nil:
		return &failure{what: contextReason(parent.Err()), err: parent.Err()}
	case attempt.Err() != nil:
		return &failure{what: "no response within " + r.attemptTimeout.String(), retryable: true, err: attempt.Err()}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &failure{what: excerpt([]byte(redact(err.Error()))), retryable: true, err: err}
}

// backoff is the wait before retry number n (n ≥ 1): base·2^(n-1), capped
// at max, of which a random half is taken off ("equal jitter") so that
// senders retrying after a shared outage spread out but never hammer.
func backoff(n int, base, max time.Duration) time.Duration {
	d := base
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	d = min(d, max)
	half := d / 2
	return half + rand.N(d-half+1)
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP
// date, relative to now. ok is false when the header is absent or
// malformed; a date in the past is a zero wait.
func parseRetryAfter(h http.Header, now time.Time) (wait time.Duration, ok bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		// Anything beyond a day is as good as forever for a page.
		return time.Duration(min(secs, 86400)) * time.Second, true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(at.Sub(now), 0), true
}

// sleep waits for d or until ctx ends, on real time: retry waits pace
// real network peers, whatever clock the service runs on.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
