// Package pgtest gives tests a PostgreSQL database of their own.
//
// The server is SSMCONTACTS_TEST_POSTGRES when set (a URL of a server on
// which the tests may create and drop databases); otherwise a throwaway
// cluster is started once per test binary with initdb and pg_ctl (found
// through pg_config --bindir or /usr/lib/postgresql/*/bin), as the
// postgres OS user when running as root, in a temporary directory,
// listening on a Unix socket only. A package using it calls Main from its
// TestMain so the cluster is stopped at the end.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the variable giving an existing server to test against.
const EnvURL = "SSMCONTACTS_TEST_POSTGRES"

// Durable, set before the first Database call (in TestMain), starts the
// throwaway cluster with fsync on, as a production server runs, for
// benchmarks; by default it runs without fsync, which is enough for
// tests. It does not change a server given by SSMCONTACTS_TEST_POSTGRES.
var Durable bool

var (
	once     sync.Once
	base     string // server URL, database "postgres"
	startErr error
	skipMsg  string
	cluster  *localCluster
)

// Main runs the tests and stops the cluster they started, if any.
func Main(m *testing.M) int {
	code := m.Run()
	if cluster != nil {
		cluster.stop()
	}
	return code
}

// Database creates a fresh database and returns its URL; it is dropped
// when t ends. t is skipped when no PostgreSQL is available.
func Database(t testing.TB) string {
	t.Helper()
	u := server(t)
	name := "t_" + randomHex(8)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatalf("pgtest: connect %s: %v", u, err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, err := pgx.Connect(ctx, u)
		if err != nil {
			t.Logf("pgtest: drop %s: %v", name, err)
			return
		}
		defer admin.Close(ctx)
		if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("pgtest: drop %s: %v", name, err)
		}
	})
	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	parsed.Path = "/" + name
	return parsed.String()
}

func server(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		if u := os.Getenv(EnvURL); u != "" {
			base = u
			return
		}
		bin := binDir()
		if bin == "" {
			skipMsg = "pgtest: no PostgreSQL: set " + EnvURL + " or install initdb and pg_ctl (Debian package postgresql)"
			return
		}
		cluster, startErr = startCluster(bin)
		if startErr == nil {
			base = cluster.url()
		}
	})
	if skipMsg != "" {
		t.Skip(skipMsg)
	}
	if startErr != nil {
		t.Fatalf("pgtest: start PostgreSQL: %v", startErr)
	}
	return base
}

// binDir finds the directory holding initdb and pg_ctl.
func binDir() string {
	var dirs []string
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dirs = append(dirs, strings.TrimSpace(string(out)))
	}
	globbed, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Sort(sort.Reverse(sort.StringSlice(globbed))) // newest major first (same digit count)
	dirs = append(dirs, globbed...)
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		dirs = append(dirs, filepath.Dir(p))
	}
	for _, d := range dirs {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "pg_ctl")) {
			return d
		}
	}
	return ""
}

func isExec(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

type localCluster struct {
	bin, dir string
	cred     *syscall.Credential // nil: run as ourselves
}

func (c *localCluster) data() string { return filepath.Join(c.dir, "data") }

func (c *localCluster) url() string {
	return "postgres://postgres@/postgres?host=" + url.QueryEscape(c.dir) + "&sslmode=disable"
}

func (c *localCluster) run(name string, args ...string) error {
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	cmd.Dir = c.dir
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v\n%s", name, err, out)
	}
	return nil
}

func startCluster(bin string) (*localCluster, error) {
	dir, err := os.MkdirTemp("", "ssmcontacts-pg-")
	if err != nil {
		return nil, err
	}
	c := &localCluster{bin: bin, dir: dir}
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root.
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, errors.New("running as root and there is no postgres user to run PostgreSQL as")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	if err := c.run("initdb", "-D", c.data(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	// Unix socket only (listen_addresses empty), no fsync unless Durable:
	// a test cluster.
	opts := fmt.Sprintf("-k %s -h '' -c max_connections=200", dir)
	if !Durable {
		opts += " -F"
	}
	if err := c.run("pg_ctl", "-D", c.data(), "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return c, nil
}

func (c *localCluster) stop() {
	c.run("pg_ctl", "-D", c.data(), "-m", "immediate", "-w", "stop")
	os.RemoveAll(c.dir)
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
