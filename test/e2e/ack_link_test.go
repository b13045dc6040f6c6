package e2e

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/google/go-cmp/cmp"
)

// get fetches a URL and returns its status and body.
func httpGet(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// An email page carries a signed, expiring link to the server; opening it
// acknowledges the page (READ), which ends the contact's engagement.
func TestEmailAcknowledgementLink(t *testing.T) {
	s := start(t, options{clockStart: engageClock})
	c := s.client(account)
	alice, ch := s.person(c, "alice", emailChannel("alice@example.com"), smsChannel("+12065550100"))
	s.setPlan(c, alice, channelStage(5, nil, ch...), channelStage(5, nil, ch...))
	eng := s.engage(c, alice)
	s.settle()

	var emailPage string
	for _, p := range pagesOf(t, c, eng) {
		m := s.pageMessage(aws.ToString(p.PageArn))
		if m.ChannelType == "SMS" && m.AckURL != "" {
			t.Errorf("the SMS page has an acknowledgement link")
		}
		if m.ChannelType == "EMAIL" {
			emailPage = m.PageArn
		}
	}
	link := s.pageMessage(emailPage).AckURL
	if !strings.HasPrefix(link, s.URL+"/_ssmcontacts/ack?t=") {
		t.Fatalf("AckURL = %q, want a link to this server's /_ssmcontacts/ack", link)
	}

	s.advanceTo(time.Minute)
	u, _ := url.Parse(link)
	token := u.Query().Get("t")
	for name, bad := range map[string]string{
		"altered signature": alterAt(token, strings.Index(token, ".")+1),
		"altered claims":    alterAt(token, 3),
		"no token":          "",
		"garbage":           "not-a-token",
	} {
		if code, body := httpGet(t, s.URL+"/_ssmcontacts/ack?t="+url.QueryEscape(bad)); code != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", name, code, body)
		}
	}
	if diff := cmp.Diff([]string{"SENT@0s"}, receiptsOf(t, c, emailPage)); diff != "" {
		t.Fatalf("receipts after bad links (-want +got):\n%s", diff)
	}

	code, body := httpGet(t, link)
	if code != http.StatusOK || !strings.Contains(body, "Acknowledged") || !strings.Contains(body, emailPage) {
		t.Fatalf("opening the link: %d %s", code, body)
	}
	s.advanceTo(2 * time.Minute)
	if code, _ := httpGet(t, link); code != http.StatusOK {
		t.Errorf("opening the link again: %d, want 200", code)
	}
	r, err := c.ListPageReceipts(ctx(t), &ssmcontacts.ListPageReceiptsInput{PageId: aws.String(emailPage)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, rc := range r.Receipts {
		got = append(got, string(rc.ReceiptType)+"@"+aws.ToTime(rc.ReceiptTime).Sub(engageT0).String()+" "+aws.ToString(rc.ReceiptInfo))
	}
	msg := s.pageMessage(emailPage)
	want := []string{"SENT@0s " + msg.ID, "READ@1m0s Acknowledged with the link in the email"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	p, err := c.DescribePage(ctx(t), &ssmcontacts.DescribePageInput{PageId: aws.String(emailPage)})
	if err != nil {
		t.Fatal(err)
	}
	if !aws.ToTime(p.ReadTime).Equal(engageT0.Add(time.Minute)) || !aws.ToTime(p.DeliveryTime).Equal(engageT0.Add(time.Minute)) {
		t.Errorf("ReadTime %v DeliveryTime %v, want both t0+1m", p.ReadTime, p.DeliveryTime)
	}
	d, err := c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(eng)})
	if err != nil {
		t.Fatal(err)
	}
	if !aws.ToTime(d.StopTime).Equal(engageT0.Add(time.Minute)) {
		t.Errorf("StopTime = %v, want the acknowledgement at t0+1m", d.StopTime)
	}
	s.advanceTo(time.Hour)
	if n := len(pagesOf(t, c, eng)); n != 2 {
		t.Errorf("%d pages, want 2: stage 1 must not start after alice acknowledged", n)
	}
}

func TestEmailAcknowledgementLinkExpires(t *testing.T) {
	s := start(t, options{clockStart: engageClock})
	c := s.client(account)
	alice, ch := s.person(c, "alice", emailChannel("alice@example.com"))
	s.setPlan(c, alice, channelStage(30, nil, ch[0]))
	eng := s.engage(c, alice)
	s.settle()
	page := aws.ToString(pagesOf(t, c, eng)[0].PageArn)
	link := s.pageMessage(page).AckURL

	s.advanceTo(7*24*time.Hour + time.Second)
	code, body := httpGet(t, link)
	if code != http.StatusBadRequest || !strings.Contains(body, "expired") {
		t.Errorf("a link older than 7 days: %d %s, want 400 saying it expired", code, body)
	}
	if diff := cmp.Diff([]string{"SENT@0s"}, receiptsOf(t, c, page)); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
}

// alter changes the character at i, keeping to the base64url alphabet.
func alterAt(s string, i int) string {
	b := []byte(s)
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}
