package contacts

import (
	"context"
	"errors"
	"sort"
	"strconv"
)

// taggable resolves a tagging ARN to a resource of scope sc that can carry
// tags (contacts of every type, and rotations).
func taggable(ctx context.Context, tx Tx, sc Scope, resourceARN string) error {
	a, ok := ParseARN(resourceARN)
	if !ok || !a.in(sc) {
		return notFound(ResourceContact, resourceARN, "Resource")
	}
	var err error
	switch a.Type {
	case arnContact:
		_, err = tx.ContactGet(ctx, sc, a.Alias)
	case arnRotation:
		_, err = tx.RotationGet(ctx, sc, a.ID)
	default:
		return notFound(ResourceContact, resourceARN, "Resource")
	}
	if errors.Is(err, ErrNotFound) {
		return notFound(ResourceContact, resourceARN, "Resource")
	}
	return err
}

// mergeTags adds (or overwrites, by key) add to have and enforces the
// per-resource limit.
func (s *Service) mergeTags(have, add []Tag, resourceARN string) ([]Tag, error) {
	byKey := make(map[string]string, len(have)+len(add))
	for _, t := range have {
		byKey[t.Key] = t.Value
	}
	for _, t := range add {
		if t.Key == "" || t.Value == "" {
			return nil, Invalidf("A tag needs a Key and a Value")
		}
		byKey[t.Key] = t.Value
	}
	if len(byKey) > s.limits.TagsPerResource {
		return nil, &Error{Kind: KindQuotaExceeded, ResourceID: resourceARN, ResourceType: "TAG",
			QuotaCode: "TagsPerResource",
			Message:   "A resource can have at most " + strconv.Itoa(s.limits.TagsPerResource) + " tags"}
	}
	out := make([]Tag, 0, len(byKey))
	for k, v := range byKey {
		out = append(out, Tag{Key: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// TagResource adds or overwrites tags. Errors: KindNotFound,
// KindQuotaExceeded.
func (s *Service) TagResource(ctx context.Context, sc Scope, resourceARN string, tags []Tag) error {
	return s.store.Write(ctx, func(tx Tx) error {
		if err := taggable(ctx, tx, sc, resourceARN); err != nil {
			return err
		}
		have, err := tx.TagsGet(ctx, sc, resourceARN)
		if err != nil {
			return err
		}
		merged, err := s.mergeTags(have, tags, resourceARN)
		if err != nil {
			return err
		}
		if err := tx.TagsReplace(ctx, sc, resourceARN, merged); err != nil {
			return err
		}
		return remindersChanged(ctx, tx, sc, resourceARN, s.clock.Now())
	})
}

// UntagResource removes tag keys; absent keys are ignored. Errors:
// KindNotFound.
func (s *Service) UntagResource(ctx context.Context, sc Scope, resourceARN string, keys []string) error {
	return s.store.Write(ctx, func(tx Tx) error {
		if err := taggable(ctx, tx, sc, resourceARN); err != nil {
			return err
		}
		have, err := tx.TagsGet(ctx, sc, resourceARN)
		if err != nil {
			return err
		}
		drop := make(map[string]bool, len(keys))
		for _, k := range keys {
			drop[k] = true
		}
		kept := have[:0]
		for _, t := range have {
			if !drop[t.Key] {
				kept = append(kept, t)
			}
		}
		if err := tx.TagsReplace(ctx, sc, resourceARN, kept); err != nil {
			return err
		}
		return remindersChanged(ctx, tx, sc, resourceARN, s.clock.Now())
	})
}

// ListTagsForResource returns a resource's tags ordered by key. Errors:
// KindNotFound.
func (s *Service) ListTagsForResource(ctx context.Context, sc Scope, resourceARN string) ([]Tag, error) {
	var tags []Tag
	err := s.store.Read(ctx, func(tx Tx) error {
		if err := taggable(ctx, tx, sc, resourceARN); err != nil {
			return err
		}
		var err error
		tags, err = tx.TagsGet(ctx, sc, resourceARN)
		return err
	})
	return tags, err
}
