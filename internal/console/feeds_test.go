package console

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

var feedURLRE = regexp.MustCompile(`id="feed-url" class="feed-url" value="([^"]+)"`)

// createFeed presses "Create a feed link" at action and returns the URL
// the page shows.
func createFeed(t *testing.T, b *browser, page, action string) string {
	t.Helper()
	b.get(page)
	code, body := b.post(action, nil)
	if code != http.StatusOK {
		t.Fatalf("create feed: %d\n%s", code, body)
	}
	m := feedURLRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no feed URL on the page:\n%s", body)
	}
	return m[1]
}

// fetchFeed reads a feed without any session and parses it with
// golang-ical.
func fetchFeed(t *testing.T, feedURL string) *ics.Calendar {
	t.Helper()
	resp, err := http.Get(feedURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("feed: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	cal, err := ics.ParseCalendar(resp.Body)
	if err != nil {
		t.Fatalf("parse feed: %v", err)
	}
	return cal
}

type feedEvent struct {
	UID, Summary string
	Start, End   time.Time
}

func eventsOf(t *testing.T, cal *ics.Calendar) []feedEvent {
	t.Helper()
	var out []feedEvent
	for _, ev := range cal.Events() {
		start, err1 := ev.GetStartAt()
		end, err2 := ev.GetEndAt()
		if err1 != nil || err2 != nil {
			t.Fatalf("event times: %v, %v", err1, err2)
		}
		out = append(out, feedEvent{UID: ev.Id(), Summary: ev.GetProperty(ics.ComponentPropertySummary).Value, Start: start.UTC(), End: end.UTC()})
	}
	return out
}

// checkAgainstShifts holds every event to the shift ListRotationShifts
// gives for the same 60 days, and the other way round.
func checkAgainstShifts(t *testing.T, f *fixture, events []feedEvent, member string) {
	t.Helper()
	from := f.clock.Now()
	shifts, err := shiftsBetween(f.ctx, f.svc, f.sc, f.rotation, from, from.Add(contacts.FeedWindow))
	if err != nil {
		t.Fatal(err)
	}
	_, ppl, _ := allContacts(f.ctx, f.svc, f.sc)
	var want []contacts.Shift
	for _, s := range shifts {
		if member == "" || slices.Contains(s.Members, member) {
			want = append(want, s)
		}
	}
	if len(events) != len(want) {
		t.Fatalf("%d events, %d shifts", len(events), len(want))
	}
	uids := map[string]bool{}
	for i, s := range want {
		ev := events[i]
		if !ev.Start.Equal(s.Start) || !ev.End.Equal(s.End) {
			t.Errorf("event %d: %v–%v, shift %v–%v", i, ev.Start, ev.End, s.Start, s.End)
		}
		wantSummary := "On call for payments-primary: " + ppl.Names(s.Members)
		if s.Type == "OVERRIDDEN" {
			wantSummary += " (override)"
		}
		if ev.Summary != wantSummary {
			t.Errorf("event %d summary %q, want %q", i, ev.Summary, wantSummary)
		}
		if uids[ev.UID] {
			t.Errorf("UID %s twice", ev.UID)
		}
		uids[ev.UID] = true
	}
}

func TestRotationFeedMatchesListRotationShifts(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn()
	page := "/console/rotations/" + rotationID(f.rotation)
	b.get(page)
	b.post(page+"/overrides", url.Values{"start": {"2026-03-03T10:00"}, "end": {"2026-03-03T12:00"}, "member": {f.bob}})
	feedURL := createFeed(t, b, page, page+"/feeds")
	if !strings.HasPrefix(feedURL, f.srv.URL+"/console/feeds/ssmcf_") || !strings.HasSuffix(feedURL, ".ics") {
		t.Fatalf("feed URL %q", feedURL)
	}
	events := eventsOf(t, fetchFeed(t, feedURL))
	checkAgainstShifts(t, f, events, "")
	var sawOverride, sawSummerTime bool
	for _, ev := range events {
		sawOverride = sawOverride || strings.HasSuffix(ev.Summary, "(override)")
		// After 29 March the 09:00 London hand-off is 08:00 UTC.
		sawSummerTime = sawSummerTime || ev.Start.Equal(time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC))
	}
	if !sawOverride || !sawSummerTime {
		t.Errorf("override in feed %v, summer-time hand-off %v: want both", sawOverride, sawSummerTime)
	}

	// The same shifts keep their UIDs when the feed is fetched again.
	again := eventsOf(t, fetchFeed(t, feedURL))
	if len(again) != len(events) || again[0].UID != events[0].UID || again[len(again)-1].UID != events[len(events)-1].UID {
		t.Error("UIDs changed between two fetches")
	}

	// Revoked: the link stops working.
	_, body := b.get(page)
	revoke := regexpFind(t, body, `/console/rotations/[0-9a-f-]+/feeds/[0-9a-f-]+/revoke`)
	if code, body := b.post(revoke, nil); code != http.StatusOK || !strings.Contains(body, "Feed link revoked") {
		t.Fatalf("revoke: %d\n%s", code, body)
	}
	resp, err := http.Get(feedURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("revoked feed: %d, want 404", resp.StatusCode)
	}
}

func TestContactFeedHasTheContactsShiftsOnly(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn()
	feedURL := createFeed(t, b, "/console/contacts/bob", "/console/contacts/bob/feeds")
	events := eventsOf(t, fetchFeed(t, feedURL))
	checkAgainstShifts(t, f, events, f.bob)
	for _, ev := range events {
		if !strings.Contains(ev.Summary, "Bob Baker") || !strings.HasSuffix(ev.UID, "-bob@ssmcontacts") {
			t.Errorf("event %+v in bob's feed", ev)
		}
	}
}

func TestFeedTokensAreStoredHashedAndScoped(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn()
	feedURL := createFeed(t, b, "/console/contacts/bob", "/console/contacts/bob/feeds")
	token := strings.TrimSuffix(feedURL[strings.LastIndex(feedURL, "/")+1:], ".ics")
	list, err := f.svc.ListFeedTokens(f.ctx, f.sc, f.bob)
	if err != nil || len(list) != 1 {
		t.Fatalf("tokens: %v, %v", list, err)
	}
	if list[0].Hash == token || strings.Contains(list[0].Hash, token) {
		t.Error("the token is stored as is")
	}
	// Another account cannot revoke it.
	other := f.browser()
	other.signIn(keyB, secretB)
	other.get("/console/")
	if code, _ := other.post("/console/contacts/bob/feeds/"+list[0].ID+"/revoke", nil); code != http.StatusNotFound {
		t.Errorf("revoke from another account: %d, want 404", code)
	}
	for _, bad := range []string{"ssmcf_nope", token + "x", "nope"} {
		resp, err := http.Get(f.srv.URL + "/console/feeds/" + bad + ".ics")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("feed %q: %d, want 404", bad, resp.StatusCode)
		}
	}
}

func TestICSLinesAreFoldedAndEscaped(t *testing.T) {
	var w icsWriter
	long := strings.Repeat("é", 60) // 120 octets
	w.line("SUMMARY", icsText("a,b;c\\d\n"+long))
	out := w.buf.String()
	for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
	}
	if !strings.HasPrefix(out, `SUMMARY:a\,b\;c\\d\n`) {
		t.Errorf("escaping: %q", out)
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	if !strings.Contains(unfolded, long) {
		t.Error("folding split a character")
	}
}
