package contacts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// ShiftReminderTag is the tag key that turns shift reminders on for a
// rotation; its value is how long before each shift the members are
// reminded, as a Go duration ("30m", "2h").
const ShiftReminderTag = "ssmcontacts/shift-reminder"

// Bounds of a reminder's lead time.
const (
	MinReminderLead = time.Minute
	MaxReminderLead = 7 * 24 * time.Hour
)

// KindReminder is a shift reminder message.
const KindReminder MessageKind = "REMINDER"

// TimerShiftReminders sends the reminders of rotation Ref that are due
// and schedules itself again at the next one. There is at most one per
// rotation (its id is ReminderTimerID); every change to the rotation, its
// overrides or its tags sets it due now, so the reminders follow the
// shifts as they stand when each reminder is due.
const TimerShiftReminders TimerKind = "SHIFT_REMINDERS"

// ReminderLead reads a rotation's reminder setting from its tags. ok is
// false when reminders are off; err says why a value is not a lead time.
func ReminderLead(tags []Tag) (lead time.Duration, ok bool, err error) {
	for _, t := range tags {
		if t.Key != ShiftReminderTag {
			continue
		}
		d, err := time.ParseDuration(t.Value)
		if err != nil || d < MinReminderLead || d > MaxReminderLead {
			return 0, false, fmt.Errorf("%s=%q is not a duration from %v to %v such as 30m or 2h", ShiftReminderTag, t.Value, MinReminderLead, MaxReminderLead)
		}
		return d, true, nil
	}
	return 0, false, nil
}

// ReminderTimerID is the id of a rotation's reminder timer.
func ReminderTimerID(sc Scope, rotationID string) string {
	return "reminders-" + digest(sc.Account, sc.Region, rotationID)
}

// ReminderMessageID is the id of the one reminder of a member for a
// shift: a reminder is recorded once, however often its rotation's timer
// runs.
func ReminderMessageID(sc Scope, rotationID string, shiftStart time.Time, memberARN string) string {
	return "reminder-" + digest(sc.Account, sc.Region, rotationID, shiftStart.UTC().Format(time.RFC3339Nano), memberARN)
}

func digest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// ScheduleReminders sets rotation rotationID's reminder timer due at due,
// replacing the one it had.
func ScheduleReminders(ctx context.Context, tx Tx, sc Scope, rotationID string, due time.Time) error {
	id := ReminderTimerID(sc, rotationID)
	if err := tx.TimerDelete(ctx, id); err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	return tx.TimerInsert(ctx, &Timer{ID: id, Kind: TimerShiftReminders, Scope: sc, Ref: rotationID, DueAt: due})
}

// remindersChanged is called by every write that can change a rotation's
// shifts or reminder setting: the reminder timer runs now and recomputes.
func remindersChanged(ctx context.Context, tx Tx, sc Scope, resourceARN string, now time.Time) error {
	a, ok := ParseARN(resourceARN)
	if !ok || a.Type != arnRotation {
		return nil
	}
	return ScheduleReminders(ctx, tx, sc, a.ID, now)
}

// ShiftsOf computes a rotation's shifts overlapping [from, to), its
// overrides applied, as ListRotationShifts does.
func ShiftsOf(ctx context.Context, tx Tx, r *Rotation, from, to time.Time) ([]Shift, error) {
	return shiftsOf(ctx, tx, r, from, to)
}
