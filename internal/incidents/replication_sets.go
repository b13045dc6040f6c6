package incidents

import (
	"context"
	"encoding/json"
	"errors"
	"sort"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// Replication set statuses. A set is ACTIVE as soon as it is created or
// updated: there is nothing to replicate to.
const (
	statusActive = "ACTIVE"
	defaultKey   = "DefaultKey"
)

// CreateReplicationSetInput is CreateReplicationSet's request.
type CreateReplicationSetInput struct {
	ClientToken *string                        `json:"clientToken,omitempty"`
	Regions     map[string]RegionMapInputValue `json:"regions"`
	Tags        map[string]string              `json:"tags,omitempty"`
}

// RegionMapInputValue is one region of CreateReplicationSet.
type RegionMapInputValue struct {
	SseKmsKeyID *string `json:"sseKmsKeyId,omitempty"`
}

// ARNOutput is the output of the creates: the new resource's ARN.
type ARNOutput struct {
	Arn string `json:"arn"`
}

// CreateReplicationSet creates the account's replication set. Errors:
// KindConflict (the account has one), KindValidation.
func (s *Service) CreateReplicationSet(ctx context.Context, sc contacts.Scope, in CreateReplicationSetInput) (*ARNOutput, error) {
	if len(in.Regions) == 0 {
		return nil, invalid("A replication set needs at least one region")
	}
	ds := docScope(sc)
	var arn string
	err := s.store.Write(ctx, func(tx contacts.Tx) error {
		now := At(s.clock.Now())
		var err error
		arn, err = s.idempotent(ctx, tx, sc, "CreateReplicationSet", in.ClientToken, in, func() (string, error) {
			existing, err := tx.IncidentDocList(ctx, ds, kindReplicationSet, "")
			if err != nil {
				return "", err
			}
			if len(existing) > 0 {
				return "", conflict(ResourceReplicationSet, existing[0].ID, "A replication set already exists in this account: "+existing[0].ID)
			}
			rs := &ReplicationSet{
				Arn: arnPrefix(sc) + "replication-set/" + s.newID(), CreatedBy: callerARN(sc), CreatedTime: now,
				LastModifiedBy: callerARN(sc), LastModifiedTime: now, RegionMap: map[string]RegionInfo{}, Status: statusActive,
			}
			for name, v := range in.Regions {
				rs.RegionMap[name] = newRegion(v.SseKmsKeyID, now)
			}
			if err := tx.IncidentDocInsert(ctx, &contacts.IncidentDoc{Scope: ds, Kind: kindReplicationSet, ID: rs.Arn, SortKey: rs.Arn, Body: encode(rs), CreatedAt: now.Time, UpdatedAt: now.Time}); err != nil {
				return "", err
			}
			return rs.Arn, tx.TagsReplace(ctx, ds, rs.Arn, tagList(in.Tags))
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &ARNOutput{Arn: arn}, nil
}

func newRegion(key *string, now Time) RegionInfo {
	k := defaultKey
	if key != nil && *key != "" {
		k = *key
	}
	return RegionInfo{SseKmsKeyID: k, Status: statusActive, StatusUpdateDateTime: now}
}

// loadReplicationSet loads the caller's replication set by ARN.
func loadReplicationSet(ctx context.Context, tx contacts.Tx, sc contacts.Scope, arn string) (*ReplicationSet, *contacts.IncidentDoc, error) {
	if a, ok := parseARN(sc, arn); !ok || a.Type != "replication-set" {
		return nil, nil, notFound(ResourceReplicationSet, arn, "Replication set")
	}
	rs, d, err := getDoc[ReplicationSet](ctx, tx, docScope(sc), kindReplicationSet, arn)
	if errors.Is(err, contacts.ErrNotFound) {
		return nil, nil, notFound(ResourceReplicationSet, arn, "Replication set")
	}
	return rs, d, err
}

// GetReplicationSetOutput is GetReplicationSet's response.
type GetReplicationSetOutput struct {
	ReplicationSet *ReplicationSet `json:"replicationSet"`
}

// GetReplicationSet returns a replication set. Errors: KindNotFound.
func (s *Service) GetReplicationSet(ctx context.Context, sc contacts.Scope, arn string) (*GetReplicationSetOutput, error) {
	var out GetReplicationSetOutput
	err := s.read(ctx, func(tx contacts.Tx) error {
		rs, _, err := loadReplicationSet(ctx, tx, sc, arn)
		out.ReplicationSet = rs
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ListInput is the paging part of the list requests.
type ListInput struct {
	MaxResults *int    `json:"maxResults,omitempty"`
	NextToken  *string `json:"nextToken,omitempty"`
}

// ListReplicationSetsOutput is ListReplicationSets' response.
type ListReplicationSetsOutput struct {
	NextToken          *string  `json:"nextToken,omitempty"`
	ReplicationSetArns []string `json:"replicationSetArns"`
}

// ListReplicationSets lists the account's replication set (at most one).
func (s *Service) ListReplicationSets(ctx context.Context, sc contacts.Scope, in ListInput) (*ListReplicationSetsOutput, error) {
	out := &ListReplicationSetsOutput{ReplicationSetArns: []string{}}
	err := s.read(ctx, func(tx contacts.Tx) error {
		docs, err := tx.IncidentDocList(ctx, docScope(sc), kindReplicationSet, "")
		if err != nil {
			return err
		}
		ids := docIDs(docs)
		from, to, next, err := s.page("ListReplicationSets", sc, "", positions(docs), false, in.NextToken, in.MaxResults)
		if err != nil {
			return err
		}
		out.ReplicationSetArns, out.NextToken = append(out.ReplicationSetArns, ids[from:to]...), next
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func docIDs(docs []*contacts.IncidentDoc) []string {
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	return ids
}

// UpdateReplicationSetInput is UpdateReplicationSet's request.
type UpdateReplicationSetInput struct {
	Actions []struct {
		AddRegionAction *struct {
			RegionName  string  `json:"regionName"`
			SseKmsKeyID *string `json:"sseKmsKeyId,omitempty"`
		} `json:"addRegionAction,omitempty"`
		DeleteRegionAction *struct {
			RegionName string `json:"regionName"`
		} `json:"deleteRegionAction,omitempty"`
	} `json:"actions"`
	Arn         string  `json:"arn"`
	ClientToken *string `json:"clientToken,omitempty"`
}

// UpdateReplicationSet adds or removes a region. Errors: KindNotFound,
// KindValidation (a region added twice, an unknown region deleted, the
// last region deleted), KindConflict (the last region of a protected set).
func (s *Service) UpdateReplicationSet(ctx context.Context, sc contacts.Scope, in UpdateReplicationSetInput) error {
	return s.store.Write(ctx, func(tx contacts.Tx) error {
		rs, d, err := loadReplicationSet(ctx, tx, sc, in.Arn)
		if err != nil {
			return err
		}
		now := At(s.clock.Now())
		for _, a := range in.Actions {
			switch {
			case a.AddRegionAction != nil && a.DeleteRegionAction != nil:
				return invalid("An action must be one of addRegionAction or deleteRegionAction, not both")
			case a.AddRegionAction != nil:
				name := a.AddRegionAction.RegionName
				if _, ok := rs.RegionMap[name]; ok {
					return invalid("Region %s is already in the replication set", name)
				}
				rs.RegionMap[name] = newRegion(a.AddRegionAction.SseKmsKeyID, now)
			case a.DeleteRegionAction != nil:
				name := a.DeleteRegionAction.RegionName
				if _, ok := rs.RegionMap[name]; !ok {
					return invalid("Region %s is not in the replication set", name)
				}
				if len(rs.RegionMap) == 1 {
					return invalid("The last region of a replication set cannot be removed; delete the replication set instead")
				}
				delete(rs.RegionMap, name)
			default:
				return invalid("An action must set addRegionAction or deleteRegionAction")
			}
		}
		rs.LastModifiedBy, rs.LastModifiedTime = callerARN(sc), now
		d.Body, d.UpdatedAt = encode(rs), now.Time
		return tx.IncidentDocUpdate(ctx, d)
	})
}

// UpdateDeletionProtectionInput is UpdateDeletionProtection's request.
type UpdateDeletionProtectionInput struct {
	Arn               string  `json:"arn"`
	ClientToken       *string `json:"clientToken,omitempty"`
	DeletionProtected bool    `json:"deletionProtected"`
}

// UpdateDeletionProtection turns deletion protection on or off. Errors:
// KindNotFound.
func (s *Service) UpdateDeletionProtection(ctx context.Context, sc contacts.Scope, in UpdateDeletionProtectionInput) error {
	return s.store.Write(ctx, func(tx contacts.Tx) error {
		rs, d, err := loadReplicationSet(ctx, tx, sc, in.Arn)
		if err != nil {
			return err
		}
		now := At(s.clock.Now())
		rs.DeletionProtected, rs.LastModifiedBy, rs.LastModifiedTime = in.DeletionProtected, callerARN(sc), now
		d.Body, d.UpdatedAt = encode(rs), now.Time
		return tx.IncidentDocUpdate(ctx, d)
	})
}

// DeleteReplicationSet deletes the replication set, and with it every
// response plan, incident and alert token of the account, as AWS deletes
// all Incident Manager data. Errors: KindNotFound, KindValidation
// (deletion protection is on).
func (s *Service) DeleteReplicationSet(ctx context.Context, sc contacts.Scope, arn string) error {
	return s.store.Write(ctx, func(tx contacts.Tx) error {
		rs, _, err := loadReplicationSet(ctx, tx, sc, arn)
		if err != nil {
			return err
		}
		if rs.DeletionProtected {
			return invalid("Deletion protection is enabled on the replication set %s; disable it with UpdateDeletionProtection first", arn)
		}
		ds := docScope(sc)
		for _, kind := range []string{kindIncident, kindResponsePlan} {
			docs, err := tx.IncidentDocList(ctx, ds, kind, "")
			if err != nil {
				return err
			}
			for _, d := range docs {
				if err := deleteWithTags(ctx, tx, ds, kind, d.ID); err != nil {
					return err
				}
			}
		}
		return deleteWithTags(ctx, tx, ds, kindReplicationSet, arn)
	})
}

func deleteWithTags(ctx context.Context, tx contacts.Tx, ds contacts.Scope, kind, id string) error {
	if err := tx.IncidentDocDelete(ctx, ds, kind, id); err != nil {
		return err
	}
	return tx.TagsReplace(ctx, ds, id, nil)
}

func tagList(m map[string]string) []contacts.Tag {
	out := make([]contacts.Tag, 0, len(m))
	for k, v := range m {
		out = append(out, contacts.Tag{Key: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// idempotent runs create once per clientToken: a retry with the same token
// and input returns the first result. in is hashed without its token.
func (s *Service) idempotent(ctx context.Context, tx contacts.Tx, sc contacts.Scope, op string, token *string, in any, create func() (string, error)) (string, error) {
	if token == nil || *token == "" {
		return create()
	}
	var m map[string]any
	if err := json.Unmarshal(encode(in), &m); err != nil {
		return "", err
	}
	delete(m, "clientToken")
	return contacts.Idempotent(ctx, tx, s.clock.Now(), docScope(sc), "ssm-incidents:"+op, *token, m, create)
}
