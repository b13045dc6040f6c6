package contacts

import (
	"context"
	"encoding/json"
)

// PutContactPolicy attaches a resource policy to a contact, stored byte for
// byte. Errors: KindNotFound, KindValidation (not a JSON object).
func (s *Service) PutContactPolicy(ctx context.Context, sc Scope, contactARN, policy string) error {
	var doc map[string]any
	if err := json.Unmarshal([]byte(policy), &doc); err != nil {
		return Invalidf("Policy is not a valid JSON policy document")
	}
	return s.store.Write(ctx, func(tx Tx) error {
		c, err := FindContact(ctx, tx, sc, contactARN)
		if err != nil {
			return err
		}
		c.Policy = &policy
		c.UpdatedAt = s.clock.Now()
		return tx.ContactUpdate(ctx, c)
	})
}

// GetContactPolicy returns the contact's ARN and its policy (nil when none
// was put). Errors: KindNotFound.
func (s *Service) GetContactPolicy(ctx context.Context, sc Scope, contactARN string) (string, *string, error) {
	c, err := s.GetContact(ctx, sc, contactARN)
	if err != nil {
		return "", nil, err
	}
	return c.ARN(), c.Policy, nil
}
