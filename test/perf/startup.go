//go:build perf

package main

import (
	"bufio"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// startup measures, for a new database file, an existing one and
// :memory:, the time from exec to the first successful health check,
// and the resident memory of the idle server a second later.
func startup(args []string) error {
	fs := flag.NewFlagSet("startup", flag.ContinueOnError)
	bin := fs.String("bin", "", "ssmcontacts binary")
	runs := fs.Int("runs", 20, "starts per database kind")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "ssmcontacts-startup")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	existing := filepath.Join(dir, "existing", "contacts.db")
	kinds := []struct {
		name string
		db   func(run int) string
	}{
		{"new file", func(run int) string { return filepath.Join(dir, fmt.Sprintf("new%d", run), "contacts.db") }},
		{"existing file", func(int) string { return existing }},
		{":memory:", func(int) string { return ":memory:" }},
	}
	for _, k := range kinds {
		var ready []time.Duration
		var rss int64
		for run := range *runs {
			d, r, err := startOnce(*bin, k.db(run), run == *runs-1)
			if err != nil {
				return fmt.Errorf("%s: %w", k.name, err)
			}
			ready = append(ready, d)
			if r > 0 {
				rss = r
			}
		}
		slices.Sort(ready)
		fmt.Printf("%-14s exec→ready over %d starts: min %v  median %v  p90 %v  max %v;  idle RSS %.1f MiB\n",
			k.name, len(ready), ready[0].Round(10*time.Microsecond), ready[len(ready)/2].Round(10*time.Microsecond),
			ready[len(ready)*9/10].Round(10*time.Microsecond), ready[len(ready)-1].Round(10*time.Microsecond), float64(rss)/(1<<20))
	}
	return nil
}

// startOnce starts the server on a free port, polls its health endpoint
// until it answers 200, optionally reads its idle RSS a second later, and
// stops it.
func startOnce(bin, db string, measureRSS bool) (time.Duration, int64, error) {
	port, err := freePort()
	if err != nil {
		return 0, 0, err
	}
	health := "http://127.0.0.1:" + port + "/_ssmcontacts/health"
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:"+port, "--db", db)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: time.Second}
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	for {
		resp, err := client.Get(health)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Since(begin) > 10*time.Second {
			return 0, 0, fmt.Errorf("not ready after 10s: %v", err)
		}
		time.Sleep(100 * time.Microsecond)
	}
	ready := time.Since(begin)
	if !measureRSS {
		return ready, 0, nil
	}
	time.Sleep(time.Second)
	rss, err := residentBytes(cmd.Process.Pid)
	return ready, rss, err
}

func printFreePort([]string) error {
	port, err := freePort()
	if err == nil {
		fmt.Println(port)
	}
	return err
}

func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	_, port, err := net.SplitHostPort(ln.Addr().String())
	return port, err
}

// residentBytes reads VmRSS from /proc/<pid>/status.
func residentBytes(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmRSS for pid %d", pid)
}
