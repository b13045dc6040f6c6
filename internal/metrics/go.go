package metrics

import (
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"
)

// GoCollector reports the Go runtime under the names and help texts
// client_golang's default Go collector uses (go_goroutines,
// go_memstats_*, go_gc_duration_seconds, …), read with runtime.ReadMemStats
// and debug.ReadGCStats at scrape time. (runtime/metrics would be the
// modern source, but its package initialisation alone costs every run
// of the binary a few hundred microseconds.)
type GoCollector struct {
	// GCPercent is the GOGC the process runs with (go_gc_gogc_percent);
	// zero means what the runtime read from the GOGC variable at start.
	GCPercent int
}

// Collect implements Collector.
func (c GoCollector) Collect(s *Scrape) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	memstats := []struct {
		name    string
		counter bool
		help    string
		value   float64
	}{
		{"go_memstats_alloc_bytes", false, "Number of bytes allocated in heap and currently in use. Equals to /memory/classes/heap/objects:bytes.", float64(ms.Alloc)},
		{"go_memstats_alloc_bytes_total", true, "Total number of bytes allocated in heap until now, even if released already. Equals to /gc/heap/allocs:bytes.", float64(ms.TotalAlloc)},
		{"go_memstats_buck_hash_sys_bytes", false, "Number of bytes used by the profiling bucket hash table. Equals to /memory/classes/profiling/buckets:bytes.", float64(ms.BuckHashSys)},
		{"go_memstats_frees_total", true, "Total number of heap objects frees. Equals to /gc/heap/frees:objects + /gc/heap/tiny/allocs:objects.", float64(ms.Frees)},
		{"go_memstats_gc_sys_bytes", false, "Number of bytes used for garbage collection system metadata. Equals to /memory/classes/metadata/other:bytes.", float64(ms.GCSys)},
		{"go_memstats_heap_alloc_bytes", false, "Number of heap bytes allocated and currently in use, same as go_memstats_alloc_bytes. Equals to /memory/classes/heap/objects:bytes.", float64(ms.HeapAlloc)},
		{"go_memstats_heap_idle_bytes", false, "Number of heap bytes waiting to be used. Equals to /memory/classes/heap/released:bytes + /memory/classes/heap/free:bytes.", float64(ms.HeapIdle)},
		{"go_memstats_heap_inuse_bytes", false, "Number of heap bytes that are in use. Equals to /memory/classes/heap/objects:bytes + /memory/classes/heap/unused:bytes", float64(ms.HeapInuse)},
		{"go_memstats_heap_objects", false, "Number of currently allocated objects. Equals to /gc/heap/objects:objects.", float64(ms.HeapObjects)},
		{"go_memstats_heap_released_bytes", false, "Number of heap bytes released to OS. Equals to /memory/classes/heap/released:bytes.", float64(ms.HeapReleased)},
		{"go_memstats_heap_sys_bytes", false, "Number of heap bytes obtained from system. Equals to /memory/classes/heap/objects:bytes + /memory/classes/heap/unused:bytes + /memory/classes/heap/released:bytes + /memory/classes/heap/free:bytes.", float64(ms.HeapSys)},
		{"go_memstats_last_gc_time_seconds", false, "Number of seconds since 1970 of last garbage collection.", float64(ms.LastGC) / 1e9},
		{"go_memstats_mallocs_total", true, "Total number of heap objects allocated, both live and gc-ed. Semantically a counter version for go_memstats_heap_objects gauge. Equals to /gc/heap/allocs:objects + /gc/heap/tiny/allocs:objects.", float64(ms.Mallocs)},
		{"go_memstats_mcache_inuse_bytes", false, "Number of bytes in use by mcache structures. Equals to /memory/classes/metadata/mcache/inuse:bytes.", float64(ms.MCacheInuse)},
		{"go_memstats_mcache_sys_bytes", false, "Number of bytes used for mcache structures obtained from system. Equals to /memory/classes/metadata/mcache/inuse:bytes + /memory/classes/metadata/mcache/free:bytes.", float64(ms.MCacheSys)},
		{"go_memstats_mspan_inuse_bytes", false, "Number of bytes in use by mspan structures. Equals to /memory/classes/metadata/mspan/inuse:bytes.", float64(ms.MSpanInuse)},
		{"go_memstats_mspan_sys_bytes", false, "Number of bytes used for mspan structures obtained from system. Equals to /memory/classes/metadata/mspan/inuse:bytes + /memory/classes/metadata/mspan/free:bytes.", float64(ms.MSpanSys)},
		{"go_memstats_next_gc_bytes", false, "Number of heap bytes when next garbage collection will take place. Equals to /gc/heap/goal:bytes.", float64(ms.NextGC)},
		{"go_memstats_other_sys_bytes", false, "Number of bytes used for other system allocations. Equals to /memory/classes/other:bytes.", float64(ms.OtherSys)},
		{"go_memstats_stack_inuse_bytes", false, "Number of bytes obtained from system for stack allocator in non-CGO environments. Equals to /memory/classes/heap/stacks:bytes.", float64(ms.StackInuse)},
		{"go_memstats_stack_sys_bytes", false, "Number of bytes obtained from system for stack allocator. Equals to /memory/classes/heap/stacks:bytes + /memory/classes/os-stacks:bytes.", float64(ms.StackSys)},
		{"go_memstats_sys_bytes", false, "Number of bytes obtained from system. Equals to /memory/classes/total:byte.", float64(ms.Sys)},
	}
	for _, m := range memstats {
		if m.counter {
			s.counter(m.name, m.help, m.value)
		} else {
			s.gauge(m.name, m.help, m.value)
		}
	}

	gc := debug.GCStats{PauseQuantiles: make([]time.Duration, 5)}
	debug.ReadGCStats(&gc)
	f := s.family("go_gc_duration_seconds", "A summary of the wall-time pause (stop-the-world) duration in garbage collection cycles.", "summary")
	for i, q := range []string{"0", "0.25", "0.5", "0.75", "1"} {
		f.sample("go_gc_duration_seconds", `quantile="`+q+`"`, gc.PauseQuantiles[i].Seconds())
	}
	f.sample("go_gc_duration_seconds_sum", "", gc.PauseTotal.Seconds())
	f.sample("go_gc_duration_seconds_count", "", float64(gc.NumGC))

	gogc := c.GCPercent
	if gogc == 0 {
		gogc = gogcFromEnv(os.Getenv("GOGC"))
	}
	s.gauge("go_gc_gogc_percent", "Heap size target percentage configured by the user, otherwise 100. This value is set by the GOGC environment variable, and the runtime/debug.SetGCPercent function. Sourced from /gc/gogc:percent.", float64(gogc))
	s.gauge("go_gc_gomemlimit_bytes", "Go runtime memory limit configured by the user, otherwise math.MaxInt64. This value is set by the GOMEMLIMIT environment variable, and the runtime/debug.SetMemoryLimit function. Sourced from /gc/gomemlimit:bytes.", float64(debug.SetMemoryLimit(-1)))
	s.gauge("go_goroutines", "Number of goroutines that currently exist.", float64(runtime.NumGoroutine()))
	s.family("go_info", "Information about the Go environment.", "gauge").sample("go_info", string(appendLabels(nil, []string{"version"}, []string{runtime.Version()})), 1)
	s.gauge("go_sched_gomaxprocs_threads", "The current runtime.GOMAXPROCS setting, or the number of operating system threads that can execute user-level Go code simultaneously. Sourced from /sched/gomaxprocs:threads.", float64(runtime.GOMAXPROCS(0)))
	threads, _ := runtime.ThreadCreateProfile(nil)
	s.gauge("go_threads", "Number of OS threads created.", float64(threads))
}

// gogcFromEnv reads GOGC as the runtime does: "off" is -1, a number is
// itself, anything else 100.
func gogcFromEnv(v string) int {
	if v == "off" {
		return -1
	}
	if n, err := strconv.Atoi(v); err == nil {
		return n
	}
	return 100
}
