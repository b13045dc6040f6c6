package console

import (
	"net/http"
	"slices"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
)

// lookAhead is how far the Now view looks for the next hand-off.
const lookAhead = 60 * 24 * time.Hour

// onCall is one rotation as the Now view shows it.
type onCall struct {
	Rotation *contacts.Rotation
	Current  *contacts.Shift // nil: nobody on call now (outside coverage)
	Next     *contacts.Shift // the next shift with other members; nil: none in lookAhead
}

// scheduleNow is an on-call schedule with its rotations.
type scheduleNow struct {
	Contact   *contacts.Contact
	OnCall    []string // contact ARNs on call now across its rotations
	Rotations []onCall
}

// openEngagement is an engagement that has not stopped.
type openEngagement struct {
	Engagement *contacts.Engagement
	Pages      []pageRow
}

type nowData struct {
	People      people
	Schedules   []scheduleNow
	Rotations   []onCall
	Engagements []openEngagement
	Back        string
}

func (h *Handler) now(w http.ResponseWriter, r request) {
	sc, ctx := r.sc(), r.ctx
	all, ppl, err := allContacts(ctx, h.cfg.Domain, sc)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rotations, err := allRotations(ctx, h.cfg.Domain, sc)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	now := h.cfg.Clock.Now()
	d := &nowData{People: ppl, Back: Prefix}
	byID := map[string]onCall{}
	for _, rot := range rotations {
		oc, err := h.onCallNow(r, rot, now)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		byID[rot.ARN()] = oc
		d.Rotations = append(d.Rotations, oc)
	}
	for _, c := range all {
		if c.Type != contacts.OnCallSchedule {
			continue
		}
		s := scheduleNow{Contact: c}
		for _, id := range c.Plan.RotationIDs {
			oc, ok := byID[id]
			if !ok {
				continue
			}
			s.Rotations = append(s.Rotations, oc)
			if oc.Current != nil {
				for _, m := range oc.Current.Members {
					if !slices.Contains(s.OnCall, m) {
						s.OnCall = append(s.OnCall, m)
					}
				}
			}
		}
		d.Schedules = append(d.Schedules, s)
	}
	if d.Engagements, err = h.openEngagements(r); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r.Request, http.StatusOK, "now", r.sess, &view{Title: "Now", Nav: "now", Data: d})
}

// onCallNow finds who is on call in rot at now and the next hand-off.
func (h *Handler) onCallNow(r request, rot *contacts.Rotation, now time.Time) (onCall, error) {
	oc := onCall{Rotation: rot}
	shifts, err := shiftsBetween(r.ctx, h.cfg.Domain, r.sc(), rot.ARN(), now, now.Add(lookAhead))
	if err != nil {
		return oc, err
	}
	for i := range shifts {
		s := &shifts[i]
		if !s.Start.After(now) && now.Before(s.End) {
			if oc.Current == nil {
				oc.Current = s
			}
			continue
		}
		if s.Start.After(now) && (oc.Current == nil || !slices.Equal(s.Members, oc.Current.Members) || s.Start.After(oc.Current.End)) {
			oc.Next = s
			break
		}
	}
	return oc, nil
}

// openEngagements lists the engagements that have not stopped, among
// the most recent ones, with their pages.
func (h *Handler) openEngagements(r request) ([]openEngagement, error) {
	n := 100
	list, _, err := h.cfg.Engine.ListEngagements(r.ctx, r.sc(), engage.ListEngagementsInput{MaxResults: &n})
	if err != nil {
		return nil, err
	}
	var out []openEngagement
	for _, e := range list {
		if e.Stopped() {
			continue
		}
		pages, err := pagesOf(r.ctx, h.cfg.Engine, r.sc(), e.ARN())
		if err != nil {
			return nil, err
		}
		out = append(out, openEngagement{Engagement: e, Pages: pages})
	}
	return out, nil
}
