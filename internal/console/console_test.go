package console

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
)

func TestSignInWrongSecretIsRefusedNextToTheField(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	code, body := b.signIn(keyA, "wrong")
	if code != http.StatusUnauthorized {
		t.Fatalf("status %d, want 401", code)
	}
	wantContains(t, body, `id="secret-error"`, "not one this server accepts", `aria-invalid="true"`)
}

func TestSignInIsRateLimitedPerClient(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	for i := 0; i < MaxFailedSignIns; i++ {
		b.signIn(keyA, "wrong")
	}
	code, body := b.signIn(keyA, secretA)
	if code != http.StatusTooManyRequests {
		t.Fatalf("status %d after %d failures, want 429", code, MaxFailedSignIns)
	}
	wantContains(t, body, "Too many failed sign-ins")
	f.wall.Advance(SignInWindow)
	if code, _ := b.signIn(keyA, secretA); code != http.StatusOK {
		t.Fatalf("status %d after the window, want 200", code)
	}
}

func TestSignInFormWithoutTokenIsRefused(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.get("/console/signin")
	code, _ := b.post("/console/signin", url.Values{"csrf": {"forged"}, "key": {keyA}, "secret": {secretA}})
	if code != http.StatusForbidden {
		t.Fatalf("status %d, want 403", code)
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.get("/console/signin")
	form := url.Values{"csrf": {b.csrf()}, "key": {keyA}, "secret": {secretA}, "region": {region}}
	b.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := b.c.PostForm(f.srv.URL+"/console/signin", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var got *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			got = c
		}
	}
	if got == nil || !got.HttpOnly || got.SameSite != http.SameSiteLaxMode || got.MaxAge != int(SessionLifetime.Seconds()) || got.Path != Prefix {
		t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, Max-Age %v, Path %s", got, SessionLifetime, Prefix)
	}
}

func TestSessionExpires(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn()
	f.wall.Advance(SessionLifetime)
	b.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := b.c.Get(f.srv.URL + "/console/rotations")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/console/signin?next=") {
		t.Fatalf("expired session: %d to %q, want 303 to the sign-in page", resp.StatusCode, loc)
	}
}

func TestSignOutEndsTheSession(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn()
	code, body := b.post("/console/signout", nil)
	if code != http.StatusOK || !strings.Contains(body, "<h1>Sign in</h1>") {
		t.Fatalf("sign out: %d\n%s", code, body)
	}
	if _, body := b.get("/console/contacts"); !strings.Contains(body, "<h1>Sign in</h1>") {
		t.Fatal("still signed in after signing out")
	}
}

func TestBuiltinSignInOnlyOnLoopback(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	_, body := b.get("/console/signin")
	wantContains(t, body, "Sign in as the built-in key", "loopback")
	code, body := b.post("/console/signin", url.Values{"builtin": {"1"}, "region": {region}})
	if code != http.StatusOK || !strings.Contains(body, "000000000000") {
		t.Fatalf("one-click sign-in: %d\n%s", code, body)
	}

	f.local = false
	b2 := f.browser()
	_, body = b2.get("/console/signin")
	wantLacks(t, body, "Sign in as the built-in key")
	if code, _ := b2.post("/console/signin", url.Values{"builtin": {"1"}}); code != http.StatusForbidden {
		t.Fatalf("one-click sign-in off loopback: %d, want 403", code)
	}
}

func TestNowShowsWhoIsOnCallAndTheNextHandOff(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn()
	_, body := b.get("/console/")
	// 08:00 in London on Monday 2 March: Alice's shift (from Sunday
	// 09:00) runs until 09:00, then Bob's.
	wantContains(t, body, "payments-primary", "Payments on call", "<strong>Alice Archer</strong>",
		"until Mon 2 Mar 09:00 GMT", "Bob Baker at Mon 2 Mar 09:00 GMT", "Times in <strong>Europe/London</strong>", "No engagement is open.")
}

func TestAnotherAccountsDataIsInvisible(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	if code, _ := b.signIn(keyB, secretB); code != http.StatusOK {
		t.Fatalf("sign-in as B: %d", code)
	}
	_, body := b.get("/console/")
	wantLacks(t, body, "payments-primary", "Alice")
	_, body = b.get("/console/contacts")
	wantLacks(t, body, "alice", "bob")
	if code, _ := b.get("/console/contacts/alice"); code != http.StatusNotFound {
		t.Errorf("A's contact as B: %d, want 404", code)
	}
	if code, _ := b.get("/console/rotations/" + rotationID(f.rotation)); code != http.StatusNotFound {
		t.Errorf("A's rotation as B: %d, want 404", code)
	}
	// A form of B's session cannot act on A's rotation either.
	b.get("/console/rotations")
	code, _ := b.post("/console/rotations/"+rotationID(f.rotation)+"/overrides", url.Values{"start": {"2026-03-03T10:00"}, "end": {"2026-03-03T12:00"}, "member": {f.bob}})
	if code != http.StatusNotFound {
		t.Errorf("override on A's rotation as B: %d, want 404", code)
	}
}

func rotationID(arn string) string {
	a, _ := contacts.ParseARN(arn)
	return a.ID
}

func TestFormsWithoutTheCSRFTokenAreRefused(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn()
	path := "/console/rotations/" + rotationID(f.rotation) + "/overrides"
	code, body := b.post(path, url.Values{"csrf": {"stale"}, "start": {"2026-03-03T10:00"}, "end": {"2026-03-03T12:00"}, "member": {f.bob}})
	if code != http.StatusForbidden {
		t.Fatalf("status %d, want 403\n%s", code, body)
	}
	_, list, _, err := f.svc.ListRotationOverrides(f.ctx, f.sc, f.rotation, t0, t0.Add(30*24*time.Hour), nil, "")
	if err != nil || len(list) != 0 {
		t.Fatalf("overrides after a refused form: %v, %v", list, err)
	}
}

func TestContactsListSearchAndView(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn()
	_, body := b.get("/console/contacts")
	wantContains(t, body, "Alice Archer", "Bob Baker", "On-call schedule")
	_, body = b.get("/console/contacts?q=bak")
	wantContains(t, body, "Bob Baker")
	wantLacks(t, body, "Alice Archer")
	_, body = b.get("/console/contacts/alice")
	wantContains(t, body, "work email", "alice@example.com", "Activated", "Stage 1", "starts at once", "lasts 5 minutes",
		"work email (EMAIL)", "retried every 1 minute", "<dt>team</dt><dd>payments</dd>")
	_, body = b.get("/console/contacts/payments-oncall")
	wantContains(t, body, "payments-primary")
}

func TestActivateAChannelWithTheCodeSent(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn()
	_, body := b.get("/console/contacts/bob")
	wantContains(t, body, "Not activated", "Send a code")
	chs, _, _ := f.svc.ListContactChannels(f.ctx, f.sc, contacts.ListContactChannelsInput{ContactID: f.bob})
	ch := chs[0]
	base := "/console/contacts/bob/channels/" + ch.ID
	code, body := b.post(base+"/send-code", nil)
	if code != http.StatusOK {
		t.Fatalf("send code: %d\n%s", code, body)
	}
	wantContains(t, body, "Activation code sent")

	// The model's pattern, as the API words it, next to the field.
	code, body = b.post(base+"/activate", url.Values{"code": {"12ab"}})
	if code != http.StatusBadRequest {
		t.Fatalf("malformed code: %d", code)
	}
	wantContains(t, body, `id="code-`+ch.ID+`-error"`, "failed to satisfy constraint")
	// A wrong code: the domain's error, next to the field.
	wrong := "000000"
	if f.codeFor(ch.ARN()) == wrong {
		wrong = "111111"
	}
	code, body = b.post(base+"/activate", url.Values{"code": {wrong}})
	if code != http.StatusBadRequest {
		t.Fatalf("wrong code: %d", code)
	}
	wantContains(t, body, `id="code-`+ch.ID+`-error"`)

	code, body = b.post(base+"/activate", url.Values{"code": {f.codeFor(ch.ARN())}})
	if code != http.StatusOK {
		t.Fatalf("activate: %d\n%s", code, body)
	}
	wantContains(t, body, "Channel activated.")
	got, _ := f.svc.GetContactChannel(f.ctx, f.sc, ch.ARN())
	if !got.Activated {
		t.Fatal("channel not activated")
	}
}

func TestOverrideAddAppearsOnTheCalendarAndRemoves(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn()
	path := "/console/rotations/" + rotationID(f.rotation)
	_, body := b.get(path)
	wantContains(t, body, "Week of 2 Mar – 8 Mar 2026", "No current or upcoming overrides.", "Off. Tag the rotation ssmcontacts/shift-reminder=30m")
	wantLacks(t, body, `<p class="shift overridden">`)

	code, body := b.post(path+"/overrides", url.Values{"start": {"2026-03-03T10:00"}, "end": {"2026-03-03T12:00"}, "member": {f.alice}})
	if code != http.StatusOK {
		t.Fatalf("add override: %d\n%s", code, body)
	}
	wantContains(t, body, "Override added.", `<p class="shift overridden">`, "10:00–12:00", "from Tue 3 Mar 10:00 GMT to Tue 3 Mar 12:00 GMT")

	_, list, _, _ := f.svc.ListRotationOverrides(f.ctx, f.sc, f.rotation, t0, t0.Add(30*24*time.Hour), nil, "")
	if len(list) != 1 {
		t.Fatalf("overrides: %d, want 1", len(list))
	}
	code, body = b.post(path+"/overrides/"+list[0].ID+"/delete", nil)
	if code != http.StatusOK {
		t.Fatalf("remove override: %d\n%s", code, body)
	}
	wantContains(t, body, "Override removed.", "No current or upcoming overrides.")
	wantLacks(t, body, `<p class="shift overridden">`)
}

func TestOverrideErrorsAreShownNextToTheirFields(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn()
	path := "/console/rotations/" + rotationID(f.rotation)
	b.get(path)
	for _, tc := range []struct {
		name  string
		form  url.Values
		field string
	}{
		{"no start", url.Values{"end": {"2026-03-03T12:00"}, "member": {f.alice}}, "start-error"},
		{"not a member", url.Values{"start": {"2026-03-03T10:00"}, "end": {"2026-03-03T12:00"}, "member": {f.schedule}}, "member-error"},
		{"too short", url.Values{"start": {"2026-03-03T10:00"}, "end": {"2026-03-03T10:10"}, "member": {f.alice}}, "end-error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := b.post(path+"/overrides", tc.form)
			if code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", code)
			}
			wantContains(t, body, `id="`+tc.field+`"`)
		})
	}
}

func TestCalendarAcrossTheDaylightSavingChange(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn()
	path := "/console/rotations/" + rotationID(f.rotation)
	// London springs forward on Sunday 29 March: hand-offs stay at
	// 09:00 local, which is 09:00 UTC before and 08:00 UTC after.
	_, body := b.get(path + "?date=2026-03-29")
	wantContains(t, body, "Week of 23 Mar – 29 Mar 2026", `datetime="2026-03-29"`, "until 09:00", "from 09:00")
	_, body = b.get(path + "?date=2026-03-30&view=month")
	wantContains(t, body, "March 2026", "Mon 30 Mar 09:00 BST – Tue 31 Mar 09:00 BST")
	// In the rotation's own zone the same; a UTC viewer sees 08:00.
	u := f.browser()
	u.get("/console/signin")
	u.post("/console/signin", url.Values{"key": {keyA}, "secret": {secretA}, "region": {region}, "zone": {"UTC"}})
	_, body = u.get(path + "?date=2026-03-30")
	wantContains(t, body, "from 08:00", "times in UTC")
	_, body = u.get(path + "?date=2026-03-30&tz=rotation")
	wantContains(t, body, "from 09:00", "times in Europe/London")
}

func TestEngagementAcknowledgedFromTheConsoleStopsPaging(t *testing.T) {
	f := newFixture(t)
	arn, err := f.engine.StartEngagement(f.ctx, f.sc, engage.StartEngagementInput{ContactID: f.alice, Sender: "monitor", Subject: "Payments API 5xx", Content: "Error rate 12%"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.engine.AdvanceTo(f.ctx, f.clock.Now()); err != nil {
		t.Fatal(err)
	}
	b := f.signedIn()
	_, body := b.get("/console/")
	wantContains(t, body, "Payments API 5xx", "Acknowledge</button>", "SENT")
	page := regexpFind(t, body, `/console/pages/alice/[0-9a-f-]+/acknowledge`)
	code, body := b.post(page, url.Values{"back": {"/console/"}})
	if code != http.StatusOK {
		t.Fatalf("acknowledge: %d\n%s", code, body)
	}
	wantContains(t, body, "Acknowledged: you will not be paged further")

	// No retry after the acknowledgement.
	if err := f.engine.AdvanceTo(f.ctx, f.clock.Now().Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	pages, _, _ := f.engine.ListPagesByEngagement(f.ctx, f.sc, engage.ListPagesInput{ID: arn})
	msgs, _ := f.svc.ListOutbox(f.ctx, contacts.OutboxFilter{Kind: contacts.KindPage, Limit: 100})
	if len(pages) != 1 || len(msgs) != 1 {
		t.Fatalf("pages %d, messages %d after acknowledging: want 1 and 1", len(pages), len(msgs))
	}
	a, _ := contacts.ParseARN(arn)
	_, body = b.get("/console/engagements/alice/" + a.ID)
	wantContains(t, body, "Paged through EMAIL", "Acknowledged in the console (access key AKIDALICE)", "Engagement of Alice Archer started by monitor", "&#43;0s")
}

func TestEngagementStopAndListFilter(t *testing.T) {
	f := newFixture(t)
	arn, err := f.engine.StartEngagement(f.ctx, f.sc, engage.StartEngagementInput{ContactID: f.alice, Sender: "monitor", Subject: "Disk full"})
	if err != nil {
		t.Fatal(err)
	}
	f.engine.AdvanceTo(f.ctx, f.clock.Now())
	b := f.signedIn()
	_, body := b.get("/console/engagements?state=stopped")
	wantLacks(t, body, "Disk full")
	a, _ := contacts.ParseARN(arn)
	path := "/console/engagements/alice/" + a.ID
	b.get(path)
	f.clock.Advance(90 * time.Second)
	code, body := b.post(path+"/stop", url.Values{"reason": {"fixed"}, "back": {path}})
	if code != http.StatusOK {
		t.Fatalf("stop: %d\n%s", code, body)
	}
	wantContains(t, body, "Engagement stopped.", "Engagement ended: fixed", "&#43;1m 30s")
	wantLacks(t, body, "Stop engagement</button>")
	_, body = b.get("/console/engagements?state=stopped")
	wantContains(t, body, "Disk full")
	_, body = b.get("/console/engagements?state=open")
	wantLacks(t, body, "Disk full")
}

func TestOutboxOnlyForTheOperator(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn()
	_, body := b.get("/console/outbox")
	wantContains(t, body, "alice@example.com", "ACTIVATION", `href="/console/outbox"`)
	f.local = false
	code, body := b.get("/console/outbox")
	if code != http.StatusForbidden {
		t.Fatalf("outbox off loopback: %d, want 403", code)
	}
	wantLacks(t, body, "alice@example.com", `href="/console/outbox"`)
}

func TestUnknownPagesAndStaticAssets(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn()
	if code, _ := b.get("/console/nope/nope"); code != http.StatusNotFound {
		t.Errorf("unknown page: %d", code)
	}
	for _, p := range []string{"/console/static/console.css", "/console/static/console.js"} {
		if code, _ := b.get(p); code != http.StatusOK {
			t.Errorf("%s: %d", p, code)
		}
	}
	resp, err := http.Get(f.srv.URL + "/console/signin")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
}

func TestEscalationPlanAndItsEngagementTimeline(t *testing.T) {
	f := newFixture(t)
	arn, err := f.svc.CreateContact(f.ctx, f.sc, contacts.CreateContactInput{Alias: "payments-escalation", Type: contacts.Escalation,
		Plan: contacts.Plan{Stages: []contacts.Stage{
			{DurationInMinutes: 10, Targets: []contacts.Target{{Contact: &contacts.ContactTarget{ContactID: &f.alice, IsEssential: true}}}},
			{DurationInMinutes: 0, Targets: []contacts.Target{{Contact: &contacts.ContactTarget{ContactID: &f.schedule}}}},
		}}})
	if err != nil {
		t.Fatal(err)
	}
	b := f.signedIn()
	_, body := b.get("/console/contacts/payments-escalation")
	wantContains(t, body, "Escalation plan", "Stage 1", "lasts 10 minutes", "Stage 2", "starts after 10 minutes", "Alice Archer", "essential", "Payments on call")
	wantLacks(t, body, "Calendar feed")

	eng, err := f.engine.StartEngagement(f.ctx, f.sc, engage.StartEngagementInput{ContactID: arn, Sender: "pager", Subject: "Checkout failing"})
	if err != nil {
		t.Fatal(err)
	}
	f.engine.AdvanceTo(f.ctx, f.clock.Now().Add(11*time.Minute))
	a, _ := contacts.ParseARN(eng)
	_, body = b.get("/console/engagements/payments-escalation/" + a.ID)
	wantContains(t, body, "Escalation stages", "Stage 1 of 2 began", "Stage 2 of 2 began", "&#43;10m 00s", "Paged through EMAIL")
}

func TestRotationsListShowsOnCallAndNextHandOff(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn()
	_, body := b.get("/console/rotations")
	wantContains(t, body, `href="/console/rotations/`+rotationID(f.rotation)+`"`, "payments-primary",
		"<strong>Alice Archer</strong>", "Bob Baker at Mon 2 Mar 09:00 GMT")
	// At 09:30 Bob is on call until Tuesday 09:00.
	f.clock.Advance(90 * time.Minute)
	_, body = b.get("/console/rotations")
	wantContains(t, body, "<strong>Bob Baker</strong>", "until Tue 3 Mar 09:00 GMT", "Alice Archer at Tue 3 Mar 09:00 GMT")
}
