package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/api/validate"
	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
)

// newOutputValidator compiles the model's patterns once per test binary.
var newOutputValidator = sync.OnceValues(func() (*validate.Validator, error) { return validate.New(sharedModel) })

// fuzzSetup is the state every fuzzed request meets: a personal contact
// with a channel, and an escalation plan that targets it.
var fuzzSetup = []struct{ op, body string }{
	{"CreateContact", `{"Alias":"akuam","DisplayName":"Akua Mansa","Type":"PERSONAL","Plan":{"Stages":[]},"Tags":[{"Key":"team","Value":"ops"}]}`},
	{"CreateContactChannel", `{"ContactId":"` + contactARN("akuam") + `","Name":"mail","Type":"EMAIL","DeliveryAddress":{"SimpleAddress":"akua@example.com"},"DeferActivation":true}`},
	{"UpdateContact", `{"ContactId":"` + contactARN("akuam") + `","Plan":{"Stages":[{"DurationInMinutes":0,"Targets":[{"ChannelTargetInfo":{"ContactChannelId":"` + fuzzChannel + `","RetryIntervalInMinutes":1}}]}]}}`},
	{"CreateContact", `{"Alias":"esc","Type":"ESCALATION","Plan":{"Stages":[{"DurationInMinutes":5,"Targets":[{"ContactTargetInfo":{"ContactId":"` + contactARN("akuam") + `","IsEssential":true}}]}]}}`},
	{"StartEngagement", `{"ContactId":"` + contactARN("esc") + `","Sender":"fuzz","Subject":"s","Content":"c","IncidentId":"inc-1"}`},
}

// fuzzChannel is the ARN of the channel fuzzSetup creates (the first id
// the fixture issues).
const fuzzChannel = "arn:aws:ssm-contacts:us-east-2:000000000000:contact-channel/akuam/00000000-0000-4000-8000-000000000001"

// FuzzServe sends arbitrary bodies to arbitrary operations through the
// whole handler (with signatures accepted unchecked) and holds it to the
// protocol's promises: it never panics; it answers 200, a 4xx with an AWS
// error document under 64 KiB, or 501 for an operation not implemented
// yet, never a 500; a failed request commits nothing; and whatever a successful one
// stored still satisfies the model when read back.
//
// Inputs share one store, set up once: under the fuzzer's coverage
// instrumentation SQLite is slow enough that a fresh store per input
// stalls fuzzing. No check depends on what earlier inputs left behind, and
// a failure reports the request and response that broke the promise.
// The committed seeds (testdata/fuzz/FuzzServe) run in name order; the
// deleting ones are named to run last.
func FuzzServe(f *testing.F) {
	for _, s := range fuzzSetup {
		f.Add(s.op, s.body)
	}
	// The largest hostile body the server accepts: too big to commit as a
	// seed (the committed hostile-* seeds are smaller cousins).
	f.Add("CreateRotation", hostileRotation(DefaultMaxBodyBytes))
	fx := newFixture(f, sigv4.ModeOff)
	for _, s := range fuzzSetup {
		fx.mustCall(f, s.op, s.body)
	}
	f.Fuzz(func(t *testing.T, op, body string) {
		before := fx.store.commits.Load()
		w := fx.call(t, op, body)
		checkFuzzResponse(t, fx, op, w.Code, w.Body.Bytes(), w.Header())
		if w.Code != http.StatusOK {
			if n := fx.store.commits.Load() - before; n != 0 {
				t.Fatalf("%s %q failed with %d but committed %d writes", op, body, w.Code, n)
			}
			return
		}
		checkStoredContacts(t, fx)
	})
}

// checkFuzzResponse holds a response to the protocol.
func checkFuzzResponse(t *testing.T, fx *fixture, op string, status int, body []byte, h http.Header) {
	t.Helper()
	if h.Get("x-amzn-RequestId") == "" || h.Get("Content-Type") != contentType {
		t.Fatalf("%s: response without request id or content type: %v", op, h)
	}
	if status == http.StatusOK {
		checkOutput(t, op, body)
		return
	}
	if len(body) >= maxErrorBody {
		t.Fatalf("%s: %d with a %d-byte error document, want under %d", op, status, len(body), maxErrorBody)
	}
	var e errorResponse
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil || e.Type == "" || e.Message == "" {
		t.Fatalf("%s: %d with a body that is not an AWS error document: %s", op, status, body)
	}
	if h.Get("x-amzn-ErrorType") != e.Type {
		t.Fatalf("%s: x-amzn-ErrorType %q differs from __type %q", op, h.Get("x-amzn-ErrorType"), e.Type)
	}
	_, implemented := fx.h.ops[op]
	switch {
	case status == http.StatusNotImplemented && !implemented:
	case status >= 400 && status < 500:
	default:
		t.Fatalf("%s: %d %s", op, status, body)
	}
	if m := sharedModel.Operation(op); m != nil && sharedModel.Shapes[e.Type] != nil && !m.HasError(e.Type) {
		t.Fatalf("%s answered with %s, which it does not model", op, e.Type)
	}
}

// checkOutput validates a successful response against the operation's
// output shape.
func checkOutput(t *testing.T, op string, body []byte) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%s: 200 with a body that is not JSON: %s", op, body)
	}
	v, err := newOutputValidator()
	if err != nil {
		t.Fatal(err)
	}
	vs, err := v.Validate(sharedModel.Operation(op).Output, doc)
	if err != nil || vs.Count > 0 {
		t.Fatalf("%s: output %s does not satisfy the model: %v %v", op, body, err, vs.Listed)
	}
}

// checkStoredContacts reads every contact back and validates it.
func checkStoredContacts(t *testing.T, fx *fixture) {
	t.Helper()
	list := fx.mustCall(t, "ListContacts", `{}`)
	for _, c := range list["Contacts"].([]any) {
		arn := c.(map[string]any)["ContactArn"].(string)
		body, _ := json.Marshal(map[string]string{"ContactId": arn})
		w := fx.call(t, "GetContact", string(body))
		if w.Code != http.StatusOK {
			t.Fatalf("listed contact %s: GetContact %d %s", arn, w.Code, w.Body)
		}
		checkOutput(t, "GetContact", w.Body.Bytes())
	}
}

// FuzzAuthHeaders sends a valid ListContacts body with arbitrary
// Authorization and X-Amz-Date headers: whatever they hold, the answer is
// one of the authentication errors, a 4xx with an AWS error document,
// never a success, a 5xx or a panic.
func FuzzAuthHeaders(f *testing.F) {
	fx := newFixture(f, sigv4.ModeVerify)
	good := sign(f, request("SSMContacts.ListContacts", `{}`), `{}`, fixtureTime)
	f.Add(good.Header.Get("Authorization"), good.Header.Get("X-Amz-Date"))
	authErrors := map[string]bool{
		"MissingAuthenticationTokenException": true, "IncompleteSignatureException": true,
		"UnrecognizedClientException": true, "InvalidSignatureException": true,
	}
	f.Fuzz(func(t *testing.T, authorization, date string) {
		r := request("SSMContacts.ListContacts", `{}`)
		r.Header.Set("Authorization", authorization)
		r.Header.Set("X-Amz-Date", date)
		w := fx.serve(r)
		if w.Code == http.StatusOK && authorization == good.Header.Get("Authorization") && date == good.Header.Get("X-Amz-Date") {
			return // the one valid signature
		}
		checkFuzzResponse(t, fx, "ListContacts", w.Code, w.Body.Bytes(), w.Header())
		if e := w.Header().Get("x-amzn-ErrorType"); w.Code != http.StatusBadRequest || !authErrors[e] {
			t.Fatalf("Authorization %q X-Amz-Date %q: %d %s, want 400 and an authentication error", authorization, date, w.Code, w.Body)
		}
	})
}
