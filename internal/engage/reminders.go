package engage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// reminderHorizon is how far ahead a reminder run looks for the next
// reminder; with none in sight it runs again then.
const reminderHorizon = 7 * 24 * time.Hour

// reminderDue is one reminder to send now.
type reminderDue struct {
	Shift  contacts.Shift
	Member string
}

// reminderDecision is what a reminder run does: send these, run again
// at Next (nil: reminders are off).
type reminderDecision struct {
	Send []reminderDue
	Next *time.Time
}

// decideReminders picks, from the shifts overlapping [now, now+lead+
// reminderHorizon), the reminders due at now (lead before a shift that
// has not started yet) and when to run next: the earliest reminder still
// ahead, else at the horizon. A shift already started gets no reminder,
// so one missed while the server was down is not sent late.
func decideReminders(shifts []contacts.Shift, lead time.Duration, now time.Time) reminderDecision {
	next := now.Add(reminderHorizon)
	var d reminderDecision
	for _, s := range shifts {
		if !s.Start.After(now) {
			continue
		}
		at := s.Start.Add(-lead)
		if !at.After(now) {
			for _, m := range s.Members {
				d.Send = append(d.Send, reminderDue{Shift: s, Member: m})
			}
			continue
		}
		if at.Before(next) {
			next = at
		}
	}
	d.Next = &next
	return d
}

// shiftReminders performs a rotation's reminder timer: it recomputes the
// rotation's shifts as they stand (overrides and updates included),
// records each due reminder once (its outbox id is derived from the
// rotation, the shift and the member), and schedules itself at the next.
func (e *Engine) shiftReminders(ctx context.Context, t *contacts.Timer) error {
	return e.writeStep(ctx, func(tx contacts.Tx) error {
		if ok, err := take(ctx, tx, t); !ok {
			return err
		}
		r, err := tx.RotationGet(ctx, t.Scope, t.Ref)
		if errors.Is(err, contacts.ErrNotFound) {
			return nil // deleted: no more reminders
		} else if err != nil {
			return err
		}
		tags, err := tx.TagsGet(ctx, t.Scope, r.ARN())
		if err != nil {
			return err
		}
		lead, on, err := contacts.ReminderLead(tags)
		if err != nil {
			e.log.Warn("engine: shift reminders are off", "rotation", r.ARN(), "reason", err)
			return nil
		}
		if !on {
			return nil
		}
		now := e.clock.Now()
		shifts, err := contacts.ShiftsOf(ctx, tx, r, now, now.Add(lead+reminderHorizon))
		if err != nil {
			return err
		}
		d := decideReminders(shifts, lead, now)
		for _, rem := range d.Send {
			if err := e.remind(ctx, tx, r, rem, now); err != nil {
				return err
			}
		}
		return contacts.ScheduleReminders(ctx, tx, r.Scope, r.ID, *d.Next)
	})
}

// remind records one reminder, unless it was recorded before, and
// schedules its delivery through the member's first activated EMAIL
// channel, else SMS channel.
func (e *Engine) remind(ctx context.Context, tx contacts.Tx, r *contacts.Rotation, rem reminderDue, now time.Time) error {
	id := contacts.ReminderMessageID(r.Scope, r.ID, rem.Shift.Start, rem.Member)
	if _, err := tx.OutboxGet(ctx, id); err == nil {
		return nil // sent (or on its way) already
	} else if !errors.Is(err, contacts.ErrNotFound) {
		return err
	}
	a, ok := contacts.ParseARN(rem.Member)
	if !ok {
		return nil
	}
	chans, err := tx.ChannelList(ctx, contacts.ChannelListParams{Scope: r.Scope, ContactAlias: a.Alias, Limit: 1000})
	if err != nil {
		return err
	}
	ch := firstActivated(chans, contacts.Email)
	if ch == nil {
		ch = firstActivated(chans, contacts.SMS)
	}
	if ch == nil {
		e.log.Info("engine: no activated EMAIL or SMS channel for a shift reminder", "rotation", r.ARN(), "contact", rem.Member)
		return nil
	}
	subject, body := reminderText(r, rem.Shift)
	m := &contacts.Message{
		ID: id, Scope: r.Scope, Kind: contacts.KindReminder,
		ChannelID: ch.ID, ChannelARN: ch.ARN(), ContactARN: ch.ContactARN(),
		ChannelType: ch.Type, Address: ch.Address, Subject: subject, Body: body,
		Status: contacts.StatusPending, CreatedAt: now, UpdatedAt: now,
	}
	if err := tx.OutboxInsert(ctx, m); err != nil {
		return err
	}
	return e.schedule(ctx, tx, contacts.TimerDeliver, m.Scope, m.ID, 0, now)
}

func firstActivated(chans []*contacts.Channel, typ contacts.ChannelType) *contacts.Channel {
	for _, c := range chans {
		if c.Type == typ && c.Activated {
			return c
		}
	}
	return nil
}

// reminderText words a reminder in the rotation's time zone: "You are on
// call for payments from 09:00 to 17:00 Europe/London on Mon 2 Mar".
func reminderText(r *contacts.Rotation, s contacts.Shift) (subject, body string) {
	loc, err := time.LoadLocation(r.Current.TimeZoneID)
	if err != nil {
		loc = time.UTC
	}
	start, end := s.Start.In(loc), s.End.In(loc)
	subject = fmt.Sprintf("On call for %s from %s", r.Name, start.Format("Mon 2 Jan 15:04"))
	if start.YearDay() == end.YearDay() && start.Year() == end.Year() {
		body = fmt.Sprintf("You are on call for %s from %s to %s %s on %s.", r.Name, start.Format("15:04"), end.Format("15:04"), loc, start.Format("Mon 2 Jan 2006"))
	} else {
		body = fmt.Sprintf("You are on call for %s from %s to %s %s.", r.Name, start.Format("15:04 Mon 2 Jan"), end.Format("15:04 Mon 2 Jan 2006"), loc)
	}
	if s.Type == "OVERRIDDEN" {
		body += " (An override puts you on call for this shift.)"
	}
	return subject, body
}
