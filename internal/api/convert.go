package api

import (
	"github.com/ssmcontacts/ssmcontacts/internal/api/wire"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// optional returns nil for the zero value, so that it is omitted.
func optional[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

// nonNil makes a required list present on the wire even when empty.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func planIn(p wire.Plan) contacts.Plan {
	out := contacts.Plan{RotationIDs: p.RotationIds}
	if p.Stages != nil {
		out.Stages = make([]contacts.Stage, 0, len(p.Stages))
	}
	for _, s := range p.Stages {
		st := contacts.Stage{DurationInMinutes: s.DurationInMinutes, Targets: make([]contacts.Target, 0, len(s.Targets))}
		for _, t := range s.Targets {
			var tgt contacts.Target
			if c := t.ChannelTargetInfo; c != nil {
				tgt.Channel = &contacts.ChannelTarget{ChannelID: c.ContactChannelId, RetryIntervalInMinutes: c.RetryIntervalInMinutes}
			}
			if c := t.ContactTargetInfo; c != nil {
				tgt.Contact = &contacts.ContactTarget{ContactID: c.ContactId, IsEssential: c.IsEssential}
			}
			st.Targets = append(st.Targets, tgt)
		}
		out.Stages = append(out.Stages, st)
	}
	return out
}

// planOut writes a plan as AWS returns it: Stages always present.
func planOut(p contacts.Plan) wire.Plan {
	out := wire.Plan{Stages: make([]wire.Stage, 0, len(p.Stages)), RotationIds: p.RotationIDs}
	for _, s := range p.Stages {
		st := wire.Stage{DurationInMinutes: s.DurationInMinutes, Targets: make([]wire.Target, 0, len(s.Targets))}
		for _, t := range s.Targets {
			var tgt wire.Target
			if c := t.Channel; c != nil {
				tgt.ChannelTargetInfo = &wire.ChannelTargetInfo{ContactChannelId: c.ChannelID, RetryIntervalInMinutes: c.RetryIntervalInMinutes}
			}
			if c := t.Contact; c != nil {
				tgt.ContactTargetInfo = &wire.ContactTargetInfo{ContactId: c.ContactID, IsEssential: c.IsEssential}
			}
			st.Targets = append(st.Targets, tgt)
		}
		out.Stages = append(out.Stages, st)
	}
	return out
}

func tagsIn(tags []wire.Tag) []contacts.Tag {
	out := make([]contacts.Tag, 0, len(tags))
	for _, t := range tags {
		out = append(out, contacts.Tag{Key: deref(t.Key), Value: deref(t.Value)})
	}
	return out
}

func tagsOut(tags []contacts.Tag) []wire.Tag {
	out := make([]wire.Tag, 0, len(tags))
	for _, t := range tags {
		out = append(out, wire.Tag{Key: optional(t.Key), Value: optional(t.Value)})
	}
	return out
}
