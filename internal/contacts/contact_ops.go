package contacts

import (
	"context"
	"errors"
	"strconv"
)

// CreateContactInput is CreateContact's request.
type CreateContactInput struct {
	Alias            string
	DisplayName      *string
	Type             ContactType
	Plan             Plan
	Tags             []Tag
	IdempotencyToken string `json:"-"`
}

// CreateContact creates a contact and returns its ARN.
// Errors: KindValidation (plan rules), KindConflict (alias taken, token
// reused with other input), KindQuotaExceeded.
func (s *Service) CreateContact(ctx context.Context, sc Scope, in CreateContactInput) (string, error) {
	var arn string
	err := s.store.Write(ctx, func(tx Tx) error {
		now := s.clock.Now()
		var err error
		arn, err = Idempotent(ctx, tx, now, sc, "CreateContact", in.IdempotencyToken, in, func() (string, error) {
			if err := validatePlan(ctx, tx, sc, in.Alias, in.Type, in.Plan); err != nil {
				return "", err
			}
			tags, err := s.mergeTags(nil, in.Tags, sc.ContactARN(in.Alias))
			if err != nil {
				return "", err
			}
			c := &Contact{Scope: sc, Alias: in.Alias, DisplayName: in.DisplayName, Type: in.Type, Plan: in.Plan, CreatedAt: now, UpdatedAt: now}
			if err := tx.ContactInsert(ctx, c); errors.Is(err, ErrDuplicate) {
				return "", conflict(ResourceContact, c.ARN(), "A contact with alias "+in.Alias+" already exists")
			} else if err != nil {
				return "", err
			}
			if len(tags) > 0 {
				if err := tx.TagsReplace(ctx, sc, c.ARN(), tags); err != nil {
					return "", err
				}
			}
			return c.ARN(), nil
		})
		return err
	})
	return arn, err
}

// GetContact returns a contact. Errors: KindNotFound.
func (s *Service) GetContact(ctx context.Context, sc Scope, contactID string) (*Contact, error) {
	return Read(ctx, s.store, func(tx Tx) (*Contact, error) { return FindContact(ctx, tx, sc, contactID) })
}

// ListContactsInput is ListContacts' request.
type ListContactsInput struct {
	AliasPrefix string
	Type        ContactType
	MaxResults  *int
	NextToken   string
}

// ListContacts lists contacts ordered by alias. Errors: KindValidation (bad
// token).
func (s *Service) ListContacts(ctx context.Context, sc Scope, in ListContactsInput) ([]*Contact, string, error) {
	filter := in.AliasPrefix + "\x00" + string(in.Type)
	after, _, err := s.tokens.Open("ListContacts", sc, filter, in.NextToken)
	if err != nil {
		return nil, "", err
	}
	limit := PageSize(in.MaxResults)
	list, err := Read(ctx, s.store, func(tx Tx) ([]*Contact, error) {
		return tx.ContactList(ctx, ContactListParams{Scope: sc, AliasPrefix: in.AliasPrefix, Type: in.Type, AfterAlias: after, Limit: limit + 1})
	})
	if err != nil {
		return nil, "", err
	}
	list, next := Cut(list, limit, func(last *Contact) string {
		return s.tokens.Issue("ListContacts", sc, filter, last.Alias, "")
	})
	return list, next, nil
}

// UpdateContactInput is UpdateContact's request: nil members stay as they
// are.
type UpdateContactInput struct {
	ContactID   string
	DisplayName *string
	Plan        *Plan
}

// UpdateContact changes a contact's display name and/or plan.
// Errors: KindNotFound, KindValidation.
func (s *Service) UpdateContact(ctx context.Context, sc Scope, in UpdateContactInput) error {
	return s.store.Write(ctx, func(tx Tx) error {
		c, err := FindContact(ctx, tx, sc, in.ContactID)
		if err != nil {
			return err
		}
		if in.DisplayName != nil {
			c.DisplayName = in.DisplayName
		}
		if in.Plan != nil {
			if err := validatePlan(ctx, tx, sc, c.Alias, c.Type, *in.Plan); err != nil {
				return err
			}
			c.Plan = *in.Plan
		}
		c.UpdatedAt = s.clock.Now()
		return tx.ContactUpdate(ctx, c)
	})
}

// DeleteContact deletes a contact, its channels and its tags.
// Errors: KindNotFound, KindConflict (a rotation lists the contact).
func (s *Service) DeleteContact(ctx context.Context, sc Scope, contactID string) error {
	return s.store.Write(ctx, func(tx Tx) error {
		c, err := FindContact(ctx, tx, sc, contactID)
		if err != nil {
			return err
		}
		if err := checkNoDependents(ctx, tx, c); err != nil {
			return err
		}
		if err := tx.TagsReplace(ctx, sc, c.ARN(), nil); err != nil {
			return err
		}
		return tx.ContactDelete(ctx, sc, c.Alias)
	})
}

// checkNoDependents refuses to delete a contact that rotations list as a
// member (escalation plans that name it keep a dangling reference instead,
// as AWS documents).
func checkNoDependents(ctx context.Context, tx Tx, c *Contact) error {
	ids, err := tx.RotationsWithMember(ctx, c.Scope, c.ARN())
	if err != nil || len(ids) == 0 {
		return err
	}
	arns := make([]string, len(ids))
	for i, id := range ids {
		arns[i] = c.Scope.RotationARN(id)
	}
	e := conflict(ResourceContact, c.ARN(), "The contact is a member of "+strconv.Itoa(len(arns))+" rotation(s); remove it from them first")
	e.DependentEntities = []DependentEntity{{RelationType: RelationRotationMember, DependentResourceIDs: arns}}
	return e
}

// validatePlan applies the rules the model cannot express. alias is the
// plan owner's alias.
func validatePlan(ctx context.Context, tx Tx, sc Scope, alias string, typ ContactType, p Plan) error {
	if typ == OnCallSchedule {
		if len(p.Stages) > 0 {
			return Invalidf("ONCALL SCHEDULE contact cannot have stages in plan")
		}
		return validateRotationIDs(ctx, tx, sc, p.RotationIDs)
	}
	if len(p.RotationIDs) > 0 {
		return Invalidf("Only ONCALL_SCHEDULE contacts can have RotationIds in plan")
	}
	for i, st := range p.Stages {
		if st.DurationInMinutes == 0 && len(st.Targets) == 0 {
			return Invalidf("Stage %d: the duration can only be set to 0 if a target is specified", i)
		}
		for j, t := range st.Targets {
			var rule ruleError
			if err := validateTarget(ctx, tx, sc, alias, typ, t); errors.As(err, &rule) {
				return Invalidf("Stage %d target %d: %s", i, j, rule)
			} else if err != nil {
				return err
			}
		}
	}
	return nil
}

type ruleError string

func (e ruleError) Error() string { return string(e) }

func validateTarget(ctx context.Context, tx Tx, sc Scope, alias string, typ ContactType, t Target) error {
	if (t.Channel == nil) == (t.Contact == nil) {
		return ruleError("a target must have exactly one of ChannelTargetInfo and ContactTargetInfo")
	}
	switch typ {
	case Personal:
		if t.Channel == nil {
			return ruleError("a PERSONAL contact's plan can only target its own contact channels (ChannelTargetInfo)")
		}
		return validateChannelTarget(ctx, tx, sc, alias, t.Channel.ChannelID)
	default: // Escalation
		if t.Contact == nil {
			return ruleError("an ESCALATION plan can only target contacts (ContactTargetInfo)")
		}
		if t.Contact.ContactID == nil {
			return ruleError("ContactTargetInfo requires a ContactId")
		}
		id := *t.Contact.ContactID
		a, ok := resolve(sc, id, arnContact)
		if !ok {
			return ruleError("contact " + id + " does not exist")
		}
		if a.Alias == alias {
			return ruleError("an escalation plan cannot target itself")
		}
		target, err := tx.ContactGet(ctx, sc, a.Alias)
		if errors.Is(err, ErrNotFound) {
			return ruleError("contact " + id + " does not exist")
		} else if err != nil {
			return err
		}
		if target.Type == Escalation {
			return ruleError("an escalation plan can target PERSONAL and ONCALL_SCHEDULE contacts, not the escalation plan " + id)
		}
		return nil
	}
}

func validateChannelTarget(ctx context.Context, tx Tx, sc Scope, alias, channelID string) error {
	a, ok := resolve(sc, channelID, arnChannel)
	if !ok || a.Alias != alias {
		return ruleError("contact channel " + channelID + " is not a channel of contact " + alias)
	}
	ch, err := tx.ChannelGet(ctx, sc, a.ID)
	if errors.Is(err, ErrNotFound) || (err == nil && ch.ContactAlias != alias) {
		return ruleError("contact channel " + channelID + " does not exist")
	}
	return err
}

func validateRotationIDs(ctx context.Context, tx Tx, sc Scope, ids []string) error {
	if len(ids) > MaxRotationsPerSchedule {
		return Invalidf("An on-call schedule can have at most %d rotations", MaxRotationsPerSchedule)
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			return Invalidf("Rotation %s is listed twice in the plan", id)
		}
		seen[id] = true
		if _, err := FindRotation(ctx, tx, sc, id); KindOf(err) == KindNotFound {
			return Invalidf("Rotation %s does not exist", id)
		} else if err != nil {
			return err
		}
	}
	return nil
}
