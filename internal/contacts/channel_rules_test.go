package contacts_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

func TestCreateContactChannelAddress(t *testing.T) {
	tests := []struct {
		name    string
		typ     contacts.ChannelType
		address string
		ok      bool
	}{
		{"SMS E.164", contacts.SMS, "+12065550100", true},
		{"VOICE E.164", contacts.Voice, "+442071838750", true},
		{"SMS shortest: 8 digits", contacts.SMS, "+12345678", true},
		{"SMS longest: 15 digits", contacts.SMS, "+123456789012345", true},
		{"SMS 7 digits", contacts.SMS, "+1234567", false},
		{"SMS 16 digits", contacts.SMS, "+1234567890123456", false},
		{"SMS without +", contacts.SMS, "12065550100", false},
		{"VOICE with spaces", contacts.Voice, "+1 206 555 0100", false},
		{"VOICE with dashes", contacts.Voice, "+1-206-555-0100", false},
		{"SMS with a letter", contacts.SMS, "+1206555010O", false},
		{"SMS given an email address", contacts.SMS, "akua@example.com", false},
		{"SMS empty", contacts.SMS, "", false},
		{"SMS with a trailing newline", contacts.SMS, "+12065550100\n", false},
		{"EMAIL", contacts.Email, "akua@example.com", true},
		{"EMAIL with plus and subdomain", contacts.Email, "akua+oncall@mail.example.co.uk", true},
		{"EMAIL with a single-label domain", contacts.Email, "root@localhost", true},
		{"EMAIL without domain", contacts.Email, "akua@", false},
		{"EMAIL without @", contacts.Email, "akua.example.com", false},
		{"EMAIL without local part", contacts.Email, "@example.com", false},
		{"EMAIL with display name", contacts.Email, "Akua <akua@example.com>", false},
		{"EMAIL in angle brackets", contacts.Email, "<akua@example.com>", false},
		{"EMAIL list", contacts.Email, "a@example.com, b@example.com", false},
		{"EMAIL with a header injection", contacts.Email, "akua@example.com\r\nBcc: x@example.com", false},
		{"EMAIL given a phone number", contacts.Email, "+12065550100", false},
		{"EMAIL empty", contacts.Email, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newChannelFixture(t)
			arn, err := f.svc.CreateContactChannel(context.Background(), f.scope, contacts.CreateContactChannelInput{
				ContactID: f.contact(t, "akuam", contacts.Personal), Name: "c", Type: tt.typ, Address: tt.address,
			})
			if tt.ok {
				if err != nil {
					t.Fatalf("err = %v, want the address accepted", err)
				}
				if got := f.get(t, arn).Address; got != tt.address {
					t.Errorf("stored address %q, want %q", got, tt.address)
				}
				return
			}
			wantKind(t, "CreateContactChannel", err, contacts.KindValidation)
			if msgs := f.messages(t, ""); len(msgs) != 0 {
				t.Errorf("a refused channel was sent %d messages", len(msgs))
			}
		})
	}
}

func TestCreateContactChannelRules(t *testing.T) {
	ctx := context.Background()
	other := contacts.Scope{Account: "111122223333", Region: "us-east-2"}
	tests := []struct {
		name string
		// setup prepares the store and returns the request to make.
		setup func(t *testing.T, f *channelFixture) contacts.CreateContactChannelInput
		want  contacts.Kind // KindInternal: no error
	}{
		{
			name: "a personal contact takes a channel",
			setup: func(t *testing.T, f *channelFixture) contacts.CreateContactChannelInput {
				return smsInput(f.contact(t, "akuam", contacts.Personal), "+12065550100")
			},
		},
		{
			name: "an escalation plan has no channels",
			setup: func(t *testing.T, f *channelFixture) contacts.CreateContactChannelInput {
				return smsInput(f.contact(t, "escalate", contacts.Escalation), "+12065550100")
			},
			want: contacts.KindValidation,
		},
		{
			name: "a missing contact",
			setup: func(t *testing.T, f *channelFixture) contacts.CreateContactChannelInput {
				return smsInput(f.scope.ContactARN("nobody"), "+12065550100")
			},
			want: contacts.KindNotFound,
		},
		{
			name: "a contact of another account",
			setup: func(t *testing.T, f *channelFixture) contacts.CreateContactChannelInput {
				f.contact(t, "akuam", contacts.Personal)
				return smsInput(other.ContactARN("akuam"), "+12065550100")
			},
			want: contacts.KindNotFound,
		},
		{
			name: "a contact of another region",
			setup: func(t *testing.T, f *channelFixture) contacts.CreateContactChannelInput {
				f.contact(t, "akuam", contacts.Personal)
				return smsInput(contacts.Scope{Account: f.scope.Account, Region: "eu-west-1"}.ContactARN("akuam"), "+12065550100")
			},
			want: contacts.KindNotFound,
		},
		{
			name: "the same type and address twice on one contact",
			setup: func(t *testing.T, f *channelFixture) contacts.CreateContactChannelInput {
				c := f.contact(t, "akuam", contacts.Personal)
				f.channel(t, c, contacts.SMS, "+12065550100")
				return smsInput(c, "+12065550100")
			},
			want: contacts.KindConflict,
		},
		{
			name: "the same number for SMS and VOICE",
			setup: func(t *testing.T, f *channelFixture) contacts.CreateContactChannelInput {
				c := f.contact(t, "akuam", contacts.Personal)
				f.channel(t, c, contacts.Voice, "+12065550100")
				return smsInput(c, "+12065550100")
			},
		},
		{
			name: "the same address on two contacts",
			setup: func(t *testing.T, f *channelFixture) contacts.CreateContactChannelInput {
				f.channel(t, f.contact(t, "akuam", contacts.Personal), contacts.SMS, "+12065550100")
				return smsInput(f.contact(t, "kwame", contacts.Personal), "+12065550100")
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newChannelFixture(t)
			in := tt.setup(t, f)
			before := len(f.messages(t, ""))
			_, err := f.svc.CreateContactChannel(ctx, f.scope, in)
			if tt.want == contacts.KindInternal {
				if err != nil {
					t.Fatalf("err = %v, want success", err)
				}
				return
			}
			wantKind(t, "CreateContactChannel", err, tt.want)
			if after := len(f.messages(t, "")); after != before {
				t.Errorf("a refused create sent %d messages", after-before)
			}
		})
	}
}

func smsInput(contactARN, address string) contacts.CreateContactChannelInput {
	return contacts.CreateContactChannelInput{ContactID: contactARN, Name: "phone", Type: contacts.SMS, Address: address}
}

func TestCreateContactChannelIdempotency(t *testing.T) {
	ctx := context.Background()
	f := newChannelFixture(t)
	c := f.contact(t, "akuam", contacts.Personal)
	in := smsInput(c, "+12065550100")
	in.IdempotencyToken = "token-1"
	first, err := f.svc.CreateContactChannel(ctx, f.scope, in)
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Hour)
	again, err := f.svc.CreateContactChannel(ctx, f.scope, in)
	if err != nil || again != first {
		t.Fatalf("retry with the same token = %s, %v; want %s", again, err, first)
	}
	if n := len(f.messages(t, "")); n != 1 {
		t.Errorf("the retry sent another code: %d messages", n)
	}
	changed := in
	changed.Name = "other name"
	_, err = f.svc.CreateContactChannel(ctx, f.scope, changed)
	if e := wantKind(t, "token reused with other input", err, contacts.KindConflict); e.ResourceType != contacts.ResourceIdempotency {
		t.Errorf("ResourceType = %s, want %s", e.ResourceType, contacts.ResourceIdempotency)
	}
	list, _, err := f.svc.ListContactChannels(ctx, f.scope, contacts.ListContactChannelsInput{ContactID: c})
	if err != nil || len(list) != 1 {
		t.Fatalf("channels = %d, %v; want exactly the first", len(list), err)
	}

	// Tokens belong to their account.
	g := newChannelFixture(t)
	g.store, g.svc = f.store, f.svc
	g.scope = contacts.Scope{Account: "111122223333", Region: f.scope.Region}
	theirs := g.contact(t, "akuam", contacts.Personal)
	in.ContactID = theirs
	arn, err := g.svc.CreateContactChannel(ctx, g.scope, in)
	if err != nil || arn == first {
		t.Fatalf("same token in another account = %s, %v; want a channel of its own", arn, err)
	}
}

func TestUpdateContactChannel(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name        string
		in          func(arn string) contacts.UpdateContactChannelInput
		want        contacts.Kind // KindInternal: no error
		wantAddress string
		wantName    string
		// wantReset: the channel went back to NOT_ACTIVATED and a code
		// was sent to its new address.
		wantReset bool
	}{
		{
			name:        "a new name keeps activation",
			in:          func(arn string) contacts.UpdateContactChannelInput { return nameUpdate(arn, "work phone") },
			wantAddress: "+12065550100", wantName: "work phone",
		},
		{
			name:        "the same address keeps activation",
			in:          func(arn string) contacts.UpdateContactChannelInput { return addressUpdate(arn, "+12065550100") },
			wantAddress: "+12065550100", wantName: "primary",
		},
		{
			name:        "a new address resets activation",
			in:          func(arn string) contacts.UpdateContactChannelInput { return addressUpdate(arn, "+12065550199") },
			wantAddress: "+12065550199", wantName: "primary", wantReset: true,
		},
		{
			name: "a new name and address",
			in: func(arn string) contacts.UpdateContactChannelInput {
				u := addressUpdate(arn, "+12065550199")
				u.Name = new("new phone")
				return u
			},
			wantAddress: "+12065550199", wantName: "new phone", wantReset: true,
		},
		{
			name:        "an invalid address changes nothing",
			in:          func(arn string) contacts.UpdateContactChannelInput { return addressUpdate(arn, "2065550199") },
			want:        contacts.KindValidation,
			wantAddress: "+12065550100", wantName: "primary",
		},
		{
			name: "an invalid address with a new name changes nothing",
			in: func(arn string) contacts.UpdateContactChannelInput {
				u := addressUpdate(arn, "akua@example.com")
				u.Name = new("renamed")
				return u
			},
			want:        contacts.KindValidation,
			wantAddress: "+12065550100", wantName: "primary",
		},
		{
			name:        "the address of a sibling of the same type",
			in:          func(arn string) contacts.UpdateContactChannelInput { return addressUpdate(arn, "+12065550111") },
			want:        contacts.KindConflict,
			wantAddress: "+12065550100", wantName: "primary",
		},
		{
			name: "a missing channel",
			in: func(arn string) contacts.UpdateContactChannelInput {
				a, _ := contacts.ParseARN(arn)
				return nameUpdate(arn[:len(arn)-len(a.ID)]+"00000000-0000-4000-8000-000000000000", "x")
			},
			want:        contacts.KindNotFound,
			wantAddress: "+12065550100", wantName: "primary",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newChannelFixture(t)
			c := f.contact(t, "akuam", contacts.Personal)
			arn := f.channel(t, c, contacts.SMS, "+12065550100")
			mustActivate(t, f, arn, f.lastCode(t, arn))
			f.channel(t, c, contacts.SMS, "+12065550111")
			sent := len(f.messages(t, arn))

			err := f.svc.UpdateContactChannel(ctx, f.scope, tt.in(arn))
			if tt.want == contacts.KindInternal && err != nil {
				t.Fatalf("err = %v, want success", err)
			} else if tt.want != contacts.KindInternal {
				wantKind(t, "UpdateContactChannel", err, tt.want)
			}
			ch := f.get(t, arn)
			if ch.Address != tt.wantAddress || ch.Name != tt.wantName || ch.Type != contacts.SMS {
				t.Errorf("channel = %s %q %s, want SMS %q %s", ch.Type, ch.Name, ch.Address, tt.wantName, tt.wantAddress)
			}
			msgs := f.messages(t, arn)
			if !tt.wantReset {
				if !ch.Activated || len(msgs) != sent {
					t.Errorf("Activated = %v and %d new messages, want the channel left active and no message", ch.Activated, len(msgs)-sent)
				}
				return
			}
			if ch.Activated || len(msgs) != sent+1 || msgs[0].Address != tt.wantAddress {
				t.Fatalf("Activated = %v, %d new messages; want NOT_ACTIVATED and one code sent to %s", ch.Activated, len(msgs)-sent, tt.wantAddress)
			}
			mustActivate(t, f, arn, msgs[0].Code)
		})
	}
}

func nameUpdate(arn, name string) contacts.UpdateContactChannelInput {
	return contacts.UpdateContactChannelInput{ChannelID: arn, Name: &name}
}

func addressUpdate(arn, address string) contacts.UpdateContactChannelInput {
	return contacts.UpdateContactChannelInput{ChannelID: arn, Address: &address}
}

func TestDeleteContactRemovesChannels(t *testing.T) {
	ctx := context.Background()
	f := newChannelFixture(t)
	c := f.contact(t, "akuam", contacts.Personal)
	chs := []string{f.channel(t, c, contacts.SMS, "+12065550100"), f.channel(t, c, contacts.Email, "akua@example.com")}
	kept := f.channel(t, f.contact(t, "kwame", contacts.Personal), contacts.SMS, "+12065550100")
	if err := f.svc.DeleteContact(ctx, f.scope, c); err != nil {
		t.Fatal(err)
	}
	for _, arn := range chs {
		_, err := f.svc.GetContactChannel(ctx, f.scope, arn)
		wantKind(t, "channel of a deleted contact", err, contacts.KindNotFound)
	}
	f.get(t, kept)
	// A new contact of the same alias starts without channels.
	f.contact(t, "akuam", contacts.Personal)
	list, _, err := f.svc.ListContactChannels(ctx, f.scope, contacts.ListContactChannelsInput{ContactID: c})
	if err != nil || len(list) != 0 {
		t.Fatalf("channels of the new contact = %d, %v; want none", len(list), err)
	}
}

func TestDeleteContactChannelKeepsPlanReference(t *testing.T) {
	ctx := context.Background()
	f := newChannelFixture(t)
	c := f.contact(t, "akuam", contacts.Personal)
	sms := f.channel(t, c, contacts.SMS, "+12065550100")
	email := f.channel(t, c, contacts.Email, "akua@example.com")
	plan := contacts.Plan{Stages: []contacts.Stage{
		{DurationInMinutes: 5, Targets: []contacts.Target{{Channel: &contacts.ChannelTarget{ChannelID: sms}}}},
		{DurationInMinutes: 5, Targets: []contacts.Target{{Channel: &contacts.ChannelTarget{ChannelID: email}}}},
	}}
	if err := f.svc.UpdateContact(ctx, f.scope, contacts.UpdateContactInput{ContactID: c, Plan: &plan}); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.DeleteContactChannel(ctx, f.scope, sms); err != nil {
		t.Fatal(err)
	}
	got, err := f.svc.GetContact(ctx, f.scope, c)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(plan, got.Plan); diff != "" {
		t.Errorf("plan after deleting a channel it names (-want +got):\n%s", diff)
	}
	_, err = f.svc.GetContactChannel(ctx, f.scope, sms)
	wantKind(t, "deleted channel", err, contacts.KindNotFound)
	wantKind(t, "deleting it again", f.svc.DeleteContactChannel(ctx, f.scope, sms), contacts.KindNotFound)
	f.get(t, email)
}

func TestPlanChannelTargets(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		// target picks the plan's one target from akuam's channel, kwame's
		// channel and kwame's contact ARN.
		target func(own, others, otherContact string) contacts.Target
		ok     bool
	}{
		{
			name:   "the contact's own channel",
			target: func(own, _, _ string) contacts.Target { return channelTarget(own) },
			ok:     true,
		},
		{
			name:   "another contact's channel",
			target: func(_, others, _ string) contacts.Target { return channelTarget(others) },
		},
		{
			name: "another contact's channel under the contact's alias",
			target: func(own, others, _ string) contacts.Target {
				a, _ := contacts.ParseARN(others)
				return channelTarget(own[:len(own)-len(a.ID)] + a.ID)
			},
		},
		{
			name: "a channel id that does not exist",
			target: func(own, _, _ string) contacts.Target {
				return channelTarget(own[:len(own)-12] + "000000000000")
			},
		},
		{
			name: "the channel's ARN in another account",
			target: func(own, _, _ string) contacts.Target {
				a, _ := contacts.ParseARN(own)
				return channelTarget(contacts.Scope{Account: "111122223333", Region: a.Region}.ChannelARN(a.Alias, a.ID))
			},
		},
		{
			name: "a contact instead of a channel",
			target: func(_, _, otherContact string) contacts.Target {
				return contacts.Target{Contact: &contacts.ContactTarget{ContactID: &otherContact}}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newChannelFixture(t)
			c := f.contact(t, "akuam", contacts.Personal)
			own := f.channel(t, c, contacts.SMS, "+12065550100")
			kwame := f.contact(t, "kwame", contacts.Personal)
			others := f.channel(t, kwame, contacts.SMS, "+12065550111")
			plan := contacts.Plan{Stages: []contacts.Stage{
				{DurationInMinutes: 5, Targets: []contacts.Target{tt.target(own, others, kwame)}},
			}}
			err := f.svc.UpdateContact(ctx, f.scope, contacts.UpdateContactInput{ContactID: c, Plan: &plan})
			if tt.ok {
				if err != nil {
					t.Fatalf("err = %v, want the plan accepted", err)
				}
				return
			}
			wantKind(t, "UpdateContact", err, contacts.KindValidation)
			// CreateContact checks its plan the same way; a new contact
			// has no channels, so only its own ids could ever pass.
			_, err = f.svc.CreateContact(ctx, f.scope, contacts.CreateContactInput{Alias: "newcomer", Type: contacts.Personal, Plan: plan})
			wantKind(t, "CreateContact", err, contacts.KindValidation)
		})
	}
}

func channelTarget(arn string) contacts.Target {
	return contacts.Target{Channel: &contacts.ChannelTarget{ChannelID: arn}}
}

func TestListContactChannels(t *testing.T) {
	ctx := context.Background()
	f := newChannelFixture(t)
	c := f.contact(t, "akuam", contacts.Personal)
	var want []string
	for i := range 5 {
		want = append(want, f.channel(t, c, contacts.SMS, fmt.Sprintf("+1206555010%d", i)))
		f.clock.Advance(time.Second)
	}
	// Channels created in the same millisecond still page without loss
	// or repetition.
	for i := range 3 {
		want = append(want, f.channel(t, c, contacts.Voice, fmt.Sprintf("+1206555010%d", i)))
	}
	f.channel(t, f.contact(t, "kwame", contacts.Personal), contacts.SMS, "+12065550100")

	var got []string
	pages := 0
	token := ""
	for {
		list, next, err := f.svc.ListContactChannels(ctx, f.scope, contacts.ListContactChannelsInput{ContactID: c, MaxResults: new(2), NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if len(list) > 2 {
			t.Fatalf("page %d has %d channels, MaxResults is 2", pages, len(list))
		}
		for _, ch := range list {
			got = append(got, ch.ARN())
		}
		if next == "" {
			break
		}
		token = next
	}
	if pages != 4 {
		t.Errorf("%d pages of 2 for 8 channels, want 4", pages)
	}
	// The first five have distinct creation times: creation order.
	if diff := cmp.Diff(want[:5], got[:5]); diff != "" {
		t.Errorf("channels in creation order (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want[5:], got[5:], cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("channels of one instant (-want +got):\n%s", diff)
	}

	all, next, err := f.svc.ListContactChannels(ctx, f.scope, contacts.ListContactChannelsInput{ContactID: c})
	if err != nil || next != "" || len(all) != len(want) {
		t.Errorf("without MaxResults: %d channels, next %q, %v; want all %d", len(all), next, err, len(want))
	}

	tokenErrors := []struct {
		name, contact, token string
		want                 contacts.Kind
	}{
		{"a token of another contact's listing", f.scope.ContactARN("kwame"), token, contacts.KindValidation},
		{"a forged token", c, "eyJhIjoiMCJ9AAAAAAAAAAAAAAAAAAAAAA", contacts.KindValidation},
		{"a missing contact", f.scope.ContactARN("nobody"), "", contacts.KindNotFound},
	}
	for _, tt := range tokenErrors {
		_, _, err := f.svc.ListContactChannels(ctx, f.scope, contacts.ListContactChannelsInput{ContactID: tt.contact, NextToken: tt.token})
		wantKind(t, tt.name, err, tt.want)
	}
}
