//go:build perf

// Command perf is the tooling of scripts/loadtest.sh: a bare net/http
// baseline server, pre-signed requests for wrk, and the start-up and
// memory measurements. It is test tooling, never part of the product,
// and builds only with -tags perf.
//
//	perf baseline -addr 127.0.0.1:0 -size N      serve N fixed bytes; print the address
//	perf call -url U -op Op -body JSON            send one signed request; print the response body
//	perf presign -url U -op Op -body JSON         print a wrk script sending that signed request
//	perf presign-creates -url U -n N -out FILE    write N signed CreateContact lines for creates.lua
//	perf startup -bin PATH -runs N                measure exec → ready, and idle RSS
//	perf cli -bin PATH -minimal PATH -url U [-aws]  time CLI calls against the floor
//	perf free-port                                print a free loopback port
//	perf pg-database -url U -create | -drop NAME  make or drop a PostgreSQL database for a load test
//	perf serve-profiled -cpuprofile F -- [serve flags]  the server in process, CPU-profiled
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: perf baseline|call|presign|presign-creates|startup [flags]")
		os.Exit(2)
	}
	cmds := map[string]func([]string) error{
		"baseline":        baseline,
		"call":            call,
		"presign":         presign,
		"presign-creates": presignCreates,
		"startup":         startup,
		"cli":             cliTimes,
		"serve-profiled":  serveProfiled,
		"free-port":       printFreePort,
		"pg-database":     pgDatabase,
	}
	cmd, ok := cmds[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "perf: unknown command %q\n", os.Args[1])
		os.Exit(2)
	}
	if err := cmd(os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, "perf:", err)
		os.Exit(1)
	}
}
