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
	"runtime/debug"
	"slices"
	"syscall"
	"time"

	_ "time/tzdata" // rotations need IANA zones even on machines without a zoneinfo database

	"golang.org/x/term"

	"github.com/ssmcontacts/ssmcontacts/internal/cli"
	"github.com/ssmcontacts/ssmcontacts/internal/server"
	"github.com/ssmcontacts/ssmcontacts/internal/version"
)

func main() {
	args := os.Args[1:]
	if len(args) > 0 {
		switch args[0] {
		case "serve":
			if serveHelpWanted(args[1:]) {
				os.Exit(serveHelp(os.Getenv, os.Stdout))
			}
			os.Exit(serve(args[1:], os.Getenv, os.Stderr))
		case "alert-token":
			os.Exit(alertToken(args[1:], os.Getenv, os.Stdout, os.Stderr))
		case "copy-db":
			os.Exit(copyDB(args[1:], os.Getenv, os.Stdout, os.Stderr))
		case "version":
			fmt.Println("ssmcontacts", version.String())
			os.Exit(0)
		}
	}
	os.Exit(client(args))
}

// client runs an `aws ssm-contacts`-style command.
func client(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	home, _ := os.UserHomeDir()
	isTTY := term.IsTerminal(int(os.Stdout.Fd()))
	width := 0
	if isTTY {
		width, _, _ = term.GetSize(int(os.Stdout.Fd()))
	}
	return cli.Run(ctx, cli.Env{
		Stdin:            os.Stdin,
		Stdout:           os.Stdout,
		Stderr:           os.Stderr,
		Getenv:           os.Getenv,
		HomeDir:          home,
		ReadFile:         os.ReadFile,
		StdoutIsTerminal: isTTY,
		TerminalWidth:    width,
		Location:         time.Local,
		Version:          version.String(),
	}, args)
}

// serveHelpWanted reports a request for serve's help alone: `--help` as
// the flag package knows it, or `help` as the API commands take it.
func serveHelpWanted(args []string) bool {
	return len(args) == 1 && slices.Contains([]string{"help", "-h", "-help", "--help"}, args[0])
}

// serveHelp prints serve's flags to stdout, where help belongs when it
// was asked for (a pager or grep can read it).
func serveHelp(getenv func(string) string, stdout io.Writer) int {
	if _, err := server.ParseConfig([]string{"--help"}, getenv, stdout); !errors.Is(err, server.ErrHelp) {
		fmt.Fprintln(os.Stderr, "ssmcontacts serve:", err)
		return 2
	}
	return 0
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
	m := &server.Main{Config: cfg, LogOutput: stderr}
	if getenv("GOGC") == "" {
		// The server's heap is small (a few MiB), so the default GOGC=100
		// collects after every few thousand requests; 400 spends a few MiB
		// more under load for markedly less GC work per request.
		m.GCPercent = 400
		debug.SetGCPercent(m.GCPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
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
