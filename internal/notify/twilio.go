package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
)

// TransportTwilio is the Result.Transport of messages sent through a
// Twilio-compatible REST API.
const TransportTwilio = "twilio"

// DefaultTwilioAPIURL is Twilio's REST API.
const DefaultTwilioAPIURL = "https://api.twilio.com"

// TwilioCallbacks names the URLs of this server that the provider calls
// about a message: its delivery status, and (calls only) the instructions
// to play when the callee answers. Both must be absolute URLs that the
// provider can reach.
type TwilioCallbacks interface {
	StatusURL(messageID string) string
	VoiceURL(messageID string) string
}

// TwilioConfig configures a Twilio sender.
type TwilioConfig struct {
	AccountSID string
	AuthToken  string
	// From is an E.164 number, or a Messaging Service SID (MG…), which
	// can send SMS only.
	From string
	// APIURL is the API's base URL: DefaultTwilioAPIURL when empty; a
	// SignalWire space's compatibility URL (https://SPACE.signalwire.com/api/laml);
	// a local fake in tests.
	APIURL    string
	Callbacks TwilioCallbacks
	// Client, Clock, AttemptTimeout, MaxAttempts, BaseDelay, MaxDelay and
	// Sleep are as in WebhookConfig, with the same defaults.
	Client         *http.Client
	Clock          clock.Clock
	AttemptTimeout time.Duration
	MaxAttempts    int
	BaseDelay      time.Duration
	MaxDelay       time.Duration
	Sleep          func(ctx context.Context, d time.Duration) error
}

// The checks below are written out rather than as regular expressions
// (`^[A-Za-z0-9_-]{1,64}$`, `^MG[0-9a-fA-F]{32}$`, `^\+[0-9]{8,15}$`),
// whose compilation at package init cost every run of the binary, the
// client commands included, about a millisecond.

// validAccountSID: 1 to 64 of [A-Za-z0-9_-].
func validAccountSID(s string) bool {
	if len(s) < 1 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// isMessagingServiceSID: "MG" and 32 hexadecimal digits.
func isMessagingServiceSID(s string) bool {
	if len(s) != 34 || s[:2] != "MG" {
		return false
	}
	for i := 2; i < len(s); i++ {
		if c := s[i]; !isDigit(c) && (c|0x20 < 'a' || c|0x20 > 'f') {
			return false
		}
	}
	return true
}

// isE164: "+" and 8 to 15 digits.
func isE164(s string) bool {
	if len(s) < 9 || len(s) > 16 || s[0] != '+' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isAlnum(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// Twilio sends SMS (Messages.json) and calls (Calls.json) through a
// Twilio-compatible REST API. It is safe for concurrent use.
type Twilio struct {
	api        string // base URL, no trailing slash
	shownAPI   string // scheme and host
	sid, token string
	from       string
	callbacks  TwilioCallbacks
	client     *http.Client
	retrier
}

// NewTwilio checks cfg and returns a sender. Its errors never repeat the
// auth token.
func NewTwilio(cfg TwilioConfig) (*Twilio, error) {
	var missing []string
	for _, f := range []struct{ name, v string }{
		{"account SID", cfg.AccountSID}, {"auth token", cfg.AuthToken}, {"From number", cfg.From},
	} {
		if f.v == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("twilio: missing %s", strings.Join(missing, ", "))
	}
	if !validAccountSID(cfg.AccountSID) {
		return nil, errors.New("twilio: the account SID may hold only letters, digits, '-' and '_'")
	}
	if !isE164(cfg.From) && !isMessagingServiceSID(cfg.From) {
		return nil, fmt.Errorf("twilio: From %q is neither an E.164 number (+12065550100) nor a Messaging Service SID (MG followed by 32 hex digits)", cfg.From)
	}
	if cfg.Callbacks == nil {
		return nil, errors.New("twilio: Callbacks are required")
	}
	api := cfg.APIURL
	if api == "" {
		api = DefaultTwilioAPIURL
	}
	u, err := url.Parse(api)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
		return nil, errors.New("twilio: the API URL must be an absolute http or https URL without a query")
	}
	t := &Twilio{
		api: strings.TrimRight(api, "/"), shownAPI: u.Scheme + "://" + u.Host,
		sid: cfg.AccountSID, token: cfg.AuthToken, from: cfg.From, callbacks: cfg.Callbacks,
		client:  cfg.Client,
		retrier: newRetrier(TransportTwilio, cfg.Clock, cfg.AttemptTimeout, cfg.MaxAttempts, cfg.BaseDelay, cfg.MaxDelay, cfg.Sleep),
	}
	if t.client == nil {
		t.client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	return t, nil
}

// CanCall reports whether the sender can place calls: only a phone
// number can be the caller, not a Messaging Service.
func (t *Twilio) CanCall() bool { return isE164(t.from) }

// Describe says where messages go, without credentials.
func (t *Twilio) Describe() string {
	return fmt.Sprintf("twilio REST API %s from %s (up to %d attempts)", t.shownAPI, t.from, t.maxAttempts)
}

// Send texts an SMS message or calls a VOICE one. The provider message ID
// is the provider's sid (SM…, CA…).
func (t *Twilio) Send(ctx context.Context, m Message) (Result, error) {
	if err := m.Validate(); err != nil {
		return Result{}, invalidMessage(TransportTwilio, err)
	}
	form := url.Values{"To": {m.Address}, "StatusCallback": {t.callbacks.StatusURL(m.ID)}}
	var resource string
	switch m.ChannelType {
	case ChannelSMS:
		resource = "Messages.json"
		if isMessagingServiceSID(t.from) {
			form.Set("MessagingServiceSid", t.from)
		} else {
			form.Set("From", t.from)
		}
		form.Set("Body", SMSText(m))
	case ChannelVoice:
		if !t.CanCall() {
			return Result{}, &Error{Transport: TransportTwilio, Permanent: true,
				Reason: "calls need a phone number as the caller, and From is a Messaging Service SID"}
		}
		resource = "Calls.json"
		form.Set("From", t.from)
		form.Set("Url", t.callbacks.VoiceURL(m.ID))
		form.Set("Method", http.MethodPost)
		// Voicemail must not pass for a person: the status callback
		// carries AnsweredBy, and a machine is a failed call.
		form.Set("MachineDetection", "Enable")
	default:
		return Result{}, &Error{Transport: TransportTwilio, Permanent: true,
			Reason: fmt.Sprintf("%s messages cannot go through a phone provider", m.ChannelType)}
	}
	body := []byte(form.Encode())
	sid, err := t.do(ctx, "POST "+t.shownAPI+" "+resource, func(ctx context.Context) (string, *failure) { return t.post(ctx, resource, body) })
	if err != nil {
		return Result{}, err
	}
	return Result{Transport: TransportTwilio, ProviderMessageID: sid}, nil
}

// twilioError is the JSON body of a Twilio API error.
type twilioError struct {
	Code     int    `json:"code"`
	Message  string `json:"message"`
	MoreInfo string `json:"more_info"`
	Status   int    `json:"status"`
}

// post makes one call to resource. It returns the created resource's sid
// on a 2xx reply, or what went wrong.
func (t *Twilio) post(parent context.Context, resource string, body []byte) (string, *failure) {
	ctx, cancel := context.WithTimeout(parent, t.attemptTimeout)
	defer cancel()
	endpoint := t.api + "/2010-04-01/Accounts/" + url.PathEscape(t.sid) + "/" + resource
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(string(body)))
	if err != nil {
		return "", &failure{what: "cannot build the request", err: err}
	}
	req.SetBasicAuth(t.sid, t.token)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "ssmcontacts-twilio/1")

	resp, err := t.client.Do(req)
	if err != nil {
		return "", t.callFailure(parent, ctx, err, t.redact)
	}
	defer resp.Body.Close()
	reply, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))

	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		var created struct {
			SID string `json:"sid"`
		}
		if json.Unmarshal(reply, &created) != nil || !validProviderID(created.SID) {
			return "", &failure{what: fmt.Sprintf("HTTP %d with no sid in the reply: %q", resp.StatusCode, excerpt(reply))}
		}
		return created.SID, nil
	}
	f := &failure{what: fmt.Sprintf("HTTP %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))}
	var te twilioError
	if json.Unmarshal(reply, &te) == nil && (te.Code != 0 || te.Message != "") {
		f.what += fmt.Sprintf(": error %d: %s", te.Code, excerpt([]byte(te.Message)))
		if te.MoreInfo != "" {
			f.what += " (" + excerpt([]byte(te.MoreInfo)) + ")"
		}
	} else if text := excerpt(reply); text != "" {
		f.what += fmt.Sprintf(": %q", text)
	}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		f.retryable = true
		f.retryAfter, f.hasRetryAfter = parseRetryAfter(resp.Header, t.clock.Now())
	}
	return "", f
}

// redact removes the auth token from an HTTP client error's text.
func (t *Twilio) redact(s string) string { return strings.ReplaceAll(s, t.token, "…") }
