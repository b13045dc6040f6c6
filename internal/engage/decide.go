package engage

import (
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// The decisions of the engine, as pure functions of loaded state and the
// time: the step code around them only loads, calls and stores.

// channelState is what the engine knows of a channel when a stage starts.
type channelState struct {
	Exists    bool
	Activated bool
	Type      contacts.ChannelType
	Address   string
	Name      string
}

// pageSpec is a page a stage decided to send.
type pageSpec struct {
	ChannelID     string
	StageIndex    int
	RetryInterval time.Duration
	WindowEnd     time.Time
}

// trackStageDecision is what starting stage k of a track does.
type trackStageDecision struct {
	Pages []pageSpec
	// Next is when stage k+1 (or the end marker) is due; nil when the
	// track ends now.
	Next *time.Time
	End  bool
}

// decideTrackStage starts stage k of a personal plan at due: page every
// activated, existing channel the stage targets, and schedule the next
// stage DurationInMinutes after this one began. k == len(stages) ends the
// track.
func decideTrackStage(plan contacts.Plan, k int, due time.Time, channels map[string]channelState) trackStageDecision {
	if k >= len(plan.Stages) {
		return trackStageDecision{End: true}
	}
	st := plan.Stages[k]
	end := due.Add(time.Duration(st.DurationInMinutes) * time.Minute)
	var d trackStageDecision
	seen := map[string]bool{}
	for _, t := range st.Targets {
		if t.Channel == nil {
			continue
		}
		id := t.Channel.ChannelID
		ch := channels[id]
		if !ch.Exists || !ch.Activated || seen[id] {
			continue
		}
		seen[id] = true
		retry := time.Duration(0)
		if t.Channel.RetryIntervalInMinutes != nil {
			retry = time.Duration(*t.Channel.RetryIntervalInMinutes) * time.Minute
		}
		d.Pages = append(d.Pages, pageSpec{ChannelID: id, StageIndex: k, RetryInterval: retry, WindowEnd: end})
	}
	d.Next = &end
	return d
}

// escalationStageDecision is what starting stage k of an escalation plan
// does.
type escalationStageDecision struct {
	Targets []contacts.ContactTarget
	Next    *time.Time // when stage k+1 (or the end marker) is due
	Done    bool       // the plan has run: no further stages
}

func decideEscalationStage(plan contacts.Plan, k int, due time.Time) escalationStageDecision {
	if k >= len(plan.Stages) {
		return escalationStageDecision{Done: true}
	}
	st := plan.Stages[k]
	var d escalationStageDecision
	for _, t := range st.Targets {
		if t.Contact != nil && t.Contact.ContactID != nil {
			d.Targets = append(d.Targets, *t.Contact)
		}
	}
	next := due.Add(time.Duration(st.DurationInMinutes) * time.Minute)
	d.Next = &next
	return d
}

// deliveryDecision is what the outcome of one send does to a page.
type deliveryDecision struct {
	Receipt contacts.ReceiptType
	Info    string
	Status  contacts.PageStatus
	// RetryAt is when to send again after a failure; nil: no retry.
	RetryAt *time.Time
}

// maxReceiptInfo is the model's bound on ReceiptInfo.
const maxReceiptInfo = 2048

// decideDelivery records a send's outcome. A failure is retried after the
// page's retry interval while the engagement and the page's track are
// still going and the retry falls inside the stage's window.
func decideDelivery(p *contacts.Page, live bool, sendErr error, providerID string, now time.Time) deliveryDecision {
	if sendErr == nil {
		return deliveryDecision{Receipt: contacts.ReceiptSent, Info: clip(providerID), Status: contacts.PageSent}
	}
	d := deliveryDecision{Receipt: contacts.ReceiptError, Info: clip(sendErr.Error()), Status: contacts.PageError}
	if live && p.RetryInterval > 0 {
		if at := now.Add(p.RetryInterval); at.Before(p.WindowEnd) {
			d.RetryAt, d.Status = &at, contacts.PagePending
		}
	}
	return d
}

func clip(s string) string {
	if s == "" {
		return "-"
	}
	if len(s) > maxReceiptInfo {
		return s[:maxReceiptInfo]
	}
	return s
}

// acceptDecision is what an AcceptPage does.
type acceptDecision struct {
	Receipt         *contacts.ReceiptType // nil: nothing new to record
	SetDelivery     bool
	SetRead         bool
	EndTrack        bool // the acknowledging contact is not paged further
	EndEscalation   bool // the escalation plan starts no further stages
	EngagementEnded bool
}

// decideAccept applies an acknowledgement. It is idempotent: a page read
// (or delivered) once records nothing the second time.
func decideAccept(p *contacts.Page, tr *contacts.Track, e *contacts.Engagement, read bool) acceptDecision {
	var d acceptDecision
	if !read {
		if p.DeliveryTime == nil {
			r := contacts.ReceiptDelivered
			d.Receipt, d.SetDelivery = &r, true
		}
		return d
	}
	if p.ReadTime != nil {
		return d
	}
	r := contacts.ReceiptRead
	d.Receipt, d.SetRead, d.SetDelivery = &r, true, p.DeliveryTime == nil
	if !e.Stopped() {
		d.EndTrack = !tr.Ended
		d.EndEscalation = tr.Essential && !e.EscalationDone
	}
	return d
}

// complete reports whether an engagement has nothing left to do.
func complete(e *contacts.Engagement) bool {
	return !e.Stopped() && e.EscalationDone && e.OpenTracks <= 0
}

// pageTexts chooses what a channel is sent: SMS gets the public (insecure)
// texts when given, VOICE and EMAIL the secure ones.
func pageTexts(e *contacts.Engagement, typ contacts.ChannelType) (subject, body string) {
	subject, body = e.Subject, e.Content
	if typ == contacts.SMS {
		if e.PublicSubject != nil {
			subject = *e.PublicSubject
		}
		if e.PublicContent != nil {
			body = *e.PublicContent
		}
	}
	return subject, body
}
