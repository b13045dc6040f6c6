package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
)

// clockStart is where the engagement tests' controllable clock starts.
const engageClock = "2026-01-05T09:00:00Z"

// engageT0 is that time; messages and comments call it t0.
var engageT0 = mustRFC3339(engageClock)

func mustRFC3339(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// settle returns once the work due now is done (moving the clock by
// nothing is a barrier: StartEngagement's first pages go out in the
// background).
func (s *server) settle() { s.t.Helper(); s.advance(0) }

// advanceTo moves the clock to t0+d.
func (s *server) advanceTo(d time.Duration) {
	s.t.Helper()
	s.postClock(fmt.Sprintf(`{"set": %q}`, engageT0.Add(d).Format(time.RFC3339Nano)))
}

// channelSpec is a contact channel to create.
type channelSpec struct {
	typ     types.ChannelType
	address string
	// deferred leaves the channel NOT_ACTIVATED.
	deferred bool
}

func smsChannel(addr string) channelSpec {
	return channelSpec{typ: types.ChannelTypeSms, address: addr}
}
func voiceChannel(addr string) channelSpec {
	return channelSpec{typ: types.ChannelTypeVoice, address: addr}
}
func emailChannel(addr string) channelSpec {
	return channelSpec{typ: types.ChannelTypeEmail, address: addr}
}

// person creates a personal contact with the given channels, activated
// with the codes from the outbox unless deferred, and returns the
// contact's ARN and the channels' ARNs in order. Its plan is set with
// setPlan.
func (s *server) person(c *ssmcontacts.Client, alias string, channels ...channelSpec) (string, []string) {
	s.t.Helper()
	out, err := c.CreateContact(ctx(s.t), &ssmcontacts.CreateContactInput{
		Alias: aws.String(alias), Type: types.ContactTypePersonal, Plan: &types.Plan{Stages: []types.Stage{}},
	})
	if err != nil {
		s.t.Fatal(err)
	}
	var arns []string
	for i, ch := range channels {
		created, err := c.CreateContactChannel(ctx(s.t), &ssmcontacts.CreateContactChannelInput{
			ContactId: out.ContactArn, Name: aws.String(fmt.Sprintf("%s-%d", strings.ToLower(string(ch.typ)), i)),
			Type: ch.typ, DeliveryAddress: &types.ContactChannelAddress{SimpleAddress: aws.String(ch.address)},
			DeferActivation: aws.Bool(ch.deferred),
		})
		if err != nil {
			s.t.Fatal(err)
		}
		arn := aws.ToString(created.ContactChannelArn)
		if !ch.deferred {
			if _, err := c.ActivateContactChannel(ctx(s.t), &ssmcontacts.ActivateContactChannelInput{
				ContactChannelId: aws.String(arn), ActivationCode: aws.String(s.lastCode(arn)),
			}); err != nil {
				s.t.Fatal(err)
			}
		}
		arns = append(arns, arn)
	}
	return aws.ToString(out.ContactArn), arns
}

// setPlan replaces a contact's plan.
func (s *server) setPlan(c *ssmcontacts.Client, contactARN string, stages ...types.Stage) {
	s.t.Helper()
	if _, err := c.UpdateContact(ctx(s.t), &ssmcontacts.UpdateContactInput{
		ContactId: aws.String(contactARN), Plan: &types.Plan{Stages: stages},
	}); err != nil {
		s.t.Fatal(err)
	}
}

// escalation creates an escalation plan.
func (s *server) escalation(c *ssmcontacts.Client, alias string, stages ...types.Stage) string {
	s.t.Helper()
	out, err := c.CreateContact(ctx(s.t), &ssmcontacts.CreateContactInput{
		Alias: aws.String(alias), Type: types.ContactTypeEscalation, Plan: &types.Plan{Stages: stages},
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return aws.ToString(out.ContactArn)
}

// stage builds a personal plan stage paging channels (retry nil: no
// RetryIntervalInMinutes).
func channelStage(minutes int32, retry *int32, channels ...string) types.Stage {
	st := types.Stage{DurationInMinutes: aws.Int32(minutes), Targets: []types.Target{}}
	for _, ch := range channels {
		st.Targets = append(st.Targets, types.Target{ChannelTargetInfo: &types.ChannelTargetInfo{
			ContactChannelId: aws.String(ch), RetryIntervalInMinutes: retry,
		}})
	}
	return st
}

// contactStage builds an escalation plan stage engaging contacts.
func contactStage(minutes int32, targets ...types.ContactTargetInfo) types.Stage {
	st := types.Stage{DurationInMinutes: aws.Int32(minutes), Targets: []types.Target{}}
	for _, t := range targets {
		st.Targets = append(st.Targets, types.Target{ContactTargetInfo: &t})
	}
	return st
}

func escalationTarget(contactARN string, essential bool) types.ContactTargetInfo {
	return types.ContactTargetInfo{ContactId: aws.String(contactARN), IsEssential: aws.Bool(essential)}
}

// engage starts an engagement of contactARN and returns its ARN.
func (s *server) engage(c *ssmcontacts.Client, contactARN string) string {
	s.t.Helper()
	out, err := c.StartEngagement(ctx(s.t), &ssmcontacts.StartEngagementInput{
		ContactId: aws.String(contactARN), Sender: aws.String("cli"),
		Subject: aws.String("Database down"), Content: aws.String("The primary database is unreachable."),
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return aws.ToString(out.EngagementArn)
}

// pages lists an engagement's pages, following every NextToken.
func pagesOf(t *testing.T, c *ssmcontacts.Client, engagementARN string) []types.Page {
	t.Helper()
	var out []types.Page
	p := ssmcontacts.NewListPagesByEngagementPaginator(c, &ssmcontacts.ListPagesByEngagementInput{EngagementId: aws.String(engagementARN)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Pages...)
	}
	return out
}

// receiptsOf returns a page's receipts as "TYPE@offset" (offset from t0).
func receiptsOf(t *testing.T, c *ssmcontacts.Client, pageARN string) []string {
	t.Helper()
	var out []string
	p := ssmcontacts.NewListPageReceiptsPaginator(c, &ssmcontacts.ListPageReceiptsInput{PageId: aws.String(pageARN)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Receipts {
			out = append(out, fmt.Sprintf("%s@%s", r.ReceiptType, aws.ToTime(r.ReceiptTime).Sub(engageT0)))
		}
	}
	return out
}

// pagesSent returns the outbox's page messages, oldest first, as
// "address@offset" (the service-clock time the message was created, from
// t0).
func (s *server) pagesSent() []string {
	s.t.Helper()
	msgs := s.outbox("kind=PAGE&limit=10000")
	var out []string
	for i := len(msgs) - 1; i >= 0; i-- {
		out = append(out, fmt.Sprintf("%s@%s", msgs[i].Address, mustRFC3339(msgs[i].CreatedAt).Sub(engageT0)))
	}
	return out
}

// sorted returns a sorted copy (for events that happen at the same time
// in no particular order).
func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// pageMessage returns the outbox message of a page.
func (s *server) pageMessage(pageARN string) outboxMessage {
	s.t.Helper()
	for _, m := range s.outbox("kind=PAGE&limit=10000") {
		if m.PageArn == pageARN {
			return m
		}
	}
	s.t.Fatalf("no outbox message for page %s", pageARN)
	return outboxMessage{}
}

// wantNotFound fails unless err is a ResourceNotFoundException.
func wantNotFound(t *testing.T, what string, err error) {
	t.Helper()
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Errorf("%s: err = %v, want ResourceNotFoundException", what, err)
	}
}

// wantValidation fails unless err is a ValidationException.
func wantValidation(t *testing.T, what string, err error) {
	t.Helper()
	var ve *types.ValidationException
	if !errors.As(err, &ve) {
		t.Errorf("%s: err = %v, want ValidationException", what, err)
	}
}

// webhookReceiver is a loopback webhook endpoint that records every call
// and fails the calls for page messages while failing is set: 500 with a
// Retry-After longer than the sender waits, so that each send is one call
// and the engine's retry at RetryIntervalInMinutes is what repeats it.
type webhookReceiver struct {
	*httptest.Server
	mu      sync.Mutex
	failing bool
	calls   []webhookCall
	// called receives after every call (dropped when nobody listens).
	called chan struct{}
	// While holding, page calls are announced on held and answered only
	// when release is closed.
	holding bool
	held    chan webhookCall
	release chan struct{}
}

type webhookCall struct {
	MessageID string    `json:"messageId"`
	Kind      string    `json:"kind"`
	Address   string    `json:"address"`
	PageArn   string    `json:"pageArn"`
	Subject   string    `json:"subject"`
	Body      string    `json:"body"`
	Failed    bool      `json:"-"`
	At        time.Time `json:"-"` // when the receiver got the call
}

func newWebhookReceiver(t *testing.T) *webhookReceiver {
	w := &webhookReceiver{called: make(chan struct{}, 1)}
	w.Server = httptest.NewServer(http.HandlerFunc(w.serve))
	t.Cleanup(w.Close)
	return w
}

func (w *webhookReceiver) serve(rw http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var call webhookCall
	if err := json.Unmarshal(body, &call); err != nil {
		http.Error(rw, "bad JSON", http.StatusBadRequest)
		return
	}
	w.mu.Lock()
	call.At = time.Now()
	call.Failed = w.failing && call.Kind == "PAGE"
	w.calls = append(w.calls, call)
	hold := w.holding && call.Kind == "PAGE"
	w.mu.Unlock()
	select {
	case w.called <- struct{}{}:
	default:
	}
	if hold {
		w.held <- call
		<-w.release
	}
	if call.Failed {
		rw.Header().Set("Retry-After", "3600")
		http.Error(rw, "provider unavailable", http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(rw, `{"messageId": "provider-%s"}`, call.MessageID)
}

// holdPages makes page calls wait (see webhookReceiver.holding); it
// returns the channel announcing them and the function that lets them
// all go.
func (w *webhookReceiver) holdPages() (<-chan webhookCall, func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.holding, w.held, w.release = true, make(chan webhookCall, 16), make(chan struct{})
	var once sync.Once
	release := w.release
	return w.held, func() {
		once.Do(func() {
			w.mu.Lock()
			w.holding = false
			w.mu.Unlock()
			close(release)
		})
	}
}

func (w *webhookReceiver) setFailing(v bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.failing = v
}

// pageCalls returns the calls made for page messages.
func (w *webhookReceiver) pageCalls() []webhookCall {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []webhookCall
	for _, c := range w.calls {
		if c.Kind == "PAGE" {
			out = append(out, c)
		}
	}
	return out
}

// flags returns the serve flags that deliver through this receiver.
func (w *webhookReceiver) flags() []string {
	return []string{"--webhook-url", w.URL + "/hook", "--webhook-secret", "e2e-secret"}
}
