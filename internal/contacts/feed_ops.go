package contacts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/rotation"
)

// FeedWindow is how far ahead a calendar feed lists shifts.
const FeedWindow = 60 * 24 * time.Hour

// feedTokenPrefix marks feed tokens, so that one pasted in the wrong
// place is recognisable.
const feedTokenPrefix = "ssmcf_"

// MaxFeedTokens bounds the tokens of one resource.
const MaxFeedTokens = 20

func hashFeedToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// feedResource checks that arn is a rotation or a contact of scope sc.
func feedResource(ctx context.Context, tx Tx, sc Scope, arn string) (string, error) {
	a, ok := ParseARN(arn)
	switch {
	case ok && a.Type == arnRotation:
		r, err := FindRotation(ctx, tx, sc, arn)
		if err != nil {
			return "", err
		}
		return r.ARN(), nil
	case ok && a.Type == arnContact:
		c, err := FindContact(ctx, tx, sc, arn)
		if err != nil {
			return "", err
		}
		return c.ARN(), nil
	}
	return "", notFound(ResourceRotation, arn, "Rotation or contact")
}

// CreateFeedToken makes a calendar feed token for a rotation or contact
// and returns the token (shown once: only its hash is kept). Errors:
// KindNotFound, KindQuotaExceeded.
func (s *Service) CreateFeedToken(ctx context.Context, sc Scope, resourceARN string) (string, *FeedToken, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	token := feedTokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	var f *FeedToken
	err := s.store.Write(ctx, func(tx Tx) error {
		arn, err := feedResource(ctx, tx, sc, resourceARN)
		if err != nil {
			return err
		}
		have, err := tx.FeedTokenList(ctx, sc, arn)
		if err != nil {
			return err
		}
		if len(have) >= MaxFeedTokens {
			return &Error{Kind: KindQuotaExceeded, Message: "A rotation or contact can have at most 20 calendar feed links; revoke one first", QuotaCode: "FeedTokens"}
		}
		f = &FeedToken{Scope: sc, ID: s.newID(), ResourceARN: arn, Hash: hashFeedToken(token), CreatedAt: s.clock.Now()}
		return tx.FeedTokenInsert(ctx, f)
	})
	if err != nil {
		return "", nil, err
	}
	return token, f, nil
}

// ListFeedTokens lists a rotation's or contact's feed tokens. Errors:
// KindNotFound.
func (s *Service) ListFeedTokens(ctx context.Context, sc Scope, resourceARN string) ([]*FeedToken, error) {
	return Read(ctx, s.store, func(tx Tx) ([]*FeedToken, error) {
		arn, err := feedResource(ctx, tx, sc, resourceARN)
		if err != nil {
			return nil, err
		}
		return tx.FeedTokenList(ctx, sc, arn)
	})
}

// RevokeFeedToken deletes a feed token: its URL stops working. Errors:
// KindNotFound.
func (s *Service) RevokeFeedToken(ctx context.Context, sc Scope, id string) error {
	return s.store.Write(ctx, func(tx Tx) error {
		err := tx.FeedTokenDelete(ctx, sc, strings.ToLower(id))
		if errors.Is(err, ErrNotFound) {
			return notFound("FEED_TOKEN", id, "Feed link")
		}
		return err
	})
}

// FeedShift is one shift of a feed, with its rotation.
type FeedShift struct {
	Rotation *Rotation
	Shift    Shift
}

// Feed is what a feed token shows: the shifts of a rotation, or a
// contact's shifts across every rotation, overlapping [From, To).
type Feed struct {
	Scope    Scope
	Rotation *Rotation // set for a rotation's feed
	Contact  *Contact  // set for a contact's feed
	From, To time.Time
	Shifts   []FeedShift
	// People names the contacts the shifts list (ARN → contact).
	People map[string]*Contact
}

// FeedByToken resolves a feed token and computes its shifts from now
// for FeedWindow, overrides included. Errors: KindNotFound (an unknown
// or revoked token, or its resource is gone).
func (s *Service) FeedByToken(ctx context.Context, token string) (*Feed, error) {
	if !strings.HasPrefix(token, feedTokenPrefix) {
		return nil, notFound("FEED_TOKEN", "", "Feed")
	}
	now := s.clock.Now()
	feed := &Feed{From: now, To: now.Add(FeedWindow), People: map[string]*Contact{}}
	err := s.store.Read(ctx, func(tx Tx) error {
		f, err := tx.FeedTokenByHash(ctx, hashFeedToken(token))
		if errors.Is(err, ErrNotFound) {
			return notFound("FEED_TOKEN", "", "Feed")
		}
		if err != nil {
			return err
		}
		feed.Scope = f.Scope
		var rotations []*Rotation
		if a, _ := ParseARN(f.ResourceARN); a.Type == arnRotation {
			if feed.Rotation, err = FindRotation(ctx, tx, f.Scope, f.ResourceARN); err != nil {
				return err
			}
			rotations = []*Rotation{feed.Rotation}
		} else {
			if feed.Contact, err = FindContact(ctx, tx, f.Scope, f.ResourceARN); err != nil {
				return err
			}
			if rotations, err = tx.RotationList(ctx, RotationListParams{Scope: f.Scope, Limit: 1 << 20}); err != nil {
				return err
			}
		}
		for _, r := range rotations {
			shifts, err := shiftsOf(ctx, tx, r, feed.From, feed.To)
			if err != nil {
				return err
			}
			for _, sh := range shifts {
				if feed.Contact != nil && !slices.Contains(sh.Members, feed.Contact.ARN()) {
					continue
				}
				feed.Shifts = append(feed.Shifts, FeedShift{Rotation: r, Shift: sh})
				for _, m := range sh.Members {
					if _, ok := feed.People[m]; !ok {
						c, err := FindContact(ctx, tx, f.Scope, m)
						if err == nil {
							feed.People[m] = c
						} else if KindOf(err) != KindNotFound {
							return err
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(feed.Shifts, func(a, b FeedShift) int { return a.Shift.Start.Compare(b.Shift.Start) })
	return feed, nil
}

// shiftsOf computes a rotation's shifts over [from, to) with its
// overrides, as ListRotationShifts does.
func shiftsOf(ctx context.Context, tx Tx, r *Rotation, from, to time.Time) ([]Shift, error) {
	versions, err := r.versions()
	if err != nil {
		return nil, err
	}
	overrides, err := tx.OverrideList(ctx, r.Scope, r.ID, time.Time{}, time.Time{})
	if err != nil {
		return nil, err
	}
	shifts, err := rotation.ShiftsOfHistory(versions, overridesOf(overrides), from, to)
	if err != nil {
		return nil, fromRotation(err)
	}
	return shifts, nil
}
