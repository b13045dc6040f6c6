package e2e

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
)

const (
	fakeSID   = "AC11111111111111111111111111111111"
	fakeToken = "e2e-twilio-auth-token"
	fakeFrom  = "+12065550000"
)

// fakeTwilio is a Twilio REST API on a loopback port: it checks basic
// auth, paths and form fields, records the texts and calls it is asked
// for, answers 201 with a sid (or the scripted error for a number), and
// acts as the provider towards the server under test: status callbacks,
// fetching a call's TwiML, pressing keys, incoming texts, each signed
// with X-Twilio-Signature as the provider signs them.
type fakeTwilio struct {
	*httptest.Server
	t *testing.T

	mu      sync.Mutex
	texts   []fakeText
	calls   []fakeCall
	reject  map[string]string // To number → JSON error body, answered with 400
	nextSID int
}

// fakeText is one Messages.json request.
type fakeText struct {
	SID            string
	To, From, Body string
	StatusCallback string
}

// fakeCall is one Calls.json request.
type fakeCall struct {
	SID              string
	To, From         string
	URL              string
	Method           string
	StatusCallback   string
	MachineDetection string
}

func newFakeTwilio(t *testing.T) *fakeTwilio {
	f := &fakeTwilio{t: t, reject: map[string]string{}}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

// flags are the serve flags that deliver phones through this fake.
func (f *fakeTwilio) flags() []string {
	return []string{"--twilio-account-sid", fakeSID, "--twilio-auth-token", fakeToken, "--twilio-from", fakeFrom,
		"--twilio-api-url", f.URL}
}

func (f *fakeTwilio) serve(w http.ResponseWriter, r *http.Request) {
	user, pass, ok := r.BasicAuth()
	if !ok || user != fakeSID || pass != fakeToken {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"code": 20003, "message": "Authenticate", "status": 401}`)
		return
	}
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		f.t.Errorf("fake twilio: %s with Content-Type %q", r.Method, r.Header.Get("Content-Type"))
	}
	if err := r.ParseForm(); err != nil {
		f.t.Errorf("fake twilio: %v", err)
	}
	form := r.PostForm
	prefix := "/2010-04-01/Accounts/" + fakeSID + "/"
	f.mu.Lock()
	defer f.mu.Unlock()
	if body, ok := f.reject[form.Get("To")]; ok {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, body)
		return
	}
	f.nextSID++
	switch r.URL.Path {
	case prefix + "Messages.json":
		for _, k := range []string{"To", "From", "Body", "StatusCallback"} {
			if form.Get(k) == "" {
				f.t.Errorf("fake twilio: Messages.json without %s: %v", k, form)
			}
		}
		sid := fmt.Sprintf("SM%032d", f.nextSID)
		f.texts = append(f.texts, fakeText{SID: sid, To: form.Get("To"), From: form.Get("From"), Body: form.Get("Body"),
			StatusCallback: form.Get("StatusCallback")})
		fmt.Fprintf(w, `{"sid": %q, "status": "queued"}`, sid)
	case prefix + "Calls.json":
		for _, k := range []string{"To", "From", "Url", "StatusCallback"} {
			if form.Get(k) == "" {
				f.t.Errorf("fake twilio: Calls.json without %s: %v", k, form)
			}
		}
		sid := fmt.Sprintf("CA%032d", f.nextSID)
		f.calls = append(f.calls, fakeCall{SID: sid, To: form.Get("To"), From: form.Get("From"), URL: form.Get("Url"),
			Method: form.Get("Method"), StatusCallback: form.Get("StatusCallback"), MachineDetection: form.Get("MachineDetection")})
		fmt.Fprintf(w, `{"sid": %q, "status": "queued"}`, sid)
	default:
		f.t.Errorf("fake twilio: unexpected path %s", r.URL.Path)
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"code": 20404, "message": "The requested resource was not found", "status": 404}`)
	}
}

// textsTo returns the texts sent to a number, oldest first.
func (f *fakeTwilio) textsTo(to string) []fakeText {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeText
	for _, x := range f.texts {
		if x.To == to {
			out = append(out, x)
		}
	}
	return out
}

// callsTo returns the calls placed to a number, oldest first.
func (f *fakeTwilio) callsTo(to string) []fakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeCall
	for _, c := range f.calls {
		if c.To == to {
			out = append(out, c)
		}
	}
	return out
}

// lastText returns the newest text to a number.
func (f *fakeTwilio) lastText(to string) fakeText {
	f.t.Helper()
	texts := f.textsTo(to)
	if len(texts) == 0 {
		f.t.Fatalf("no text was sent to %s", to)
	}
	return texts[len(texts)-1]
}

// lastCall returns the newest call to a number.
func (f *fakeTwilio) lastCall(to string) fakeCall {
	f.t.Helper()
	calls := f.callsTo(to)
	if len(calls) == 0 {
		f.t.Fatalf("no call was placed to %s", to)
	}
	return calls[len(calls)-1]
}

// sign computes X-Twilio-Signature as the provider does: HMAC-SHA1 with
// the auth token over the URL and then each parameter's name and value,
// names sorted. (Written here independently of the server's code.)
func sign(token, fullURL string, form url.Values) string {
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(fullURL)
	for _, k := range keys {
		for _, v := range form[k] {
			b.WriteString(k + v)
		}
	}
	m := hmac.New(sha1.New, []byte(token))
	m.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// callback POSTs form to fullURL signed with signature sig ("sign":
// the right one) and returns the status and body.
func (f *fakeTwilio) callback(fullURL string, form url.Values, sig string) (int, string) {
	f.t.Helper()
	if sig == "sign" {
		sig = sign(fakeToken, fullURL, form)
	}
	req, err := http.NewRequest(http.MethodPost, fullURL, strings.NewReader(form.Encode()))
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if sig != "" {
		req.Header.Set("X-Twilio-Signature", sig)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// mustCallback is callback with the right signature, expecting 2xx.
func (f *fakeTwilio) mustCallback(fullURL string, form url.Values) string {
	f.t.Helper()
	code, body := f.callback(fullURL, form, "sign")
	if code/100 != 2 {
		f.t.Fatalf("POST %s: %d: %s", fullURL, code, body)
	}
	return body
}

// textStatus reports a text's delivery status (delivered, undelivered…).
func (f *fakeTwilio) textStatus(x fakeText, status, errorCode string) {
	f.t.Helper()
	form := url.Values{"MessageSid": {x.SID}, "MessageStatus": {status}, "AccountSid": {fakeSID}, "To": {x.To}, "From": {x.From}}
	if errorCode != "" {
		form.Set("ErrorCode", errorCode)
	}
	f.mustCallback(x.StatusCallback, form)
}

// callStatus reports how a call ended (completed, busy, no-answer…).
func (f *fakeTwilio) callStatus(c fakeCall, status, answeredBy string) {
	f.t.Helper()
	form := url.Values{"CallSid": {c.SID}, "CallStatus": {status}, "AccountSid": {fakeSID}, "To": {c.To}, "From": {c.From}}
	if answeredBy != "" {
		form.Set("AnsweredBy", answeredBy)
	}
	f.mustCallback(c.StatusCallback, form)
}

// answer fetches what the call says when answeredBy picks up.
func (f *fakeTwilio) answer(c fakeCall, answeredBy string) twimlDoc {
	f.t.Helper()
	if c.Method != "POST" {
		f.t.Errorf("call Method = %q, want POST", c.Method)
	}
	return parseTwiML(f.t, f.mustCallback(c.URL, url.Values{"CallSid": {c.SID}, "AccountSid": {fakeSID}, "AnsweredBy": {answeredBy},
		"CallStatus": {"in-progress"}, "To": {c.To}, "From": {c.From}}))
}

// press sends the key pressed during a <Gather> to its action.
func (f *fakeTwilio) press(c fakeCall, doc twimlDoc, digits string) twimlDoc {
	f.t.Helper()
	if len(doc.Gathers) == 0 {
		f.t.Fatalf("no <Gather> in the call's TwiML: %s", doc.raw)
	}
	return parseTwiML(f.t, f.mustCallback(doc.Gathers[0].Action, url.Values{"CallSid": {c.SID}, "AccountSid": {fakeSID},
		"Digits": {digits}, "To": {c.To}, "From": {c.From}}))
}

// sms delivers an incoming text from a number and returns the TwiML
// answer; serverURL is the server's public URL.
func (f *fakeTwilio) sms(serverURL, from, body string) twimlDoc {
	f.t.Helper()
	return parseTwiML(f.t, f.mustCallback(serverURL+"/_ssmcontacts/twilio/sms", smsForm(from, body)))
}

func smsForm(from, body string) url.Values {
	return url.Values{"MessageSid": {"SMincoming"}, "AccountSid": {fakeSID}, "From": {from}, "To": {fakeFrom}, "Body": {body}}
}

// twimlDoc is the part of TwiML the tests read.
type twimlDoc struct {
	XMLName  xml.Name `xml:"Response"`
	Says     []string `xml:"Say"`
	Messages []string `xml:"Message"`
	Gathers  []struct {
		NumDigits string   `xml:"numDigits,attr"`
		Action    string   `xml:"action,attr"`
		Says      []string `xml:"Say"`
	} `xml:"Gather"`
	Hangup *struct{} `xml:"Hangup"`
	raw    string
}

func parseTwiML(t *testing.T, body string) twimlDoc {
	t.Helper()
	var d twimlDoc
	if err := xml.Unmarshal([]byte(body), &d); err != nil {
		t.Fatalf("TwiML %q: %v", body, err)
	}
	d.raw = body
	return d
}

var codeIn6 = regexp.MustCompile(`\b[0-9]{6}\b`)

// codeInText returns the 6-digit code in a text.
func codeInText(t *testing.T, text string) string {
	t.Helper()
	code := codeIn6.FindString(text)
	if code == "" {
		t.Fatalf("no code in %q", text)
	}
	return code
}
