// Command replayserver answers every ssm-contacts request with one fixed
// GetContact response. It exists to time the client end to end (see
// internal/cli/bench.sh); it is not the ssm-contacts server.
package main

import (
	"flag"
	"io"
	"log"
	"net/http"
)

const contact = `{"ContactArn":"arn:aws:ssm-contacts:us-east-2:111122223333:contact/akuam","Alias":"akuam",` +
	`"DisplayName":"Akua Mansa","Type":"PERSONAL","Plan":{"Stages":[{"DurationInMinutes":5,"Targets":[{"ChannelTargetInfo":` +
	`{"ContactChannelId":"arn:aws:ssm-contacts:us-east-2:111122223333:contact-channel/akuam/beb25840-5ac8-4644-95cc-7a8de390fa65",` +
	`"RetryIntervalInMinutes":1}}]}]}}`

func main() {
	addr := flag.String("addr", "127.0.0.1:4751", "listen address (loopback)")
	flag.Parse()
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("x-amzn-RequestId", "6b3c5d8e-0000-4000-8000-000000000000")
		io.WriteString(w, contact)
	})))
}
