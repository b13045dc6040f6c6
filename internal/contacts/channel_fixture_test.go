package contacts_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/teststore"
)

// channelEpoch is where every channel fixture's clock stands at first.
var channelEpoch = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// channelFixture is a Service over a private in-memory SQLite store and a
// controllable clock: the real domain and the real store, time by hand.
type channelFixture struct {
	svc   *contacts.Service
	store contacts.Store
	clock *clock.Controllable
	scope contacts.Scope
}

func newChannelFixture(t *testing.T) *channelFixture {
	t.Helper()
	st := teststore.Open(t)
	clk := clock.NewControllable(channelEpoch)
	svc, err := contacts.New(context.Background(), contacts.Config{Store: st, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	return &channelFixture{svc: svc, store: st, clock: clk, scope: contacts.Scope{Account: "000000000000", Region: "us-east-2"}}
}

// contact creates a contact with an empty plan and returns its ARN.
func (f *channelFixture) contact(t *testing.T, alias string, typ contacts.ContactType) string {
	t.Helper()
	arn, err := f.svc.CreateContact(context.Background(), f.scope, contacts.CreateContactInput{
		Alias: alias, Type: typ, Plan: contacts.Plan{Stages: []contacts.Stage{}},
	})
	if err != nil {
		t.Fatalf("CreateContact %s: %v", alias, err)
	}
	return arn
}

// channel creates a channel (with its activation code sent) and returns
// its ARN.
func (f *channelFixture) channel(t *testing.T, contactARN string, typ contacts.ChannelType, address string) string {
	t.Helper()
	arn, err := f.svc.CreateContactChannel(context.Background(), f.scope, contacts.CreateContactChannelInput{
		ContactID: contactARN, Name: "primary", Type: typ, Address: address,
	})
	if err != nil {
		t.Fatalf("CreateContactChannel %s %s: %v", typ, address, err)
	}
	return arn
}

// messages returns the outbox messages to a channel, newest first.
func (f *channelFixture) messages(t *testing.T, channelARN string) []*contacts.Message {
	t.Helper()
	var list []*contacts.Message
	err := f.store.Read(context.Background(), func(tx contacts.Tx) error {
		var err error
		list, err = tx.OutboxList(context.Background(), contacts.OutboxFilter{ChannelARN: channelARN, Limit: 1000})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// lastCode is the code of the newest message to a channel.
func (f *channelFixture) lastCode(t *testing.T, channelARN string) string {
	t.Helper()
	msgs := f.messages(t, channelARN)
	if len(msgs) == 0 {
		t.Fatalf("no message to %s", channelARN)
	}
	return msgs[0].Code
}

func (f *channelFixture) get(t *testing.T, channelARN string) *contacts.Channel {
	t.Helper()
	ch, err := f.svc.GetContactChannel(context.Background(), f.scope, channelARN)
	if err != nil {
		t.Fatalf("GetContactChannel: %v", err)
	}
	return ch
}

func (f *channelFixture) activate(channelARN, code string) error {
	return f.svc.ActivateContactChannel(context.Background(), f.scope, channelARN, code)
}

// wrongCode returns a six-digit code that is not code.
func wrongCode(code string) string {
	if code == "000000" {
		return "000001"
	}
	return "000000"
}

// wantKind fails unless err is a *contacts.Error of kind want.
func wantKind(t *testing.T, what string, err error, want contacts.Kind) *contacts.Error {
	t.Helper()
	var e *contacts.Error
	if !errors.As(err, &e) || e.Kind != want {
		t.Fatalf("%s: err = %v, want a %s error", what, err, want)
	}
	return e
}
