//go:build perf

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdkv4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/google/uuid"
)

// signedHeaders are the headers of a request as wrk sends it (wrk adds
// Host and Content-Length itself), signed by the built-in key in
// us-east-2 with the SDK's signer. The signature is good for 15 minutes.
func signedHeaders(target, op, body string, at time.Time) (http.Header, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Host = u.Host
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "SSMContacts."+op)
	sum := sha256.Sum256([]byte(body))
	creds := aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}
	err = sdkv4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "ssm-contacts", "us-east-2", at)
	return req.Header, err
}

type requestFlags struct {
	url, op, body string
}

func parseRequestFlags(name string, args []string) (requestFlags, error) {
	var f requestFlags
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&f.url, "url", "", "server URL, e.g. http://127.0.0.1:4750/")
	fs.StringVar(&f.op, "op", "", "operation, e.g. GetContact")
	fs.StringVar(&f.body, "body", "{}", "JSON body")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	if f.url == "" || f.op == "" {
		return f, fmt.Errorf("%s needs -url and -op", name)
	}
	return f, nil
}

// call sends one signed request and prints the response body; it fails
// unless the answer is 200.
func call(args []string) error {
	f, err := parseRequestFlags("call", args)
	if err != nil {
		return err
	}
	h, err := signedHeaders(f.url, f.op, f.body, time.Now())
	if err != nil {
		return err
	}
	req, err := http.NewRequest(http.MethodPost, f.url, bytes.NewReader([]byte(f.body)))
	if err != nil {
		return err
	}
	req.Header = h
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s: %s", f.op, resp.Status, out)
	}
	_, err = os.Stdout.Write(out)
	return err
}

// presign prints a wrk script that sends one signed request over and
// over.
func presign(args []string) error {
	f, err := parseRequestFlags("presign", args)
	if err != nil {
		return err
	}
	h, err := signedHeaders(f.url, f.op, f.body, time.Now())
	if err != nil {
		return err
	}
	fmt.Printf("-- %s, signed %s: valid for 15 minutes.\n", f.op, h.Get("X-Amz-Date"))
	fmt.Printf("wrk.method = \"POST\"\nwrk.body = %s\n", luaString(f.body))
	for _, name := range []string{"Content-Type", "X-Amz-Target", "X-Amz-Date", "Authorization"} {
		fmt.Printf("wrk.headers[%q] = %s\n", name, luaString(h.Get(name)))
	}
	return nil
}

// luaString quotes s as a Lua long string.
func luaString(s string) string {
	eq := ""
	for strings.Contains(s, "]"+eq+"]") {
		eq += "="
	}
	return "[" + eq + "[" + s + "]" + eq + "]"
}

// createBody is the CreateContact body creates.lua sends for an alias
// and an idempotency token (none if empty); the two must agree byte for
// byte.
func createBody(alias, token string) string {
	if token != "" {
		return `{"Alias":"` + alias + `","Type":"PERSONAL","Plan":{"Stages":[]},"IdempotencyToken":"` + token + `"}`
	}
	return `{"Alias":"` + alias + `","Type":"PERSONAL","Plan":{"Stages":[]}}`
}

// presignCreates writes n lines "alias date signed-headers signature
// [token]" of CreateContact requests with unique aliases, for creates.lua;
// with -tokens each carries a fresh idempotency token, as the AWS SDKs and
// CLI send.
func presignCreates(args []string) error {
	fs := flag.NewFlagSet("presign-creates", flag.ContinueOnError)
	target := fs.String("url", "", "server URL")
	n := fs.Int("n", 100000, "number of requests")
	prefix := fs.String("prefix", "load", "alias prefix")
	out := fs.String("out", "", "output file")
	tokens := fs.Bool("tokens", false, "give each request an idempotency token")
	if err := fs.Parse(args); err != nil {
		return err
	}
	file, err := os.Create(*out)
	if err != nil {
		return err
	}
	defer file.Close()
	var buf bytes.Buffer
	at := time.Now()
	for i := range *n {
		alias := fmt.Sprintf("%s-%d", *prefix, i)
		token := ""
		if *tokens {
			token = uuid.NewString()
		}
		h, err := signedHeaders(*target, "CreateContact", createBody(alias, token), at)
		if err != nil {
			return err
		}
		auth := h.Get("Authorization")
		_, signed, _ := strings.Cut(auth, "SignedHeaders=")
		signed, _, _ = strings.Cut(signed, ",")
		fmt.Fprintf(&buf, "%s %s %s %s", alias, h.Get("X-Amz-Date"), signed, auth[strings.LastIndex(auth, "=")+1:])
		if token != "" {
			fmt.Fprintf(&buf, " %s", token)
		}
		buf.WriteByte('\n')
		if buf.Len() > 1<<20 {
			if _, err := buf.WriteTo(file); err != nil {
				return err
			}
		}
	}
	if _, err := buf.WriteTo(file); err != nil {
		return err
	}
	return file.Close()
}
