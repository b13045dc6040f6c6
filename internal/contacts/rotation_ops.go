package contacts

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/rotation"
)

// MaxRotationsPerSchedule is how many rotations an on-call schedule may
// list (Incident Manager user guide: "up to eight rotations").
const MaxRotationsPerSchedule = 8

// RelationRotationMember is the DependentEntity RelationType of a
// rotation that lists a contact being deleted.
const RelationRotationMember = "ROTATION_MEMBER"

// CreateRotationInput is CreateRotation's request.
type CreateRotationInput struct {
	Name             string
	ContactIDs       []string
	StartTime        *time.Time
	TimeZoneID       string
	Recurrence       Recurrence
	Tags             []Tag
	IdempotencyToken string `json:"-"`
}

// FindRotation loads the rotation named by ARN id in scope sc. Errors:
// KindNotFound.
func FindRotation(ctx context.Context, tx Tx, sc Scope, id string) (*Rotation, error) {
	a, ok := resolve(sc, id, arnRotation)
	if !ok {
		return nil, notFound(ResourceRotation, id, "Rotation")
	}
	r, err := tx.RotationGet(ctx, sc, a.ID)
	if errors.Is(err, ErrNotFound) {
		return nil, notFound(ResourceRotation, id, "Rotation")
	}
	return r, err
}

// checkMembers requires every id to be a personal contact of scope sc.
func checkMembers(ctx context.Context, tx Tx, sc Scope, ids []string) error {
	for _, id := range ids {
		c, err := FindContact(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if c.Type != Personal {
			return Invalidf("Rotation members must be PERSONAL contacts; %s is %s", id, c.Type)
		}
	}
	return nil
}

// CreateRotation creates a rotation and returns its ARN. Errors:
// KindNotFound (a member), KindValidation, KindConflict (token reused).
func (s *Service) CreateRotation(ctx context.Context, sc Scope, in CreateRotationInput) (string, error) {
	var arn string
	err := s.store.Write(ctx, func(tx Tx) error {
		now := s.clock.Now()
		var err error
		arn, err = Idempotent(ctx, tx, now, sc, "CreateRotation", in.IdempotencyToken, in, func() (string, error) {
			if err := checkMembers(ctx, tx, sc, in.ContactIDs); err != nil {
				return "", err
			}
			cur := RotationSettings{ContactIDs: in.ContactIDs, StartTime: in.StartTime, TimeZoneID: in.TimeZoneID, Recurrence: in.Recurrence, From: now}
			r := &Rotation{Scope: sc, ID: s.newID(), Name: in.Name, Current: cur, CreatedAt: now, UpdatedAt: now}
			if _, err := spec(cur.ContactIDs, r.start(cur), cur.TimeZoneID, cur.Recurrence); err != nil {
				return "", err
			}
			tags, err := s.mergeTags(nil, in.Tags, r.ARN())
			if err != nil {
				return "", err
			}
			if err := tx.RotationInsert(ctx, r); err != nil {
				return "", err
			}
			if len(tags) > 0 {
				if err := tx.TagsReplace(ctx, sc, r.ARN(), tags); err != nil {
					return "", err
				}
			}
			return r.ARN(), remindersChanged(ctx, tx, sc, r.ARN(), now)
		})
		return err
	})
	return arn, err
}

// GetRotation returns a rotation. Errors: KindNotFound.
func (s *Service) GetRotation(ctx context.Context, sc Scope, id string) (*Rotation, error) {
	return Read(ctx, s.store, func(tx Tx) (*Rotation, error) { return FindRotation(ctx, tx, sc, id) })
}

// UpdateRotationInput is UpdateRotation's request: Recurrence is
// required, nil members stay as they are.
type UpdateRotationInput struct {
	RotationID string
	ContactIDs []string
	StartTime  *time.Time
	TimeZoneID *string
	Recurrence Recurrence
}

// UpdateRotation changes a rotation from now on: shifts already past stay
// as the earlier settings computed them (the earlier settings are kept as
// history), later shifts follow the new settings, counted from the
// rotation's start (its StartTime, new or kept, else its creation) like
// the earlier ones: the shift in progress ends now and the new settings'
// shift in progress then begins. Overrides are kept while they are
// valid (see keepValidOverrides). Errors: KindNotFound, KindValidation.
func (s *Service) UpdateRotation(ctx context.Context, sc Scope, in UpdateRotationInput) error {
	return s.store.Write(ctx, func(tx Tx) error {
		now := s.clock.Now()
		r, err := FindRotation(ctx, tx, sc, in.RotationID)
		if err != nil {
			return err
		}
		next := r.Current
		next.Recurrence, next.From = in.Recurrence, now
		if in.ContactIDs != nil {
			if err := checkMembers(ctx, tx, sc, in.ContactIDs); err != nil {
				return err
			}
			next.ContactIDs = in.ContactIDs
		}
		if in.StartTime != nil {
			next.StartTime = in.StartTime
		}
		if in.TimeZoneID != nil {
			next.TimeZoneID = *in.TimeZoneID
		}
		if _, err := spec(next.ContactIDs, r.start(next), next.TimeZoneID, next.Recurrence); err != nil {
			return err
		}
		r.supersede(next)
		r.UpdatedAt = now
		if err := tx.RotationUpdate(ctx, r); err != nil {
			return err
		}
		if err := keepValidOverrides(ctx, tx, r, now); err != nil {
			return err
		}
		return remindersChanged(ctx, tx, sc, r.ARN(), now)
	})
}

// keepValidOverrides brings a rotation's overrides in line with the
// settings it took at now. An override is valid while every contact it
// puts on call is a member of the rotation; only a change of members can
// invalidate one (its length and how far ahead it starts were checked
// when it was created and do not depend on the settings). An override
// that is no longer valid is deleted if it starts at now or later, and
// ended at now if it is in progress, so that the time it already
// governed keeps the shifts it gave, as past shifts do; one that has
// ended is history and stays whole. Valid overrides are kept as they are.
func keepValidOverrides(ctx context.Context, tx Tx, r *Rotation, now time.Time) error {
	overrides, err := tx.OverrideList(ctx, r.Scope, r.ID, now, time.Time{})
	if err != nil {
		return err
	}
	for _, o := range overrides {
		if subset(o.NewContactIDs, r.Current.ContactIDs) {
			continue
		}
		if o.Start.Before(now) {
			o.End = now
			err = tx.OverrideUpdate(ctx, o)
		} else {
			err = tx.OverrideDelete(ctx, r.Scope, r.ID, o.ID)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// supersede makes next, which takes effect at next.From, the current
// settings. Settings that would take effect only at next.From or later
// never governed any time: a second update in the same instant, or one
// made after the clock was set back. They are replaced rather than kept
// as history, which must stay in increasing order of From. The first
// settings keep their From (the creation) when replaced.
func (r *Rotation) supersede(next RotationSettings) {
	for len(r.Past) > 0 && !r.Current.From.Before(next.From) {
		r.Current, r.Past = r.Past[len(r.Past)-1], r.Past[:len(r.Past)-1]
	}
	if !r.Current.From.Before(next.From) {
		next.From = r.Current.From
	} else {
		r.Past = append(r.Past, r.Current)
	}
	r.Current = next
}

func subset(a, of []string) bool {
	for _, x := range a {
		if !slices.Contains(of, x) {
			return false
		}
	}
	return true
}

// DeleteRotation deletes a rotation with its overrides and tags, and takes
// it out of every on-call schedule that lists it. Errors: KindNotFound.
func (s *Service) DeleteRotation(ctx context.Context, sc Scope, id string) error {
	return s.store.Write(ctx, func(tx Tx) error {
		r, err := FindRotation(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		schedules, err := tx.ContactList(ctx, ContactListParams{Scope: sc, Type: OnCallSchedule, Limit: 1 << 30})
		if err != nil {
			return err
		}
		now := s.clock.Now()
		for _, c := range schedules {
			if !slices.Contains(c.Plan.RotationIDs, r.ARN()) {
				continue
			}
			c.Plan.RotationIDs = slices.DeleteFunc(slices.Clone(c.Plan.RotationIDs), func(x string) bool { return x == r.ARN() })
			c.UpdatedAt = now
			if err := tx.ContactUpdate(ctx, c); err != nil {
				return err
			}
		}
		if err := tx.TagsReplace(ctx, sc, r.ARN(), nil); err != nil {
			return err
		}
		return tx.RotationDelete(ctx, sc, r.ID)
	})
}

// ListRotationsInput is ListRotations' request.
type ListRotationsInput struct {
	NamePrefix string
	MaxResults *int
	NextToken  string
}

// ListRotations lists rotations ordered by name. Errors: KindValidation.
func (s *Service) ListRotations(ctx context.Context, sc Scope, in ListRotationsInput) ([]*Rotation, string, error) {
	afterName, afterID, err := s.tokens.Open("ListRotations", sc, in.NamePrefix, in.NextToken)
	if err != nil {
		return nil, "", err
	}
	limit := PageSize(in.MaxResults)
	list, err := Read(ctx, s.store, func(tx Tx) ([]*Rotation, error) {
		return tx.RotationList(ctx, RotationListParams{Scope: sc, NamePrefix: in.NamePrefix, AfterName: afterName, AfterID: afterID, Limit: limit + 1})
	})
	if err != nil {
		return nil, "", err
	}
	list, next := Cut(list, limit, func(last *Rotation) string {
		return s.tokens.Issue("ListRotations", sc, in.NamePrefix, last.Name, last.ID)
	})
	return list, next, nil
}

// Shift is one computed shift.
type Shift = rotation.Shift

// ShiftsInput is a time range and its paging.
type ShiftsInput struct {
	StartTime  *time.Time // default: now
	EndTime    time.Time
	MaxResults *int
	NextToken  string
}

// ListRotationShifts computes a rotation's shifts overlapping [StartTime,
// EndTime), with its overrides applied. Errors: KindNotFound,
// KindValidation (range empty or longer than rotation.MaxWindow; token).
func (s *Service) ListRotationShifts(ctx context.Context, sc Scope, rotationID string, in ShiftsInput) ([]Shift, string, error) {
	var (
		versions  []rotation.Version
		overrides []*Override
	)
	from, err := s.shiftWindow(in)
	if err != nil {
		return nil, "", err
	}
	err = s.store.Read(ctx, func(tx Tx) error {
		r, err := FindRotation(ctx, tx, sc, rotationID)
		if err != nil {
			return err
		}
		if versions, err = r.versions(); err != nil {
			return err
		}
		overrides, err = tx.OverrideList(ctx, sc, r.ID, time.Time{}, time.Time{})
		return err
	})
	if err != nil {
		return nil, "", err
	}
	shifts, err := rotation.ShiftsOfHistory(versions, overridesOf(overrides), from, in.EndTime)
	if err != nil {
		return nil, "", fromRotation(err)
	}
	return s.pageShifts("ListRotationShifts", sc, rotationID, shifts, in)
}

func (s *Service) shiftWindow(in ShiftsInput) (time.Time, error) {
	from := s.clock.Now()
	if in.StartTime != nil {
		from = *in.StartTime
	}
	if !in.EndTime.After(from) {
		return time.Time{}, Invalidf("EndTime must be after StartTime")
	}
	if in.EndTime.Sub(from) > rotation.MaxWindow {
		return time.Time{}, Invalidf("The time range is longer than the %d days shifts can be listed for at once", int(rotation.MaxWindow/(24*time.Hour)))
	}
	return from, nil
}

// pageShifts cuts a page out of computed shifts; the token is the start of
// the last shift returned.
func (s *Service) pageShifts(op string, sc Scope, filter string, shifts []Shift, in ShiftsInput) ([]Shift, string, error) {
	filter += "\x00" + strconv.FormatInt(in.EndTime.UnixMilli(), 10)
	after, _, err := s.tokens.Open(op, sc, filter, in.NextToken)
	if err != nil {
		return nil, "", err
	}
	if after != "" {
		ms, err := strconv.ParseInt(after, 10, 64)
		if err != nil {
			return nil, "", BadToken()
		}
		i := 0
		for i < len(shifts) && shifts[i].Start.UnixMilli() <= ms {
			i++
		}
		shifts = shifts[i:]
	}
	shifts, next := Cut(shifts, PageSize(in.MaxResults), func(last Shift) string {
		return s.tokens.Issue(op, sc, filter, TimeToken(last.Start), "")
	})
	return shifts, next, nil
}

// PreviewOverride is an override of a preview.
type PreviewOverride struct {
	NewMembers []string
	Start, End *time.Time
}

// PreviewInput is ListPreviewRotationShifts' request.
type PreviewInput struct {
	RotationStartTime *time.Time // default: StartTime, else now
	Members           []string
	TimeZoneID        string
	Recurrence        Recurrence
	Overrides         []PreviewOverride
	ShiftsInput
}

// ListPreviewRotationShifts computes the shifts settings would give, with
// free-form member names, without storing anything. Errors:
// KindValidation.
func (s *Service) ListPreviewRotationShifts(ctx context.Context, sc Scope, in PreviewInput) ([]Shift, string, error) {
	from, err := s.shiftWindow(in.ShiftsInput)
	if err != nil {
		return nil, "", err
	}
	start := from
	if in.RotationStartTime != nil {
		start = *in.RotationStartTime
	}
	sp, err := spec(in.Members, start, in.TimeZoneID, in.Recurrence)
	if err != nil {
		return nil, "", err
	}
	var overrides []rotation.Override
	for i, o := range in.Overrides {
		if o.Start == nil || o.End == nil || !o.End.After(*o.Start) {
			return nil, "", Invalidf("Override %d needs a StartTime before its EndTime", i+1)
		}
		overrides = append(overrides, rotation.Override{ID: strconv.Itoa(i), Start: *o.Start, End: *o.End, Members: o.NewMembers})
	}
	shifts, err := rotation.Shifts(sp, overrides, from, in.EndTime)
	if err != nil {
		return nil, "", fromRotation(err)
	}
	filter := strings.Join(in.Members, "\x01") + "\x00" + in.TimeZoneID + "\x00" + strconv.FormatInt(start.UnixMilli(), 10)
	return s.pageShifts("ListPreviewRotationShifts", sc, filter, shifts, in.ShiftsInput)
}

// CreateRotationOverrideInput is CreateRotationOverride's request.
type CreateRotationOverrideInput struct {
	RotationID       string
	NewContactIDs    []string
	Start, End       time.Time
	IdempotencyToken string `json:"-"`
}

// CreateRotationOverride puts NewContactIDs on call instead of the
// rotation's regular members between Start and End, and returns the
// override's id. Errors: KindNotFound, KindValidation (under 30 minutes,
// more than six months ahead, someone not in the rotation).
func (s *Service) CreateRotationOverride(ctx context.Context, sc Scope, in CreateRotationOverrideInput) (string, error) {
	var id string
	err := s.store.Write(ctx, func(tx Tx) error {
		now := s.clock.Now()
		var err error
		id, err = Idempotent(ctx, tx, now, sc, "CreateRotationOverride", in.IdempotencyToken, in, func() (string, error) {
			r, err := FindRotation(ctx, tx, sc, in.RotationID)
			if err != nil {
				return "", err
			}
			cur := r.Current
			sp, err := spec(cur.ContactIDs, r.start(cur), cur.TimeZoneID, cur.Recurrence)
			if err != nil {
				return "", err
			}
			o := &Override{Scope: sc, RotationID: r.ID, ID: s.newID(), NewContactIDs: in.NewContactIDs, Start: in.Start, End: in.End, CreatedAt: now}
			if err := rotation.ValidateOverride(sp, rotation.Override{ID: o.ID, Start: o.Start, End: o.End, Members: o.NewContactIDs}, now); err != nil {
				return "", fromRotation(err)
			}
			if err := tx.OverrideInsert(ctx, o); err != nil {
				return "", err
			}
			if err := remindersChanged(ctx, tx, sc, r.ARN(), now); err != nil {
				return "", err
			}
			return o.ID, nil
		})
		return err
	})
	return id, err
}

// findOverride loads an override of a rotation. Errors: KindNotFound.
func findOverride(ctx context.Context, tx Tx, sc Scope, rotationID, overrideID string) (*Rotation, *Override, error) {
	r, err := FindRotation(ctx, tx, sc, rotationID)
	if err != nil {
		return nil, nil, err
	}
	o, err := tx.OverrideGet(ctx, sc, r.ID, strings.ToLower(overrideID))
	if errors.Is(err, ErrNotFound) {
		return nil, nil, notFound(ResourceOverride, overrideID, "Rotation override")
	}
	return r, o, err
}

// GetRotationOverride returns an override and its rotation. Errors:
// KindNotFound.
func (s *Service) GetRotationOverride(ctx context.Context, sc Scope, rotationID, overrideID string) (*Rotation, *Override, error) {
	var (
		r *Rotation
		o *Override
	)
	err := s.store.Read(ctx, func(tx Tx) error {
		var err error
		r, o, err = findOverride(ctx, tx, sc, rotationID, overrideID)
		return err
	})
	return r, o, err
}

// DeleteRotationOverride deletes an override; its time reverts to the
// regular shifts. Errors: KindNotFound.
func (s *Service) DeleteRotationOverride(ctx context.Context, sc Scope, rotationID, overrideID string) error {
	return s.store.Write(ctx, func(tx Tx) error {
		r, o, err := findOverride(ctx, tx, sc, rotationID, overrideID)
		if err != nil {
			return err
		}
		if err := tx.OverrideDelete(ctx, sc, r.ID, o.ID); err != nil {
			return err
		}
		return remindersChanged(ctx, tx, sc, r.ARN(), s.clock.Now())
	})
}

// ListRotationOverrides lists a rotation's overrides that overlap
// [start, end), oldest first, with the rotation's ARN. Errors:
// KindNotFound, KindValidation.
func (s *Service) ListRotationOverrides(ctx context.Context, sc Scope, rotationID string, start, end time.Time, maxResults *int, nextToken string) (string, []*Override, string, error) {
	if !end.After(start) {
		return "", nil, "", Invalidf("EndTime must be after StartTime")
	}
	filter := rotationID + "\x00" + strconv.FormatInt(start.UnixMilli(), 10) + "\x00" + strconv.FormatInt(end.UnixMilli(), 10)
	afterID, _, err := s.tokens.Open("ListRotationOverrides", sc, filter, nextToken)
	if err != nil {
		return "", nil, "", err
	}
	var (
		arn  string
		list []*Override
	)
	err = s.store.Read(ctx, func(tx Tx) error {
		r, err := FindRotation(ctx, tx, sc, rotationID)
		if err != nil {
			return err
		}
		arn = r.ARN()
		list, err = tx.OverrideList(ctx, sc, r.ID, start, end)
		return err
	})
	if err != nil {
		return "", nil, "", err
	}
	if afterID != "" {
		i := slices.IndexFunc(list, func(o *Override) bool { return o.ID == afterID })
		list = list[i+1:] // i == -1 (deleted since): from the start
	}
	list, next := Cut(list, PageSize(maxResults), func(last *Override) string {
		return s.tokens.Issue("ListRotationOverrides", sc, filter, last.ID, "")
	})
	return arn, list, next, nil
}

// OnCallResolver tells the engine who is on call in an on-call schedule:
// the personal contacts on call at an instant across all its rotations,
// each once, in the order of the schedule's rotations.
type OnCallResolver struct{}

// OnCall implements the engine's resolver.
func (OnCallResolver) OnCall(ctx context.Context, tx Tx, schedule *Contact, at time.Time) ([]*Contact, error) {
	var people []*Contact
	seen := map[string]bool{}
	for _, id := range schedule.Plan.RotationIDs {
		r, err := FindRotation(ctx, tx, schedule.Scope, id)
		if KindOf(err) == KindNotFound {
			continue
		} else if err != nil {
			return nil, err
		}
		versions, err := r.versions()
		if err != nil {
			return nil, err
		}
		overrides, err := tx.OverrideList(ctx, r.Scope, r.ID, time.Time{}, time.Time{})
		if err != nil {
			return nil, err
		}
		for _, arn := range rotation.OnCallInHistory(versions, overridesOf(overrides), at) {
			if seen[arn] {
				continue
			}
			seen[arn] = true
			c, err := FindContact(ctx, tx, schedule.Scope, arn)
			if KindOf(err) == KindNotFound {
				continue
			} else if err != nil {
				return nil, err
			}
			if c.Type == Personal {
				people = append(people, c)
			}
		}
	}
	return people, nil
}
