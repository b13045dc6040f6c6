package e2e

// The tests run a binary built in TestMain, which go test's cache does not
// see; importing what the binary is made of makes a change to the server
// or the client invalidate cached results of this package.
import (
	_ "github.com/ssmcontacts/ssmcontacts/internal/cli"
	_ "github.com/ssmcontacts/ssmcontacts/internal/server"
)
