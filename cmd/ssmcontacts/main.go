// Command ssmcontacts is the ssm-contacts client (the server's `serve` and
// `version` words are added by the server side).
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/ssmcontacts/ssmcontacts/internal/cli"
	"golang.org/x/term"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	home, _ := os.UserHomeDir()
	isTTY := term.IsTerminal(int(os.Stdout.Fd()))
	width := 0
	if isTTY {
		width, _, _ = term.GetSize(int(os.Stdout.Fd()))
	}
	code := cli.Run(ctx, cli.Env{
		Stdin:            os.Stdin,
		Stdout:           os.Stdout,
		Stderr:           os.Stderr,
		Getenv:           os.Getenv,
		HomeDir:          home,
		ReadFile:         os.ReadFile,
		StdoutIsTerminal: isTTY,
		TerminalWidth:    width,
	}, os.Args[1:])
	os.Exit(code)
}
