//go:build perf

package main

import (
	"bytes"
	"flag"
	"fmt"
	"net"
	"net/http"
)

// baseline serves a fixed body of -size bytes to every request, with the
// protocol's content type: what a Go HTTP server costs with no work
// behind it.
func baseline(args []string) error {
	fs := flag.NewFlagSet("baseline", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	size := fs.Int("size", 150, "response body size in bytes")
	if err := fs.Parse(args); err != nil {
		return err
	}
	body := bytes.Repeat([]byte("x"), *size)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Println(ln.Addr())
	return http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Write(body)
	}))
}
