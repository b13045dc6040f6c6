package server

import (
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/metrics"
)

// engineMetrics counts the engine's steps and how late they ran.
type engineMetrics struct {
	steps *metrics.CounterVec
	lag   *metrics.HistogramVec
}

func newEngineMetrics(reg *metrics.Registry) *engineMetrics {
	return &engineMetrics{
		steps: reg.NewCounterVec("ssmcontacts_engine_steps_total",
			"Timer steps performed, by kind and result (ok or error).",
			"kind", "result"),
		lag: reg.NewHistogramVec("ssmcontacts_engine_step_lag_seconds",
			"Time from a timer's due time to the end of its step (on the service clock).",
			[]float64{.001, .005, .01, .05, .1, .5, 1, 5, 30, 60, 300},
			"kind"),
	}
}

func (em *engineMetrics) observe(kind contacts.TimerKind, due, done time.Time, err error) {
	result := "ok"
	if err != nil {
		result = "error"
	}
	em.steps.WithLabelValues(string(kind), result).Inc()
	em.lag.WithLabelValues(string(kind)).Observe(done.Sub(due).Seconds())
}
