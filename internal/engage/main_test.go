package engage

import (
	"flag"
	"os"
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
	"github.com/ssmcontacts/ssmcontacts/internal/store/teststore"
)

// TestMain stops the PostgreSQL cluster the tests started when
// SSMCONTACTS_TEST_STORE=postgres, or the postgres benchmark variants
// started. When benchmarks run, a throwaway cluster runs with fsync on, as
// a production server does; SSMCONTACTS_BENCH_FSYNC=off turns it off.
func TestMain(m *testing.M) {
	flag.Parse()
	if b := flag.Lookup("test.bench"); b != nil && b.Value.String() != "" {
		pgtest.Durable = os.Getenv("SSMCONTACTS_BENCH_FSYNC") != "off"
	}
	os.Exit(teststore.Main(m))
}
