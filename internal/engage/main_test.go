package engage

import (
	"os"
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/store/teststore"
)

// TestMain stops the PostgreSQL cluster the tests started when
// SSMCONTACTS_TEST_STORE=postgres.
func TestMain(m *testing.M) { os.Exit(teststore.Main(m)) }
