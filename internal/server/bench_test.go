package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdkv4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/ssmcontacts/ssmcontacts/internal/server"
)

// benchServer runs server.Main in process on a file database in a
// temporary directory, logging at level to a file (as a service's
// redirected stderr would be written).
func benchServer(b *testing.B, level string) *server.Main {
	b.Helper()
	dir := b.TempDir()
	logs, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { logs.Close() })
	m := &server.Main{
		Config: server.Config{
			Addr: "127.0.0.1:0", DB: filepath.Join(dir, "contacts.db"), Auth: "on",
			LogFormat: "text", LogLevel: level, Clock: "real",
		},
		LogOutput: logs,
	}
	if err := m.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { m.Close() })
	return m
}

// signedRequest is a protocol request signed by the built-in key with
// the SDK's signer, ready to be sent any number of times within the
// signature's 15 minutes.
type signedRequest struct {
	header http.Header
	body   []byte
}

// sign signs a request to url (the signature covers its host).
func sign(b testing.TB, url, op, body string) signedRequest {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader([]byte(body)))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "SSMContacts."+op)
	sum := sha256.Sum256([]byte(body))
	creds := aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}
	if err := sdkv4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "ssm-contacts", "us-east-2", time.Now()); err != nil {
		b.Fatal(err)
	}
	return signedRequest{header: req.Header, body: []byte(body)}
}

// send posts r to url and fails unless it gets 200.
func send(b *testing.B, client *http.Client, url string, r signedRequest) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(r.body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header = r.header.Clone()
	resp, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("%s: %d %s", r.header.Get("X-Amz-Target"), resp.StatusCode, body)
	}
}

func newClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
}

// BenchmarkGetContact is one GetContact through HTTP, SigV4 verification,
// validation, a read of the file database and the response, with one
// request log line per call (level info) or none (level warn). The same
// pre-signed request is sent each time.
func BenchmarkGetContact(b *testing.B) {
	for _, level := range []string{"info", "warn"} {
		b.Run("log="+level, func(b *testing.B) {
			m := benchServer(b, level)
			client := newClient()
			send(b, client, m.URL(), sign(b, m.URL(), "CreateContact", `{"Alias":"akuam","DisplayName":"Akua Mansa","Type":"PERSONAL","Plan":{"Stages":[]}}`))
			get := sign(b, m.URL(), "GetContact", `{"ContactId":"arn:aws:ssm-contacts:us-east-2:000000000000:contact/akuam"}`)
			b.Run("serial", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					send(b, client, m.URL(), get)
				}
			})
			b.Run("parallel", func(b *testing.B) {
				b.ReportAllocs()
				b.SetParallelism(16)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						send(b, client, m.URL(), get)
					}
				})
			})
		})
	}
}

// BenchmarkCreateContact is one durable CreateContact (committed with
// synchronous=FULL before the answer) with a unique alias. Requests are
// signed before the timer starts. Serially every create waits for its own
// fsync; in parallel, group commit shares them.
func BenchmarkCreateContact(b *testing.B) {
	m := benchServer(b, "info")
	client := newClient()
	var run atomic.Int64
	presign := func(b *testing.B) []signedRequest {
		r := run.Add(1)
		reqs := make([]signedRequest, b.N)
		for i := range reqs {
			reqs[i] = sign(b, m.URL(), "CreateContact", fmt.Sprintf(`{"Alias":"c%d-%d","Type":"PERSONAL","Plan":{"Stages":[]}}`, r, i))
		}
		return reqs
	}
	b.Run("serial", func(b *testing.B) {
		reqs := presign(b)
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			send(b, client, m.URL(), reqs[i])
		}
	})
	b.Run("parallel", func(b *testing.B) {
		reqs := presign(b)
		var next atomic.Int64
		b.ReportAllocs()
		b.SetParallelism(16)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				send(b, client, m.URL(), reqs[next.Add(1)-1])
			}
		})
	})
}
