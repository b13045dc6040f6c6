package incidents

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
)

// Engager starts and stops ssm-contacts engagements (internal/engage).
type Engager interface {
	StartEngagement(ctx context.Context, sc contacts.Scope, in engage.StartEngagementInput) (string, error)
	StopEngagement(ctx context.Context, sc contacts.Scope, engagementID string, reason *string) error
}

// Config wires a Service.
type Config struct {
	Store   contacts.Store
	Clock   clock.Clock
	Engager Engager
	// NewID returns a fresh resource id; defaults to random UUIDs.
	NewID func() string
}

// Service implements the ssm-incidents operations. It is safe for
// concurrent use.
type Service struct {
	store   contacts.Store
	clock   clock.Clock
	engager Engager
	newID   func() string
	key     []byte // seals pagination tokens
}

// New returns a Service over cfg.Store.
func New(ctx context.Context, cfg Config) (*Service, error) {
	if cfg.Store == nil || cfg.Clock == nil || cfg.Engager == nil {
		return nil, errors.New("incidents: Store, Clock and Engager are required")
	}
	key, err := cfg.Store.Secret(ctx, "incidents-pagination-tokens")
	if err != nil {
		return nil, fmt.Errorf("incidents: pagination key: %w", err)
	}
	s := &Service{store: cfg.Store, clock: cfg.Clock, engager: cfg.Engager, newID: cfg.NewID, key: key}
	if s.newID == nil {
		s.newID = uuid.NewString
	}
	return s, nil
}

// Document kinds in the store.
const (
	kindReplicationSet = "replication-set"
	kindResponsePlan   = "response-plan"
	kindIncident       = "incident-record"
	kindEvent          = "timeline-event"
	kindRelatedItem    = "related-item"
	kindFinding        = "finding"
	kindPolicy         = "resource-policy"
	kindAlertToken     = "alert-token"
	// kindOpenDedupe indexes open incidents by dedupe string: its ID is
	// the dedupe string, its Parent the incident (so deleting the
	// incident deletes the entry).
	kindOpenDedupe = "open-dedupe"
)

// Resource types as ssm-incidents errors name them.
const (
	ResourceResponsePlan   = "RESPONSE_PLAN"
	ResourceIncidentRecord = "INCIDENT_RECORD"
	ResourceTimelineEvent  = "TIMELINE_EVENT"
	ResourceReplicationSet = "REPLICATION_SET"
	ResourcePolicyType     = "RESOURCE_POLICY"
)

// docScope is where an account's ssm-incidents documents live: the account,
// in no region, as their ARNs are.
func docScope(sc contacts.Scope) contacts.Scope { return contacts.Scope{Account: sc.Account} }

func arnPrefix(sc contacts.Scope) string {
	return "arn:" + sc.Partition() + ":ssm-incidents::" + sc.Account + ":"
}

// callerARN is who the caller is in createdBy and lastModifiedBy: the
// account's root, since access keys map to accounts, not to principals.
func callerARN(sc contacts.Scope) string {
	return "arn:" + sc.Partition() + ":iam::" + sc.Account + ":root"
}

// parsedARN is an ssm-incidents ARN of the caller's account.
type parsedARN struct {
	Type string // replication-set, response-plan, incident-record
	Rest string // after "<type>/"
}

// parseARN reads an ssm-incidents ARN in the caller's account; ok is false
// for any other ARN (another account's included: it is not found).
func parseARN(sc contacts.Scope, arn string) (parsedARN, bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "ssm-incidents" || parts[4] != sc.Account {
		return parsedARN{}, false
	}
	typ, rest, ok := strings.Cut(parts[5], "/")
	if !ok || rest == "" {
		return parsedARN{}, false
	}
	return parsedARN{Type: typ, Rest: rest}, true
}

func notFound(resourceType, id, what string) *contacts.Error {
	return &contacts.Error{Kind: contacts.KindNotFound, ResourceType: resourceType, ResourceID: id, Message: what + " not found: " + id}
}

func conflict(resourceType, id, message string) *contacts.Error {
	return &contacts.Error{Kind: contacts.KindConflict, ResourceType: resourceType, ResourceID: id, Message: message}
}

func invalid(format string, args ...any) *contacts.Error {
	return &contacts.Error{Kind: contacts.KindValidation, Message: fmt.Sprintf(format, args...)}
}

// getDoc loads and decodes the document (kind, id) into a new T.
func getDoc[T any](ctx context.Context, tx contacts.Tx, sc contacts.Scope, kind, id string) (*T, *contacts.IncidentDoc, error) {
	d, err := tx.IncidentDocGet(ctx, sc, kind, id)
	if err != nil {
		return nil, nil, err
	}
	v := new(T)
	if err := json.Unmarshal(d.Body, v); err != nil {
		return nil, nil, fmt.Errorf("incidents: decode %s %s: %w", kind, id, err)
	}
	return v, d, nil
}

// listDocs loads and decodes every document of kind under parent.
func listDocs[T any](ctx context.Context, tx contacts.Tx, sc contacts.Scope, kind, parent string) ([]*T, []*contacts.IncidentDoc, error) {
	docs, err := tx.IncidentDocList(ctx, sc, kind, parent)
	if err != nil {
		return nil, nil, err
	}
	out := make([]*T, len(docs))
	for i, d := range docs {
		out[i] = new(T)
		if err := json.Unmarshal(d.Body, out[i]); err != nil {
			return nil, nil, fmt.Errorf("incidents: decode %s %s: %w", kind, d.ID, err)
		}
	}
	return out, docs, nil
}

func encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain data: a failure is a programming error
	}
	return b
}

// read runs fn in a read transaction.
func (s *Service) read(ctx context.Context, fn func(contacts.Tx) error) error {
	return s.store.Read(ctx, fn)
}

// Pagination. A token seals the position after the last item returned
// (its document id) with the operation and the request's filters.

const defaultPageSize = 100

func (s *Service) mac(op string, sc contacts.Scope, filter string, body []byte) []byte {
	m := hmac.New(sha256.New, s.key)
	for _, part := range []string{op, sc.Account, filter} {
		m.Write([]byte(part))
		m.Write([]byte{0})
	}
	m.Write(body)
	return m.Sum(nil)[:16]
}

func (s *Service) issueToken(op string, sc contacts.Scope, filter, after string) string {
	body := []byte(after)
	return base64.RawURLEncoding.EncodeToString(append(body, s.mac(op, sc, filter, body)...))
}

func (s *Service) openToken(op string, sc contacts.Scope, filter string, token *string) (string, error) {
	if token == nil || *token == "" {
		return "", nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(*token)
	if err != nil || len(raw) <= 16 {
		return "", invalid("The nextToken is invalid or does not belong to this request")
	}
	body, sum := raw[:len(raw)-16], raw[len(raw)-16:]
	if !hmac.Equal(sum, s.mac(op, sc, filter, body)) {
		return "", invalid("The nextToken is invalid or does not belong to this request")
	}
	return string(body), nil
}

// position is a document's place in its list: lists are ordered by
// (SortKey, ID), and the key compares the same way.
func position(d *contacts.IncidentDoc) string { return d.SortKey + "\x00" + d.ID }

func positions(docs []*contacts.IncidentDoc) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = position(d)
	}
	return out
}

// page cuts a list, whose items have the positions keys (ascending, or
// descending when desc), to the page after the token's position; it
// returns the indexes [from, to) and the next token. A token resumes
// after its position even when that item has since been deleted.
func (s *Service) page(op string, sc contacts.Scope, filter string, keys []string, desc bool, token *string, maxResults *int) (from, to int, next *string, err error) {
	after, err := s.openToken(op, sc, filter, token)
	if err != nil {
		return 0, 0, nil, err
	}
	if after != "" {
		from = len(keys)
		for i, k := range keys {
			if (!desc && k > after) || (desc && k < after) {
				from = i
				break
			}
		}
	}
	size := defaultPageSize
	if maxResults != nil && *maxResults > 0 {
		size = *maxResults
	}
	to = min(from+size, len(keys))
	if to < len(keys) {
		t := s.issueToken(op, sc, filter, keys[to-1])
		next = &t
	}
	return from, to, next, nil
}
