package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/notify"
)

// TestEmailDeliveredOverSMTP: an EMAIL channel's activation code travels
// through a real SMTP exchange to a server the test runs, and the code
// read from the received mail activates the channel.
func TestEmailDeliveredOverSMTP(t *testing.T) {
	mb := startMailbox(t, "bounce@example.com")
	s := start(t, options{clockStart: channelClock, extra: []string{
		"--smtp-url", mb.URL(), "--smtp-from", "On-call <pager@example.com>",
	}})
	c := s.client(account)
	contact := createPersonal(t, c, "akuam")
	arn := createChannel(t, c, contact, types.ChannelTypeEmail, "akua@example.com")
	s.deliverDue()

	mails := mb.messages()
	if len(mails) != 1 {
		t.Fatalf("the mailbox received %d messages, want 1", len(mails))
	}
	env := mails[0]
	if env.from != "pager@example.com" || !cmp.Equal(env.to, []string{"akua@example.com"}) {
		t.Errorf("envelope MAIL FROM %q RCPT TO %q, want pager@example.com → akua@example.com", env.from, env.to)
	}
	msg, body := env.parse(t)
	out := s.outbox("channelArn=" + arn)[0]
	wantHeaders := map[string]string{
		"From":                     `"On-call" <pager@example.com>`,
		"To":                       "<akua@example.com>",
		"Subject":                  "Your activation code",
		"Message-Id":               "<" + out.ID + "@example.com>",
		"Date":                     "Mon, 05 Jan 2026 09:00:00 +0000",
		"Content-Type":             "text/plain; charset=utf-8",
		"Auto-Submitted":           "auto-generated",
		"X-Ssmcontacts-Message-Id": out.ID,
		"X-Ssmcontacts-Kind":       "ACTIVATION",
	}
	for name, want := range wantHeaders {
		if got := msg.Header.Get(name); got != want {
			t.Errorf("header %s = %q, want %q", name, got, want)
		}
	}
	if got := msg.Header.Get("X-Ssmcontacts-Page-Arn"); got != "" {
		t.Errorf("an activation carries X-Ssmcontacts-Page-Arn %q", got)
	}
	code := codeIn(t, body, "Activation code: ")
	if code != out.Code || !strings.Contains(body, out.Body) {
		t.Errorf("body %q does not carry the outbox text and code %s", body, out.Code)
	}
	if out.Status != "SENT" || out.Transport != "smtp" || out.ProviderMessageID != msg.Header.Get("Message-Id") ||
		out.Attempts != 1 || out.SentAt != channelClock || out.Error != "" {
		t.Errorf("outbox record = %+v, want SENT over smtp with the Message-ID as provider id", out)
	}
	if err := activateChannel(t, c, arn, code); err != nil {
		t.Fatalf("activate with the emailed code: %v", err)
	}

	// A recipient the server refuses: recorded as FAILED with the reply.
	bounced := createChannel(t, c, contact, types.ChannelTypeEmail, "bounce@example.com")
	// SMTP carries EMAIL only; with no webhook, SMS is recorded only.
	sms := createChannel(t, c, contact, types.ChannelTypeSms, "+12065550100")
	s.deliverDue()
	if got := len(mb.messages()); got != 1 {
		t.Errorf("the mailbox holds %d messages, want still 1", got)
	}
	if out := s.outbox("channelArn=" + bounced)[0]; out.Status != "FAILED" || out.Transport != "smtp" ||
		!strings.Contains(out.Error, "RCPT TO") || !strings.Contains(out.Error, "550") || out.SentAt != "" {
		t.Errorf("refused mail: %+v, want FAILED over smtp with the 550 reply", out)
	}
	if out := s.outbox("channelArn=" + sms)[0]; out.Status != "SENT" || out.Transport != "none" {
		t.Errorf("SMS without webhook: %+v, want recorded only (transport none)", out)
	}
}

// codeIn finds the digits after prefix in text.
func codeIn(t *testing.T, text, prefix string) string {
	t.Helper()
	_, rest, ok := strings.Cut(text, prefix)
	if !ok || len(rest) < 6 || !codePattern.MatchString(rest[:6]) {
		t.Fatalf("no %q followed by a code in %q", prefix, text)
	}
	return rest[:6]
}

// TestWebhookDelivery: SMS, VOICE, and EMAIL without SMTP go to the
// webhook as signed POSTs that a receiver verifies with
// notify.VerifyWebhookSignature; the code in the payload activates.
func TestWebhookDelivery(t *testing.T) {
	hook := startHookReceiver(t, nil)
	s := start(t, options{clockStart: channelClock, extra: []string{"--webhook-url", hook.URL(), "--webhook-secret", hookSecret}})
	c := s.client(account)
	contact := createPersonal(t, c, "akuam")
	channels := map[string]string{} // ARN → type
	for _, ch := range []struct {
		typ     types.ChannelType
		address string
	}{
		{types.ChannelTypeSms, "+12065550100"},
		{types.ChannelTypeVoice, "+12065550100"},
		{types.ChannelTypeEmail, "akua@example.com"},
	} {
		channels[createChannel(t, c, contact, ch.typ, ch.address)] = string(ch.typ)
	}
	s.deliverDue()

	calls := hook.received()
	if len(calls) != 3 {
		t.Fatalf("the receiver got %d calls, want 3", len(calls))
	}
	seen := map[string]bool{}
	for _, call := range calls {
		if call.verifyErr != nil {
			t.Errorf("signature: %v", call.verifyErr)
		}
		if call.path != "/hooks/ssmcontacts" || call.query != "token=abc123" || call.header.Get("Content-Type") != "application/json" {
			t.Errorf("call to %s?%s with Content-Type %q", call.path, call.query, call.header.Get("Content-Type"))
		}
		var p notify.WebhookPayload
		if err := json.Unmarshal(call.body, &p); err != nil {
			t.Fatalf("payload %s: %v", call.body, err)
		}
		typ, ok := channels[p.ChannelArn]
		if !ok || seen[p.ChannelArn] {
			t.Fatalf("payload for channel %s: unknown or repeated", p.ChannelArn)
		}
		seen[p.ChannelArn] = true
		out := s.outbox("channelArn=" + p.ChannelArn)[0]
		want := notify.WebhookPayload{
			Version: 1, MessageID: out.ID, Kind: notify.KindActivation, ChannelType: typ, Address: out.Address,
			ChannelArn: p.ChannelArn, ContactArn: contact, Subject: "Your activation code", Body: out.Body,
			Code: out.Code, CreatedAt: channelClock,
		}
		if diff := cmp.Diff(want, p); diff != "" {
			t.Errorf("%s payload (-want +got):\n%s", typ, diff)
		}
		if got := call.header.Get(notify.HeaderMessageID); got != out.ID {
			t.Errorf("%s = %q, want the message id %s", notify.HeaderMessageID, got, out.ID)
		}
		// The signature is the secret's: another key does not verify it.
		if err := notify.VerifyWebhookSignature([]byte("not-the-secret"), call.header, call.body, time.Now(), 0); err == nil {
			t.Errorf("the signature verifies under another secret")
		}
		if out.Status != "SENT" || out.Transport != "webhook" || !strings.HasPrefix(out.ProviderMessageID, "provider-") || out.Attempts != 1 {
			t.Errorf("%s outbox record = %+v, want SENT over webhook with the receiver's id", typ, out)
		}
		if err := activateChannel(t, c, p.ChannelArn, p.Code); err != nil {
			t.Errorf("activate %s with the code from the webhook: %v", typ, err)
		}
	}
}

// TestWebhookRetries: a receiver that fails is called again, with the
// same message id and a fresh valid signature each time, until it accepts
// or the attempts run out; the outbox records the outcome.
func TestWebhookRetries(t *testing.T) {
	tests := []struct {
		name string
		// failures is how many calls fail before the receiver accepts.
		failures   int
		status     int
		wantCalls  int
		wantStatus string
		wantError  []string // substrings of the recorded error
	}{
		{name: "a transient failure", failures: 2, status: http.StatusServiceUnavailable, wantCalls: 3, wantStatus: "SENT"},
		{name: "rate limited", failures: 1, status: http.StatusTooManyRequests, wantCalls: 2, wantStatus: "SENT"},
		{
			name: "a failing receiver", failures: 100, status: http.StatusInternalServerError, wantCalls: 4, wantStatus: "FAILED",
			wantError: []string{"HTTP 500", "4 attempts", "receiver is down"},
		},
		{
			name: "a refusal is not retried", failures: 100, status: http.StatusBadRequest, wantCalls: 1, wantStatus: "FAILED",
			wantError: []string{"HTTP 400", "1 attempt"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hook := startHookReceiver(t, func(n int, w http.ResponseWriter) {
				if n > tt.failures {
					w.Header().Set(notify.HeaderProviderMessageID, "accepted-on-call-"+strconv.Itoa(n))
					w.WriteHeader(http.StatusAccepted)
					return
				}
				// Retry-After: 0 asks for an immediate retry, so the test
				// does not wait out the sender's backoff.
				w.Header().Set("Retry-After", "0")
				http.Error(w, "receiver is down", tt.status)
			})
			s := start(t, options{clockStart: channelClock, extra: []string{"--webhook-url", hook.URL(), "--webhook-secret", hookSecret}})
			c := s.client(account)
			arn := createChannel(t, c, createPersonal(t, c, "akuam"), types.ChannelTypeSms, "+12065550100")
			s.deliverDue()

			calls := hook.received()
			out := s.outbox("channelArn=" + arn)[0]
			if len(calls) != tt.wantCalls {
				t.Fatalf("the receiver got %d calls, want %d", len(calls), tt.wantCalls)
			}
			for i, call := range calls {
				if call.verifyErr != nil {
					t.Errorf("call %d: %v", i+1, call.verifyErr)
				}
				if got := call.header.Get(notify.HeaderMessageID); got != out.ID {
					t.Errorf("call %d has message id %q, want %s on every retry", i+1, got, out.ID)
				}
				if i > 0 && string(call.body) != string(calls[0].body) {
					t.Errorf("call %d has another body than the first", i+1)
				}
			}
			if out.Status != tt.wantStatus || out.Transport != "webhook" || out.Attempts != 1 {
				t.Errorf("outbox record = %+v, want %s over webhook", out, tt.wantStatus)
			}
			if tt.wantStatus == "SENT" && out.ProviderMessageID != "accepted-on-call-"+strconv.Itoa(tt.wantCalls) {
				t.Errorf("provider id %q, want the accepting call's", out.ProviderMessageID)
			}
			for _, w := range tt.wantError {
				if !strings.Contains(out.Error, w) {
					t.Errorf("error %q does not say %q", out.Error, w)
				}
			}
			if strings.Contains(out.Error, "abc123") || strings.Contains(out.Error, "/hooks/") {
				t.Errorf("error %q reveals the webhook URL's path or token", out.Error)
			}
		})
	}
}

// TestOutboxEndpoint: filters, newest first, limit, DELETE, and that the
// outbox survives a restart.
func TestOutboxEndpoint(t *testing.T) {
	s := start(t, options{clockStart: channelClock, db: filepath.Join(t.TempDir(), "ssmcontacts.db")})
	c := s.client(account)
	contact := createPersonal(t, c, "akuam")
	sms := createChannel(t, c, contact, types.ChannelTypeSms, "+12065550100")
	email := createChannel(t, c, contact, types.ChannelTypeEmail, "akua@example.com")
	if err := sendCode(t, c, sms); err != nil {
		t.Fatal(err)
	}
	if err := activateChannel(t, c, sms, s.lastCode(sms)); err != nil {
		t.Fatal(err)
	}
	plan := &types.Plan{Stages: []types.Stage{{DurationInMinutes: aws.Int32(0), Targets: []types.Target{
		{ChannelTargetInfo: &types.ChannelTargetInfo{ContactChannelId: aws.String(sms)}},
	}}}}
	if _, err := c.UpdateContact(ctx(t), &ssmcontacts.UpdateContactInput{ContactId: aws.String(contact), Plan: plan}); err != nil {
		t.Fatal(err)
	}
	eng, err := c.StartEngagement(ctx(t), &ssmcontacts.StartEngagementInput{
		ContactId: aws.String(contact), Sender: aws.String("ops"), Subject: aws.String("disk full"), Content: aws.String("/var is at 99%"),
	})
	if err != nil {
		t.Fatal(err)
	}
	s.deliverDue()
	other := createChannel(t, s.client(account2), createPersonal(t, s.client(account2), "kwame"), types.ChannelTypeSms, "+12065550100")

	type row struct{ Kind, ChannelArn, Account string }
	rows := func(msgs []outboxMessage) []row {
		out := []row{}
		for _, m := range msgs {
			out = append(out, row{m.Kind, m.ChannelArn, m.Account})
		}
		return out
	}
	tests := []struct {
		name  string
		query url.Values
		want  []row
	}{
		{"everything, newest first", nil, []row{
			{"ACTIVATION", other, account2}, {"PAGE", sms, account}, {"ACTIVATION", sms, account},
			{"ACTIVATION", email, account}, {"ACTIVATION", sms, account},
		}},
		{"by channel", url.Values{"channelArn": {sms}}, []row{{"PAGE", sms, account}, {"ACTIVATION", sms, account}, {"ACTIVATION", sms, account}}},
		{"by address", url.Values{"address": {"+12065550100"}}, []row{
			{"ACTIVATION", other, account2}, {"PAGE", sms, account}, {"ACTIVATION", sms, account}, {"ACTIVATION", sms, account},
		}},
		{"by kind", url.Values{"kind": {"PAGE"}}, []row{{"PAGE", sms, account}}},
		{"by account", url.Values{"account": {account2}}, []row{{"ACTIVATION", other, account2}}},
		{"combined", url.Values{"address": {"+12065550100"}, "account": {account}, "kind": {"ACTIVATION"}}, []row{
			{"ACTIVATION", sms, account}, {"ACTIVATION", sms, account},
		}},
		{"limit", url.Values{"limit": {"2"}}, []row{{"ACTIVATION", other, account2}, {"PAGE", sms, account}}},
		{"nothing matches", url.Values{"address": {"+19999999999"}}, []row{}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, rows(s.outbox(tt.query.Encode()))); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	page := s.outbox("kind=PAGE")[0]
	if page.EngagementArn != aws.ToString(eng.EngagementArn) || !strings.HasPrefix(page.PageArn, "arn:aws:ssm-contacts:us-east-2:"+account+":page/akuam/") ||
		!codePattern.MatchString(page.Code) || page.Status != "SENT" {
		t.Errorf("page message = %+v", page)
	}

	resp, err := http.Get(s.URL + "/_ssmcontacts/outbox?limit=0")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "limit") {
		t.Errorf("limit=0: %s %s, want 400 naming limit", resp.Status, body)
	}

	// The outbox is durable.
	s.restart("")
	if got := len(s.outbox("")); got != 5 {
		t.Fatalf("after a restart the outbox holds %d messages, want 5", got)
	}
	if n := s.clearOutbox(); n != 5 {
		t.Errorf("DELETE reported %d messages, want 5", n)
	}
	if got := s.outbox(""); len(got) != 0 {
		t.Errorf("after DELETE the outbox holds %d messages", len(got))
	}
	// Clearing the outbox forgets messages, not channels or codes.
	c = s.client(account) // the restarted server listens on a new port
	if err := sendCode(t, c, email); err != nil {
		t.Fatal(err)
	}
	if err := activateChannel(t, c, email, s.lastCode(email)); err != nil {
		t.Errorf("activate after clearing the outbox: %v", err)
	}
}

// TestNoTransportIsLogged: without --smtp-url and --webhook-url the
// server says once, at start-up, that messages are only recorded.
func TestNoTransportIsLogged(t *testing.T) {
	const warning = "no delivery transport is configured"
	hook := startHookReceiver(t, nil)
	tests := []struct {
		name  string
		extra []string
		want  int
	}{
		{name: "no transport", want: 1},
		{name: "a webhook", extra: []string{"--webhook-url", hook.URL(), "--webhook-secret", hookSecret}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := start(t, options{clockStart: channelClock, extra: tt.extra})
			c := s.client(account)
			createChannel(t, c, createPersonal(t, c, "akuam"), types.ChannelTypeSms, "+12065550100")
			s.deliverDue()
			s.stop() // the log is complete once the process has exited
			if got := strings.Count(s.logs.String(), warning); got != tt.want {
				t.Errorf("%q logged %d times, want %d:\n%s", warning, got, tt.want, s.logs)
			}
		})
	}
}
