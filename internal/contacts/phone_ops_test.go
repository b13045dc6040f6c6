package contacts_test

import (
	"context"
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// TestOptOutAndBackIn: STOP deactivates every SMS channel with the number,
// in every account, and leaves the VOICE channel and other numbers alone;
// START sends each of those SMS channels a fresh code.
func TestOptOutAndBackIn(t *testing.T) {
	ctx := context.Background()
	f := newChannelFixture(t)
	other := &channelFixture{svc: f.svc, store: f.store, clock: f.clock, scope: contacts.Scope{Account: "111122223333", Region: "us-east-2"}}
	const phone = "+12065550100"
	sms := f.channel(t, f.contact(t, "akuam", contacts.Personal), contacts.SMS, phone)
	voice := f.channel(t, f.contact(t, "akuav", contacts.Personal), contacts.Voice, phone)
	elsewhere := f.channel(t, f.contact(t, "kwame", contacts.Personal), contacts.SMS, "+12065550199")
	otherAccount := other.channel(t, other.contact(t, "akuam", contacts.Personal), contacts.SMS, phone)
	for _, c := range []struct {
		fx  *channelFixture
		arn string
	}{{f, sms}, {f, voice}, {f, elsewhere}, {other, otherAccount}} {
		code := c.fx.messages(t, c.arn)[0].Code
		if err := c.fx.svc.ActivateContactChannel(ctx, c.fx.scope, c.arn, code); err != nil {
			t.Fatal(err)
		}
	}

	n, err := f.svc.OptOut(ctx, phone)
	if err != nil || n != 2 {
		t.Fatalf("OptOut = %d, %v; want the 2 SMS channels", n, err)
	}
	activated := func(fx *channelFixture, arn string) bool {
		ch, err := fx.svc.GetContactChannel(ctx, fx.scope, arn)
		if err != nil {
			t.Fatal(err)
		}
		return ch.Activated
	}
	if activated(f, sms) || activated(other, otherAccount) {
		t.Error("an SMS channel with the number is still activated")
	}
	if !activated(f, voice) || !activated(f, elsewhere) {
		t.Error("the VOICE channel or another number was deactivated")
	}

	n, err = f.svc.OptIn(ctx, phone)
	if err != nil || n != 2 {
		t.Fatalf("OptIn = %d, %v; want 2 codes sent", n, err)
	}
	for _, c := range []struct {
		fx  *channelFixture
		arn string
	}{{f, sms}, {other, otherAccount}} {
		msgs := c.fx.messages(t, c.arn)
		if len(msgs) != 2 || msgs[0].Kind != contacts.KindActivation {
			t.Fatalf("%s: %d messages, want a second activation code", c.arn, len(msgs))
		}
		if err := c.fx.svc.ActivateContactChannel(ctx, c.fx.scope, c.arn, msgs[0].Code); err != nil {
			t.Errorf("activate with the START code: %v", err)
		}
	}
}
