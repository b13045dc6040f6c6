package contacts

import (
	"context"
	"errors"
	"strconv"
	"time"
)

// FindEngagement loads the engagement named by ARN id in scope sc.
// Errors: KindNotFound.
func FindEngagement(ctx context.Context, tx Tx, sc Scope, id string) (*Engagement, error) {
	a, ok := resolve(sc, id, arnEngagement)
	if !ok {
		return nil, notFound(ResourceEngagement, id, "Engagement")
	}
	e, err := tx.EngagementGet(ctx, sc, a.ID)
	if errors.Is(err, ErrNotFound) || (err == nil && e.ContactAlias != a.Alias) {
		return nil, notFound(ResourceEngagement, id, "Engagement")
	}
	return e, err
}

// FindPage loads the page named by ARN id in scope sc. Errors:
// KindNotFound.
func FindPage(ctx context.Context, tx Tx, sc Scope, id string) (*Page, error) {
	a, ok := resolve(sc, id, arnPage)
	if !ok {
		return nil, notFound(ResourcePage, id, "Page")
	}
	p, err := tx.PageGet(ctx, sc, a.ID)
	if errors.Is(err, ErrNotFound) || (err == nil && p.ContactAlias != a.Alias) {
		return nil, notFound(ResourcePage, id, "Page")
	}
	return p, err
}

// DescribeEngagement returns an engagement. Errors: KindNotFound.
func (s *Service) DescribeEngagement(ctx context.Context, sc Scope, id string) (*Engagement, error) {
	var e *Engagement
	err := s.store.Read(ctx, func(tx Tx) error {
		var err error
		e, err = FindEngagement(ctx, tx, sc, id)
		return err
	})
	return e, err
}

// ListEngagementsInput is ListEngagements' request.
type ListEngagementsInput struct {
	IncidentID *string
	From, To   *time.Time
	MaxResults *int
	NextToken  string
}

// ListEngagements lists engagements newest first. Errors: KindValidation.
func (s *Service) ListEngagements(ctx context.Context, sc Scope, in ListEngagementsInput) ([]*Engagement, string, error) {
	filter := "i" + deref(in.IncidentID) + "\x00" + timeKey(in.From) + "\x00" + timeKey(in.To)
	if in.IncidentID == nil {
		filter = "-" + filter
	}
	beforeMs, beforeID, err := s.tokens.open("ListEngagements", sc, filter, in.NextToken)
	if err != nil {
		return nil, "", err
	}
	p := EngagementListParams{Scope: sc, IncidentID: in.IncidentID, From: in.From, To: in.To, BeforeID: beforeID, Limit: pageSize(in.MaxResults) + 1}
	if beforeID != "" {
		ms, err := strconv.ParseInt(beforeMs, 10, 64)
		if err != nil {
			return nil, "", badToken()
		}
		p.BeforeStart = time.UnixMilli(ms).UTC()
	}
	var list []*Engagement
	if err := s.store.Read(ctx, func(tx Tx) error {
		var err error
		list, err = tx.EngagementList(ctx, p)
		return err
	}); err != nil {
		return nil, "", err
	}
	var next string
	if limit := p.Limit - 1; len(list) > limit {
		list = list[:limit]
		last := list[limit-1]
		next = s.tokens.issue("ListEngagements", sc, filter, strconv.FormatInt(last.StartTime.UnixMilli(), 10), last.ID)
	}
	return list, next, nil
}

func timeKey(t *time.Time) string {
	if t == nil {
		return ""
	}
	return strconv.FormatInt(t.UnixMilli(), 10)
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// PageView is a page with its engagement's texts, as DescribePage and the
// page lists show it.
type PageView struct {
	Page       *Page
	Engagement *Engagement
}

// DescribePage returns a page. Errors: KindNotFound.
func (s *Service) DescribePage(ctx context.Context, sc Scope, id string) (PageView, error) {
	var v PageView
	err := s.store.Read(ctx, func(tx Tx) error {
		p, err := FindPage(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		e, err := tx.EngagementGet(ctx, sc, p.EngagementID)
		if err != nil {
			return err
		}
		v = PageView{Page: p, Engagement: e}
		return nil
	})
	return v, err
}

// ListPagesInput is the request of ListPagesByContact and
// ListPagesByEngagement.
type ListPagesInput struct {
	ID         string // contact or engagement ARN
	MaxResults *int
	NextToken  string
}

// ListPagesByContact lists the pages sent to a contact's channels, oldest
// first. Errors: KindNotFound, KindValidation.
func (s *Service) ListPagesByContact(ctx context.Context, sc Scope, in ListPagesInput) ([]PageView, string, error) {
	return s.listPages(ctx, sc, "ListPagesByContact", in, func(tx Tx, p *PageListParams) error {
		c, err := getContact(ctx, tx, sc, in.ID)
		if err == nil {
			p.ContactAlias = c.Alias
		}
		return err
	})
}

// ListPagesByEngagement lists an engagement's pages, oldest first. Errors:
// KindNotFound, KindValidation.
func (s *Service) ListPagesByEngagement(ctx context.Context, sc Scope, in ListPagesInput) ([]PageView, string, error) {
	return s.listPages(ctx, sc, "ListPagesByEngagement", in, func(tx Tx, p *PageListParams) error {
		e, err := FindEngagement(ctx, tx, sc, in.ID)
		if err == nil {
			p.EngagementID = e.ID
		}
		return err
	})
}

func (s *Service) listPages(ctx context.Context, sc Scope, op string, in ListPagesInput, scope func(Tx, *PageListParams) error) ([]PageView, string, error) {
	afterMs, afterID, err := s.tokens.open(op, sc, in.ID, in.NextToken)
	if err != nil {
		return nil, "", err
	}
	p := PageListParams{Scope: sc, AfterID: afterID, Limit: pageSize(in.MaxResults) + 1}
	if afterID != "" {
		ms, err := strconv.ParseInt(afterMs, 10, 64)
		if err != nil {
			return nil, "", badToken()
		}
		p.AfterCreated = time.UnixMilli(ms).UTC()
	}
	var views []PageView
	err = s.store.Read(ctx, func(tx Tx) error {
		if err := scope(tx, &p); err != nil {
			return err
		}
		pages, err := tx.PageList(ctx, p)
		if err != nil {
			return err
		}
		engagements := map[string]*Engagement{}
		for _, pg := range pages {
			e := engagements[pg.EngagementID]
			if e == nil {
				if e, err = tx.EngagementGet(ctx, sc, pg.EngagementID); err != nil {
					return err
				}
				engagements[pg.EngagementID] = e
			}
			views = append(views, PageView{Page: pg, Engagement: e})
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	var next string
	if limit := p.Limit - 1; len(views) > limit {
		views = views[:limit]
		last := views[limit-1].Page
		next = s.tokens.issue(op, sc, in.ID, strconv.FormatInt(last.CreatedAt.UnixMilli(), 10), last.ID)
	}
	return views, next, nil
}

// ListPageReceipts lists a page's receipts in the order they happened.
// Errors: KindNotFound, KindValidation.
func (s *Service) ListPageReceipts(ctx context.Context, sc Scope, pageID string, maxResults *int, nextToken string) ([]*Receipt, string, error) {
	afterSeq, _, err := s.tokens.open("ListPageReceipts", sc, pageID, nextToken)
	if err != nil {
		return nil, "", err
	}
	after := 0
	if afterSeq != "" {
		if after, err = strconv.Atoi(afterSeq); err != nil {
			return nil, "", badToken()
		}
	}
	limit := pageSize(maxResults)
	var list []*Receipt
	err = s.store.Read(ctx, func(tx Tx) error {
		p, err := FindPage(ctx, tx, sc, pageID)
		if err != nil {
			return err
		}
		list, err = tx.ReceiptList(ctx, sc, p.ID, after, limit+1)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	var next string
	if len(list) > limit {
		list = list[:limit]
		next = s.tokens.issue("ListPageReceipts", sc, pageID, strconv.Itoa(list[limit-1].Seq), "")
	}
	return list, next, nil
}

// ListPageResolutions returns the path from the engaged contact to the
// paged personal contact. The path is short: it always fits in one page of
// results. Errors: KindNotFound, KindValidation.
func (s *Service) ListPageResolutions(ctx context.Context, sc Scope, pageID, nextToken string) ([]ResolutionStep, error) {
	if _, _, err := s.tokens.open("ListPageResolutions", sc, pageID, nextToken); err != nil {
		return nil, err
	}
	var path []ResolutionStep
	err := s.store.Read(ctx, func(tx Tx) error {
		p, err := FindPage(ctx, tx, sc, pageID)
		if err != nil {
			return err
		}
		tr, err := tx.TrackGet(ctx, sc, p.TrackID)
		if err != nil {
			return err
		}
		path = append(path, tr.Path...)
		if n := len(path); n > 0 {
			stage := p.StageIndex
			path[n-1].StageIndex = &stage
		}
		return nil
	})
	return path, err
}
