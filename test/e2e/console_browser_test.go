package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// consoleClock is Monday 2 March 2026, 08:00 in London (GMT).
const consoleClock = "2026-03-02T08:00:00Z"

// chromium finds a Chromium or Chrome binary, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium: install Debian's chromium package (.ci/run does) to run the console's browser tests")
	return ""
}

// screenshotDir is where the browser tests save their screenshots:
// $SSMCONTACTS_SCREENSHOTS, else a directory under the system's temp.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("SSMCONTACTS_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "ssmcontacts-console-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browserTab is a headless Chromium tab in the Europe/London zone.
type browserTab struct {
	t    *testing.T
	ctx  context.Context
	base string
	dir  string
}

func newBrowser(t *testing.T, base string) *browserTab {
	exe := chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1280, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTime(); cancelCtx(); cancelAlloc() })
	b := &browserTab{t: t, ctx: ctx, base: base, dir: screenshotDir(t)}
	b.run(emulation.SetTimezoneOverride("Europe/London"))
	return b
}

func (b *browserTab) run(actions ...chromedp.Action) {
	b.t.Helper()
	if err := chromedp.Run(b.ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

// text is the text of the first element matching sel, its white space
// collapsed.
func (b *browserTab) text(sel string) string {
	b.t.Helper()
	var s string
	b.run(chromedp.TextContent(sel, &s, chromedp.ByQuery))
	return strings.Join(strings.Fields(s), " ")
}

// shoot saves full-page screenshots at phone (390 px) and desktop
// (1280 px) widths.
func (b *browserTab) shoot(name string) {
	b.t.Helper()
	for _, size := range []struct {
		label string
		w, h  int64
		phone bool
	}{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		var png []byte
		b.run(
			chromedp.EmulateViewport(size.w, size.h, func(p *emulation.SetDeviceMetricsOverrideParams, _ *emulation.SetTouchEmulationEnabledParams) {
				p.Mobile = size.phone
			}),
			chromedp.Sleep(50*time.Millisecond), // let the layout settle after the resize
			chromedp.FullScreenshot(&png, 100),
		)
		path := filepath.Join(b.dir, fmt.Sprintf("%s-%s.png", name, size.label))
		if err := os.WriteFile(path, png, 0o644); err != nil {
			b.t.Fatal(err)
		}
		b.t.Logf("screenshot %s", path)
	}
	b.run(chromedp.EmulateViewport(1280, 900))
}

func (b *browserTab) open(path string) {
	b.t.Helper()
	b.run(chromedp.Navigate(b.base+path), chromedp.WaitReady("main", chromedp.ByQuery))
}

// submit clicks a button and waits for the next page's flash message.
func (b *browserTab) submit(button string) string {
	b.t.Helper()
	b.run(chromedp.Click(button, chromedp.ByQuery), chromedp.WaitVisible(".flash, .problem, .field-error", chromedp.ByQuery))
	return b.text("main")
}

// seedConsole creates, in the test account: alice (an activated email
// channel, paged at once and again after 5 minutes), bob (an email channel
// created with DeferActivation, as Terraform creates them), a daily
// rotation of the two in Europe/London handing off at 09:00, and an
// on-call schedule over it.
func seedConsole(s *server, c *ssmcontacts.Client) (alice, bob, bobEmail, rotation string) {
	t := s.t
	var chans []string
	alice, chans = s.person(c, "alice", emailChannel("alice@example.com"))
	s.setPlan(c, alice, channelStage(5, aws.Int32(1), chans[0]), channelStage(5, nil, chans[0]))
	bob, chans = s.person(c, "bob", channelSpec{typ: types.ChannelTypeEmail, address: "bob@example.com", deferred: true})
	bobEmail = chans[0]
	out, err := c.CreateRotation(ctx(t), &ssmcontacts.CreateRotationInput{
		Name: aws.String("payments-primary"), ContactIds: []string{alice, bob}, TimeZoneId: aws.String("Europe/London"),
		StartTime: aws.Time(mustRFC3339("2026-03-01T09:00:00Z")),
		Recurrence: &types.RecurrenceSettings{NumberOfOnCalls: aws.Int32(1), RecurrenceMultiplier: aws.Int32(1),
			DailySettings: []types.HandOffTime{{HourOfDay: 9, MinuteOfHour: 0}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	rotation = aws.ToString(out.RotationArn)
	if _, err := c.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{
		Alias: aws.String("payments-oncall"), DisplayName: aws.String("Payments on call"), Type: types.ContactTypeOncallSchedule,
		Plan: &types.Plan{RotationIds: []string{rotation}},
	}); err != nil {
		t.Fatal(err)
	}
	return alice, bob, bobEmail, rotation
}

func TestConsoleInBrowser(t *testing.T) {
	chromium(t)
	s := start(t, options{clockStart: consoleClock})
	c := s.client(account)
	alice, bob, bobEmail, rotation := seedConsole(s, c)
	b := newBrowser(t, s.URL)

	// Sign in with the test key: who is on call now.
	b.open("/console/")
	b.run(chromedp.WaitVisible("#key", chromedp.ByQuery))
	b.shoot("signin")
	b.run(
		chromedp.SendKeys("#key", "test", chromedp.ByQuery),
		chromedp.SendKeys("#secret", "test", chromedp.ByQuery),
		chromedp.SetValue("#region", region, chromedp.ByQuery),
		chromedp.Click(`form.card:not(.builtin) button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible("#rot-h", chromedp.ByQuery),
	)
	now := b.text("main")
	for _, want := range []string{"payments-primary", "On call now alice", "Next hand-off bob at Mon 2 Mar 09:00 GMT", "No engagement is open."} {
		if !strings.Contains(now, want) {
			t.Errorf("Now view lacks %q:\n%s", want, now)
		}
	}
	if zone := b.text(".zone"); !strings.Contains(zone, "Europe/London") {
		t.Errorf("zone line %q: want the browser's zone, Europe/London", zone)
	}
	b.shoot("now")

	// Add an override and see the calendar change.
	rotID := rotation[strings.LastIndex(rotation, "/")+1:]
	b.open("/console/rotations/" + rotID)
	var overridden int
	b.run(chromedp.Evaluate(`document.querySelectorAll("p.shift.overridden").length`, &overridden))
	if overridden != 0 {
		t.Fatalf("%d overridden shifts before adding an override", overridden)
	}
	b.run(
		chromedp.Click(`input[name=member][value="`+bob+`"]`, chromedp.ByQuery),
		chromedp.SetValue("#ov-start", "2026-03-03T10:00", chromedp.ByQuery),
		chromedp.SetValue("#ov-end", "2026-03-03T12:00", chromedp.ByQuery),
	)
	if got := b.submit(".override-form button[type=submit]"); !strings.Contains(got, "Override added.") {
		t.Fatalf("adding the override:\n%s", got)
	}
	if got := b.text("p.shift.overridden"); !strings.Contains(got, "10:00–12:00") || !strings.Contains(got, "bob") {
		t.Errorf("overridden shift %q: want bob 10:00–12:00", got)
	}
	b.shoot("rotation-week")
	b.open("/console/rotations/" + rotID + "?view=month&date=2026-03-01")
	b.shoot("rotation-month")

	// Start an engagement, acknowledge it in the browser: the retries stop.
	engagement := s.engage(c, alice)
	s.settle()
	s.advance(2 * time.Minute) // two minutes unanswered
	b.open("/console/")
	b.run(chromedp.WaitVisible(".engagement.open", chromedp.ByQuery))
	b.shoot("now-engaged")
	// The email's acknowledgement link shows the same look (opening it
	// acknowledges nothing).
	if pages := s.outbox("kind=PAGE"); len(pages) == 1 && pages[0].AckURL != "" {
		b.run(chromedp.Navigate(pages[0].AckURL), chromedp.WaitVisible("h1", chromedp.ByQuery))
		b.shoot("ack-link")
		b.open("/console/")
	} else {
		t.Errorf("page messages %+v: want one with an acknowledgement link", pages)
	}
	if got := b.submit(`.engagement.open button.primary`); !strings.Contains(got, "Acknowledged: you will not be paged further") {
		t.Fatalf("acknowledging:\n%s", got)
	}
	s.advance(10 * time.Minute)
	// Unacknowledged, stage 2 would have paged again at +5 minutes.
	if pages := s.outbox("kind=PAGE"); len(pages) != 1 {
		t.Errorf("%d page messages 10 minutes after acknowledging: want 1 (stage 2 never started)", len(pages))
	}
	engID := engagement[strings.LastIndex(engagement, "/")+1:]
	b.open("/console/engagements/alice/" + engID)
	if tl := b.text(".timeline"); !strings.Contains(tl, "Acknowledged") {
		t.Errorf("timeline lacks the acknowledgement:\n%s", tl)
	}
	b.shoot("engagement")

	// Activate bob's deferred channel with the code from the outbox.
	b.open("/console/contacts/bob")
	if got := b.submit(`form[action$="/send-code"] button`); !strings.Contains(got, "Activation code sent") {
		t.Fatalf("sending a code:\n%s", got)
	}
	b.open("/console/outbox?kind=ACTIVATION&address=bob%40example.com")
	code := strings.TrimSpace(b.text("code.code"))
	b.shoot("outbox")
	if code != s.lastCode(bobEmail) {
		t.Fatalf("outbox page shows code %q, the outbox endpoint %q", code, s.lastCode(bobEmail))
	}
	b.open("/console/contacts/bob")
	b.run(chromedp.SendKeys(`input[name=code]`, code, chromedp.ByQuery))
	if got := b.submit(`form.code button[type=submit]`); !strings.Contains(got, "Channel activated.") {
		t.Fatalf("activating:\n%s", got)
	}
	b.shoot("contact")
	// A calendar feed link for bob, shown once, that a calendar can read.
	b.run(chromedp.Click(`form[action$="/feeds"] button`, chromedp.ByQuery), chromedp.WaitVisible("#feed-url", chromedp.ByQuery))
	var feedURL string
	b.run(chromedp.Value("#feed-url", &feedURL, chromedp.ByQuery))
	b.shoot("feed")
	resp, err := http.Get(feedURL)
	if err != nil {
		t.Fatal(err)
	}
	ics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(ics), "SUMMARY:On call for payments-primary: bob") {
		t.Errorf("feed %s: %d\n%s", feedURL, resp.StatusCode, ics)
	}
	got, err := c.GetContactChannel(ctx(t), &ssmcontacts.GetContactChannelInput{ContactChannelId: aws.String(bobEmail)})
	if err != nil || got.ActivationStatus != types.ActivationStatusActivated {
		t.Fatalf("bob's channel after activating in the console: %v, %v", got.ActivationStatus, err)
	}
}
