package notify_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmcontacts/ssmcontacts/internal/notify"
	"github.com/ssmcontacts/ssmcontacts/internal/notify/notifytest"
)

func message(channelType, address string) notify.Message {
	return notify.Message{
		ID:            "5e1c8a3b-9d0f-4c6e-8b7a-2f4d6e8a0c1b",
		Kind:          notify.KindPage,
		ChannelType:   channelType,
		Address:       address,
		PageArn:       "arn:aws:ssm-contacts:us-east-1:000000000000:page/alice/d3a1e9c6-2b7f-4e58-9a0d-6c4b8f2e1a37",
		EngagementArn: "arn:aws:ssm-contacts:us-east-1:000000000000:engagement/alice/a9b8c7d6-e5f4-4321-8765-0fedcba98765",
		Code:          "425440",
		CreatedAt:     time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC),
	}
}

func TestRouter(t *testing.T) {
	email := message(notify.ChannelEmail, "alice@example.com")
	sms := message(notify.ChannelSMS, "+12065550100")
	voice := message(notify.ChannelVoice, "+12065550100")
	tests := []struct {
		name          string
		smtp, webhook bool
		msg           notify.Message
		want          notify.Result
		wantSMTP      int // messages the SMTP recorder got
		wantWebhook   int
	}{
		{name: "nothing configured, email", msg: email, want: notify.Result{Transport: "none"}},
		{name: "nothing configured, SMS", msg: sms, want: notify.Result{Transport: "none"}},
		{name: "SMTP only, email", smtp: true, msg: email, want: notify.Result{Transport: "smtp", ProviderMessageID: email.ID}, wantSMTP: 1},
		{name: "SMTP only, voice", smtp: true, msg: voice, want: notify.Result{Transport: "none"}},
		{name: "webhook only, email", webhook: true, msg: email, want: notify.Result{Transport: "webhook", ProviderMessageID: email.ID}, wantWebhook: 1},
		{name: "webhook only, SMS", webhook: true, msg: sms, want: notify.Result{Transport: "webhook", ProviderMessageID: sms.ID}, wantWebhook: 1},
		{name: "both, email goes by SMTP", smtp: true, webhook: true, msg: email, want: notify.Result{Transport: "smtp", ProviderMessageID: email.ID}, wantSMTP: 1},
		{name: "both, SMS goes by webhook", smtp: true, webhook: true, msg: sms, want: notify.Result{Transport: "webhook", ProviderMessageID: sms.ID}, wantWebhook: 1},
		{name: "both, voice goes by webhook", smtp: true, webhook: true, msg: voice, want: notify.Result{Transport: "webhook", ProviderMessageID: voice.ID}, wantWebhook: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			smtpRec := &notifytest.Recorder{Transport: "smtp"}
			hookRec := &notifytest.Recorder{Transport: "webhook"}
			var r notify.Router
			if tt.smtp {
				r.SMTP = smtpRec
			}
			if tt.webhook {
				r.Webhook = hookRec
			}
			got, err := r.Send(context.Background(), tt.msg)
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Result (-want +got):\n%s", diff)
			}
			if n, m := len(smtpRec.Messages()), len(hookRec.Messages()); n != tt.wantSMTP || m != tt.wantWebhook {
				t.Errorf("SMTP got %d, webhook got %d; want %d and %d", n, m, tt.wantSMTP, tt.wantWebhook)
			}
		})
	}
}

func TestRouterErrors(t *testing.T) {
	unknown := message("PIGEON", "loft 3")
	invalid := message(notify.ChannelSMS, "+12065550100")
	invalid.Code = "12"
	failure := errors.New("smtp: RCPT TO refused")
	tests := []struct {
		name          string
		router        func(smtp, webhook *notifytest.Recorder) notify.Router
		msg           notify.Message
		wantErr       string
		wantPermanent bool
	}{
		{
			name:          "invalid message with nothing configured",
			router:        func(_, _ *notifytest.Recorder) notify.Router { return notify.Router{} },
			msg:           invalid,
			wantErr:       "none: invalid message: code must be 6 to 10 digits",
			wantPermanent: true,
		},
		{
			name:          "unknown channel type",
			router:        func(s, w *notifytest.Recorder) notify.Router { return notify.Router{SMTP: s, Webhook: w} },
			msg:           unknown,
			wantErr:       `none: invalid message: unknown channel type "PIGEON"`,
			wantPermanent: true,
		},
		{
			name: "the sender's error comes back as is",
			router: func(s, w *notifytest.Recorder) notify.Router {
				s.FailNext(1, failure)
				return notify.Router{SMTP: s, Webhook: w}
			},
			msg:     message(notify.ChannelEmail, "alice@example.com"),
			wantErr: failure.Error(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			smtpRec, hookRec := &notifytest.Recorder{}, &notifytest.Recorder{}
			_, err := tt.router(smtpRec, hookRec).Send(context.Background(), tt.msg)
			if err == nil || err.Error() != tt.wantErr {
				t.Fatalf("Send error = %v, want %q", err, tt.wantErr)
			}
			if notify.IsPermanent(err) != tt.wantPermanent {
				t.Errorf("IsPermanent = %v, want %v", notify.IsPermanent(err), tt.wantPermanent)
			}
			if n := len(smtpRec.Messages()) + len(hookRec.Messages()); n != 0 {
				t.Errorf("%d messages delivered, want none", n)
			}
		})
	}
}

func TestRouterDescribe(t *testing.T) {
	smtp, err := notify.NewSMTP(notify.SMTPConfig{URL: "smtp://bob:hunter2@mail.example.com", From: "On-call <pager@example.com>"})
	if err != nil {
		t.Fatal(err)
	}
	hook, err := notify.NewWebhook(notify.WebhookConfig{URL: "https://hooks.example.com/services/T0K3N", Secret: []byte("s")})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		router notify.Router
		want   string
	}{
		{"nothing", notify.Router{}, "EMAIL, SMS, VOICE: not delivered (outbox only)"},
		{"SMTP only", notify.Router{SMTP: smtp},
			"EMAIL: smtp://mail.example.com:587 (STARTTLS when offered, with credentials) from pager@example.com; SMS, VOICE: not delivered (outbox only)"},
		{"webhook only", notify.Router{Webhook: hook},
			"EMAIL, SMS, VOICE: webhook POST https://hooks.example.com (signed, up to 4 attempts)"},
		{"both", notify.Router{SMTP: smtp, Webhook: hook},
			"EMAIL: smtp://mail.example.com:587 (STARTTLS when offered, with credentials) from pager@example.com; SMS, VOICE: webhook POST https://hooks.example.com (signed, up to 4 attempts)"},
		{"a sender that does not describe itself", notify.Router{Webhook: senderFunc(nil)},
			"EMAIL, SMS, VOICE: notify_test.senderFunc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.router.Describe(); got != tt.want {
				t.Errorf("Describe() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

type senderFunc func(context.Context, notify.Message) (notify.Result, error)

func (f senderFunc) Send(ctx context.Context, m notify.Message) (notify.Result, error) {
	return f(ctx, m)
}
