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
// the CPU time the process had used by then (all its threads, from
// /proc: on a loaded machine it moves far less than the wall time), and
// the resident memory of the idle server a second later. With
// -baseline, the minimal net/http server (test/perf/minimal) is started
// the same way, interleaved with ssmcontacts, and the ratios printed.
func startup(args []string) error {
	fs := flag.NewFlagSet("startup", flag.ContinueOnError)
	bin := fs.String("bin", "", "ssmcontacts binary")
	baseline := fs.String("baseline", "", "the minimal server binary to compare with (optional)")
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
	type series struct {
		ready, cpu []time.Duration
		rss        int64
	}
	report := func(name string, s series) (ready, cpu time.Duration) {
		slices.Sort(s.ready)
		slices.Sort(s.cpu)
		r := s.ready
		fmt.Printf("%-24s exec→ready over %d starts: min %v  median %v  p90 %v  max %v;  CPU to ready: median %v;  idle RSS %.1f MiB\n",
			name, len(r), r[0].Round(10*time.Microsecond), r[len(r)/2].Round(10*time.Microsecond),
			r[len(r)*9/10].Round(10*time.Microsecond), r[len(r)-1].Round(10*time.Microsecond),
			s.cpu[len(s.cpu)/2].Round(10*time.Microsecond), float64(s.rss)/(1<<20))
		return r[len(r)/2], s.cpu[len(s.cpu)/2]
	}
	var base series
	for _, k := range kinds {
		var ours series
		for run := range *runs {
			last := run == *runs-1
			d, c, r, err := startOnce(*bin, k.db(run), last)
			if err != nil {
				return fmt.Errorf("%s: %w", k.name, err)
			}
			ours.ready, ours.cpu = append(ours.ready, d), append(ours.cpu, c)
			if r > 0 {
				ours.rss = r
			}
			if *baseline == "" {
				continue
			}
			d, c, r, err = startOnce(*baseline, k.db(run), last)
			if err != nil {
				return fmt.Errorf("baseline: %w", err)
			}
			base.ready, base.cpu = append(base.ready, d), append(base.cpu, c)
			if r > 0 {
				base.rss = r
			}
		}
		m, mc := report(k.name, ours)
		if *baseline != "" {
			b, bc := report("  minimal net/http", base)
			fmt.Printf("  ratio of medians: %.2f× the minimal server (target ≤ 2×), CPU %.2f×; idle RSS %.1f MiB vs %.1f MiB (target < 20 MiB)\n",
				float64(m)/float64(b), float64(mc)/float64(bc), float64(ours.rss)/(1<<20), float64(base.rss)/(1<<20))
			base = series{}
		}
	}
	return nil
}

// startOnce starts the server on a free port, polls its health endpoint
// until it answers 200, reads the CPU time it has used, optionally reads
// its idle RSS a second later, and stops it.
func startOnce(bin, db string, measureRSS bool) (ready, cpu time.Duration, rss int64, err error) {
	port, err := freePort()
	if err != nil {
		return 0, 0, 0, err
	}
	health := "http://127.0.0.1:" + port + "/_ssmcontacts/health"
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:"+port, "--db", db)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: time.Second}
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, 0, err
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
			return 0, 0, 0, fmt.Errorf("not ready after 10s: %v", err)
		}
		time.Sleep(100 * time.Microsecond)
	}
	ready = time.Since(begin)
	if cpu, err = cpuTime(cmd.Process.Pid); err != nil {
		return 0, 0, 0, err
	}
	if !measureRSS {
		return ready, cpu, 0, nil
	}
	time.Sleep(time.Second)
	rss, err = residentBytes(cmd.Process.Pid)
	return ready, cpu, rss, err
}

// cpuTime sums the time on CPU of every thread of pid, in nanoseconds,
// from /proc/<pid>/task/*/schedstat (first field). Threads that have
// exited are not counted; the servers measured keep theirs.
func cpuTime(pid int) (time.Duration, error) {
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	if err != nil || len(tasks) == 0 {
		return 0, fmt.Errorf("no schedstat for pid %d: %v", pid, err)
	}
	var total time.Duration
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue // the thread exited
		}
		f := strings.Fields(string(b))
		if len(f) == 0 {
			continue
		}
		ns, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, err
		}
		total += time.Duration(ns)
	}
	return total, nil
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
