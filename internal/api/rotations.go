package api

import (
	"context"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/api/wire"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

type rotationHandlers struct {
	svc *contacts.Service
}

func handOffIn(h wire.HandOffTime) contacts.HandOffTime {
	return contacts.HandOffTime{HourOfDay: h.HourOfDay, MinuteOfHour: h.MinuteOfHour}
}

func handOffOut(h contacts.HandOffTime) wire.HandOffTime {
	return wire.HandOffTime{HourOfDay: h.HourOfDay, MinuteOfHour: h.MinuteOfHour}
}

// mapCoverages converts ShiftCoverages.
func mapCoverages[A, B any](in map[string][]A, f func(A) B) map[string][]B {
	if in == nil {
		return nil
	}
	out := make(map[string][]B, len(in))
	for day, windows := range in {
		out[day] = mapSlice(nonNil(windows), f)
	}
	return out
}

func recurrenceIn(r wire.RecurrenceSettings) contacts.Recurrence {
	return contacts.Recurrence{
		NumberOfOnCalls: r.NumberOfOnCalls, RecurrenceMultiplier: r.RecurrenceMultiplier,
		MonthlySettings: mapSlice(r.MonthlySettings, func(m wire.MonthlySetting) contacts.MonthlySetting {
			return contacts.MonthlySetting{DayOfMonth: m.DayOfMonth, HandOffTime: handOffIn(m.HandOffTime)}
		}),
		WeeklySettings: mapSlice(r.WeeklySettings, func(w wire.WeeklySetting) contacts.WeeklySetting {
			return contacts.WeeklySetting{DayOfWeek: w.DayOfWeek, HandOffTime: handOffIn(w.HandOffTime)}
		}),
		DailySettings: mapSlice(r.DailySettings, handOffIn),
		ShiftCoverages: mapCoverages(r.ShiftCoverages, func(w wire.CoverageTime) contacts.CoverageTime {
			return contacts.CoverageTime{Start: mapPtr(w.Start, handOffIn), End: mapPtr(w.End, handOffIn)}
		}),
	}
}

func recurrenceOut(r contacts.Recurrence) wire.RecurrenceSettings {
	return wire.RecurrenceSettings{
		NumberOfOnCalls: r.NumberOfOnCalls, RecurrenceMultiplier: r.RecurrenceMultiplier,
		MonthlySettings: mapSlice(r.MonthlySettings, func(m contacts.MonthlySetting) wire.MonthlySetting {
			return wire.MonthlySetting{DayOfMonth: m.DayOfMonth, HandOffTime: handOffOut(m.HandOffTime)}
		}),
		WeeklySettings: mapSlice(r.WeeklySettings, func(w contacts.WeeklySetting) wire.WeeklySetting {
			return wire.WeeklySetting{DayOfWeek: w.DayOfWeek, HandOffTime: handOffOut(w.HandOffTime)}
		}),
		DailySettings: mapSlice(r.DailySettings, handOffOut),
		ShiftCoverages: mapCoverages(r.ShiftCoverages, func(w contacts.CoverageTime) wire.CoverageTime {
			return wire.CoverageTime{Start: mapPtr(w.Start, handOffOut), End: mapPtr(w.End, handOffOut)}
		}),
	}
}

func timePtr(t *wire.Timestamp) *time.Time {
	if t == nil {
		return nil
	}
	v := t.Time
	return &v
}

func (h rotationHandlers) createRotation(ctx context.Context, sc contacts.Scope, in *wire.CreateRotationRequest) (*wire.CreateRotationResult, error) {
	arn, err := h.svc.CreateRotation(ctx, sc, contacts.CreateRotationInput{
		Name: in.Name, ContactIDs: in.ContactIds, StartTime: timePtr(in.StartTime), TimeZoneID: in.TimeZoneId,
		Recurrence: recurrenceIn(in.Recurrence), Tags: tagsIn(in.Tags), IdempotencyToken: deref(in.IdempotencyToken),
	})
	if err != nil {
		return nil, err
	}
	return &wire.CreateRotationResult{RotationArn: arn}, nil
}

func (h rotationHandlers) getRotation(ctx context.Context, sc contacts.Scope, in *wire.GetRotationRequest) (*wire.GetRotationResult, error) {
	r, err := h.svc.GetRotation(ctx, sc, in.RotationId)
	if err != nil {
		return nil, err
	}
	cur := r.Current
	out := &wire.GetRotationResult{
		RotationArn: r.ARN(), Name: r.Name, ContactIds: nonNil(cur.ContactIDs), TimeZoneId: cur.TimeZoneID,
		Recurrence: recurrenceOut(cur.Recurrence),
	}
	// StartTime is echoed as given; a rotation created without one
	// reports none (as Terraform's acceptance tests show AWS does).
	if cur.StartTime != nil {
		out.StartTime = wire.At(*cur.StartTime)
	}
	return out, nil
}

func (h rotationHandlers) updateRotation(ctx context.Context, sc contacts.Scope, in *wire.UpdateRotationRequest) (*wire.UpdateRotationResult, error) {
	return &wire.UpdateRotationResult{}, h.svc.UpdateRotation(ctx, sc, contacts.UpdateRotationInput{
		RotationID: in.RotationId, ContactIDs: in.ContactIds, StartTime: timePtr(in.StartTime),
		TimeZoneID: in.TimeZoneId, Recurrence: recurrenceIn(in.Recurrence),
	})
}

func (h rotationHandlers) deleteRotation(ctx context.Context, sc contacts.Scope, in *wire.DeleteRotationRequest) (*wire.DeleteRotationResult, error) {
	return &wire.DeleteRotationResult{}, h.svc.DeleteRotation(ctx, sc, in.RotationId)
}

func (h rotationHandlers) listRotations(ctx context.Context, sc contacts.Scope, in *wire.ListRotationsRequest) (*wire.ListRotationsResult, error) {
	list, next, err := h.svc.ListRotations(ctx, sc, contacts.ListRotationsInput{
		NamePrefix: deref(in.RotationNamePrefix), MaxResults: in.MaxResults, NextToken: deref(in.NextToken),
	})
	if err != nil {
		return nil, err
	}
	out := &wire.ListRotationsResult{Rotations: make([]wire.Rotation, 0, len(list)), NextToken: optional(next)}
	for _, r := range list {
		rec := recurrenceOut(r.Current.Recurrence)
		item := wire.Rotation{RotationArn: r.ARN(), Name: r.Name, ContactIds: nonNil(r.Current.ContactIDs),
			TimeZoneId: optional(r.Current.TimeZoneID), Recurrence: &rec}
		if r.Current.StartTime != nil {
			item.StartTime = wire.Ptr(r.Current.StartTime)
		}
		out.Rotations = append(out.Rotations, item)
	}
	return out, nil
}

func shiftsOut(shifts []contacts.Shift) []wire.RotationShift {
	out := make([]wire.RotationShift, 0, len(shifts))
	for _, s := range shifts {
		item := wire.RotationShift{ContactIds: nonNil(s.Members), StartTime: wire.At(s.Start), EndTime: wire.At(s.End), Type: optional(string(s.Type))}
		if s.Type == "OVERRIDDEN" {
			item.ShiftDetails = &wire.ShiftDetails{OverriddenContactIds: nonNil(s.Replaced)}
		}
		out = append(out, item)
	}
	return out
}

func (h rotationHandlers) listRotationShifts(ctx context.Context, sc contacts.Scope, in *wire.ListRotationShiftsRequest) (*wire.ListRotationShiftsResult, error) {
	shifts, next, err := h.svc.ListRotationShifts(ctx, sc, in.RotationId, contacts.ShiftsInput{
		StartTime: timePtr(in.StartTime), EndTime: in.EndTime.Time, MaxResults: in.MaxResults, NextToken: deref(in.NextToken),
	})
	if err != nil {
		return nil, err
	}
	return &wire.ListRotationShiftsResult{RotationShifts: shiftsOut(shifts), NextToken: optional(next)}, nil
}

func (h rotationHandlers) listPreviewRotationShifts(ctx context.Context, sc contacts.Scope, in *wire.ListPreviewRotationShiftsRequest) (*wire.ListPreviewRotationShiftsResult, error) {
	q := contacts.PreviewInput{
		RotationStartTime: timePtr(in.RotationStartTime), Members: in.Members, TimeZoneID: in.TimeZoneId,
		Recurrence:  recurrenceIn(in.Recurrence),
		ShiftsInput: contacts.ShiftsInput{StartTime: timePtr(in.StartTime), EndTime: in.EndTime.Time, MaxResults: in.MaxResults, NextToken: deref(in.NextToken)},
	}
	for _, o := range in.Overrides {
		q.Overrides = append(q.Overrides, contacts.PreviewOverride{NewMembers: o.NewMembers, Start: timePtr(o.StartTime), End: timePtr(o.EndTime)})
	}
	shifts, next, err := h.svc.ListPreviewRotationShifts(ctx, sc, q)
	if err != nil {
		return nil, err
	}
	return &wire.ListPreviewRotationShiftsResult{RotationShifts: shiftsOut(shifts), NextToken: optional(next)}, nil
}

func (h rotationHandlers) createRotationOverride(ctx context.Context, sc contacts.Scope, in *wire.CreateRotationOverrideRequest) (*wire.CreateRotationOverrideResult, error) {
	id, err := h.svc.CreateRotationOverride(ctx, sc, contacts.CreateRotationOverrideInput{
		RotationID: in.RotationId, NewContactIDs: nonNil(in.NewContactIds), Start: in.StartTime.Time, End: in.EndTime.Time,
		IdempotencyToken: deref(in.IdempotencyToken),
	})
	if err != nil {
		return nil, err
	}
	return &wire.CreateRotationOverrideResult{RotationOverrideId: id}, nil
}

func (h rotationHandlers) getRotationOverride(ctx context.Context, sc contacts.Scope, in *wire.GetRotationOverrideRequest) (*wire.GetRotationOverrideResult, error) {
	r, o, err := h.svc.GetRotationOverride(ctx, sc, in.RotationId, in.RotationOverrideId)
	if err != nil {
		return nil, err
	}
	arn := r.ARN()
	return &wire.GetRotationOverrideResult{
		RotationOverrideId: &o.ID, RotationArn: &arn, NewContactIds: nonNil(o.NewContactIDs),
		StartTime: wire.Ptr(&o.Start), EndTime: wire.Ptr(&o.End), CreateTime: wire.Ptr(&o.CreatedAt),
	}, nil
}

func (h rotationHandlers) deleteRotationOverride(ctx context.Context, sc contacts.Scope, in *wire.DeleteRotationOverrideRequest) (*wire.DeleteRotationOverrideResult, error) {
	return &wire.DeleteRotationOverrideResult{}, h.svc.DeleteRotationOverride(ctx, sc, in.RotationId, in.RotationOverrideId)
}

func (h rotationHandlers) listRotationOverrides(ctx context.Context, sc contacts.Scope, in *wire.ListRotationOverridesRequest) (*wire.ListRotationOverridesResult, error) {
	_, list, next, err := h.svc.ListRotationOverrides(ctx, sc, in.RotationId, in.StartTime.Time, in.EndTime.Time, in.MaxResults, deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &wire.ListRotationOverridesResult{RotationOverrides: make([]wire.RotationOverride, 0, len(list)), NextToken: optional(next)}
	for _, o := range list {
		out.RotationOverrides = append(out.RotationOverrides, wire.RotationOverride{
			RotationOverrideId: o.ID, NewContactIds: nonNil(o.NewContactIDs), StartTime: wire.At(o.Start),
			EndTime: wire.At(o.End), CreateTime: wire.At(o.CreatedAt),
		})
	}
	return out, nil
}
