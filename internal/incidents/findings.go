package incidents

import (
	"context"
	"errors"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// Findings are listed from what the store holds for an incident. AWS
// discovers them (CodeDeploy deployments, CloudFormation stack updates in
// the account); this server has nothing to discover them from, so an
// incident's findings are empty unless recorded by another component.

// ListIncidentFindingsInput is ListIncidentFindings' request.
type ListIncidentFindingsInput struct {
	IncidentRecordArn string  `json:"incidentRecordArn"`
	MaxResults        *int    `json:"maxResults,omitempty"`
	NextToken         *string `json:"nextToken,omitempty"`
}

// FindingSummary is a ListIncidentFindings entry.
type FindingSummary struct {
	ID               string `json:"id"`
	LastModifiedTime Time   `json:"lastModifiedTime"`
}

// ListIncidentFindingsOutput is ListIncidentFindings' response.
type ListIncidentFindingsOutput struct {
	Findings  []FindingSummary `json:"findings"`
	NextToken *string          `json:"nextToken,omitempty"`
}

// ListIncidentFindings lists an incident's findings. Errors: KindNotFound.
func (s *Service) ListIncidentFindings(ctx context.Context, sc contacts.Scope, in ListIncidentFindingsInput) (*ListIncidentFindingsOutput, error) {
	out := &ListIncidentFindingsOutput{Findings: []FindingSummary{}}
	err := s.read(ctx, func(tx contacts.Tx) error {
		if _, _, err := loadIncident(ctx, tx, sc, in.IncidentRecordArn); err != nil {
			return err
		}
		fs, docs, err := listDocs[Finding](ctx, tx, docScope(sc), kindFinding, in.IncidentRecordArn)
		if err != nil {
			return err
		}
		from, to, next, err := s.page("ListIncidentFindings", sc, in.IncidentRecordArn, positions(docs), false, in.NextToken, in.MaxResults)
		if err != nil {
			return err
		}
		for _, f := range fs[from:to] {
			out.Findings = append(out.Findings, FindingSummary{ID: f.ID, LastModifiedTime: f.LastModifiedTime})
		}
		out.NextToken = next
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// BatchGetIncidentFindingsOutput is BatchGetIncidentFindings' response.
type BatchGetIncidentFindingsOutput struct {
	Errors   []FindingError `json:"errors"`
	Findings []Finding      `json:"findings"`
}

// FindingError is a finding BatchGetIncidentFindings could not return.
type FindingError struct {
	Code      string `json:"code"`
	FindingID string `json:"findingId"`
	Message   string `json:"message"`
}

// BatchGetIncidentFindings returns findings by id; unknown ids are listed
// in errors. Errors: KindNotFound (incident).
func (s *Service) BatchGetIncidentFindings(ctx context.Context, sc contacts.Scope, incidentARN string, ids []string) (*BatchGetIncidentFindingsOutput, error) {
	out := &BatchGetIncidentFindingsOutput{Errors: []FindingError{}, Findings: []Finding{}}
	err := s.read(ctx, func(tx contacts.Tx) error {
		if _, _, err := loadIncident(ctx, tx, sc, incidentARN); err != nil {
			return err
		}
		for _, id := range ids {
			f, d, err := getDoc[Finding](ctx, tx, docScope(sc), kindFinding, incidentARN+"#"+id)
			if errors.Is(err, contacts.ErrNotFound) || (err == nil && d.Parent != incidentARN) {
				out.Errors = append(out.Errors, FindingError{Code: "ResourceNotFoundException", FindingID: id, Message: "Finding not found: " + id})
				continue
			}
			if err != nil {
				return err
			}
			out.Findings = append(out.Findings, *f)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
