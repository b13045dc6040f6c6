package api

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
)

// BenchmarkServe is the handler's own cost per request (no network): a
// signed GetContact and ListContacts against an in-memory store, with
// signatures verified (auth=on) or not (auth=off).
func BenchmarkServe(b *testing.B) {
	for _, mode := range []sigv4.Mode{sigv4.ModeVerify, sigv4.ModeOff} {
		fx := newFixture(b, mode)
		fx.mustCall(b, "CreateContact", `{"Alias":"akuam","DisplayName":"Akua Mansa","Type":"PERSONAL","Plan":{"Stages":[]}}`)
		for _, tc := range []struct{ op, body string }{
			{"GetContact", `{"ContactId":"` + contactARN("akuam") + `"}`},
			{"ListContacts", `{"MaxResults":10}`},
		} {
			b.Run(tc.op+"/auth="+mode.String(), func(b *testing.B) {
				req := sign(b, request("SSMContacts."+tc.op, tc.body), tc.body, fixtureTime)
				body := []byte(tc.body)
				b.ReportAllocs()
				for b.Loop() {
					req.Body = nopCloser{bytes.NewReader(body)}
					w := httptest.NewRecorder()
					fx.h.ServeHTTP(w, req)
					if w.Code != 200 {
						b.Fatal(w.Body)
					}
				}
			})
		}
	}
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }
