package sigv4

import (
	"errors"
	"fmt"
	"strings"
)

// Credential is one access key the server accepts.
type Credential struct {
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	// AccountID is the 12-digit account the key belongs to; every request
	// signed with the key acts in that account.
	AccountID   string `json:"accountId"`
	Description string `json:"description,omitempty"`
}

// Built-in credential, the convention other AWS emulators use.
const (
	BuiltinAccessKeyID     = "test"
	BuiltinSecretAccessKey = "test"
	DefaultAccountID       = "000000000000"
)

// Credentials is an immutable, validated set of credentials keyed by access
// key ID. It is safe for concurrent use.
type Credentials struct {
	byKey map[string]Credential
}

// BuiltinCredentials returns the set used when no credentials file is
// given: access key "test", secret "test", account 000000000000.
func BuiltinCredentials() *Credentials {
	c, err := NewCredentials([]Credential{{
		AccessKeyID:     BuiltinAccessKeyID,
		SecretAccessKey: BuiltinSecretAccessKey,
		AccountID:       DefaultAccountID,
		Description:     "built-in",
	}})
	if err != nil {
		panic(err) // the built-in entry is valid by construction
	}
	return c
}

// NewCredentials validates list and returns it as a set. It reports every
// problem at once, each naming the entry (1-based) it comes from.
func NewCredentials(list []Credential) (*Credentials, error) {
	if len(list) == 0 {
		return nil, errors.New("no credentials: at least one is required")
	}
	c := &Credentials{byKey: make(map[string]Credential, len(list))}
	firstEntry := make(map[string]int, len(list))
	var errs []error
	for i, cred := range list {
		n := i + 1
		for _, problem := range cred.problems() {
			errs = append(errs, fmt.Errorf("credential %d: %s", n, problem))
		}
		if first, dup := firstEntry[cred.AccessKeyID]; dup && cred.AccessKeyID != "" {
			errs = append(errs, fmt.Errorf("credential %d: access key ID %q is already used by credential %d",
				n, cred.AccessKeyID, first))
			continue
		}
		firstEntry[cred.AccessKeyID] = n
		c.byKey[cred.AccessKeyID] = cred
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// Lookup returns the credential for an access key ID.
func (c *Credentials) Lookup(accessKeyID string) (Credential, bool) {
	cred, ok := c.byKey[accessKeyID]
	return cred, ok
}

// Len is the number of credentials in the set.
func (c *Credentials) Len() int { return len(c.byKey) }

func (cred Credential) problems() []string {
	var p []string
	switch {
	case cred.AccessKeyID == "":
		p = append(p, "accessKeyId is empty")
	case !validAccessKeyID(cred.AccessKeyID):
		p = append(p, fmt.Sprintf("accessKeyId %q may only hold printable ASCII characters other than '/', ',' and spaces",
			cred.AccessKeyID))
	}
	switch {
	case cred.SecretAccessKey == "":
		p = append(p, "secretAccessKey is empty")
	case strings.TrimSpace(cred.SecretAccessKey) != cred.SecretAccessKey:
		p = append(p, "secretAccessKey has leading or trailing white space")
	}
	if !isAccountID(cred.AccountID) {
		p = append(p, fmt.Sprintf("accountId %q is not 12 digits", cred.AccountID))
	}
	return p
}

// validAccessKeyID keeps to what can travel inside a Credential parameter:
// a '/' would shift the scope, a ',' or space would end the parameter.
func validAccessKeyID(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c > '~' || c == '/' || c == ',' {
			return false
		}
	}
	return true
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
