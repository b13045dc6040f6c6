package metrics

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// userHZ is the unit of the times in /proc/[pid]/stat: USER_HZ, 100 on
// every Linux architecture Go supports.
const userHZ = 100

// ProcessCollector reports this process under the names and help texts
// of client_golang's process collector, read from /proc at scrape time.
// A figure that cannot be read is left out.
type ProcessCollector struct{}

// Collect implements Collector.
func (ProcessCollector) Collect(s *Scrape) {
	if st, err := readStat(); err == nil {
		s.counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", float64(st.utime+st.stime)/userHZ)
		s.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", float64(st.rss*uint64(os.Getpagesize())))
		s.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", float64(st.vsize))
		if boot, err := bootTime(); err == nil {
			s.gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", float64(boot)+float64(st.starttime)/userHZ)
		}
	}
	var lim syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim) == nil {
		s.gauge("process_max_fds", "Maximum number of open file descriptors.", float64(lim.Cur))
	}
	if syscall.Getrlimit(syscall.RLIMIT_AS, &lim) == nil {
		s.gauge("process_virtual_memory_max_bytes", "Maximum amount of virtual memory available in bytes.", float64(lim.Cur))
	}
	if n, err := openFDs(); err == nil {
		s.gauge("process_open_fds", "Number of open file descriptors.", float64(n))
	}
	if in, out, err := ipOctets(); err == nil {
		s.counter("process_network_receive_bytes_total", "Number of bytes received by the process over the network.", float64(in))
		s.counter("process_network_transmit_bytes_total", "Number of bytes sent by the process over the network.", float64(out))
	}
}

type procStat struct {
	utime, stime, starttime, vsize, rss uint64
}

// readStat reads the fields we report from /proc/self/stat. The command
// name, in parentheses, may hold spaces and parentheses itself: fields
// are counted from the last ')'.
func readStat() (procStat, error) {
	var st procStat
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return st, err
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return st, syscall.EINVAL
	}
	f := strings.Fields(string(b[i+1:]))
	// f[0] is field 3 of proc(5), "state".
	if len(f) < 22 {
		return st, syscall.EINVAL
	}
	for _, p := range []struct {
		dst   *uint64
		field int
	}{{&st.utime, 14}, {&st.stime, 15}, {&st.starttime, 22}, {&st.vsize, 23}, {&st.rss, 24}} {
		if *p.dst, err = strconv.ParseUint(f[p.field-3], 10, 64); err != nil {
			return st, err
		}
	}
	return st, nil
}

// bootTime reads btime, the boot time in seconds since the epoch, from
// /proc/stat.
func bootTime() (uint64, error) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "btime "); ok {
			return strconv.ParseUint(strings.TrimSpace(v), 10, 64)
		}
	}
	return 0, syscall.EINVAL
}

// openFDs counts the entries of /proc/self/fd (the directory's own
// descriptor included, as client_golang counts).
func openFDs() (int, error) {
	d, err := os.Open("/proc/self/fd")
	if err != nil {
		return 0, err
	}
	defer d.Close()
	names, err := d.Readdirnames(-1)
	return len(names), err
}

// ipOctets reads InOctets and OutOctets from the IpExt lines of
// /proc/self/net/netstat: a line of names followed by a line of values.
func ipOctets() (in, out uint64, err error) {
	b, err := os.ReadFile("/proc/self/net/netstat")
	if err != nil {
		return 0, 0, err
	}
	var names []string
	for line := range strings.Lines(string(b)) {
		rest, ok := strings.CutPrefix(line, "IpExt: ")
		if !ok {
			continue
		}
		if names == nil {
			names = strings.Fields(rest)
			continue
		}
		values := strings.Fields(rest)
		found := 0
		for i, n := range names {
			if i >= len(values) {
				break
			}
			switch n {
			case "InOctets":
				in, err = strconv.ParseUint(values[i], 10, 64)
				found++
			case "OutOctets":
				out, err = strconv.ParseUint(values[i], 10, 64)
				found++
			}
			if err != nil {
				return 0, 0, err
			}
		}
		if found == 2 {
			return in, out, nil
		}
		break
	}
	return 0, 0, syscall.EINVAL
}
