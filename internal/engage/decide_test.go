package engage

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

var t0 = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

func minutes(n int) *int { return &n }

func at(d time.Duration) *time.Time {
	t := t0.Add(d)
	return &t
}

func channelTarget(id string, retry *int) contacts.Target {
	return contacts.Target{Channel: &contacts.ChannelTarget{ChannelID: id, RetryIntervalInMinutes: retry}}
}

func contactTarget(id string, essential bool) contacts.Target {
	return contacts.Target{Contact: &contacts.ContactTarget{ContactID: &id, IsEssential: essential}}
}

func TestDecideTrackStage(t *testing.T) {
	activated := channelState{Exists: true, Activated: true, Type: contacts.SMS}
	channels := map[string]channelState{
		"sms":     activated,
		"email":   {Exists: true, Activated: true, Type: contacts.Email},
		"pending": {Exists: true, Activated: false, Type: contacts.Voice},
		// "gone" is absent: deleted since the plan was written.
	}
	plan := contacts.Plan{Stages: []contacts.Stage{
		{DurationInMinutes: 5, Targets: []contacts.Target{channelTarget("sms", nil), channelTarget("email", minutes(2))}},
		{DurationInMinutes: 10, Targets: []contacts.Target{
			channelTarget("pending", minutes(1)), channelTarget("gone", minutes(1)), channelTarget("email", minutes(3)),
		}},
		{DurationInMinutes: 0, Targets: []contacts.Target{channelTarget("sms", minutes(0)), channelTarget("sms", minutes(4))}},
		{DurationInMinutes: 7},
		{DurationInMinutes: 1, Targets: []contacts.Target{contactTarget("someone", true)}},
	}}
	tests := []struct {
		name string
		k    int
		due  time.Time
		want trackStageDecision
	}{
		{
			name: "first stage pages every activated channel and schedules the next stage",
			k:    0, due: t0,
			want: trackStageDecision{
				Pages: []pageSpec{
					{ChannelID: "sms", StageIndex: 0, RetryInterval: 0, WindowEnd: t0.Add(5 * time.Minute)},
					{ChannelID: "email", StageIndex: 0, RetryInterval: 2 * time.Minute, WindowEnd: t0.Add(5 * time.Minute)},
				},
				Next: at(5 * time.Minute),
			},
		},
		{
			name: "not activated and deleted channels are skipped",
			k:    1, due: t0.Add(5 * time.Minute),
			want: trackStageDecision{
				Pages: []pageSpec{{ChannelID: "email", StageIndex: 1, RetryInterval: 3 * time.Minute, WindowEnd: t0.Add(15 * time.Minute)}},
				Next:  at(15 * time.Minute),
			},
		},
		{
			name: "a channel targeted twice in a stage is paged once, with the first target's retry",
			k:    2, due: t0.Add(15 * time.Minute),
			want: trackStageDecision{
				Pages: []pageSpec{{ChannelID: "sms", StageIndex: 2, RetryInterval: 0, WindowEnd: t0.Add(15 * time.Minute)}},
				Next:  at(15 * time.Minute),
			},
		},
		{
			name: "a stage without targets only waits",
			k:    3, due: t0.Add(15 * time.Minute),
			want: trackStageDecision{Next: at(22 * time.Minute)},
		},
		{
			name: "contact targets in a personal plan page nothing",
			k:    4, due: t0.Add(22 * time.Minute),
			want: trackStageDecision{Next: at(23 * time.Minute)},
		},
		{
			name: "the stage after the last ends the track",
			k:    5, due: t0.Add(23 * time.Minute),
			want: trackStageDecision{End: true},
		},
		{
			name: "the next stage counts from the due time, not from when the step ran",
			k:    0, due: t0.Add(-time.Hour),
			want: trackStageDecision{
				Pages: []pageSpec{
					{ChannelID: "sms", StageIndex: 0, RetryInterval: 0, WindowEnd: t0.Add(-55 * time.Minute)},
					{ChannelID: "email", StageIndex: 0, RetryInterval: 2 * time.Minute, WindowEnd: t0.Add(-55 * time.Minute)},
				},
				Next: at(-55 * time.Minute),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decideTrackStage(plan, tt.k, tt.due, channels)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("decideTrackStage(k=%d) (-want +got):\n%s", tt.k, diff)
			}
		})
	}
}

func TestDecideTrackStageEmptyPlanEndsAtOnce(t *testing.T) {
	got := decideTrackStage(contacts.Plan{}, 0, t0, nil)
	if diff := cmp.Diff(trackStageDecision{End: true}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestDecideEscalationStage(t *testing.T) {
	alice, bob, carol := "arn:alice", "arn:bob", "arn:carol"
	plan := contacts.Plan{Stages: []contacts.Stage{
		{DurationInMinutes: 10, Targets: []contacts.Target{contactTarget(alice, true), contactTarget(bob, false)}},
		{DurationInMinutes: 0, Targets: []contacts.Target{
			{Contact: &contacts.ContactTarget{IsEssential: true}}, // no ContactId: nothing to engage
			channelTarget("sms", nil),                             // not a contact: ignored
			contactTarget(carol, false),
		}},
		{DurationInMinutes: 30},
	}}
	tests := []struct {
		name string
		k    int
		due  time.Time
		want escalationStageDecision
	}{
		{
			name: "a stage engages its contacts in plan order, keeping IsEssential",
			k:    0, due: t0,
			want: escalationStageDecision{
				Targets: []contacts.ContactTarget{{ContactID: &alice, IsEssential: true}, {ContactID: &bob}},
				Next:    at(10 * time.Minute),
			},
		},
		{
			name: "targets without a contact are skipped; duration 0 starts the next stage at once",
			k:    1, due: t0.Add(10 * time.Minute),
			want: escalationStageDecision{Targets: []contacts.ContactTarget{{ContactID: &carol}}, Next: at(10 * time.Minute)},
		},
		{
			name: "an empty stage only waits",
			k:    2, due: t0.Add(10 * time.Minute),
			want: escalationStageDecision{Next: at(40 * time.Minute)},
		},
		{
			name: "the stage after the last is the end of the plan",
			k:    3, due: t0.Add(40 * time.Minute),
			want: escalationStageDecision{Done: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decideEscalationStage(plan, tt.k, tt.due)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("decideEscalationStage(k=%d) (-want +got):\n%s", tt.k, diff)
			}
		})
	}
}

func TestDecideDelivery(t *testing.T) {
	page := func(retry time.Duration, windowEnd time.Duration) *contacts.Page {
		return &contacts.Page{Status: contacts.PagePending, RetryInterval: retry, WindowEnd: t0.Add(windowEnd)}
	}
	boom := errors.New("HTTP 500 Internal Server Error")
	tests := []struct {
		name       string
		page       *contacts.Page
		live       bool
		err        error
		providerID string
		now        time.Time
		want       deliveryDecision
	}{
		{
			name: "a send records SENT with the provider's message id",
			page: page(2*time.Minute, 10*time.Minute), live: true, providerID: "SM6656c191",
			now:  t0,
			want: deliveryDecision{Receipt: contacts.ReceiptSent, Info: "SM6656c191", Status: contacts.PageSent},
		},
		{
			name: "a send without a provider id still records SENT",
			page: page(0, 10*time.Minute), live: true, now: t0,
			want: deliveryDecision{Receipt: contacts.ReceiptSent, Info: "-", Status: contacts.PageSent},
		},
		{
			name: "a failure inside the window is retried after the retry interval",
			page: page(2*time.Minute, 10*time.Minute), live: true, err: boom, now: t0.Add(3 * time.Minute),
			want: deliveryDecision{Receipt: contacts.ReceiptError, Info: boom.Error(), Status: contacts.PagePending, RetryAt: at(5 * time.Minute)},
		},
		{
			name: "a retry that would fall on the window's end is not scheduled",
			page: page(2*time.Minute, 10*time.Minute), live: true, err: boom, now: t0.Add(8 * time.Minute),
			want: deliveryDecision{Receipt: contacts.ReceiptError, Info: boom.Error(), Status: contacts.PageError},
		},
		{
			name: "retry interval 0 means no retry",
			page: page(0, 10*time.Minute), live: true, err: boom, now: t0,
			want: deliveryDecision{Receipt: contacts.ReceiptError, Info: boom.Error(), Status: contacts.PageError},
		},
		{
			name: "a stopped engagement or ended track is not retried",
			page: page(time.Minute, 10*time.Minute), live: false, err: boom, now: t0,
			want: deliveryDecision{Receipt: contacts.ReceiptError, Info: boom.Error(), Status: contacts.PageError},
		},
		{
			name: "a long failure is clipped to ReceiptInfo's bound",
			page: page(0, 0), live: true, err: errors.New(strings.Repeat("x", 5000)), now: t0,
			want: deliveryDecision{Receipt: contacts.ReceiptError, Info: strings.Repeat("x", maxReceiptInfo), Status: contacts.PageError},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decideDelivery(tt.page, tt.live, tt.err, tt.providerID, tt.now)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("decideDelivery (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecideAccept(t *testing.T) {
	delivered, read := contacts.ReceiptDelivered, contacts.ReceiptRead
	fresh := func() *contacts.Page { return &contacts.Page{Status: contacts.PageSent} }
	deliveredPage := func() *contacts.Page { p := fresh(); p.DeliveryTime = at(time.Minute); return p }
	readPage := func() *contacts.Page { p := deliveredPage(); p.ReadTime = at(time.Minute); return p }
	essential := &contacts.Track{Essential: true}
	optional := &contacts.Track{}
	ended := &contacts.Track{Essential: true, Ended: true}
	escalating := &contacts.Engagement{OpenTracks: 1}
	escalated := &contacts.Engagement{OpenTracks: 1, EscalationDone: true}
	stopped := &contacts.Engagement{StopTime: at(time.Minute), EscalationDone: true}
	tests := []struct {
		name  string
		page  *contacts.Page
		track *contacts.Track
		eng   *contacts.Engagement
		read  bool
		want  acceptDecision
	}{
		{
			name: "DELIVERED records delivery and stops nothing",
			page: fresh(), track: essential, eng: escalating,
			want: acceptDecision{Receipt: &delivered, SetDelivery: true},
		},
		{
			name: "DELIVERED twice records nothing the second time",
			page: deliveredPage(), track: essential, eng: escalating,
			want: acceptDecision{},
		},
		{
			name: "DELIVERED after READ records nothing",
			page: readPage(), track: essential, eng: escalating,
			want: acceptDecision{},
		},
		{
			name: "READ by an essential contact ends its plan and the escalation",
			page: fresh(), track: essential, eng: escalating, read: true,
			want: acceptDecision{Receipt: &read, SetRead: true, SetDelivery: true, EndTrack: true, EndEscalation: true},
		},
		{
			name: "READ after DELIVERED keeps the delivery time",
			page: deliveredPage(), track: essential, eng: escalating, read: true,
			want: acceptDecision{Receipt: &read, SetRead: true, EndTrack: true, EndEscalation: true},
		},
		{
			name: "READ by a non-essential contact ends only its own plan",
			page: fresh(), track: optional, eng: escalating, read: true,
			want: acceptDecision{Receipt: &read, SetRead: true, SetDelivery: true, EndTrack: true},
		},
		{
			name: "READ after the contact's plan ran out still ends the escalation",
			page: fresh(), track: ended, eng: escalating, read: true,
			want: acceptDecision{Receipt: &read, SetRead: true, SetDelivery: true, EndEscalation: true},
		},
		{
			name: "READ when the escalation is already done ends only the track",
			page: fresh(), track: essential, eng: escalated, read: true,
			want: acceptDecision{Receipt: &read, SetRead: true, SetDelivery: true, EndTrack: true},
		},
		{
			name: "READ on a stopped engagement is recorded and changes nothing else",
			page: fresh(), track: essential, eng: stopped, read: true,
			want: acceptDecision{Receipt: &read, SetRead: true, SetDelivery: true},
		},
		{
			name: "READ twice records nothing the second time",
			page: readPage(), track: essential, eng: escalating, read: true,
			want: acceptDecision{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decideAccept(tt.page, tt.track, tt.eng, tt.read)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("decideAccept (-want +got):\n%s", diff)
			}
		})
	}
}

func TestComplete(t *testing.T) {
	tests := []struct {
		name string
		eng  contacts.Engagement
		want bool
	}{
		{"escalation still running", contacts.Engagement{EscalationDone: false, OpenTracks: 0}, false},
		{"a contact's plan still running", contacts.Engagement{EscalationDone: true, OpenTracks: 1}, false},
		{"nothing left to do", contacts.Engagement{EscalationDone: true, OpenTracks: 0}, true},
		{"already stopped", contacts.Engagement{EscalationDone: true, StopTime: at(0)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := complete(&tt.eng); got != tt.want {
				t.Errorf("complete = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPageTexts(t *testing.T) {
	ps, pc := "public subject", "public content"
	withBoth := &contacts.Engagement{Subject: "secure subject", Content: "secure content", PublicSubject: &ps, PublicContent: &pc}
	withSubject := &contacts.Engagement{Subject: "secure subject", Content: "secure content", PublicSubject: &ps}
	secureOnly := &contacts.Engagement{Subject: "secure subject", Content: "secure content"}
	tests := []struct {
		name                     string
		eng                      *contacts.Engagement
		typ                      contacts.ChannelType
		wantSubject, wantContent string
	}{
		{"SMS gets the public texts", withBoth, contacts.SMS, ps, pc},
		{"SMS falls back to each secure text that has no public one", withSubject, contacts.SMS, ps, "secure content"},
		{"SMS without public texts gets the secure ones", secureOnly, contacts.SMS, "secure subject", "secure content"},
		{"EMAIL gets the secure texts", withBoth, contacts.Email, "secure subject", "secure content"},
		{"VOICE gets the secure texts", withBoth, contacts.Voice, "secure subject", "secure content"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := pageTexts(tt.eng, tt.typ)
			if s != tt.wantSubject || c != tt.wantContent {
				t.Errorf("pageTexts = (%q, %q), want (%q, %q)", s, c, tt.wantSubject, tt.wantContent)
			}
		})
	}
}
