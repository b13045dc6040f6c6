package incidents

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"sort"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// Alert tokens let a monitoring system open and resolve incidents on one
// response plan without AWS credentials: POST /_ssmcontacts/alerts/{token}.
// Only the token's SHA-256 is stored; the token itself is shown once, when
// it is created.

// alertScope holds the tokens: they are looked up by hash alone, before the
// account is known.
var alertScope = contacts.Scope{}

// AlertToken describes a token (never the token itself).
type AlertToken struct {
	ID           string `json:"id"`
	Name         string `json:"name,omitempty"`
	ResponsePlan string `json:"responsePlanArn"`
	Account      string `json:"account"`
	Region       string `json:"region"`
	CreatedAt    Time   `json:"createdAt"`
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateAlertToken creates a token that opens incidents on the response
// plan planARN (its account is the ARN's). It returns the token, which is
// not stored and cannot be shown again. Errors: KindNotFound (plan).
func (s *Service) CreateAlertToken(ctx context.Context, planARN, region, name string) (token string, info *AlertToken, err error) {
	a, ok := parseARN(contacts.Scope{Account: accountOf(planARN)}, planARN)
	if !ok || a.Type != "response-plan" {
		return "", nil, notFound(ResourceResponsePlan, planARN, "Response plan")
	}
	if region == "" {
		region = "us-east-1"
	}
	sc := contacts.Scope{Account: accountOf(planARN), Region: region}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, err
	}
	token = base64.RawURLEncoding.EncodeToString(raw)
	err = s.store.Write(ctx, func(tx contacts.Tx) error {
		if _, _, err := loadPlan(ctx, tx, sc, planARN); err != nil {
			return err
		}
		now := At(s.clock.Now())
		info = &AlertToken{ID: s.newID(), Name: name, ResponsePlan: planARN, Account: sc.Account, Region: region, CreatedAt: now}
		return tx.IncidentDocInsert(ctx, &contacts.IncidentDoc{Scope: alertScope, Kind: kindAlertToken, ID: hashToken(token),
			SortKey: timeKey(now) + info.ID, Body: encode(info), CreatedAt: now.Time, UpdatedAt: now.Time})
	})
	if err != nil {
		return "", nil, err
	}
	return token, info, nil
}

func accountOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 {
		return ""
	}
	return parts[4]
}

// ListAlertTokens lists every token, oldest first.
func (s *Service) ListAlertTokens(ctx context.Context) ([]AlertToken, error) {
	var out []AlertToken
	err := s.read(ctx, func(tx contacts.Tx) error {
		ts, _, err := listDocs[AlertToken](ctx, tx, alertScope, kindAlertToken, "")
		for _, t := range ts {
			out = append(out, *t)
		}
		return err
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.Before(out[j].CreatedAt.Time) })
	return out, err
}

// RevokeAlertToken deletes the token with id. Errors: KindNotFound.
func (s *Service) RevokeAlertToken(ctx context.Context, id string) error {
	return s.store.Write(ctx, func(tx contacts.Tx) error {
		ts, docs, err := listDocs[AlertToken](ctx, tx, alertScope, kindAlertToken, "")
		if err != nil {
			return err
		}
		for i, t := range ts {
			if t.ID == id {
				return tx.IncidentDocDelete(ctx, alertScope, kindAlertToken, docs[i].ID)
			}
		}
		return &contacts.Error{Kind: contacts.KindNotFound, ResourceID: id, Message: "Alert token not found: " + id}
	})
}

// ErrBadAlertToken is returned for a token that is unknown or revoked.
var ErrBadAlertToken = errors.New("incidents: unknown or revoked alert token")

// AlertResult says what an alert did.
type AlertResult struct {
	// Action is "opened" (a new incident), "deduplicated" (an open one
	// matched), "resolved", or "none" (a resolution that matched nothing).
	Action            string `json:"action"`
	IncidentRecordArn string `json:"incidentRecordArn,omitempty"`
}

// HandleAlert applies a parsed alert to the token's response plan: a
// firing alert opens an incident (or finds the open one with the alert's
// key), a resolved one resolves it, which stops its engagements. It
// returns once the incident is committed. Errors: ErrBadAlertToken,
// KindNotFound (the plan is gone), others internal.
func (s *Service) HandleAlert(ctx context.Context, token string, a Alert) (*AlertResult, error) {
	var info *AlertToken
	err := s.read(ctx, func(tx contacts.Tx) error {
		var err error
		info, _, err = getDoc[AlertToken](ctx, tx, alertScope, kindAlertToken, hashToken(token))
		return err
	})
	if errors.Is(err, contacts.ErrNotFound) {
		return nil, ErrBadAlertToken
	}
	if err != nil {
		return nil, err
	}
	sc := contacts.Scope{Account: info.Account, Region: info.Region}
	dedupe := a.dedupeString(info.ResponsePlan)
	if a.Resolved {
		var open *incidentDoc
		err := s.read(ctx, func(tx contacts.Tx) error {
			var err error
			open, err = openByDedupe(ctx, tx, docScope(sc), dedupe)
			if open != nil && open.PlanARN != info.ResponsePlan {
				open = nil
			}
			return err
		})
		if err != nil || open == nil {
			return &AlertResult{Action: "none"}, err
		}
		resolved := StatusResolved
		if err := s.UpdateIncidentRecord(ctx, sc, UpdateIncidentRecordInput{Arn: open.Arn, Status: &resolved}); err != nil {
			return nil, err
		}
		return &AlertResult{Action: "resolved", IncidentRecordArn: open.Arn}, nil
	}
	var before *incidentDoc
	err = s.read(ctx, func(tx contacts.Tx) error {
		var err error
		before, err = openByDedupe(ctx, tx, docScope(sc), dedupe)
		return err
	})
	if err != nil {
		return nil, err
	}
	in := StartIncidentInput{ResponsePlanArn: info.ResponsePlan, Impact: a.Impact, dedupe: &dedupe, summary: a.Summary,
		TriggerDetails: &TriggerDetails{Source: a.Source, Timestamp: At(s.clock.Now()), RawData: a.RawData}}
	if a.Title != "" {
		in.Title = &a.Title
	}
	out, err := s.StartIncident(ctx, sc, in)
	if err != nil {
		return nil, err
	}
	action := "opened"
	if before != nil && before.Arn == out.IncidentRecordArn {
		action = "deduplicated"
	}
	return &AlertResult{Action: action, IncidentRecordArn: out.IncidentRecordArn}, nil
}
