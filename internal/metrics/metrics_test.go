package metrics

import (
	"bytes"
	"maps"
	"math"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// parse reads an exposition with Prometheus's own text parser.
func parse(t *testing.T, text []byte) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(bytes.NewReader(text))
	if err != nil {
		t.Fatalf("not valid Prometheus text: %v\n%s", err, text)
	}
	return fams
}

func scrape(t *testing.T, r *Registry) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestRuntimeAndProcessFamilies: the Go and process collectors serve the
// families client_golang's default collectors served, with their types,
// and Prometheus's parser reads them.
func TestRuntimeAndProcessFamilies(t *testing.T) {
	r := NewRegistry()
	r.Register(GoCollector{GCPercent: 400}, ProcessCollector{})
	fams := parse(t, scrape(t, r))
	want := map[string]dto.MetricType{
		"go_gc_duration_seconds":      dto.MetricType_SUMMARY,
		"go_gc_gogc_percent":          dto.MetricType_GAUGE,
		"go_gc_gomemlimit_bytes":      dto.MetricType_GAUGE,
		"go_goroutines":               dto.MetricType_GAUGE,
		"go_info":                     dto.MetricType_GAUGE,
		"go_sched_gomaxprocs_threads": dto.MetricType_GAUGE,
		"go_threads":                  dto.MetricType_GAUGE,
	}
	for _, n := range []string{"alloc_bytes", "buck_hash_sys_bytes", "gc_sys_bytes", "heap_alloc_bytes",
		"heap_idle_bytes", "heap_inuse_bytes", "heap_objects", "heap_released_bytes", "heap_sys_bytes",
		"last_gc_time_seconds", "mcache_inuse_bytes", "mcache_sys_bytes", "mspan_inuse_bytes", "mspan_sys_bytes",
		"next_gc_bytes", "other_sys_bytes", "stack_inuse_bytes", "stack_sys_bytes", "sys_bytes"} {
		want["go_memstats_"+n] = dto.MetricType_GAUGE
	}
	for _, n := range []string{"alloc_bytes_total", "frees_total", "mallocs_total"} {
		want["go_memstats_"+n] = dto.MetricType_COUNTER
	}
	if runtime.GOOS == "linux" {
		for _, n := range []string{"max_fds", "open_fds", "resident_memory_bytes", "start_time_seconds",
			"virtual_memory_bytes", "virtual_memory_max_bytes"} {
			want["process_"+n] = dto.MetricType_GAUGE
		}
		for _, n := range []string{"cpu_seconds_total", "network_receive_bytes_total", "network_transmit_bytes_total"} {
			want["process_"+n] = dto.MetricType_COUNTER
		}
	}
	got := map[string]dto.MetricType{}
	for name, f := range fams {
		got[name] = f.GetType()
		if f.GetHelp() == "" {
			t.Errorf("%s has no help", name)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("families (-want +got):\n%s", diff)
	}
	if v := fams["go_gc_gogc_percent"].GetMetric()[0].GetGauge().GetValue(); v != 400 {
		t.Errorf("go_gc_gogc_percent = %v, want 400", v)
	}
	if v := fams["go_goroutines"].GetMetric()[0].GetGauge().GetValue(); v < 1 {
		t.Errorf("go_goroutines = %v", v)
	}
	if q := fams["go_gc_duration_seconds"].GetMetric()[0].GetSummary().GetQuantile(); len(q) != 5 {
		t.Errorf("go_gc_duration_seconds has %d quantiles, want 5", len(q))
	}
	if runtime.GOOS == "linux" {
		if v := fams["process_resident_memory_bytes"].GetMetric()[0].GetGauge().GetValue(); v < 1<<20 {
			t.Errorf("process_resident_memory_bytes = %v, want at least 1 MiB", v)
		}
		if v := fams["process_open_fds"].GetMetric()[0].GetGauge().GetValue(); v < 3 {
			t.Errorf("process_open_fds = %v, want at least 3", v)
		}
	}
}

// TestExposition holds counters and histograms to the exact text
// client_golang wrote for them: families sorted by name, series by label
// values with labels in name order, le last, cumulative buckets, and
// families without series left out.
func TestExposition(t *testing.T) {
	r := NewRegistry()
	req := r.NewCounterVec("x_requests_total", "Requests by operation and code.", "operation", "code")
	lat := r.NewHistogramVec("x_duration_seconds", "Latency.", []float64{.0001, .00025, 1, 2.5}, "operation")
	r.NewCounterVec("x_unused_total", "Never counted.", "kind")
	req.WithLabelValues("GetContact", "OK").Inc()
	req.WithLabelValues("GetContact", "OK").Inc()
	req.WithLabelValues("CreateContact", "ValidationException").Inc()
	req.WithLabelValues("CreateContact", `quote " back \ line`+"\n").Inc()
	lat.WithLabelValues("GetContact").Observe(.0001) // on a bound: that bucket
	lat.WithLabelValues("GetContact").Observe(.5)
	lat.WithLabelValues("GetContact").Observe(7)
	lat.WithLabelValues("CreateContact").Observe(.0002)

	got := string(scrape(t, r))
	want := `# HELP x_duration_seconds Latency.
# TYPE x_duration_seconds histogram
x_duration_seconds_bucket{operation="CreateContact",le="0.0001"} 0
x_duration_seconds_bucket{operation="CreateContact",le="0.00025"} 1
x_duration_seconds_bucket{operation="CreateContact",le="1"} 1
x_duration_seconds_bucket{operation="CreateContact",le="2.5"} 1
x_duration_seconds_bucket{operation="CreateContact",le="+Inf"} 1
x_duration_seconds_sum{operation="CreateContact"} 0.0002
x_duration_seconds_count{operation="CreateContact"} 1
x_duration_seconds_bucket{operation="GetContact",le="0.0001"} 1
x_duration_seconds_bucket{operation="GetContact",le="0.00025"} 1
x_duration_seconds_bucket{operation="GetContact",le="1"} 2
x_duration_seconds_bucket{operation="GetContact",le="2.5"} 2
x_duration_seconds_bucket{operation="GetContact",le="+Inf"} 3
x_duration_seconds_sum{operation="GetContact"} 7.5001
x_duration_seconds_count{operation="GetContact"} 3
# HELP x_requests_total Requests by operation and code.
# TYPE x_requests_total counter
x_requests_total{code="OK",operation="GetContact"} 2
x_requests_total{code="ValidationException",operation="CreateContact"} 1
x_requests_total{code="quote \" back \\ line\n",operation="CreateContact"} 1
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("exposition (-want +got):\n%s", diff)
	}
	fams := parse(t, []byte(got))
	if names := slices.Sorted(maps.Keys(fams)); !slices.Equal(names, []string{"x_duration_seconds", "x_requests_total"}) {
		t.Errorf("parsed families %v", names)
	}
}

// TestConcurrentUse counts and observes from many goroutines while
// scraping; every increment is in the final scrape.
func TestConcurrentUse(t *testing.T) {
	r := NewRegistry()
	c := r.NewCounterVec("c_total", "c", "k")
	h := r.NewHistogramVec("h_seconds", "h", []float64{1, 2}, "k")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			k := []string{"a", "b"}[g%2]
			for i := range 500 {
				c.WithLabelValues(k).Inc()
				h.WithLabelValues(k).Observe(float64(i % 3))
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			parse(t, scrape(t, r))
		}
	})
	wg.Wait()
	fams := parse(t, scrape(t, r))
	for _, m := range fams["c_total"].GetMetric() {
		if v := m.GetCounter().GetValue(); v != 2000 {
			t.Errorf("c_total %v = %v, want 2000", m.GetLabel(), v)
		}
	}
	for _, m := range fams["h_seconds"].GetMetric() {
		hist := m.GetHistogram()
		// i%3 over 500: 167 zeros, 167 ones, 166 twos; sum 499 per goroutine.
		if hist.GetSampleCount() != 2000 || hist.GetSampleSum() != 4*499 {
			t.Errorf("h_seconds %v: count %d sum %v, want 2000 and %d", m.GetLabel(), hist.GetSampleCount(), hist.GetSampleSum(), 4*499)
		}
	}
}

func TestDuplicateNamePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a second family named a_total did not panic")
		}
	}()
	r := NewRegistry()
	r.NewCounterVec("a_total", "a")
	r.NewHistogramVec("a_total", "a", []float64{1})
}

func TestAppendFloat(t *testing.T) {
	for v, want := range map[float64]string{
		0: "0", 1: "1", 0.00025: "0.00025", 1445017: "1.445017e+06", 9.223372036854776e+18: "9.223372036854776e+18",
		math.Inf(1): "+Inf", math.Inf(-1): "-Inf", math.NaN(): "NaN",
	} {
		if got := string(appendFloat(nil, v)); got != want {
			t.Errorf("appendFloat(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestServeHTTP(t *testing.T) {
	r := NewRegistry()
	r.NewCounterVec("a_total", "a").WithLabelValues().Inc()
	w := httptest.NewRecorder()
	r.ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	if ct := w.Header().Get("Content-Type"); ct != ContentType {
		t.Errorf("Content-Type %q", ct)
	}
	if f := expfmt.ResponseFormat(w.Header()); f.FormatType() != expfmt.TypeTextPlain {
		t.Errorf("Prometheus reads the Content-Type as %v, want text", f)
	}
	if !strings.Contains(w.Body.String(), "a_total 1\n") {
		t.Errorf("body %q", w.Body.String())
	}
}
