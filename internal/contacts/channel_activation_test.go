package contacts_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

var sixDigits = regexp.MustCompile(`^[0-9]{6}$`)

func TestActivateContactChannel(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		// run acts on a fresh channel whose first code has just been sent.
		run func(t *testing.T, f *channelFixture, arn string)
		// wantActivated is the channel's state afterwards.
		wantActivated bool
	}{
		{
			name:          "the code sent activates",
			run:           func(t *testing.T, f *channelFixture, arn string) { mustActivate(t, f, arn, f.lastCode(t, arn)) },
			wantActivated: true,
		},
		{
			name: "a wrong code fails and leaves the channel as it was",
			run: func(t *testing.T, f *channelFixture, arn string) {
				wantKind(t, "wrong code", f.activate(arn, wrongCode(f.lastCode(t, arn))), contacts.KindValidation)
			},
		},
		{
			name: "the right code still works after a wrong one",
			run: func(t *testing.T, f *channelFixture, arn string) {
				code := f.lastCode(t, arn)
				wantKind(t, "wrong code", f.activate(arn, wrongCode(code)), contacts.KindValidation)
				mustActivate(t, f, arn, code)
			},
			wantActivated: true,
		},
		{
			name: "a code works until the moment it expires",
			run: func(t *testing.T, f *channelFixture, arn string) {
				f.clock.Advance(contacts.CodeLifetime - time.Millisecond)
				mustActivate(t, f, arn, f.lastCode(t, arn))
			},
			wantActivated: true,
		},
		{
			name: "a code expires after CodeLifetime",
			run: func(t *testing.T, f *channelFixture, arn string) {
				f.clock.Advance(contacts.CodeLifetime)
				e := wantKind(t, "expired code", f.activate(arn, f.lastCode(t, arn)), contacts.KindValidation)
				if !strings.Contains(e.Message, "expired") {
					t.Errorf("message %q does not say the code expired", e.Message)
				}
			},
		},
		{
			name: "fewer wrong guesses than the limit leave the code usable",
			run: func(t *testing.T, f *channelFixture, arn string) {
				code := f.lastCode(t, arn)
				guess(t, f, arn, wrongCode(code), contacts.MaxCodeAttempts-1)
				mustActivate(t, f, arn, code)
			},
			wantActivated: true,
		},
		{
			name: "the last allowed wrong guess voids the code",
			run: func(t *testing.T, f *channelFixture, arn string) {
				code := f.lastCode(t, arn)
				guess(t, f, arn, wrongCode(code), contacts.MaxCodeAttempts)
				wantKind(t, "right code after the limit", f.activate(arn, code), contacts.KindValidation)
			},
		},
		{
			name: "a resend voids the previous code",
			run: func(t *testing.T, f *channelFixture, arn string) {
				old := f.lastCode(t, arn)
				mustSend(t, f, arn)
				fresh := f.lastCode(t, arn)
				if fresh != old { // one chance in a million that they are equal
					wantKind(t, "previous code", f.activate(arn, old), contacts.KindValidation)
				}
				mustActivate(t, f, arn, fresh)
			},
			wantActivated: true,
		},
		{
			name: "a resend starts a new lifetime",
			run: func(t *testing.T, f *channelFixture, arn string) {
				f.clock.Advance(contacts.CodeLifetime)
				mustSend(t, f, arn)
				f.clock.Advance(contacts.CodeLifetime - time.Millisecond)
				mustActivate(t, f, arn, f.lastCode(t, arn))
			},
			wantActivated: true,
		},
		{
			name: "a resend forgives earlier wrong guesses",
			run: func(t *testing.T, f *channelFixture, arn string) {
				guess(t, f, arn, wrongCode(f.lastCode(t, arn)), contacts.MaxCodeAttempts-1)
				mustSend(t, f, arn)
				code := f.lastCode(t, arn)
				guess(t, f, arn, wrongCode(code), contacts.MaxCodeAttempts-1)
				mustActivate(t, f, arn, code)
			},
			wantActivated: true,
		},
		{
			name: "activating an active channel succeeds whatever the code",
			run: func(t *testing.T, f *channelFixture, arn string) {
				code := f.lastCode(t, arn)
				mustActivate(t, f, arn, code)
				mustActivate(t, f, arn, wrongCode(code))
			},
			wantActivated: true,
		},
		{
			name: "deactivating makes the channel NOT_ACTIVATED",
			run: func(t *testing.T, f *channelFixture, arn string) {
				mustActivate(t, f, arn, f.lastCode(t, arn))
				if err := f.svc.DeactivateContactChannel(ctx, f.scope, arn); err != nil {
					t.Fatal(err)
				}
			},
		},
		{
			name: "a deactivated channel needs a fresh code",
			run: func(t *testing.T, f *channelFixture, arn string) {
				code := f.lastCode(t, arn)
				mustActivate(t, f, arn, code)
				if err := f.svc.DeactivateContactChannel(ctx, f.scope, arn); err != nil {
					t.Fatal(err)
				}
				wantKind(t, "used code", f.activate(arn, code), contacts.KindValidation)
				mustSend(t, f, arn)
				mustActivate(t, f, arn, f.lastCode(t, arn))
			},
			wantActivated: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newChannelFixture(t)
			arn := f.channel(t, f.contact(t, "akuam", contacts.Personal), contacts.SMS, "+12065550100")
			tt.run(t, f, arn)
			if got := f.get(t, arn).Activated; got != tt.wantActivated {
				t.Errorf("Activated = %v, want %v", got, tt.wantActivated)
			}
		})
	}
}

func mustActivate(t *testing.T, f *channelFixture, arn, code string) {
	t.Helper()
	if err := f.activate(arn, code); err != nil {
		t.Fatalf("ActivateContactChannel(%s): %v", code, err)
	}
}

func mustSend(t *testing.T, f *channelFixture, arn string) {
	t.Helper()
	if err := f.svc.SendActivationCode(context.Background(), f.scope, arn); err != nil {
		t.Fatalf("SendActivationCode: %v", err)
	}
}

// guess makes n wrong activation attempts, each of which must fail.
func guess(t *testing.T, f *channelFixture, arn, wrong string, n int) {
	t.Helper()
	for i := range n {
		wantKind(t, fmt.Sprintf("wrong guess %d", i+1), f.activate(arn, wrong), contacts.KindValidation)
	}
}

func TestActivationMessage(t *testing.T) {
	f := newChannelFixture(t)
	contactARN := f.contact(t, "akuam", contacts.Personal)
	arn := f.channel(t, contactARN, contacts.Email, "akua@example.com")
	msgs := f.messages(t, arn)
	if len(msgs) != 1 {
		t.Fatalf("%d messages after create, want 1", len(msgs))
	}
	m := msgs[0]
	if m.Kind != contacts.KindActivation || m.ChannelType != contacts.Email || m.Address != "akua@example.com" ||
		m.ChannelARN != arn || m.ContactARN != contactARN || m.Status != contacts.StatusPending || !m.CreatedAt.Equal(channelEpoch) {
		t.Errorf("message = %+v", m)
	}
	if !sixDigits.MatchString(m.Code) {
		t.Errorf("code %q is not six digits", m.Code)
	}
	if !strings.Contains(m.Body, m.Code) || !strings.Contains(m.Body, "15 minutes") {
		t.Errorf("body %q does not give the code and its lifetime", m.Body)
	}
	// Its delivery is a timer due at once, written with the message.
	var due []*contacts.Timer
	err := f.store.Read(context.Background(), func(tx contacts.Tx) error {
		var err error
		due, err = tx.TimerDue(context.Background(), channelEpoch, channelEpoch.Add(-time.Hour), 10)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 1 || due[0].Kind != contacts.TimerDeliver || due[0].Ref != m.ID {
		t.Errorf("due timers = %+v, want one DELIVER of message %s", due, m.ID)
	}
}

func TestDeferredActivation(t *testing.T) {
	ctx := context.Background()
	f := newChannelFixture(t)
	arn, err := f.svc.CreateContactChannel(ctx, f.scope, contacts.CreateContactChannelInput{
		ContactID: f.contact(t, "akuam", contacts.Personal), Name: "phone", Type: contacts.Voice,
		Address: "+12065550100", DeferActivation: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if msgs := f.messages(t, arn); len(msgs) != 0 {
		t.Fatalf("deferred activation sent %d messages", len(msgs))
	}
	e := wantKind(t, "no code sent", f.activate(arn, "123456"), contacts.KindValidation)
	if !strings.Contains(e.Message, "SendActivationCode") {
		t.Errorf("message %q does not say how to get a code", e.Message)
	}
	mustSend(t, f, arn)
	mustActivate(t, f, arn, f.lastCode(t, arn))
}

func TestSendActivationCodeRateLimit(t *testing.T) {
	ctx := context.Background()
	f := newChannelFixture(t)
	arn := f.channel(t, f.contact(t, "akuam", contacts.Personal), contacts.SMS, "+12065550100")
	// Creating the channel sent the first code of the window.
	for range contacts.MaxCodesPerWindow - 1 {
		f.clock.Advance(time.Minute)
		mustSend(t, f, arn)
	}
	last := f.lastCode(t, arn)

	e := wantKind(t, "one code too many", f.svc.SendActivationCode(ctx, f.scope, arn), contacts.KindQuotaExceeded)
	if e.QuotaCode == "" || e.ResourceID != arn || e.ResourceType != contacts.ResourceContactChannel {
		t.Errorf("quota error = %+v, want QuotaCode and the channel as resource", e)
	}
	if n := len(f.messages(t, arn)); n != contacts.MaxCodesPerWindow {
		t.Errorf("%d messages sent, want %d", n, contacts.MaxCodesPerWindow)
	}
	// An address change sends a code too, so it is refused as well, and
	// changes nothing.
	err := f.svc.UpdateContactChannel(ctx, f.scope, contacts.UpdateContactChannelInput{ChannelID: arn, Address: new("+12065550199")})
	wantKind(t, "address change over the limit", err, contacts.KindQuotaExceeded)
	if got := f.get(t, arn).Address; got != "+12065550100" {
		t.Errorf("address = %s after a refused update", got)
	}

	if got := f.get(t, arn).Code; got != last {
		t.Errorf("pending code = %s after refused sends, want the last one sent (%s)", got, last)
	}

	// The window is counted from its first code.
	f.clock.Set(channelEpoch.Add(contacts.CodeSendWindow - time.Millisecond))
	wantKind(t, "just before the window ends", f.svc.SendActivationCode(ctx, f.scope, arn), contacts.KindQuotaExceeded)
	f.clock.Set(channelEpoch.Add(contacts.CodeSendWindow))
	mustSend(t, f, arn)
	mustActivate(t, f, arn, f.lastCode(t, arn))
}
