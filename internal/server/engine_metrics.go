package server

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// engineMetrics counts the engine's steps and how late they ran, and its
// claims (an engage.ClaimObserver). Every series is this replica's; the
// info gauge names it.
type engineMetrics struct {
	steps     *prometheus.CounterVec
	lag       *prometheus.HistogramVec
	claims    prometheus.Counter
	takeovers prometheus.Counter
	renewals  prometheus.Counter
}

func newEngineMetrics(reg prometheus.Registerer, replica, store string) *engineMetrics {
	counter := func(name, help string) prometheus.Counter {
		return prometheus.NewCounter(prometheus.CounterOpts{Namespace: "ssmcontacts", Subsystem: "engine", Name: name, Help: help})
	}
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
		claims:    counter("claims_total", "Due sends claimed by this replica (takeovers included)."),
		takeovers: counter("lease_takeovers_total", "Sends claimed from another replica whose lease had expired."),
		renewals:  counter("lease_renewals_total", "Claims renewed by this replica's heartbeat (one per claim per beat)."),
	}
	info := prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: "ssmcontacts", Name: "replica_info",
		Help:        "This server process: its replica id (the owner of its claims) and its store.",
		ConstLabels: prometheus.Labels{"replica": replica, "store": store},
	})
	info.Set(1)
	reg.MustRegister(em.steps, em.lag, em.claims, em.takeovers, em.renewals, info)
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

// Claimed and Renewed make engineMetrics an engage.ClaimObserver.
func (em *engineMetrics) Claimed(takeover bool) {
	em.claims.Inc()
	if takeover {
		em.takeovers.Inc()
	}
}

func (em *engineMetrics) Renewed(n int) { em.renewals.Add(float64(n)) }
