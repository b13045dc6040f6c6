package server

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// freshConns tracks connections that have not started a request. Clients
// such as aws-sdk-go-v2 open more connections than they use when calls
// run concurrently; http.Server.Shutdown waits five seconds before it
// counts such a connection as idle. Close treats one that has been quiet
// for freshGrace as idle at once.
type freshConns struct {
	mu    sync.Mutex
	since map[net.Conn]time.Time
}

// freshGrace is how long a connection may sit before its first request
// and still be waited for at shutdown: a request that takes longer than
// this to start on an open connection is not in flight.
const freshGrace = 250 * time.Millisecond

// track is the http.Server's ConnState hook.
func (f *freshConns) track(c net.Conn, state http.ConnState) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if state == http.StateNew {
		if f.since == nil {
			f.since = make(map[net.Conn]time.Time)
		}
		f.since[c] = time.Now()
		return
	}
	delete(f.since, c)
}

// closeQuiet closes the connections that have been fresh for freshGrace.
func (f *freshConns) closeQuiet() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for c, t := range f.since {
		if time.Since(t) >= freshGrace {
			c.Close()
			delete(f.since, c)
		}
	}
}
