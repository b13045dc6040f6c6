package server

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// engineMetrics counts the engine's steps and how late they ran.
type engineMetrics struct {
	steps *prometheus.CounterVec
	lag   *prometheus.HistogramVec
}

func newEngineMetrics(reg prometheus.Registerer) *engineMetrics {
	em := &engineMetrics{
		steps: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "ssmcontacts", Subsystem: "engine", Name: "steps_total",
			Help: "Timer steps performed, by kind and result (ok or error).",
		}, []string{"kind", "result"}),
		lag: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "ssmcontacts", Subsystem: "engine", Name: "step_lag_seconds",
			Help:    "Time from a timer's due time to the end of its step (on the service clock).",
			Buckets: []float64{.001, .005, .01, .05, .1, .5, 1, 5, 30, 60, 300},
		}, []string{"kind"}),
	}
	reg.MustRegister(em.steps, em.lag)
	return em
}

func (em *engineMetrics) observe(kind contacts.TimerKind, due, done time.Time, err error) {
	result := "ok"
	if err != nil {
		result = "error"
	}
	em.steps.WithLabelValues(string(kind), result).Inc()
	em.lag.WithLabelValues(string(kind)).Observe(done.Sub(due).Seconds())
}
