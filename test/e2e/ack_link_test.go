package e2e

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/google/go-cmp/cmp"
)

// httpDo sends a request and returns its status and body.
func httpDo(t *testing.T, method, u string, form url.Values) (int, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	// The page lets a long ARN break after a colon on a narrow screen.
	return resp.StatusCode, strings.ReplaceAll(string(b), "<wbr>", "")
}

func httpGet(t *testing.T, u string) (int, string) {
	t.Helper()
	return httpDo(t, http.MethodGet, u, nil)
}

var (
	formAction = regexp.MustCompile(`<form method="post" action="([^"]*)">`)
	formToken  = regexp.MustCompile(`<input type="hidden" name="t" value="([^"]*)">`)
)

// confirm opens an acknowledgement link as a person would and presses the
// page's button: it submits the page's form as a browser does.
func confirm(t *testing.T, link string) (int, string) {
	t.Helper()
	code, page := httpGet(t, link)
	action, token := formAction.FindStringSubmatch(page), formToken.FindStringSubmatch(page)
	if code != http.StatusOK || action == nil || token == nil {
		t.Fatalf("opening %s: %d, no form to acknowledge with:\n%s", link, code, page)
	}
	base, _ := url.Parse(link)
	target, err := base.Parse(html.UnescapeString(action[1]))
	if err != nil {
		t.Fatal(err)
	}
	return httpDo(t, http.MethodPost, target.String(), url.Values{"t": {html.UnescapeString(token[1])}})
}

// An email page carries a signed, expiring link to the server; opening it
// shows the page, and its button acknowledges it (READ), which ends the
// contact's engagement.
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
		if code, body := httpDo(t, http.MethodPost, s.URL+"/_ssmcontacts/ack", url.Values{"t": {bad}}); code != http.StatusBadRequest {
			t.Errorf("POST %s: %d %s, want 400", name, code, body)
		}
	}
	if diff := cmp.Diff([]string{"SENT@0s"}, receiptsOf(t, c, emailPage)); diff != "" {
		t.Fatalf("receipts after bad links (-want +got):\n%s", diff)
	}

	code, body := confirm(t, link)
	if code != http.StatusOK || !strings.Contains(body, "Acknowledged at") || !strings.Contains(body, alice) {
		t.Fatalf("acknowledging with the link: %d %s", code, body)
	}
	s.advanceTo(2 * time.Minute)
	if code, body := httpGet(t, link); code != http.StatusOK || !strings.Contains(body, "Already acknowledged") || strings.Contains(body, "<form") {
		t.Errorf("opening the link again: %d %s, want 200 saying it was acknowledged, without a button", code, body)
	}
	u.RawQuery = ""
	if code, body := httpDo(t, http.MethodPost, u.String(), url.Values{"t": {token}}); code != http.StatusOK || !strings.Contains(body, "Already acknowledged") {
		t.Errorf("acknowledging again: %d %s, want 200 saying it was acknowledged", code, body)
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

// Mail security scanners and link previewers fetch every link in a
// message: fetching the link must not acknowledge the page, or software
// would stop the escalation with nobody awake.
func TestEmailAcknowledgementLinkGetDoesNotAcknowledge(t *testing.T) {
	s := start(t, options{clockStart: engageClock})
	c := s.client(account)
	alice, ch := s.person(c, "alice", emailChannel("alice@example.com"))
	s.setPlan(c, alice, channelStage(5, nil, ch[0]), channelStage(5, nil, ch[0]), channelStage(5, nil, ch[0]))
	eng := s.engage(c, alice)
	s.settle()
	page := aws.ToString(pagesOf(t, c, eng)[0].PageArn)
	link := s.pageMessage(page).AckURL

	s.advanceTo(time.Minute)
	for _, method := range []string{http.MethodGet, http.MethodGet, http.MethodHead} {
		code, body := httpDo(t, method, link, nil)
		if code != http.StatusOK {
			t.Fatalf("%s %s: %d %s", method, link, code, body)
		}
		if method == http.MethodGet && (!strings.Contains(body, "Database down") || !strings.Contains(body, alice) || !strings.Contains(body, ">Acknowledge</button>")) {
			t.Errorf("the page does not say what it acknowledges, or has no button:\n%s", body)
		}
	}
	if diff := cmp.Diff([]string{"SENT@0s"}, receiptsOf(t, c, page)); diff != "" {
		t.Errorf("receipts after GET, GET, HEAD (-want +got):\n%s", diff)
	}
	p, err := c.DescribePage(ctx(t), &ssmcontacts.DescribePageInput{PageId: aws.String(page)})
	if err != nil {
		t.Fatal(err)
	}
	if p.ReadTime != nil {
		t.Errorf("ReadTime = %v after GET, GET, HEAD, want none", p.ReadTime)
	}
	s.advanceTo(5 * time.Minute)
	if n := len(pagesOf(t, c, eng)); n != 2 {
		t.Fatalf("%d pages at t0+5m, want 2: the escalation must go on after the link was only fetched", n)
	}

	s.advanceTo(6 * time.Minute)
	if code, body := confirm(t, link); code != http.StatusOK || !strings.Contains(body, "Acknowledged at") {
		t.Fatalf("pressing Acknowledge: %d %s", code, body)
	}
	if diff := cmp.Diff([]string{"SENT@0s", "READ@6m0s"}, receiptsOf(t, c, page)); diff != "" {
		t.Errorf("receipts after pressing Acknowledge (-want +got):\n%s", diff)
	}
	s.advanceTo(time.Hour)
	if n := len(pagesOf(t, c, eng)); n != 2 {
		t.Errorf("%d pages, want 2: stage 2 must not start after alice acknowledged", n)
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
	u, _ := url.Parse(link)
	token := u.Query().Get("t")
	u.RawQuery = ""
	if code, body := httpDo(t, http.MethodPost, u.String(), url.Values{"t": {token}}); code != http.StatusBadRequest || !strings.Contains(body, "expired") {
		t.Errorf("acknowledging with a link older than 7 days: %d %s, want 400 saying it expired", code, body)
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
