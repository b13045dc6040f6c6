package server

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/api"
	"github.com/ssmcontacts/ssmcontacts/internal/metrics"
)

// requestObserver logs every request and counts it in the metrics /metrics serves.
type requestObserver struct {
	log      *slog.Logger
	text     *bufferedLog // set when log is Main's text logger: see request_line.go
	requests *metrics.CounterVec
	latency  *metrics.HistogramVec
	// series caches the metrics of each (operation, code): resolving
	// label values hashes and locks on every call.
	series sync.Map // opCode → requestSeries
}

type opCode struct{ op, code string }

type requestSeries struct {
	count   *metrics.Counter
	latency *metrics.Histogram
}

func newRequestObserver(log *slog.Logger, reg *metrics.Registry) *requestObserver {
	return &requestObserver{
		log:  log,
		text: textLog(log.Handler()),
		requests: reg.NewCounterVec("ssmcontacts_requests_total",
			"API requests by operation and result code (OK, the AWS error code, or ClientClosedRequest when the client hung up first).",
			"operation", "code"),
		latency: reg.NewHistogramVec("ssmcontacts_request_duration_seconds",
			"API request latency by operation.",
			[]float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
			"operation"),
	}
}

func (o *requestObserver) ObserveRequest(ri api.RequestInfo) {
	op := ri.Operation
	if op == "" {
		op = "unknown"
	}
	code := ri.ErrorCode
	if code == "" {
		code = "OK"
	}
	k := opCode{op, code}
	v, ok := o.series.Load(k)
	if !ok {
		v, _ = o.series.LoadOrStore(k, requestSeries{count: o.requests.WithLabelValues(op, code), latency: o.latency.WithLabelValues(op)})
	}
	series := v.(requestSeries)
	series.count.Inc()
	series.latency.Observe(ri.Duration.Seconds())
	level := slog.LevelInfo
	if ri.Err != nil {
		level = slog.LevelError
	}
	if !o.log.Enabled(context.Background(), level) {
		return
	}
	latency := strconv.FormatFloat(float64(ri.Duration.Microseconds())/1000, 'f', 3, 64)
	if o.text != nil && ri.Err == nil {
		writeRequestLine(o.text, time.Now(), requestLine{ri.RequestID, op, ri.Scope.Account, ri.Scope.Region, ri.Status, code, latency})
		return
	}
	attrs := []slog.Attr{
		slog.String("request_id", ri.RequestID),
		slog.String("operation", op),
		slog.String("account", ri.Scope.Account),
		slog.String("region", ri.Scope.Region),
		slog.Int("status", ri.Status),
		slog.String("code", code),
		slog.String("latency_ms", latency),
	}
	if ri.Err != nil {
		attrs = append(attrs, slog.String("error", ri.Err.Error()))
	}
	o.log.LogAttrs(context.Background(), level, "request", attrs...)
}
