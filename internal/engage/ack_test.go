package engage

import (
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

func withAckLinks(c *Config) {
	c.AckLinks = &AckLinks{BaseURL: "https://oncall.example.com", Key: []byte("test key")}
}

// emailPage starts an engagement of a person with one email channel and a
// two-stage plan, and returns the engagement and the first page's token.
func (f *fixture) emailPage() (engagementARN string, page *contacts.Page, token string) {
	f.t.Helper()
	alias := "alice"
	contactARN := f.contact(alias, contacts.Personal)
	f.write(func(tx contacts.Tx) error {
		c, err := tx.ContactGet(f.ctx, scope, alias)
		if err != nil {
			return err
		}
		name := "Alice <Ops>"
		c.DisplayName = &name
		return tx.ContactUpdate(f.ctx, c)
	})
	ch := f.channel(alias, contacts.Email, "alice@example.com", true)
	stage := contacts.Stage{DurationInMinutes: 5, Targets: []contacts.Target{channelTarget(ch, nil)}}
	f.plan(alias, stage, stage)
	engagementARN = f.start(contactARN)
	f.runDue()
	page = f.pages(engagementARN)[0]
	u, err := url.Parse(f.message(page.MessageID).AckURL)
	if err != nil {
		f.t.Fatal(err)
	}
	return engagementARN, page, u.Query().Get("t")
}

// Opening a link must change nothing: mail scanners open every link.
func TestAckLinkPageByLinkOnlyReads(t *testing.T) {
	f := newFixture(t, withAckLinks)
	eng, page, token := f.emailPage()
	f.advanceTo(time.Minute)

	for range 2 {
		v, err := f.engine.PageByLink(f.ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		want := AckView{
			PageARN: page.ARN(), Subject: "Database down", ContactARN: scope.ContactARN("alice"),
			Alias: "alice", DisplayName: "Alice <Ops>", Sent: t0,
		}
		if diff := cmp.Diff(want, v); diff != "" {
			t.Fatalf("view (-want +got):\n%s", diff)
		}
	}
	if diff := cmp.Diff([]string{"SENT@0s"}, f.receipts(page)); diff != "" {
		t.Errorf("receipts after viewing (-want +got):\n%s", diff)
	}
	f.advanceTo(5 * time.Minute)
	if n := len(f.pages(eng)); n != 2 {
		t.Errorf("%d pages after viewing, want 2: the next stage still pages", n)
	}
}

func TestAckLinkPageByLinkAfterAcceptByLink(t *testing.T) {
	f := newFixture(t, withAckLinks)
	_, page, token := f.emailPage()
	f.advanceTo(time.Minute)
	if _, err := f.engine.AcceptByLink(f.ctx, token); err != nil {
		t.Fatal(err)
	}
	f.advanceTo(2 * time.Minute)
	v, err := f.engine.PageByLink(f.ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if v.ReadTime == nil || !v.ReadTime.Equal(t0.Add(time.Minute)) {
		t.Errorf("ReadTime = %v, want t0+1m", v.ReadTime)
	}
	if diff := cmp.Diff([]string{"SENT@0s", "READ@1m0s"}, f.receipts(page)); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
}

func TestAckLinkPageByLinkRejectsBadLinks(t *testing.T) {
	f := newFixture(t, withAckLinks)
	_, page, token := f.emailPage()
	tests := []struct {
		name  string
		token string
		at    time.Duration
	}{
		{"forged", (&AckLinks{Key: []byte("another key")}).token(page.ARN(), t0), time.Minute},
		{"empty", "", time.Minute},
		{"expired", token, AckLinkLifetime + time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.clock.Set(t0.Add(tt.at))
			if _, err := f.engine.PageByLink(f.ctx, tt.token); contacts.KindOf(err) != contacts.KindValidation {
				t.Errorf("err = %v, want a validation error", err)
			}
		})
	}
	if diff := cmp.Diff([]string{"SENT@0s"}, f.receipts(page)); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
}
