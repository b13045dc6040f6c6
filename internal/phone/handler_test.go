package phone

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
)

const (
	testToken  = "auth-token-123"
	testSID    = "AC00000000000000000000000000000000"
	publicBase = "https://pager.example.com"
	phone      = "+12065550100"
)

// fakeEngine stands in for the engine: a fixed list of open pages and
// messages, and a log of what was asked of it.
type fakeEngine struct {
	open     []engage.PhonePage
	messages map[string]*contacts.Message
	calls    []string
}

func (f *fakeEngine) OpenPagesTo(_ context.Context, address string) ([]engage.PhonePage, error) {
	f.calls = append(f.calls, "OpenPagesTo "+address)
	return f.open, nil
}

func (f *fakeEngine) AcceptPageSentTo(_ context.Context, address, pageARN, note string) error {
	f.calls = append(f.calls, "AcceptPageSentTo "+address+" "+pageARN+" "+note)
	return nil
}

func (f *fakeEngine) PhoneMessage(_ context.Context, id string) (*contacts.Message, bool, error) {
	m, ok := f.messages[id]
	if !ok {
		return nil, false, contacts.ErrNotFound
	}
	return m, true, nil
}

func (f *fakeEngine) AcceptMessage(_ context.Context, id, note string) error {
	f.calls = append(f.calls, "AcceptMessage "+id+" "+note)
	return nil
}

func (f *fakeEngine) ReportDelivery(_ context.Context, r engage.DeliveryReport) error {
	f.calls = append(f.calls, "ReportDelivery "+r.MessageID+" "+r.ProviderID+" "+strconv.Itoa(int(r.Outcome))+" "+r.Reason)
	return nil
}

type fakeChannels struct{ calls []string }

func (f *fakeChannels) OptOut(_ context.Context, address string) (int, error) {
	f.calls = append(f.calls, "OptOut "+address)
	return 1, nil
}

func (f *fakeChannels) OptIn(_ context.Context, address string) (int, error) {
	f.calls = append(f.calls, "OptIn "+address)
	return 1, nil
}

var now = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

func newTestHandler(t *testing.T, eng *fakeEngine, ch *fakeChannels) http.Handler {
	t.Helper()
	h, err := New(Config{
		Engine: eng, Channels: ch, PublicURL: publicBase + "/", Links: Links{BaseURL: publicBase, Key: []byte("k")},
		TwilioAccountSID: testSID, TwilioAuthToken: testToken, InboundSecret: []byte("whsec"),
		Clock: clock.NewControllable(now),
	})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Register(mux)
	return mux
}

// twilioPost makes a provider callback to pathAndQuery, signed with sig
// (computed with the test token over the public URL when sig is "sign").
func twilioPost(t *testing.T, h http.Handler, pathAndQuery string, form url.Values, sig string) *httptest.ResponseRecorder {
	t.Helper()
	if sig == "sign" {
		sig = TwilioSignature(testToken, publicBase+pathAndQuery, form)
	}
	req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:4750"+pathAndQuery, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if sig != "" {
		req.Header.Set(HeaderTwilioSignature, sig)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func smsForm(body string) url.Values {
	return url.Values{"From": {phone}, "To": {"+12065550000"}, "Body": {body}, "MessageSid": {"SM1"}, "AccountSid": {testSID}}
}

var twoOpen = []engage.PhonePage{
	{PageARN: "arn:page/2", TrackID: "t2", Code: "222222", Subject: "Web down", Sender: "ops"},
	{PageARN: "arn:page/1", TrackID: "t1", Code: "111111", Subject: "Database down", Sender: "cli"},
}

func TestTwilioSMSReplies(t *testing.T) {
	tests := []struct {
		name      string
		open      []engage.PhonePage
		body      string
		wantReply string
		wantCalls []string
	}{
		{
			name: "the code of an open page acknowledges it", open: twoOpen, body: "111111",
			wantReply: "Acknowledged: Database down (from cli).",
			wantCalls: []string{"OpenPagesTo " + phone, "AcceptPageSentTo " + phone + " arn:page/1 Acknowledged by SMS from " + phone},
		},
		{
			name: "a code of no open page lists them", open: twoOpen, body: "999999",
			wantReply: "No open page has the code 999999. 2 pages are open; reply with the code of the one to acknowledge: 222222 Web down; 111111 Database down",
			wantCalls: []string{"OpenPagesTo " + phone},
		},
		{
			name: "ACK with one page open acknowledges it", open: twoOpen[1:], body: "ack",
			wantReply: "Acknowledged: Database down (from cli).",
			wantCalls: []string{"OpenPagesTo " + phone, "AcceptPageSentTo " + phone + " arn:page/1 Acknowledged by SMS from " + phone},
		},
		{
			name: "ACK with one contact engagement paged twice takes the newest", body: "ACK",
			open:      []engage.PhonePage{{PageARN: "arn:page/b", TrackID: "t", Code: "2", Subject: "s"}, {PageARN: "arn:page/a", TrackID: "t", Code: "1", Subject: "s"}},
			wantReply: "Acknowledged: s.",
			wantCalls: []string{"OpenPagesTo " + phone, "AcceptPageSentTo " + phone + " arn:page/b Acknowledged by SMS from " + phone},
		},
		{
			name: "ACK with two pages open lists them", open: twoOpen, body: "ACK",
			wantReply: "2 pages are open; reply with the code of the one to acknowledge: 222222 Web down; 111111 Database down",
			wantCalls: []string{"OpenPagesTo " + phone},
		},
		{
			name: "ACK with nothing open", body: "ACK",
			wantReply: "You have no open pages.", wantCalls: []string{"OpenPagesTo " + phone},
		},
		{
			name: "anything else gets help", open: twoOpen, body: "hello?",
			wantReply: helpText,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			eng := &fakeEngine{open: tc.open}
			rec := twilioPost(t, newTestHandler(t, eng, &fakeChannels{}), TwilioSMSPath, smsForm(tc.body), "sign")
			if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/xml; charset=utf-8" {
				t.Fatalf("%d %s: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
			}
			want := string(render(message{Text: tc.wantReply}))
			if diff := cmp.Diff(want, rec.Body.String()); diff != "" {
				t.Errorf("reply (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantCalls, eng.calls); diff != "" {
				t.Errorf("engine calls (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTwilioStopAndStart(t *testing.T) {
	ch := &fakeChannels{}
	h := newTestHandler(t, &fakeEngine{}, ch)
	for body, want := range map[string]string{"STOP": stoppedText, "START": startedText} {
		rec := twilioPost(t, h, TwilioSMSPath, smsForm(body), "sign")
		if !strings.Contains(rec.Body.String(), "<Message>"+want+"</Message>") {
			t.Errorf("%s: %s", body, rec.Body)
		}
	}
	if diff := cmp.Diff([]string{"OptIn " + phone, "OptOut " + phone}, slices.Sorted(slices.Values(ch.calls))); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

func TestTwilioCallbacksRefuseBadSignatures(t *testing.T) {
	links := Links{BaseURL: publicBase, Key: []byte("k")}
	voice := strings.TrimPrefix(links.VoiceURL("m1"), publicBase)
	status := strings.TrimPrefix(links.StatusURL("m1"), publicBase)
	for _, path := range []string{TwilioSMSPath, voice, status} {
		form := smsForm("111111")
		form.Set("Digits", "1")
		form.Set("CallStatus", "busy")
		for name, sig := range map[string]string{
			"missing":          "",
			"wrong":            TwilioSignature("other-token", publicBase+path, form),
			"for another URL":  TwilioSignature(testToken, publicBase+"/elsewhere", form),
			"for other params": TwilioSignature(testToken, publicBase+path, smsForm("222222")),
		} {
			eng, ch := &fakeEngine{open: twoOpen, messages: map[string]*contacts.Message{"m1": {Kind: contacts.KindPage}}}, &fakeChannels{}
			rec := twilioPost(t, newTestHandler(t, eng, ch), path, form, sig)
			if rec.Code != http.StatusForbidden {
				t.Errorf("%s, %s signature: %d, want 403", path, name, rec.Code)
			}
			if len(eng.calls)+len(ch.calls) > 0 {
				t.Errorf("%s, %s signature: acted: %v %v", path, name, eng.calls, ch.calls)
			}
		}
	}
}

func TestTwilioVoice(t *testing.T) {
	links := Links{BaseURL: publicBase, Key: []byte("k")}
	page := &contacts.Message{Kind: contacts.KindPage, Subject: "Database down", Body: "Down.", Sender: "cli", Address: phone}
	eng := &fakeEngine{messages: map[string]*contacts.Message{"m1": page}}
	h := newTestHandler(t, eng, &fakeChannels{})
	path := strings.TrimPrefix(links.VoiceURL("m1"), publicBase)

	rec := twilioPost(t, h, path, url.Values{"CallSid": {"CA1"}, "AnsweredBy": {"human"}}, "sign")
	if got, want := rec.Body.String(), string(pageCall(page, links.VoiceURL("m1"))); got != want {
		t.Errorf("answered: %s\nwant %s", got, want)
	}
	rec = twilioPost(t, h, path, url.Values{"CallSid": {"CA1"}, "Digits": {"7"}}, "sign")
	if got, want := rec.Body.String(), string(pageCall(page, links.VoiceURL("m1"))); got != want {
		t.Errorf("another key does not repeat the page: %s", got)
	}
	rec = twilioPost(t, h, path, url.Values{"CallSid": {"CA1"}, "AnsweredBy": {"machine_end_beep"}}, "sign")
	if got, want := rec.Body.String(), string(voicemail(page)); got != want {
		t.Errorf("voicemail: %s", got)
	}
	if len(eng.calls) != 0 {
		t.Errorf("acted before a keypress: %v", eng.calls)
	}
	rec = twilioPost(t, h, path, url.Values{"CallSid": {"CA1"}, "Digits": {"1"}}, "sign")
	if got, want := rec.Body.String(), string(acknowledgedCall()); got != want {
		t.Errorf("pressed 1: %s", got)
	}
	if diff := cmp.Diff([]string{"AcceptMessage m1 Acknowledged by pressing 1 during a call to " + phone}, eng.calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	// A URL edited to name another message is refused, even when signed.
	edited := strings.Replace(path, "m=m1", "m=m2", 1)
	if rec := twilioPost(t, h, edited, url.Values{"Digits": {"1"}}, "sign"); rec.Code != http.StatusForbidden {
		t.Errorf("edited voice URL: %d, want 403", rec.Code)
	}
}

func TestDeliveryReport(t *testing.T) {
	tests := []struct {
		form      url.Values
		want      engage.DeliveryReport
		wantFinal bool
	}{
		{url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"sent"}}, engage.DeliveryReport{ProviderID: "SM1"}, false},
		{url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"delivered"}}, engage.DeliveryReport{ProviderID: "SM1", Outcome: engage.Delivered}, true},
		{url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"undelivered"}, "ErrorCode": {"30003"}},
			engage.DeliveryReport{ProviderID: "SM1", Outcome: engage.Undelivered, Reason: "SMS undelivered: error 30003 (unreachable destination handset)"}, true},
		{url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"failed"}, "ErrorCode": {"21610"}},
			engage.DeliveryReport{ProviderID: "SM1", Outcome: engage.Failed, Reason: "SMS failed: error 21610"}, true},
		{url.Values{"CallSid": {"CA1"}, "CallStatus": {"ringing"}}, engage.DeliveryReport{ProviderID: "CA1", Outcome: engage.Failed}, false},
		{url.Values{"CallSid": {"CA1"}, "CallStatus": {"completed"}, "AnsweredBy": {"human"}}, engage.DeliveryReport{ProviderID: "CA1", Outcome: engage.Delivered}, true},
		{url.Values{"CallSid": {"CA1"}, "CallStatus": {"completed"}, "AnsweredBy": {"machine_start"}},
			engage.DeliveryReport{ProviderID: "CA1", Outcome: engage.Failed, Reason: "call answered by a machine (machine_start): voicemail is not an answer"}, true},
		{url.Values{"CallSid": {"CA1"}, "CallStatus": {"busy"}}, engage.DeliveryReport{ProviderID: "CA1", Outcome: engage.Failed, Reason: "call busy"}, true},
		{url.Values{"CallSid": {"CA1"}, "CallStatus": {"no-answer"}}, engage.DeliveryReport{ProviderID: "CA1", Outcome: engage.Failed, Reason: "call not answered"}, true},
	}
	for _, tc := range tests {
		got, final := deliveryReport(tc.form)
		if final != tc.wantFinal || (final && got != tc.want) {
			t.Errorf("%v: %+v final=%v, want %+v final=%v", tc.form, got, final, tc.want, tc.wantFinal)
		}
	}
}

func TestTwilioStatusCallback(t *testing.T) {
	links := Links{BaseURL: publicBase, Key: []byte("k")}
	eng := &fakeEngine{}
	h := newTestHandler(t, eng, &fakeChannels{})
	path := strings.TrimPrefix(links.StatusURL("m1"), publicBase)
	if rec := twilioPost(t, h, path, url.Values{"CallSid": {"CA1"}, "CallStatus": {"busy"}}, "sign"); rec.Code != http.StatusNoContent {
		t.Fatalf("%d: %s", rec.Code, rec.Body)
	}
	if diff := cmp.Diff([]string{"ReportDelivery m1 CA1 3 call busy"}, eng.calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

func signInbound(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	io.WriteString(m, ts+".")
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

func TestInbound(t *testing.T) {
	body := []byte(`{"from": "+12065550100", "body": "111111"}`)
	ts := strconv.FormatInt(now.Unix(), 10)
	post := func(h http.Handler, ts, sig string, body []byte) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, InboundPath, bytes.NewReader(body))
		req.Header.Set("X-Ssmcontacts-Timestamp", ts)
		req.Header.Set("X-Ssmcontacts-Signature", sig)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	eng := &fakeEngine{open: twoOpen}
	h := newTestHandler(t, eng, &fakeChannels{})
	for name, rec := range map[string]*httptest.ResponseRecorder{
		"no signature":  post(h, ts, "", body),
		"wrong secret":  post(h, ts, signInbound("other", ts, body), body),
		"old timestamp": post(h, strconv.FormatInt(now.Add(-6*time.Minute).Unix(), 10), signInbound("whsec", strconv.FormatInt(now.Add(-6*time.Minute).Unix(), 10), body), body),
		"edited body":   post(h, ts, signInbound("whsec", ts, body), []byte(`{"from": "+12065550100", "body": "222222"}`)),
	} {
		if rec.Code != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, rec.Code)
		}
	}
	if len(eng.calls) != 0 {
		t.Fatalf("acted on refused calls: %v", eng.calls)
	}
	rec := post(h, ts, signInbound("whsec", ts, body), body)
	var got InboundReply
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &got) != nil {
		t.Fatalf("%d: %s", rec.Code, rec.Body)
	}
	if got.Reply != "Acknowledged: Database down (from cli)." {
		t.Errorf("reply = %q", got.Reply)
	}
	if diff := cmp.Diff([]string{"OpenPagesTo " + phone, "AcceptPageSentTo " + phone + " arn:page/1 Acknowledged by reply from " + phone}, eng.calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}
