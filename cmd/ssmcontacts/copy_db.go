package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/ssmcontacts/ssmcontacts/internal/store/copydb"
	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres"
)

const copyDBUsage = `usage: ssmcontacts copy-db --from FILE [--to URL]

Copies a whole SQLite database (every contact, channel, engagement,
rotation, tag, incident, timer, outbox message and the secrets behind
acknowledgement links and console sessions) into a PostgreSQL database
that holds no data yet, in one transaction: everything or nothing. Stop
the server on FILE first. Timers are copied unclaimed.

Options:
  --from FILE   the SQLite database file a server ran on (--db)
  --to URL      the postgres:// or postgresql:// URL (default:
                SSMCONTACTS_DB when it is a PostgreSQL URL); the schema is
                created if needed, and every table must be empty

Prints the rows copied per table; exits 1 on any error, with nothing
written to PostgreSQL.
`

// copyDB runs `ssmcontacts copy-db`.
func copyDB(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 1 && (args[0] == "help" || args[0] == "--help" || args[0] == "-h" || args[0] == "-help") {
		fmt.Fprint(stdout, copyDBUsage)
		return 0
	}
	fs := flag.NewFlagSet("copy-db", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	from := fs.String("from", "", "")
	to := fs.String("to", "", "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		if err == nil {
			err = fmt.Errorf("unexpected argument %q", fs.Arg(0))
		}
		fmt.Fprintf(stderr, "ssmcontacts copy-db: %v\n%s", err, copyDBUsage)
		return 2
	}
	if *to == "" && postgres.IsURL(getenv("SSMCONTACTS_DB")) {
		*to = getenv("SSMCONTACTS_DB")
	}
	if *to == "" {
		fmt.Fprintf(stderr, "ssmcontacts copy-db: --to is required (or SSMCONTACTS_DB set to a postgres:// URL)\n%s", copyDBUsage)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	res, err := copydb.Run(ctx, copydb.Options{From: *from, To: *to, Log: log})
	if err != nil {
		fmt.Fprintln(stderr, "ssmcontacts copy-db:", withoutPassword(err.Error(), *to))
		return 1
	}
	printCopySummary(stdout, *from, postgres.Redact(*to), res)
	return 0
}

// printCopySummary writes the rows copied per table.
func printCopySummary(w io.Writer, from, to string, res *copydb.Result) {
	fmt.Fprintf(w, "copied %s to %s in %.2fs\n", from, to, res.Elapsed.Seconds())
	tables := slices.Clone(res.Tables)
	slices.SortFunc(tables, func(a, b copydb.TableCount) int { return strings.Compare(a.Table, b.Table) })
	var total int64
	for _, t := range tables {
		fmt.Fprintf(w, "  %-24s %10d\n", t.Table, t.Rows)
		total += t.Rows
	}
	fmt.Fprintf(w, "  %-24s %10d\n", "total", total)
}

// withoutPassword masks the URL's password wherever a message repeats it:
// the drivers redact what they print, this makes sure of it.
func withoutPassword(msg, rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return msg
	}
	pws := []string{u.Query().Get("password")}
	if pw, ok := u.User.Password(); ok {
		pws = append(pws, pw)
	}
	for _, pw := range pws {
		if pw != "" {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
		}
	}
	return msg
}
