package notify

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const (
	testSID    = "AC0123456789abcdef0123456789abcdef"
	testToken  = "token-0123456789"
	twilioFrom = "+12065550000"
)

// fakeTwilioAPI is a loopback Twilio REST API that checks basic auth and
// the path, records each form, and answers from a script (the last reply
// repeats).
type fakeTwilioAPI struct {
	t       *testing.T
	url     string
	replies []reply

	mu    sync.Mutex
	calls []twilioCall
}

type twilioCall struct {
	path string
	form url.Values
}

func newFakeTwilioAPI(t *testing.T, replies ...reply) *fakeTwilioAPI {
	f := &fakeTwilioAPI{t: t, replies: replies}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

func (f *fakeTwilioAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	user, pass, ok := r.BasicAuth()
	if !ok || user != testSID || pass != testToken {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"code": 20003, "message": "Authenticate", "status": 401}`)
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		f.t.Errorf("Content-Type = %q", ct)
	}
	r.ParseForm()
	f.mu.Lock()
	n := len(f.calls)
	f.calls = append(f.calls, twilioCall{path: r.URL.Path, form: r.PostForm})
	f.mu.Unlock()
	rp := f.replies[min(n, len(f.replies)-1)]
	for k, v := range rp.header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rp.status)
	io.WriteString(w, rp.body)
}

func (f *fakeTwilioAPI) recorded() []twilioCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]twilioCall(nil), f.calls...)
}

type testCallbacks struct{}

func (testCallbacks) StatusURL(id string) string { return "https://pager.example.com/status?m=" + id }
func (testCallbacks) VoiceURL(id string) string  { return "https://pager.example.com/voice?m=" + id }

func newTestTwilio(t *testing.T, api, from string, sleeps *[]time.Duration) *Twilio {
	t.Helper()
	tw, err := NewTwilio(TwilioConfig{
		AccountSID: testSID, AuthToken: testToken, From: from, APIURL: api, Callbacks: testCallbacks{},
		Sleep: func(_ context.Context, d time.Duration) error {
			if sleeps != nil {
				*sleeps = append(*sleeps, d)
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return tw
}

func phonePage(typ string) Message {
	return Message{
		ID: "msg-1", Kind: KindPage, ChannelType: typ, Address: "+12065550100", Sender: "cli",
		ChannelArn:    "arn:aws:ssm-contacts:us-east-2:000000000000:contact-channel/akuam/c1",
		ContactArn:    "arn:aws:ssm-contacts:us-east-2:000000000000:contact/akuam",
		PageArn:       "arn:aws:ssm-contacts:us-east-2:000000000000:page/akuam/p1",
		EngagementArn: "arn:aws:ssm-contacts:us-east-2:000000000000:engagement/akuam/e1",
		Subject:       "Database down", Body: "The primary database is unreachable.", Code: "425440",
	}
}

func TestTwilioTextsAnSMS(t *testing.T) {
	api := newFakeTwilioAPI(t, reply{status: 201, body: `{"sid": "SM6656c19132f1465f9c9c1123a5dde7c9", "status": "queued"}`})
	tw := newTestTwilio(t, api.url+"/", twilioFrom, nil)
	res, err := tw.Send(context.Background(), phonePage(ChannelSMS))
	if err != nil {
		t.Fatal(err)
	}
	if want := (Result{Transport: TransportTwilio, ProviderMessageID: "SM6656c19132f1465f9c9c1123a5dde7c9"}); res != want {
		t.Errorf("Result = %+v, want %+v", res, want)
	}
	calls := api.recorded()
	if len(calls) != 1 {
		t.Fatalf("%d calls, want 1", len(calls))
	}
	if want := "/2010-04-01/Accounts/" + testSID + "/Messages.json"; calls[0].path != want {
		t.Errorf("path = %q, want %q", calls[0].path, want)
	}
	want := url.Values{
		"To": {"+12065550100"}, "From": {twilioFrom},
		"Body":           {"ssmcontacts page from cli: Database down. Reply 425440 to acknowledge."},
		"StatusCallback": {"https://pager.example.com/status?m=msg-1"},
	}
	if diff := cmp.Diff(want, calls[0].form); diff != "" {
		t.Errorf("form (-want +got):\n%s", diff)
	}
}

func TestTwilioMessagingServiceSendsSMSButCannotCall(t *testing.T) {
	api := newFakeTwilioAPI(t, reply{status: 201, body: `{"sid": "SM1"}`})
	const service = "MG0123456789abcdef0123456789abcdef"
	tw := newTestTwilio(t, api.url, service, nil)
	if _, err := tw.Send(context.Background(), phonePage(ChannelSMS)); err != nil {
		t.Fatal(err)
	}
	form := api.recorded()[0].form
	if form.Get("MessagingServiceSid") != service || form.Has("From") {
		t.Errorf("form = %v, want MessagingServiceSid and no From", form)
	}
	if tw.CanCall() {
		t.Error("CanCall with a Messaging Service")
	}
	_, err := tw.Send(context.Background(), phonePage(ChannelVoice))
	if !IsPermanent(err) {
		t.Errorf("a call from a Messaging Service: err = %v, want a permanent error", err)
	}
	if n := len(api.recorded()); n != 1 {
		t.Errorf("%d API calls, want 1 (the call is refused before the API)", n)
	}
}

func TestTwilioPlacesACallWithMachineDetection(t *testing.T) {
	api := newFakeTwilioAPI(t, reply{status: 201, body: `{"sid": "CA42"}`})
	tw := newTestTwilio(t, api.url, twilioFrom, nil)
	res, err := tw.Send(context.Background(), phonePage(ChannelVoice))
	if err != nil {
		t.Fatal(err)
	}
	if res.ProviderMessageID != "CA42" {
		t.Errorf("provider id = %q", res.ProviderMessageID)
	}
	c := api.recorded()[0]
	if want := "/2010-04-01/Accounts/" + testSID + "/Calls.json"; c.path != want {
		t.Errorf("path = %q, want %q", c.path, want)
	}
	want := url.Values{
		"To": {"+12065550100"}, "From": {twilioFrom}, "Url": {"https://pager.example.com/voice?m=msg-1"}, "Method": {"POST"},
		"StatusCallback": {"https://pager.example.com/status?m=msg-1"}, "MachineDetection": {"Enable"},
	}
	if diff := cmp.Diff(want, c.form); diff != "" {
		t.Errorf("form (-want +got):\n%s", diff)
	}
}

func TestTwilioErrors(t *testing.T) {
	tests := []struct {
		name          string
		replies       []reply
		wantCalls     int
		wantPermanent bool
		wantReason    string
		wantSleeps    int
	}{
		{
			name:      "400 fails at once with the provider's code and message",
			replies:   []reply{{status: 400, body: `{"code": 21211, "message": "The 'To' number +12065550100 is not a valid phone number.", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}`}},
			wantCalls: 1, wantPermanent: true,
			wantReason: "POST http://HOST Messages.json: HTTP 400 Bad Request: error 21211: The 'To' number +12065550100 is not a valid phone number. (https://www.twilio.com/docs/errors/21211) (1 attempt)",
		},
		{
			name:      "5xx is retried, then succeeds",
			replies:   []reply{{status: 503, body: `{"code": 20500, "message": "Internal Server Error", "status": 503}`}, {status: 201, body: `{"sid": "SM2"}`}},
			wantCalls: 2, wantSleeps: 1,
		},
		{
			name:      "429 with Retry-After is retried after it",
			replies:   []reply{{status: 429, header: map[string]string{"Retry-After": "2"}, body: `{"code": 20429, "message": "Too Many Requests", "status": 429}`}, {status: 201, body: `{"sid": "SM3"}`}},
			wantCalls: 2, wantSleeps: 1,
		},
		{
			name:      "5xx every time gives up after four attempts",
			replies:   []reply{{status: 500, body: `not json`}},
			wantCalls: 4, wantSleeps: 3,
			wantReason: `POST http://HOST Messages.json: HTTP 500 Internal Server Error: "not json" (4 attempts)`,
		},
		{
			name:          "a 2xx without a sid fails, not retried (the message may have gone out)",
			replies:       []reply{{status: 201, body: `{}`}},
			wantCalls:     1,
			wantReason:    `POST http://HOST Messages.json: HTTP 201 with no sid in the reply: "{}" (1 attempt)`,
			wantPermanent: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			api := newFakeTwilioAPI(t, tc.replies...)
			var sleeps []time.Duration
			tw := newTestTwilio(t, api.url, twilioFrom, &sleeps)
			_, err := tw.Send(context.Background(), phonePage(ChannelSMS))
			if n := len(api.recorded()); n != tc.wantCalls {
				t.Errorf("%d calls, want %d", n, tc.wantCalls)
			}
			if len(sleeps) != tc.wantSleeps {
				t.Errorf("slept %v, want %d waits", sleeps, tc.wantSleeps)
			}
			if tc.wantReason == "" {
				if err != nil {
					t.Fatalf("err = %v, want success", err)
				}
				return
			}
			if err == nil {
				t.Fatal("err = nil")
			}
			if IsPermanent(err) != tc.wantPermanent {
				t.Errorf("permanent = %v, want %v", IsPermanent(err), tc.wantPermanent)
			}
			host := strings.TrimPrefix(api.url, "http://")
			if got := strings.ReplaceAll(err.Error(), host, "HOST"); got != "twilio: "+tc.wantReason {
				t.Errorf("error =\n  %s\nwant\n  twilio: %s", got, tc.wantReason)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Error("the error carries the auth token")
			}
		})
	}
}

func TestTwilioRetryAfter(t *testing.T) {
	api := newFakeTwilioAPI(t, reply{status: 429, header: map[string]string{"Retry-After": "2"}, body: `{}`}, reply{status: 201, body: `{"sid": "SM3"}`})
	var sleeps []time.Duration
	tw := newTestTwilio(t, api.url, twilioFrom, &sleeps)
	if _, err := tw.Send(context.Background(), phonePage(ChannelSMS)); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]time.Duration{2 * time.Second}, sleeps); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

func TestNewTwilioRefusesHalfAConfiguration(t *testing.T) {
	tests := []struct {
		name string
		cfg  TwilioConfig
		want string
	}{
		{"nothing", TwilioConfig{Callbacks: testCallbacks{}}, "twilio: missing account SID, auth token, From number"},
		{"no token", TwilioConfig{AccountSID: testSID, From: twilioFrom, Callbacks: testCallbacks{}}, "twilio: missing auth token"},
		{"bad from", TwilioConfig{AccountSID: testSID, AuthToken: testToken, From: "2065550000", Callbacks: testCallbacks{}},
			`twilio: From "2065550000" is neither an E.164 number (+12065550100) nor a Messaging Service SID (MG followed by 32 hex digits)`},
		{"bad API URL", TwilioConfig{AccountSID: testSID, AuthToken: testToken, From: twilioFrom, APIURL: "api.twilio.com", Callbacks: testCallbacks{}},
			"twilio: the API URL must be an absolute http or https URL without a query"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewTwilio(tc.cfg)
			if err == nil || err.Error() != tc.want {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestRouterPrefersThePhoneProvider(t *testing.T) {
	api := newFakeTwilioAPI(t, reply{status: 201, body: `{"sid": "SM1"}`})
	tw := newTestTwilio(t, api.url, twilioFrom, nil)
	hook, err := NewWebhook(WebhookConfig{URL: "https://hooks.example.com/x", Secret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	r := Router{Webhook: hook, SMS: tw, Voice: tw}
	if r.Route(ChannelSMS) != tw || r.Route(ChannelVoice) != tw || r.Route(ChannelEmail) != hook {
		t.Error("SMS and VOICE should go to the phone provider, EMAIL to the webhook")
	}
	got := r.Describe()
	want := "EMAIL: webhook POST https://hooks.example.com (signed, up to 4 attempts); SMS, VOICE: twilio REST API " + api.url + " from +12065550000 (up to 4 attempts)"
	if got != want {
		t.Errorf("Describe =\n  %s\nwant\n  %s", got, want)
	}
}
