package server_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/server"
)

// Close lets a request that is in flight when shutdown begins finish and
// be answered, while new connections are refused.
func TestShutdownFinishesRequestsInFlight(t *testing.T) {
	m := &server.Main{Config: server.Config{
		Addr: "127.0.0.1:0", DB: ":memory:", Auth: "on", LogFormat: "text", LogLevel: "error", Clock: "real",
	}}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	body := `{"Alias":"in-flight","Type":"PERSONAL","Plan":{"Stages":[]}}`
	r := sign(t, m.URL()+"/", "CreateContact", body)

	conn, err := net.Dial("tcp", m.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var head strings.Builder
	// Expect: 100-continue makes the server say when the handler starts
	// reading the body: from then on the request is in flight.
	fmt.Fprintf(&head, "POST / HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\nExpect: 100-continue\r\n", m.Addr(), len(body))
	for name, values := range r.header {
		for _, v := range values {
			fmt.Fprintf(&head, "%s: %s\r\n", name, v)
		}
	}
	head.WriteString("\r\n")
	if _, err := conn.Write([]byte(head.String())); err != nil {
		t.Fatal(err)
	}
	replies := bufio.NewReader(conn)
	if cont, err := http.ReadResponse(replies, nil); err != nil || cont.StatusCode != http.StatusContinue {
		t.Fatalf("want 100 Continue, got %v, %v", cont, err)
	}

	closed := make(chan error, 1)
	go func() { closed <- m.Close() }()
	// Shutdown has begun once the listener refuses new connections.
	for {
		c, err := net.DialTimeout("tcp", m.Addr(), time.Second)
		if err != nil {
			break
		}
		c.Close()
	}
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) while a request was in flight", err)
	default:
	}

	if _, err := conn.Write([]byte(body)); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(replies, nil)
	if err != nil {
		t.Fatalf("the request in flight was not answered: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the request in flight got %s", resp.Status)
	}
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v", err)
	}
}
