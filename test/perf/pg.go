//go:build perf

package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
)

// pgDatabase creates (-create) or drops (-drop NAME) a database on the
// PostgreSQL server at -url. Creating prints the new database's URL on
// stdout and the settings that decide a durable write's cost on stderr.
func pgDatabase(args []string) error {
	fs := flag.NewFlagSet("pg-database", flag.ContinueOnError)
	server := fs.String("url", "", "server URL (a database the role may connect to, e.g. postgres)")
	create := fs.Bool("create", false, "create a database and print its URL")
	drop := fs.String("drop", "", "drop this database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *server == "" || *create == (*drop != "") {
		return fmt.Errorf("pg-database needs -url and one of -create, -drop NAME")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, *server)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if *drop != "" {
		_, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{*drop}.Sanitize()+" WITH (FORCE)")
		return err
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "loadtest_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return err
	}
	var version, fsync, syncCommit, buffers, maxConns string
	if err := conn.QueryRow(ctx, `SELECT current_setting('server_version'), current_setting('fsync'),
		current_setting('synchronous_commit'), current_setting('shared_buffers'), current_setting('max_connections')`).
		Scan(&version, &fsync, &syncCommit, &buffers, &maxConns); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "PostgreSQL %s: fsync=%s synchronous_commit=%s shared_buffers=%s max_connections=%s\n",
		version, fsync, syncCommit, buffers, maxConns)
	u, err := url.Parse(*server)
	if err != nil {
		return err
	}
	u.Path = "/" + name
	fmt.Println(name, u.String())
	return nil
}
