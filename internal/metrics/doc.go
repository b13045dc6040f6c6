// Package metrics keeps the server's counters and histograms and writes
// them, with the Go runtime's and the process's figures, in the
// Prometheus text exposition format (version 0.0.4).
//
// It replaces client_golang, whose package initialisation (default
// registry, protobuf descriptors, procfs's regular expressions,
// runtime/metrics, expvar) every run of the binary paid, the client
// commands included. This package does nothing at init: a Registry is
// made per server, and the runtime and /proc are read only when /metrics
// is scraped.
//
// Limits: counters only go up by one, histograms have fixed buckets,
// there are no gauges of our own and no summaries but the Go collector's
// GC pauses; the output is always text (no protobuf, no OpenMetrics, no
// gzip). Process figures come from /proc on Linux and are left out
// elsewhere.
package metrics
