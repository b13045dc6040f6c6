package metrics

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Counter is a count that only goes up.
type Counter struct{ n atomic.Uint64 }

// Inc adds one.
func (c *Counter) Inc() { c.n.Add(1) }

// Add adds n.
func (c *Counter) Add(n uint64) { c.n.Add(n) }

// Value returns the count.
func (c *Counter) Value() uint64 { return c.n.Load() }

// Histogram counts observations in buckets with fixed upper bounds, as
// Prometheus's classic histograms do: an observation lands in the first
// bucket whose bound is at least the value.
type Histogram struct {
	upper  []float64       // shared by the vector's series
	counts []atomic.Uint64 // per bucket, not cumulative; the last is +Inf
	sum    atomic.Uint64   // float64 bits
}

// Observe records v.
func (h *Histogram) Observe(v float64) {
	h.counts[sort.SearchFloat64s(h.upper, v)].Add(1)
	for {
		old := h.sum.Load()
		if h.sum.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+v)) {
			return
		}
	}
}

// vec is a family of series of one kind, one series per list of label
// values, made on first use.
type vec[T any] struct {
	name, help, typ string
	labels          []string // in the order values are given
	order           []int    // indices of labels sorted by name: the exposition's order
	series          sync.Map // joined values → *entry[T]
	make            func() *T
}

type entry[T any] struct {
	values []string
	metric *T
}

func newVec[T any](r *Registry, name, help, typ string, labels []string, mk func() *T) *vec[T] {
	r.claim(name)
	order := make([]int, len(labels))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(labels[a], labels[b]) })
	return &vec[T]{name: name, help: help, typ: typ, labels: slices.Clone(labels), order: order, make: mk}
}

// with returns the series of those label values, making it if need be.
func (v *vec[T]) with(values []string) *T {
	if len(values) != len(v.labels) {
		panic("metrics: " + v.name + " takes " + strings.Join(v.labels, ", "))
	}
	key := strings.Join(values, "\xff")
	if e, ok := v.series.Load(key); ok {
		return e.(*entry[T]).metric
	}
	e, _ := v.series.LoadOrStore(key, &entry[T]{values: slices.Clone(values), metric: v.make()})
	return e.(*entry[T]).metric
}

// sorted returns the series ordered by their label values, labels taken
// in name order, with those labels rendered.
func (v *vec[T]) sorted() (labels []string, metrics []*T) {
	type row struct {
		values []string // in name order
		metric *T
	}
	var rows []row
	v.series.Range(func(_, e any) bool {
		en := e.(*entry[T])
		vals := make([]string, len(v.order))
		for i, j := range v.order {
			vals[i] = en.values[j]
		}
		rows = append(rows, row{vals, en.metric})
		return true
	})
	slices.SortFunc(rows, func(a, b row) int { return slices.Compare(a.values, b.values) })
	names := make([]string, len(v.order))
	for i, j := range v.order {
		names[i] = v.labels[j]
	}
	for _, r := range rows {
		labels = append(labels, string(appendLabels(nil, names, r.values)))
		metrics = append(metrics, r.metric)
	}
	return labels, metrics
}

// CounterVec is a counter per list of label values.
type CounterVec struct{ v *vec[Counter] }

// NewCounterVec makes a counter family in r. It panics if r already has
// a metric of that name.
func (r *Registry) NewCounterVec(name, help string, labels ...string) *CounterVec {
	cv := &CounterVec{newVec(r, name, help, "counter", labels, func() *Counter { return new(Counter) })}
	r.Register(cv)
	return cv
}

// NewCounter makes an unlabelled counter in r, exposed from 0. It panics
// if r already has a metric of that name.
func (r *Registry) NewCounter(name, help string) *Counter {
	return r.NewCounterVec(name, help).WithLabelValues()
}

// WithLabelValues returns the counter of those values, given in the
// order of the labels NewCounterVec was given.
func (cv *CounterVec) WithLabelValues(values ...string) *Counter { return cv.v.with(values) }

// Collect implements Collector.
func (cv *CounterVec) Collect(s *Scrape) {
	f := s.family(cv.v.name, cv.v.help, cv.v.typ)
	labels, cs := cv.v.sorted()
	for i, c := range cs {
		f.sample(cv.v.name, labels[i], float64(c.Value()))
	}
}

// HistogramVec is a histogram per list of label values.
type HistogramVec struct {
	v *vec[Histogram]
	// le holds each bucket's le="…" label, rendered once.
	le []string
}

// NewHistogramVec makes a histogram family in r with the given bucket
// upper bounds (increasing; +Inf is implied). It panics if r already has
// a metric of that name or the bounds are not increasing.
func (r *Registry) NewHistogramVec(name, help string, buckets []float64, labels ...string) *HistogramVec {
	upper := slices.Clone(buckets)
	for i := 1; i < len(upper); i++ {
		if !(upper[i-1] < upper[i]) {
			panic("metrics: " + name + ": buckets must increase")
		}
	}
	if n := len(upper); n > 0 && math.IsInf(upper[n-1], +1) {
		upper = upper[:n-1]
	}
	le := make([]string, len(upper)+1)
	for i, u := range upper {
		le[i] = `le="` + string(appendFloat(nil, u)) + `"`
	}
	le[len(upper)] = `le="+Inf"`
	hv := &HistogramVec{
		v: newVec(r, name, help, "histogram", labels, func() *Histogram {
			return &Histogram{upper: upper, counts: make([]atomic.Uint64, len(upper)+1)}
		}),
		le: le,
	}
	r.Register(hv)
	return hv
}

// WithLabelValues returns the histogram of those values, given in the
// order of the labels NewHistogramVec was given.
func (hv *HistogramVec) WithLabelValues(values ...string) *Histogram { return hv.v.with(values) }

// Collect implements Collector. The count is the sum of the buckets as
// read, so it always equals the +Inf bucket.
func (hv *HistogramVec) Collect(s *Scrape) {
	name := hv.v.name
	f := s.family(name, hv.v.help, hv.v.typ)
	labels, hs := hv.v.sorted()
	for i, h := range hs {
		prefix := labels[i]
		if prefix != "" {
			prefix += ","
		}
		var cum uint64
		for b := range h.counts {
			cum += h.counts[b].Load()
			f.sample(name+"_bucket", prefix+hv.le[b], float64(cum))
		}
		f.sample(name+"_sum", labels[i], math.Float64frombits(h.sum.Load()))
		f.sample(name+"_count", labels[i], float64(cum))
	}
}

// info is a gauge fixed at 1 whose labels carry facts.
type info struct {
	name, help, labels string
}

// NewInfo makes a gauge fixed at 1 whose labels carry facts about the
// process (a Prometheus info metric); pairs are label name, value, …. It
// panics if r already has a metric of that name.
func (r *Registry) NewInfo(name, help string, pairs ...string) {
	r.claim(name)
	var names, values []string
	for i := 0; i+1 < len(pairs); i += 2 {
		names, values = append(names, pairs[i]), append(values, pairs[i+1])
	}
	r.Register(info{name, help, string(appendLabels(nil, names, values))})
}

// Collect implements Collector.
func (g info) Collect(s *Scrape) { s.family(g.name, g.help, "gauge").sample(g.name, g.labels, 1) }
