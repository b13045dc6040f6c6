package e2e

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/google/go-cmp/cmp"
)

// The phone tests run the real binary against fakeTwilio: texts and calls
// go out over HTTP to the fake, and the fake calls the server back as the
// provider would, signed.

func startWithTwilio(t *testing.T, extra ...string) (*server, *fakeTwilio) {
	t.Helper()
	tw := newFakeTwilio(t)
	s := start(t, options{clockStart: engageClock, extra: append(tw.flags(), extra...)})
	return s, tw
}

// TestTwilioActivationBySMSAndByCall: activation codes arrive as a text
// and as a call that reads the digits twice; both activate their channel.
func TestTwilioActivationBySMSAndByCall(t *testing.T) {
	s, tw := startWithTwilio(t)
	c := s.client(account)
	contact := createPersonal(t, c, "akuam")
	sms := createChannel(t, c, contact, types.ChannelTypeSms, "+12065550100")
	voice := createChannel(t, c, contact, types.ChannelTypeVoice, "+12065550101")
	s.deliverDue()

	text := tw.lastText("+12065550100")
	code := codeInText(t, text.Body)
	if want := "ssmcontacts code " + code + " for my SMS. Expires in 15 min."; text.Body != want {
		t.Errorf("activation text = %q, want %q", text.Body, want)
	}
	if text.From != fakeFrom || !strings.HasPrefix(text.StatusCallback, s.URL+"/_ssmcontacts/twilio/status?") {
		t.Errorf("text From %q StatusCallback %q", text.From, text.StatusCallback)
	}
	out := s.outbox("channelArn=" + sms)[0]
	if out.Status != "SENT" || out.Transport != "twilio" || out.ProviderMessageID != text.SID {
		t.Errorf("outbox = %+v, want SENT through twilio with the sid %s", out, text.SID)
	}
	if err := activateChannel(t, c, sms, code); err != nil {
		t.Fatalf("activate with the texted code: %v", err)
	}

	call := tw.lastCall("+12065550101")
	if call.From != fakeFrom || call.MachineDetection != "Enable" || !strings.HasPrefix(call.URL, s.URL+"/_ssmcontacts/twilio/voice?") {
		t.Errorf("call = %+v", call)
	}
	doc := tw.answer(call, "human")
	spoken := strings.Join(doc.Says, " ")
	voiceCode := s.outbox("channelArn=" + voice)[0].Code
	digits := strings.Join(strings.Split(voiceCode, ""), ", ") + "."
	if strings.Count(spoken, digits) != 2 || doc.Hangup == nil {
		t.Errorf("the call does not read %q twice and hang up: %s", digits, doc.raw)
	}
	if err := activateChannel(t, c, voice, strings.NewReplacer(", ", "", ".", "").Replace(digits)); err != nil {
		t.Fatalf("activate with the spoken code: %v", err)
	}
	tw.textStatus(text, "delivered", "")
	if got := s.outbox("channelArn=" + sms)[0].Status; got != "DELIVERED" {
		t.Errorf("outbox status after the delivery report = %s, want DELIVERED", got)
	}
}

// TestTwilioPageAcknowledgedBySMSReply: an essential contact's reply with
// the code stops the escalation, as AcceptPage does.
func TestTwilioPageAcknowledgedBySMSReply(t *testing.T) {
	s, tw := startWithTwilio(t)
	c := s.client(account)
	akua, akuaCh := s.person(c, "akuam", smsChannel("+12065550100"))
	s.setPlan(c, akua, channelStage(10, nil, akuaCh[0]))
	kwame, kwameCh := s.person(c, "kwame", smsChannel("+12065550199"))
	s.setPlan(c, kwame, channelStage(10, nil, kwameCh[0]))
	plan := s.escalation(c, "oncall", contactStage(5, escalationTarget(akua, true)), contactStage(5, escalationTarget(kwame, false)))
	eng := s.engage(c, plan)
	s.settle()

	text := tw.lastText("+12065550100")
	page := pagesOf(t, c, eng)[0]
	code := s.pageMessage(aws.ToString(page.PageArn)).Code
	if want := "ssmcontacts page from cli: Database down. Reply " + code + " to acknowledge."; text.Body != want {
		t.Errorf("page text = %q, want %q", text.Body, want)
	}
	tw.textStatus(text, "delivered", "")

	// Another number cannot acknowledge it, even with the code.
	if got := tw.sms(s.URL, "+12065550199", code).Messages; !cmp.Equal(got, []string{"You have no open pages."}) {
		t.Errorf("reply from another number = %q", got)
	}
	got := tw.sms(s.URL, "+12065550100", "ack "+code).Messages
	if want := []string{"Acknowledged: Database down (from cli)."}; !cmp.Equal(got, want) {
		t.Errorf("reply = %q, want %q", got, want)
	}
	if diff := cmp.Diff([]string{"SENT@0s", "DELIVERED@0s", "READ@0s"}, receiptsOf(t, c, aws.ToString(page.PageArn))); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	s.advance(30 * time.Minute)
	if n := len(tw.textsTo("+12065550199")); n != 1 { // its activation code only
		t.Errorf("kwame got %d texts, want only the activation code: the escalation should have stopped", n)
	}
	if len(pagesOf(t, c, eng)) != 1 {
		t.Errorf("pages = %d, want 1", len(pagesOf(t, c, eng)))
	}
	// A second reply finds nothing open.
	if got := tw.sms(s.URL, "+12065550100", "ACK").Messages; !cmp.Equal(got, []string{"You have no open pages."}) {
		t.Errorf("second reply = %q", got)
	}
}

// TestTwilioPageAcknowledgedByKeypress: the call says the page and asks
// for 1; another key repeats it; 1 acknowledges.
func TestTwilioPageAcknowledgedByKeypress(t *testing.T) {
	s, tw := startWithTwilio(t)
	c := s.client(account)
	akua, ch := s.person(c, "akuam", voiceChannel("+12065550101"))
	s.setPlan(c, akua, channelStage(10, nil, ch[0]), channelStage(10, nil, ch[0]))
	eng := s.engage(c, akua)
	s.settle()

	call := tw.lastCall("+12065550101")
	doc := tw.answer(call, "human")
	want := "This is ssmcontacts with a page from cli. Database down. The primary database is unreachable. Press 1 to acknowledge."
	if len(doc.Gathers) != 2 || doc.Gathers[0].NumDigits != "1" || !cmp.Equal(doc.Gathers[0].Says, []string{want}) ||
		!cmp.Equal(doc.Gathers[1].Says, []string{want}) || !cmp.Equal(doc.Says, []string{"Goodbye."}) {
		t.Errorf("call TwiML:\n%s", doc.raw)
	}
	again := tw.press(call, doc, "2")
	if len(again.Gathers) != 2 {
		t.Errorf("another key does not repeat the page:\n%s", again.raw)
	}
	done := tw.press(call, again, "1")
	if !cmp.Equal(done.Says, []string{"The page is acknowledged. Thank you. Goodbye."}) {
		t.Errorf("after 1:\n%s", done.raw)
	}
	tw.callStatus(call, "completed", "human")
	page := pagesOf(t, c, eng)[0]
	if diff := cmp.Diff([]string{"SENT@0s", "READ@0s"}, receiptsOf(t, c, aws.ToString(page.PageArn))); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	s.advance(30 * time.Minute)
	if n := len(tw.callsTo("+12065550101")); n != 2 { // the activation call and the page
		t.Errorf("%d calls, want 2: the second stage should not call", n)
	}
	out, err := c.DescribeEngagement(ctx(t), &ssmcontacts.DescribeEngagementInput{EngagementId: aws.String(eng)})
	if err != nil || out.StopTime == nil {
		t.Errorf("engagement not stopped: %v %v", out, err)
	}
	// The call fetched again (a late retry of the provider) says it is over.
	if doc := tw.answer(call, "human"); len(doc.Gathers) != 0 {
		t.Errorf("a closed page still asks for a key:\n%s", doc.raw)
	}
}

// TestTwilioFailedCallRetriedPerPlan: busy, no answer and voicemail are
// ERROR receipts, each followed by a call RetryIntervalInMinutes later.
func TestTwilioFailedCallRetriedPerPlan(t *testing.T) {
	s, tw := startWithTwilio(t)
	c := s.client(account)
	akua, ch := s.person(c, "akuam", voiceChannel("+12065550101"))
	s.setPlan(c, akua, channelStage(10, aws.Int32(2), ch[0]))
	eng := s.engage(c, akua)
	s.settle()

	for i, end := range []struct{ status, answeredBy string }{{"busy", ""}, {"no-answer", ""}, {"completed", "machine_end_beep"}} {
		calls := tw.callsTo("+12065550101")
		if len(calls) != i+2 { // the activation call, then one per attempt
			t.Fatalf("attempt %d: %d calls", i+1, len(calls))
		}
		tw.callStatus(calls[len(calls)-1], end.status, end.answeredBy)
		s.advance(2 * time.Minute)
	}
	page := aws.ToString(pagesOf(t, c, eng)[0].PageArn)
	want := []string{"SENT@0s", "ERROR@0s", "SENT@2m0s", "ERROR@2m0s", "SENT@4m0s", "ERROR@4m0s", "SENT@6m0s"}
	if diff := cmp.Diff(want, receiptsOf(t, c, page)); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	out, err := c.ListPageReceipts(ctx(t), &ssmcontacts.ListPageReceiptsInput{PageId: aws.String(page)})
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	for _, r := range out.Receipts {
		if r.ReceiptType == types.ReceiptTypeError {
			reasons = append(reasons, aws.ToString(r.ReceiptInfo))
		}
	}
	wantReasons := []string{"call busy", "call not answered", "call answered by a machine (machine_end_beep): voicemail is not an answer"}
	if diff := cmp.Diff(wantReasons, reasons); diff != "" {
		t.Errorf("ERROR reasons (-want +got):\n%s", diff)
	}
	if msg := s.pageMessage(page); msg.Attempts != 4 || msg.Status != "SENT" {
		t.Errorf("outbox = %+v, want the fourth attempt SENT", msg)
	}
}

// TestTwilioProviderErrorRecorded: a 400 from the provider fails the
// message at once, with the provider's code and message on the outbox
// entry and the page's ERROR receipt.
func TestTwilioProviderErrorRecorded(t *testing.T) {
	s, tw := startWithTwilio(t)
	tw.reject["+15005550001"] = `{"code": 21211, "message": "The 'To' number +15005550001 is not a valid phone number.", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}`
	c := s.client(account)
	contact := createPersonal(t, c, "akuam")
	arn := createChannel(t, c, contact, types.ChannelTypeSms, "+15005550001")
	s.deliverDue()
	out := s.outbox("channelArn=" + arn)[0]
	if out.Status != "FAILED" || out.Attempts != 1 || out.Transport != "twilio" ||
		!strings.Contains(out.Error, "HTTP 400 Bad Request: error 21211: The 'To' number +15005550001 is not a valid phone number.") {
		t.Errorf("outbox = %+v, want FAILED after one attempt with the provider's error", out)
	}
	if strings.Contains(out.Error, fakeToken) || strings.Contains(out.Error, fakeSID) {
		t.Errorf("the error carries credentials: %q", out.Error)
	}
}

// TestTwilioStopAndStart: STOP deactivates the number's SMS channels;
// START sends a new activation code.
func TestTwilioStopAndStart(t *testing.T) {
	s, tw := startWithTwilio(t)
	c := s.client(account)
	_, ch := s.person(c, "akuam", smsChannel("+12065550100"))
	if got := activationStatus(t, c, ch[0]); got != types.ActivationStatusActivated {
		t.Fatalf("status = %s", got)
	}
	stop := tw.sms(s.URL, "+12065550100", "STOP")
	if !cmp.Equal(stop.Messages, []string{"You will get no more texts from ssmcontacts on this number. Reply START to get them again."}) {
		t.Errorf("STOP answer: %s", stop.raw)
	}
	if got := activationStatus(t, c, ch[0]); got != types.ActivationStatusNotActivated {
		t.Errorf("after STOP: %s, want NOT_ACTIVATED", got)
	}
	before := len(tw.textsTo("+12065550100"))
	start := tw.sms(s.URL, "+12065550100", "start")
	if !cmp.Equal(start.Messages, []string{"New activation codes are on their way. Enter one to activate your contact channel again."}) {
		t.Errorf("START answer: %s", start.raw)
	}
	s.deliverDue()
	texts := tw.textsTo("+12065550100")
	if len(texts) != before+1 {
		t.Fatalf("%d texts after START, want %d", len(texts), before+1)
	}
	if err := activateChannel(t, c, ch[0], codeInText(t, texts[len(texts)-1].Body)); err != nil {
		t.Errorf("activate with the code START sent: %v", err)
	}
	help := tw.sms(s.URL, "+12065550100", "what?")
	if len(help.Messages) != 1 || !strings.Contains(help.Messages[0], "reply with a page's code") {
		t.Errorf("help: %s", help.raw)
	}
}

// TestTwilioBadSignaturesRefused: callbacks without the provider's
// signature, or with a wrong one, get 403 and change nothing.
func TestTwilioBadSignaturesRefused(t *testing.T) {
	s, tw := startWithTwilio(t)
	c := s.client(account)
	akua, ch := s.person(c, "akuam", smsChannel("+12065550100"), voiceChannel("+12065550101"))
	s.setPlan(c, akua, channelStage(10, nil, ch[0], ch[1]))
	eng := s.engage(c, akua)
	s.settle()
	text, call := tw.lastText("+12065550100"), tw.lastCall("+12065550101")
	code := codeInText(t, text.Body)

	smsURL := s.URL + "/_ssmcontacts/twilio/sms"
	status := url.Values{"MessageSid": {text.SID}, "MessageStatus": {"failed"}, "ErrorCode": {"30008"}}
	keypress := url.Values{"CallSid": {call.SID}, "Digits": {"1"}}
	for _, tc := range []struct {
		name, url string
		form      url.Values
	}{
		{"sms", smsURL, smsForm("+12065550100", code)},
		{"status", text.StatusCallback, status},
		{"voice", call.URL, keypress},
	} {
		for sigName, sig := range map[string]string{
			"missing":     "",
			"wrong token": sign("not-the-token", tc.url, tc.form),
			"other URL":   sign(fakeToken, tc.url+"&x=1", tc.form),
		} {
			if code, body := tw.callback(tc.url, tc.form, sig); code != http.StatusForbidden {
				t.Errorf("%s with a %s signature: %d %s, want 403", tc.name, sigName, code, body)
			}
		}
	}
	// A voice URL edited to name another message is refused even when
	// the provider signs it.
	edited := strings.Replace(call.URL, "m=", "m=x", 1)
	if code, _ := tw.callback(edited, keypress, "sign"); code != http.StatusForbidden {
		t.Errorf("edited voice URL: %d, want 403", code)
	}
	for _, p := range pagesOf(t, c, eng) {
		if got := receiptsOf(t, c, aws.ToString(p.PageArn)); !cmp.Equal(got, []string{"SENT@0s"}) {
			t.Errorf("page %s receipts = %v, want SENT only", aws.ToString(p.PageArn), got)
		}
	}
	if got := s.outbox("channelArn=" + ch[0] + "&kind=PAGE")[0].Status; got != "SENT" {
		t.Errorf("outbox status = %s, want SENT", got)
	}
}

// TestInboundGatewayReply: any gateway acknowledges through
// /_ssmcontacts/inbound, signed as our webhooks are.
func TestInboundGatewayReply(t *testing.T) {
	hook := newWebhookReceiver(t)
	s := start(t, options{clockStart: engageClock, extra: hook.flags()})
	c := s.client(account)
	akua, ch := s.person(c, "akuam", smsChannel("+12065550100"))
	s.setPlan(c, akua, channelStage(10, nil, ch[0]))
	eng := s.engage(c, akua)
	s.settle()
	page := aws.ToString(pagesOf(t, c, eng)[0].PageArn)

	post := func(secret string, body string) (int, string) {
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		m := hmac.New(sha256.New, []byte(secret))
		io.WriteString(m, ts+"."+body)
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/_ssmcontacts/inbound", bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Ssmcontacts-Timestamp", ts)
		req.Header.Set("X-Ssmcontacts-Signature", "sha256="+hex.EncodeToString(m.Sum(nil)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, _ := post("wrong-secret", `{"from": "+12065550100", "body": "ACK"}`); status != http.StatusForbidden {
		t.Errorf("wrong secret: %d, want 403", status)
	}
	if got := receiptsOf(t, c, page); !cmp.Equal(got, []string{"SENT@0s"}) {
		t.Errorf("receipts after a refused call = %v", got)
	}
	status, body := post("e2e-secret", `{"from": "+12065550100", "body": "ACK"}`)
	var reply struct {
		Reply string `json:"reply"`
	}
	if status != http.StatusOK || json.Unmarshal([]byte(body), &reply) != nil || reply.Reply != "Acknowledged: Database down (from cli)." {
		t.Errorf("inbound ACK: %d %s", status, body)
	}
	if diff := cmp.Diff([]string{"SENT@0s", "READ@0s"}, receiptsOf(t, c, page)); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	out, err := c.ListPageReceipts(ctx(t), &ssmcontacts.ListPageReceiptsInput{PageId: aws.String(page)})
	if err != nil {
		t.Fatal(err)
	}
	if info := aws.ToString(out.Receipts[len(out.Receipts)-1].ReceiptInfo); info != "Acknowledged by reply from +12065550100" {
		t.Errorf("READ receipt info = %q", info)
	}
}
