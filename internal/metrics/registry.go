package metrics

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// A Collector adds its metric families to a scrape.
type Collector interface {
	Collect(s *Scrape)
}

// Registry holds the collectors of one server. The zero value is not
// usable: call NewRegistry.
type Registry struct {
	mu         sync.Mutex
	collectors []Collector
	names      map[string]bool
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{names: map[string]bool{}}
}

// Register adds collectors; they are asked for their families on every
// scrape.
func (r *Registry) Register(cs ...Collector) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.collectors = append(r.collectors, cs...)
}

// claim panics if a metric of that name was already made in r: two
// families of one name would make the exposition invalid.
func (r *Registry) claim(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.names[name] {
		panic("metrics: duplicate metric " + name)
	}
	r.names[name] = true
}

// WriteText writes every family in the text exposition format, sorted by
// name, leaving out families with no samples.
func (r *Registry) WriteText(w io.Writer) error {
	r.mu.Lock()
	cs := slices.Clone(r.collectors)
	r.mu.Unlock()
	var s Scrape
	for _, c := range cs {
		c.Collect(&s)
	}
	slices.SortStableFunc(s.families, func(a, b *family) int { return strings.Compare(a.name, b.name) })
	var out []byte
	for _, f := range s.families {
		if f.samples > 0 {
			out = append(out, f.b...)
		}
	}
	_, err := w.Write(out)
	return err
}

// ContentType is the media type of WriteText's output.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

// ServeHTTP answers a scrape.
func (r *Registry) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", ContentType)
	r.WriteText(w) // an error here is the scraper hanging up
}

// CollectorFunc is a Collector made of a function.
type CollectorFunc func(s *Scrape)

// Collect calls f.
func (f CollectorFunc) Collect(s *Scrape) { f(s) }
