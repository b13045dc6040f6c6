// Command ssmcontacts is both the ssm-contacts server (`ssmcontacts serve`)
// and a client that behaves like `aws ssm-contacts` (`ssmcontacts
// <operation> [options]`).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	_ "time/tzdata" // rotations need IANA zones even on machines without a zoneinfo database

	"github.com/ssmcontacts/ssmcontacts/internal/server"
	"github.com/ssmcontacts/ssmcontacts/internal/version"
)

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "serve":
		return serve(args[1:], getenv, stderr)
	case "version":
		fmt.Fprintln(stdout, "ssmcontacts", version.String())
		return 0
	case "-h", "--help", "help":
		usage(stdout)
		return 0
	}
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Usage:
  ssmcontacts serve [flags]     run the server (ssmcontacts serve --help)
  ssmcontacts version           print the version
`)
}

func serve(args []string, getenv func(string) string, stderr io.Writer) int {
	cfg, err := server.ParseConfig(args, getenv, stderr)
	if errors.Is(err, server.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "ssmcontacts serve:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &server.Main{Config: cfg, LogOutput: stderr}
	if err := m.Run(ctx); err != nil {
		fmt.Fprintln(stderr, "ssmcontacts serve:", err)
		return 1
	}
	<-ctx.Done()
	m.Logger.Info("shutting down")
	if err := m.Close(); err != nil {
		fmt.Fprintln(stderr, "ssmcontacts serve: shutdown:", err)
		return 1
	}
	return 0
}
