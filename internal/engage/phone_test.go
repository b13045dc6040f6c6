package engage

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

func TestAcceptPageSentToOnlyFromThatNumber(t *testing.T) {
	f := newFixture(t)
	contact, _ := f.person("akuam", nil, 10, 10)
	eng := f.start(contact)
	f.runDue()

	open, err := f.engine.OpenPagesTo(f.ctx, "akuam-sms")
	if err != nil {
		t.Fatal(err)
	}
	p := f.pages(eng)[0]
	want := []PhonePage{{Scope: scope, PageARN: p.ARN(), EngagementARN: eng, TrackID: p.TrackID, ChannelType: contacts.SMS,
		Code: p.AcceptCode, Sender: "tester", Subject: "Database down"}}
	if diff := cmp.Diff(want, open); diff != "" {
		t.Errorf("OpenPagesTo (-want +got):\n%s", diff)
	}
	if err := f.engine.AcceptPageSentTo(f.ctx, "+19999999999", p.ARN(), "by SMS"); !errors.Is(err, ErrPageNotOpen) {
		t.Errorf("another number: err = %v, want ErrPageNotOpen", err)
	}
	if err := f.engine.AcceptPageSentTo(f.ctx, "akuam-sms", p.ARN(), "Replied 123456 by SMS"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"SENT@0s", "READ@0s"}, f.receipts(f.pages(eng)[0])); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	// The contact acknowledged: no second stage, and nothing left open.
	f.advanceTo(30 * time.Minute)
	if n := len(f.pages(eng)); n != 1 {
		t.Errorf("%d pages after the acknowledgement, want 1", n)
	}
	if open, _ := f.engine.OpenPagesTo(f.ctx, "akuam-sms"); len(open) != 0 {
		t.Errorf("still open: %+v", open)
	}
	if err := f.engine.AcceptPageSentTo(f.ctx, "akuam-sms", p.ARN(), "again"); !errors.Is(err, ErrPageNotOpen) {
		t.Errorf("a second acknowledgement: err = %v, want ErrPageNotOpen", err)
	}
}

func TestAcceptMessageByKeypress(t *testing.T) {
	f := newFixture(t)
	contact, _ := f.person("akuam", nil, 10)
	eng := f.start(contact)
	f.runDue()
	p := f.pages(eng)[0]
	m, open, err := f.engine.PhoneMessage(f.ctx, p.MessageID)
	if err != nil || !open || m.PageARN != p.ARN() {
		t.Fatalf("PhoneMessage = %+v, %v, %v; want the page's message, open", m, open, err)
	}
	if err := f.engine.AcceptMessage(f.ctx, p.MessageID, "Pressed 1 during the call"); err != nil {
		t.Fatal(err)
	}
	if got := f.pages(eng)[0]; got.ReadTime == nil {
		t.Error("the page is not read")
	}
	if _, open, _ := f.engine.PhoneMessage(f.ctx, p.MessageID); open {
		t.Error("the page is still open after the keypress")
	}
}

func TestReportDeliveryFailureRetriesAsThePlanSays(t *testing.T) {
	f := newFixture(t)
	retry := 2
	contact, _ := f.person("akuam", &retry, 10)
	eng := f.start(contact)
	f.runDue()
	p := f.pages(eng)[0]
	m := f.message(p.MessageID)

	// A report about another attempt changes nothing.
	if err := f.engine.ReportDelivery(f.ctx, DeliveryReport{MessageID: m.ID, ProviderID: "CA-old", Outcome: Failed, Reason: "busy"}); err != nil {
		t.Fatal(err)
	}
	if got := f.message(m.ID).Status; got != contacts.StatusSent {
		t.Fatalf("status after a stale report = %s", got)
	}
	if err := f.engine.ReportDelivery(f.ctx, DeliveryReport{MessageID: m.ID, ProviderID: m.ProviderMessageID, Outcome: Failed, Reason: "busy"}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"SENT@0s", "ERROR@0s"}, f.receipts(p)); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	if got := f.message(m.ID); got.Status != contacts.StatusPending || got.Error != "busy" {
		t.Errorf("outbox = %s %q, want PENDING (a retry is due) with the reason", got.Status, got.Error)
	}
	if diff := cmp.Diff([]string{"DELIVER@2m0s", "TRACK_STAGE@10m0s"}, f.timers()); diff != "" {
		t.Errorf("timers (-want +got):\n%s", diff)
	}
	f.advanceTo(2 * time.Minute)
	if diff := cmp.Diff([]string{"SENT@0s", "ERROR@0s", "SENT@2m0s"}, f.receipts(p)); diff != "" {
		t.Errorf("receipts after the retry (-want +got):\n%s", diff)
	}
	if n := len(f.sender.Messages()); n != 2 {
		t.Errorf("%d sends, want 2", n)
	}
	// Delivered this time.
	if err := f.engine.ReportDelivery(f.ctx, DeliveryReport{MessageID: m.ID, ProviderID: m.ProviderMessageID, Outcome: Delivered}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"SENT@0s", "ERROR@0s", "SENT@2m0s", "DELIVERED@2m0s"}, f.receipts(p)); diff != "" {
		t.Errorf("receipts after delivery (-want +got):\n%s", diff)
	}
	if got := f.message(m.ID).Status; got != contacts.StatusDelivered {
		t.Errorf("outbox status = %s, want DELIVERED", got)
	}
}

func TestReportDeliveryAfterStopRecordsNothingOnThePage(t *testing.T) {
	f := newFixture(t)
	contact, _ := f.person("akuam", nil, 10)
	eng := f.start(contact)
	f.runDue()
	if err := f.engine.StopEngagement(f.ctx, scope, eng, nil); err != nil {
		t.Fatal(err)
	}
	p := f.pages(eng)[0]
	m := f.message(p.MessageID)
	if err := f.engine.ReportDelivery(f.ctx, DeliveryReport{MessageID: m.ID, ProviderID: m.ProviderMessageID, Outcome: Undelivered, Reason: "30003 Unreachable destination handset"}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"SENT@0s"}, f.receipts(p)); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	if got := f.message(m.ID); got.Status != contacts.StatusUndelivered || got.Error != "30003 Unreachable destination handset" {
		t.Errorf("outbox = %s %q, want UNDELIVERED with the reason", got.Status, got.Error)
	}
}
