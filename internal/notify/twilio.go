package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
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

var (
	accountSIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	messagingService  = regexp.MustCompile(`^MG[0-9a-fA-F]{32}$`)
	e164Pattern       = regexp.MustCompile(`^\+[0-9]{8,15}$`)
)

// Twilio sends SMS (Messages.json) and calls (Calls.json) through a
// Twilio-compatible REST API. It is safe for concurrent use.
type Twilio struct {
	api            string // base URL, no trailing slash
	shownAPI       string // scheme and host
	sid, token     string
	from           string
	callbacks      TwilioCallbacks
	client         *http.Client
	clock          clock.Clock
	attemptTimeout time.Duration
	maxAttempts    int
	baseDelay      time.Duration
	maxDelay       time.Duration
	sleep          func(ctx context.Context, d time.Duration) error
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
	if !accountSIDPattern.MatchString(cfg.AccountSID) {
		return nil, errors.New("twilio: the account SID may hold only letters, digits, '-' and '_'")
	}
	if !e164Pattern.MatchString(cfg.From) && !messagingService.MatchString(cfg.From) {
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
		client: cfg.Client, clock: cfg.Clock,
		attemptTimeout: orDefault(cfg.AttemptTimeout, 10*time.Second),
		maxAttempts:    cfg.MaxAttempts,
		baseDelay:      orDefault(cfg.BaseDelay, 500*time.Millisecond),
		maxDelay:       orDefault(cfg.MaxDelay, 30*time.Second),
		sleep:          cfg.Sleep,
	}
	if t.client == nil {
		t.client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if t.clock == nil {
		t.clock = clock.Real{}
	}
	if t.maxAttempts <= 0 {
		t.maxAttempts = 4
	}
	if t.sleep == nil {
		t.sleep = sleep
	}
	return t, nil
}

// CanCall reports whether the sender can place calls: only a phone
// number can be the caller, not a Messaging Service.
func (t *Twilio) CanCall() bool { return e164Pattern.MatchString(t.from) }

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
		if messagingService.MatchString(t.from) {
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
	for attempt := 1; ; attempt++ {
		sid, f := t.post(ctx, resource, body)
		if f == nil {
			return Result{Transport: TransportTwilio, ProviderMessageID: sid}, nil
		}
		wait, stop := t.nextWait(ctx, resource, attempt, f)
		if stop != nil {
			return Result{}, stop
		}
		if err := t.sleep(ctx, wait); err != nil {
			return Result{}, t.giveUp(resource, f, attempt, contextReason(err)+" while waiting to retry", err)
		}
	}
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
		return "", t.callFailure(parent, ctx, err)
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

// nextWait decides whether to try again, as Webhook does.
func (t *Twilio) nextWait(ctx context.Context, resource string, attempt int, f *failure) (time.Duration, *Error) {
	switch {
	case ctx.Err() != nil:
		why := contextReason(ctx.Err())
		if errors.Is(f.err, ctx.Err()) {
			why = ""
		}
		return 0, t.giveUp(resource, f, attempt, why, ctx.Err())
	case !f.retryable:
		e := t.giveUp(resource, f, attempt, "", nil)
		e.Permanent = true
		return 0, e
	case attempt >= t.maxAttempts:
		return 0, t.giveUp(resource, f, attempt, "", nil)
	case f.hasRetryAfter && f.retryAfter > t.maxDelay:
		e := t.giveUp(resource, f, attempt, fmt.Sprintf("asked to retry after %s, longer than this sender waits", f.retryAfter), nil)
		e.RetryAfter = f.retryAfter
		return 0, e
	case f.hasRetryAfter:
		return f.retryAfter, nil
	}
	return backoff(attempt, t.baseDelay, t.maxDelay), nil
}

func (t *Twilio) giveUp(resource string, f *failure, attempts int, why string, cause error) *Error {
	msg := fmt.Sprintf("POST %s %s: %s (", t.shownAPI, resource, f.what)
	if why != "" {
		msg += why + "; "
	}
	if attempts == 1 {
		msg += "1 attempt)"
	} else {
		msg += strconv.Itoa(attempts) + " attempts)"
	}
	if cause == nil {
		cause = f.err
	}
	return &Error{Transport: TransportTwilio, Reason: msg, Err: cause}
}

// callFailure describes an error from the HTTP client without the URL
// (which names the account).
func (t *Twilio) callFailure(parent, attempt context.Context, err error) *failure {
	switch {
	case parent.Err() != nil:
		return &failure{what: contextReason(parent.Err()), err: parent.Err()}
	case attempt.Err() != nil:
		return &failure{what: "no response within " + t.attemptTimeout.String(), retryable: true, err: attempt.Err()}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	text := strings.ReplaceAll(err.Error(), t.token, "…")
	return &failure{what: excerpt([]byte(text)), retryable: true, err: err}
}
