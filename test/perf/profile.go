//go:build perf

package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/ssmcontacts/ssmcontacts/internal/server"
)

// serveProfiled runs the server in this process, as `ssmcontacts serve`
// with the same flags, writing a CPU profile of its whole life to
// -cpuprofile until SIGINT or SIGTERM, for go tool pprof.
func serveProfiled(args []string) error {
	fs := flag.NewFlagSet("serve-profiled", flag.ContinueOnError)
	profile := fs.String("cpuprofile", "cpu.pprof", "CPU profile output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := server.ParseConfig(fs.Args(), os.Getenv, os.Stderr)
	if err != nil {
		return err
	}
	out, err := os.Create(*profile)
	if err != nil {
		return err
	}
	defer out.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &server.Main{Config: cfg, LogOutput: os.Stderr}
	if err := m.Run(ctx); err != nil {
		return err
	}
	if err := pprof.StartCPUProfile(out); err != nil {
		return err
	}
	<-ctx.Done()
	pprof.StopCPUProfile()
	fmt.Fprintln(os.Stderr, "profile written to", *profile)
	return m.Close()
}
