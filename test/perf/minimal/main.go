//go:build perf

// Command minimal is the floor the perf scripts compare ssmcontacts with:
// the least a Go program can do for the same job, with the standard
// library only.
//
//	minimal serve --addr A [ignored flags]    a net/http server answering 200 on /_ssmcontacts/health
//	minimal post URL BODY [Header: value]...  one HTTP POST; prints the response body
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
)

func main() {
	if len(os.Args) < 2 {
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(os.Args[2:])
	case "post":
		err = post(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "minimal:", err)
		os.Exit(1)
	}
}

func serve(args []string) error {
	addr := "127.0.0.1:4750"
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "--addr" {
			addr = args[i+1]
		}
	}
	http.HandleFunc("/_ssmcontacts/health", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok\n") })
	return http.ListenAndServe(addr, nil)
}

func post(args []string) error {
	if len(args) < 2 {
		return fmt.Errorf("post URL BODY [Header: value]...")
	}
	req, err := http.NewRequest(http.MethodPost, args[0], strings.NewReader(args[1]))
	if err != nil {
		return err
	}
	for _, h := range args[2:] {
		name, value, _ := strings.Cut(h, ":")
		req.Header.Set(name, strings.TrimSpace(value))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(os.Stdout, resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("status %s", resp.Status)
	}
	return err
}
