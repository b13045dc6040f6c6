package server

import (
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/metrics"
	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres"
)

// engineMetrics counts the engine's steps and how late they ran, and its
// claims (an engage.ClaimObserver). Every series is this replica's; the
// info gauge names it.
type engineMetrics struct {
	steps     *metrics.CounterVec
	lag       *metrics.HistogramVec
	claims    *metrics.Counter
	takeovers *metrics.Counter
	renewals  *metrics.Counter
}

func newEngineMetrics(reg *metrics.Registry, replica, store string) *engineMetrics {
	reg.NewInfo("ssmcontacts_replica_info",
		"This server process: its replica id (the owner of its claims) and its store.",
		"replica", replica, "store", store)
	return &engineMetrics{
		steps: reg.NewCounterVec("ssmcontacts_engine_steps_total",
			"Timer steps performed, by kind and result (ok or error).",
			"kind", "result"),
		lag: reg.NewHistogramVec("ssmcontacts_engine_step_lag_seconds",
			"Time from a timer's due time to the end of its step (on the service clock).",
			[]float64{.001, .005, .01, .05, .1, .5, 1, 5, 30, 60, 300},
			"kind"),
		claims:    reg.NewCounter("ssmcontacts_engine_claims_total", "Due sends claimed by this replica (takeovers included)."),
		takeovers: reg.NewCounter("ssmcontacts_engine_lease_takeovers_total", "Sends claimed from another replica whose lease had expired."),
		renewals:  reg.NewCounter("ssmcontacts_engine_lease_renewals_total", "Claims renewed by this replica's heartbeat (one per claim per beat)."),
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

// Claimed and Renewed make engineMetrics an engage.ClaimObserver.
func (em *engineMetrics) Claimed(takeover bool) {
	em.claims.Inc()
	if takeover {
		em.takeovers.Inc()
	}
}

func (em *engineMetrics) Renewed(n int) { em.renewals.Add(uint64(max(n, 0))) }

// contactCacheCollector reports a PostgreSQL replica's contact cache.
func contactCacheCollector(db *postgres.DB) metrics.Collector {
	return metrics.CollectorFunc(func(s *metrics.Scrape) {
		st := db.ContactCacheStats()
		serving := 0.0
		if st.Serving {
			serving = 1
		}
		s.Gauge("ssmcontacts_contact_cache_serving", "1 while this replica answers reads of contacts from memory (it holds a lease), else 0.", serving)
		s.Gauge("ssmcontacts_contact_cache_entries", "Contacts held in this replica's memory.", float64(st.Entries))
		s.Counter("ssmcontacts_contact_cache_hits_total", "Reads of a contact answered from memory.", float64(st.Hits))
		s.Counter("ssmcontacts_contact_cache_misses_total", "Reads of a contact that went to the database.", float64(st.Misses))
		s.Counter("ssmcontacts_contact_cache_waits_total", "Contact updates and deletes by this replica that waited for the other replicas to drop the contact.", float64(st.Waits))
		s.Counter("ssmcontacts_contact_cache_wait_seconds_total", "Time those writes spent waiting.", st.WaitSeconds)
	})
}

// groupCommitCollector reports a PostgreSQL replica's group commit.
func groupCommitCollector(db *postgres.DB) metrics.Collector {
	return metrics.CollectorFunc(func(s *metrics.Scrape) {
		st := db.GroupCommitStats()
		s.Counter("ssmcontacts_store_group_commits_total", "Group transactions sent by this replica: writes that read nothing (creates), committed together.", float64(st.Groups))
		s.Counter("ssmcontacts_store_group_commit_writes_total", "Writes sent in those groups.", float64(st.Writes))
		s.Counter("ssmcontacts_store_group_commits_refused_total", "Groups PostgreSQL refused; each of their writes ran again alone.", float64(st.Refused))
	})
}
