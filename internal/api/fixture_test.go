package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdkv4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
	"github.com/ssmcontacts/ssmcontacts/internal/notify"
	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
	"github.com/ssmcontacts/ssmcontacts/internal/store/teststore"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// The fixture's caller: the built-in key, in us-east-2.
const (
	testRegion  = "us-east-2"
	testAccount = sigv4.DefaultAccountID
)

// fixtureTime is when the fixture's clock stands and its requests are
// signed.
var fixtureTime = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// countingStore is the real store, counting the writes it commits.
type countingStore struct {
	contacts.Store
	commits atomic.Int64
}

func (s *countingStore) Write(ctx context.Context, fn func(contacts.Tx) error) error {
	committed := false
	err := s.Store.Write(ctx, func(tx contacts.Tx) error {
		err := fn(tx)
		committed = err == nil
		return err
	})
	if err == nil && committed {
		s.commits.Add(1)
	}
	return err
}

// fixture is a Handler over a fresh in-memory store, verifying signatures
// against a clock that stands at fixtureTime.
type fixture struct {
	h     *Handler
	store *countingStore
	clock *clock.Controllable
}

// sharedModel is parsed once per test binary: it is immutable.
var sharedModel = model.MustLoad()

func newFixture(t testing.TB, mode sigv4.Mode) *fixture {
	t.Helper()
	ctx := context.Background()
	db := teststore.Open(t)
	f := &fixture{store: &countingStore{Store: db}, clock: clock.NewControllable(fixtureTime)}
	newID := sequentialIDs()
	engine, err := engage.New(engage.Config{Store: f.store, Clock: f.clock, Sender: notify.Router{}, NewID: newID})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := contacts.New(ctx, contacts.Config{Store: f.store, Clock: f.clock, NewID: newID})
	if err != nil {
		t.Fatal(err)
	}
	f.h, err = New(Config{
		Model: sharedModel, Contacts: svc, Engine: engine,
		Auth: sigv4.NewVerifier(sigv4.Config{Mode: mode, Clock: f.clock}),
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// sequentialIDs returns a generator of UUIDs numbered from 1, so that
// tests (and fuzz seeds) can name resources before they exist:
// 00000000-0000-4000-8000-000000000001 is the first id issued.
func sequentialIDs() func() string {
	var n atomic.Int64
	return func() string { return fmt.Sprintf("00000000-0000-4000-8000-%012x", n.Add(1)) }
}

// request builds a protocol request for target ("SSMContacts.X", or
// anything else) carrying body, unsigned.
func request(target, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "http://localhost:4750/", bytes.NewReader([]byte(body)))
	r.Header.Set("Content-Type", contentType)
	if target != "" {
		r.Header.Set(targetHeader, target)
	}
	return r
}

// sign signs r as the built-in key would at time at.
func sign(t testing.TB, r *http.Request, body string, at time.Time) *http.Request {
	t.Helper()
	sum := sha256.Sum256([]byte(body))
	creds := aws.Credentials{AccessKeyID: sigv4.BuiltinAccessKeyID, SecretAccessKey: sigv4.BuiltinSecretAccessKey}
	if err := sdkv4.NewSigner().SignHTTP(context.Background(), creds, r, hex.EncodeToString(sum[:]), "ssm-contacts", testRegion, at); err != nil {
		t.Fatal(err)
	}
	return r
}

// call sends a signed request for operation op and returns the response.
func (f *fixture) call(t testing.TB, op, body string) *httptest.ResponseRecorder {
	t.Helper()
	return f.serve(sign(t, request("SSMContacts."+op, body), body, f.clock.Now()))
}

func (f *fixture) serve(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

// mustCall is call for requests that must succeed; it returns the
// decoded response body.
func (f *fixture) mustCall(t testing.TB, op, body string) map[string]any {
	t.Helper()
	w := f.call(t, op, body)
	if w.Code != http.StatusOK {
		t.Fatalf("%s %s: %d %s", op, body, w.Code, w.Body)
	}
	var out map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
		t.Fatalf("%s: response %q: %v", op, w.Body, err)
	}
	return out
}

// errorResponse is an AWS JSON error document with every member this
// service's errors model.
type errorResponse struct {
	Type              string `json:"__type"`
	Message           string
	ResourceId        string
	ResourceType      string
	Reason            string
	Fields            []validationField
	QuotaCode         string
	ServiceCode       string
	DependentEntities []dependentEntity
}

// decodeError reads w as an AWS error document, strictly: a member no
// error of this service has fails the test.
func decodeError(t testing.TB, w *httptest.ResponseRecorder) errorResponse {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(w.Body.Bytes()))
	dec.DisallowUnknownFields()
	var e errorResponse
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("error body %q: %v", w.Body, err)
	}
	return e
}

func contactARN(alias string) string {
	return "arn:aws:ssm-contacts:" + testRegion + ":" + testAccount + ":contact/" + alias
}
