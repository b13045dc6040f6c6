package console

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
	"github.com/ssmcontacts/ssmcontacts/internal/notify"
	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
	"github.com/ssmcontacts/ssmcontacts/internal/store/teststore"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// Monday 2 March 2026, 08:00 UTC (and London); Europe/London moves to
// summer time on Sunday 29 March.
var t0 = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

const (
	keyA, secretA, accountA = "AKIDALICE", "alice-secret", "111111111111"
	keyB, secretB, accountB = "AKIDBOB", "bob-secret", "222222222222"
	region                  = "eu-west-2"
)

type fixture struct {
	t      *testing.T
	ctx    context.Context
	clock  *clock.Controllable
	wall   *clock.Controllable
	svc    *contacts.Service
	engine *engage.Engine
	h      *Handler
	srv    *httptest.Server
	local  bool
	sc     contacts.Scope
	// seeded resources
	alice, bob, schedule, rotation, aliceEmail string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st := teststore.Open(t)
	var err error
	f := &fixture{t: t, ctx: ctx, clock: clock.NewControllable(t0), wall: clock.NewControllable(t0), local: true,
		sc: contacts.Scope{Account: accountA, Region: region}}
	if f.svc, err = contacts.New(ctx, contacts.Config{Store: st, Clock: f.clock}); err != nil {
		t.Fatal(err)
	}
	if f.engine, err = engage.New(engage.Config{Store: st, Clock: f.clock, Sender: notify.Router{}, OnCall: contacts.OnCallResolver{}}); err != nil {
		t.Fatal(err)
	}
	creds, err := sigv4.NewCredentials([]sigv4.Credential{
		{AccessKeyID: keyA, SecretAccessKey: secretA, AccountID: accountA},
		{AccessKeyID: keyB, SecretAccessKey: secretB, AccountID: accountB},
		{AccessKeyID: sigv4.BuiltinAccessKeyID, SecretAccessKey: sigv4.BuiltinSecretAccessKey, AccountID: sigv4.DefaultAccountID},
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.Load()
	if err != nil {
		t.Fatal(err)
	}
	f.h, err = New(Config{Domain: f.svc, Engine: f.engine, Model: m, Credentials: creds, Clock: f.clock, WallClock: f.wall,
		SessionKey: []byte("0123456789abcdef0123456789abcdef"),
		Local:      func(*http.Request) bool { return f.local }})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(f.h)
	t.Cleanup(f.srv.Close)
	f.seed()
	return f
}

func ptr[T any](v T) *T { return &v }

// seed creates two people with email channels (alice's activated, bob's
// deferred), a daily rotation in Europe/London handing off at 09:00, an
// on-call schedule over it.
func (f *fixture) seed() {
	t, ctx, sc := f.t, f.ctx, f.sc
	must := func(s string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	f.alice = must(f.svc.CreateContact(ctx, sc, contacts.CreateContactInput{Alias: "alice", DisplayName: ptr("Alice Archer"), Type: contacts.Personal,
		Tags: []contacts.Tag{{Key: "team", Value: "payments"}}}))
	f.bob = must(f.svc.CreateContact(ctx, sc, contacts.CreateContactInput{Alias: "bob", DisplayName: ptr("Bob Baker"), Type: contacts.Personal}))
	f.aliceEmail = must(f.svc.CreateContactChannel(ctx, sc, contacts.CreateContactChannelInput{ContactID: f.alice, Name: "work email", Type: contacts.Email, Address: "alice@example.com", DeferActivation: true}))
	f.activateDirect(f.aliceEmail)
	must(f.svc.CreateContactChannel(ctx, sc, contacts.CreateContactChannelInput{ContactID: f.bob, Name: "bob email", Type: contacts.Email, Address: "bob@example.com", DeferActivation: true}))
	aliceCh, _, _ := f.svc.ListContactChannels(ctx, sc, contacts.ListContactChannelsInput{ContactID: f.alice})
	if err := f.svc.UpdateContact(ctx, sc, contacts.UpdateContactInput{ContactID: f.alice, Plan: &contacts.Plan{Stages: []contacts.Stage{
		{DurationInMinutes: 5, Targets: []contacts.Target{{Channel: &contacts.ChannelTarget{ChannelID: aliceCh[0].ARN(), RetryIntervalInMinutes: ptr(1)}}}},
	}}}); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	f.rotation = must(f.svc.CreateRotation(ctx, sc, contacts.CreateRotationInput{Name: "payments-primary", ContactIDs: []string{f.alice, f.bob},
		StartTime: &start, TimeZoneID: "Europe/London",
		Recurrence: contacts.Recurrence{DailySettings: []contacts.HandOffTime{{HourOfDay: 9}}, NumberOfOnCalls: 1, RecurrenceMultiplier: 1}}))
	f.schedule = must(f.svc.CreateContact(ctx, sc, contacts.CreateContactInput{Alias: "payments-oncall", DisplayName: ptr("Payments on call"), Type: contacts.OnCallSchedule,
		Plan: contacts.Plan{Stages: []contacts.Stage{}, RotationIDs: []string{f.rotation}}}))
}

// activateDirect activates a channel with the code it was sent.
func (f *fixture) activateDirect(channelARN string) {
	f.t.Helper()
	if err := f.svc.SendActivationCode(f.ctx, f.sc, channelARN); err != nil {
		f.t.Fatal(err)
	}
	if err := f.svc.ActivateContactChannel(f.ctx, f.sc, channelARN, f.codeFor(channelARN)); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) codeFor(channelARN string) string {
	f.t.Helper()
	msgs, err := f.svc.ListOutbox(f.ctx, contacts.OutboxFilter{ChannelARN: channelARN, Kind: contacts.KindActivation, Limit: 1})
	if err != nil || len(msgs) == 0 {
		f.t.Fatalf("no activation code for %s: %v", channelARN, err)
	}
	return msgs[0].Code
}

// browser is a client with its own cookies.
type browser struct {
	f    *fixture
	c    *http.Client
	last string // the last page's body
}

func (f *fixture) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{f: f, c: &http.Client{Jar: jar}}
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// get fetches path and returns status and body.
func (b *browser) get(path string) (int, string) {
	b.f.t.Helper()
	resp, err := b.c.Get(b.f.srv.URL + path)
	if err != nil {
		b.f.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	b.last = string(body)
	return resp.StatusCode, b.last
}

// csrf is the token of the last page's forms.
func (b *browser) csrf() string {
	m := csrfRE.FindStringSubmatch(b.last)
	if m == nil {
		b.f.t.Fatalf("no csrf token in page:\n%s", b.last)
	}
	return html.UnescapeString(m[1])
}

// post submits a form (with the last page's CSRF token unless form has
// one) and follows the redirect.
func (b *browser) post(path string, form url.Values) (int, string) {
	b.f.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", b.csrf())
	}
	resp, err := b.c.PostForm(b.f.srv.URL+path, form)
	if err != nil {
		b.f.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	b.last = string(body)
	return resp.StatusCode, b.last
}

func (b *browser) signIn(key, secret string) (int, string) {
	b.f.t.Helper()
	b.get("/console/signin")
	return b.post("/console/signin", url.Values{"key": {key}, "secret": {secret}, "region": {region}, "zone": {"Europe/London"}})
}

func (f *fixture) signedIn() *browser {
	f.t.Helper()
	b := f.browser()
	if code, body := b.signIn(keyA, secretA); code != http.StatusOK || !strings.Contains(body, "<h1>Now</h1>") {
		f.t.Fatalf("sign-in: %d\n%s", code, body)
	}
	return b
}

func wantContains(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	if t.Failed() {
		t.Logf("page:\n%s", body)
	}
}

func wantLacks(t *testing.T, body string, bad ...string) {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(body, w) {
			t.Errorf("page has %q", w)
		}
	}
}

func regexpFind(t *testing.T, body, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindString(body)
	if m == "" {
		t.Fatalf("no %s in page:\n%s", pattern, body)
	}
	return m
}
