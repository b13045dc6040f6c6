package metrics

import (
	"math"
	"strconv"
	"strings"
)

// Scrape gathers the families of one exposition.
type Scrape struct {
	families []*family
}

// family is one metric family rendered as text: its HELP and TYPE lines
// and its samples.
type family struct {
	name    string
	b       []byte
	samples int
}

// family starts a family of the given type ("counter", "gauge",
// "histogram", "summary").
func (s *Scrape) family(name, help, typ string) *family {
	f := &family{name: name}
	f.b = append(f.b, "# HELP "...)
	f.b = append(f.b, name...)
	f.b = append(f.b, ' ')
	f.b = appendHelp(f.b, help)
	f.b = append(f.b, "\n# TYPE "...)
	f.b = append(f.b, name...)
	f.b = append(f.b, ' ')
	f.b = append(f.b, typ...)
	f.b = append(f.b, '\n')
	s.families = append(s.families, f)
	return f
}

// gauge adds a family of one unlabelled gauge.
func (s *Scrape) gauge(name, help string, v float64) {
	s.family(name, help, "gauge").sample(name, "", v)
}

// counter adds a family of one unlabelled counter.
func (s *Scrape) counter(name, help string, v float64) {
	s.family(name, help, "counter").sample(name, "", v)
}

// sample appends one line: name, labels (already rendered by
// appendLabels, without braces, or empty) and value.
func (f *family) sample(name, labels string, v float64) {
	f.b = append(f.b, name...)
	if labels != "" {
		f.b = append(f.b, '{')
		f.b = append(f.b, labels...)
		f.b = append(f.b, '}')
	}
	f.b = append(f.b, ' ')
	f.b = appendFloat(f.b, v)
	f.b = append(f.b, '\n')
	f.samples++
}

// appendLabels renders name="value" pairs separated by commas, the
// values escaped as the format requires.
func appendLabels(b []byte, names, values []string) []byte {
	for i, n := range names {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, n...)
		b = append(b, '=', '"')
		b = appendEscaped(b, values[i], true)
		b = append(b, '"')
	}
	return b
}

// appendHelp escapes a HELP text: backslash and line feed.
func appendHelp(b []byte, s string) []byte { return appendEscaped(b, s, false) }

func appendEscaped(b []byte, s string, quote bool) []byte {
	if !strings.ContainsAny(s, "\\\n\"") {
		return append(b, s...)
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			b = append(b, `\\`...)
		case c == '\n':
			b = append(b, `\n`...)
		case c == '"' && quote:
			b = append(b, `\"`...)
		default:
			b = append(b, c)
		}
	}
	return b
}

// appendFloat writes a value as client_golang and Prometheus do: the
// shortest representation, and +Inf, -Inf, NaN by name.
func appendFloat(b []byte, v float64) []byte {
	switch {
	case math.IsInf(v, +1):
		return append(b, "+Inf"...)
	case math.IsInf(v, -1):
		return append(b, "-Inf"...)
	case math.IsNaN(v):
		return append(b, "NaN"...)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// Gauge adds a family of one unlabelled gauge, for a Collector that reads
// its values at scrape time.
func (s *Scrape) Gauge(name, help string, v float64) { s.gauge(name, help, v) }

// Counter adds a family of one unlabelled counter, for a Collector that
// reads its values at scrape time.
func (s *Scrape) Counter(name, help string, v float64) { s.counter(name, help, v) }
