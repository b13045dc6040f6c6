//go:build !linux

package metrics

// ProcessCollector reports nothing outside Linux: its figures come from
// /proc.
type ProcessCollector struct{}

// Collect implements Collector.
func (ProcessCollector) Collect(*Scrape) {}
