package server

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// /metrics names the replica and its store, and carries the engine's
// claim counters from the start (at zero until the first claim).
func TestMetricsNameTheReplicaAndCountClaims(t *testing.T) {
	m, _ := startMain(t)
	resp, err := http.Get(m.URL() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{
		`ssmcontacts_replica_info{replica="` + m.replica + `",store="sqlite (in memory)"} 1`,
		"ssmcontacts_engine_claims_total 0",
		"ssmcontacts_engine_lease_takeovers_total 0",
		"ssmcontacts_engine_lease_renewals_total 0",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
