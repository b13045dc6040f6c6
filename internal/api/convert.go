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
	return contacts.Plan{
		RotationIDs: p.RotationIds,
		Stages: mapSlice(p.Stages, func(s wire.Stage) contacts.Stage {
			return contacts.Stage{DurationInMinutes: s.DurationInMinutes, Targets: mapSlice(nonNil(s.Targets), func(t wire.Target) contacts.Target {
				return contacts.Target{
					Channel: mapPtr(t.ChannelTargetInfo, func(c wire.ChannelTargetInfo) contacts.ChannelTarget {
						return contacts.ChannelTarget{ChannelID: c.ContactChannelId, RetryIntervalInMinutes: c.RetryIntervalInMinutes}
					}),
					Contact: mapPtr(t.ContactTargetInfo, func(c wire.ContactTargetInfo) contacts.ContactTarget {
						return contacts.ContactTarget{ContactID: c.ContactId, IsEssential: c.IsEssential}
					}),
				}
			})}
		}),
	}
}

// planOut writes a plan as AWS returns it: Stages always present.
func planOut(p contacts.Plan) wire.Plan {
	return wire.Plan{
		RotationIds: p.RotationIDs,
		Stages: mapSlice(nonNil(p.Stages), func(s contacts.Stage) wire.Stage {
			return wire.Stage{DurationInMinutes: s.DurationInMinutes, Targets: mapSlice(nonNil(s.Targets), func(t contacts.Target) wire.Target {
				return wire.Target{
					ChannelTargetInfo: mapPtr(t.Channel, func(c contacts.ChannelTarget) wire.ChannelTargetInfo {
						return wire.ChannelTargetInfo{ContactChannelId: c.ChannelID, RetryIntervalInMinutes: c.RetryIntervalInMinutes}
					}),
					ContactTargetInfo: mapPtr(t.Contact, func(c contacts.ContactTarget) wire.ContactTargetInfo {
						return wire.ContactTargetInfo{ContactId: c.ContactID, IsEssential: c.IsEssential}
					}),
				}
			})}
		}),
	}
}

func tagsIn(tags []wire.Tag) []contacts.Tag {
	return mapSlice(nonNil(tags), func(t wire.Tag) contacts.Tag { return contacts.Tag{Key: deref(t.Key), Value: deref(t.Value)} })
}

func tagsOut(tags []contacts.Tag) []wire.Tag {
	return mapSlice(nonNil(tags), func(t contacts.Tag) wire.Tag { return wire.Tag{Key: optional(t.Key), Value: optional(t.Value)} })
}

// mapSlice converts a list element by element, keeping nil apart from
// empty (responses echo what was sent).
func mapSlice[A, B any](in []A, f func(A) B) []B {
	if in == nil {
		return nil
	}
	out := make([]B, len(in))
	for i, a := range in {
		out[i] = f(a)
	}
	return out
}

// mapPtr converts an optional value.
func mapPtr[A, B any](in *A, f func(A) B) *B {
	if in == nil {
		return nil
	}
	out := f(*in)
	return &out
}
