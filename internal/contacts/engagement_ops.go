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
	return Read(ctx, s.store, func(tx Tx) (*Engagement, error) { return FindEngagement(ctx, tx, sc, id) })
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
	beforeMs, beforeID, err := s.tokens.Open("ListEngagements", sc, filter, in.NextToken)
	if err != nil {
		return nil, "", err
	}
	p := EngagementListParams{Scope: sc, IncidentID: in.IncidentID, From: in.From, To: in.To, BeforeID: beforeID, Limit: PageSize(in.MaxResults) + 1}
	if beforeID != "" {
		if p.BeforeStart, err = TokenTime(beforeMs); err != nil {
			return nil, "", err
		}
	}
	list, err := Read(ctx, s.store, func(tx Tx) ([]*Engagement, error) { return tx.EngagementList(ctx, p) })
	if err != nil {
		return nil, "", err
	}
	list, next := Cut(list, p.Limit-1, func(last *Engagement) string {
		return s.tokens.Issue("ListEngagements", sc, filter, TimeToken(last.StartTime), last.ID)
	})
	return list, next, nil
}

func timeKey(t *time.Time) string {
	if t == nil {
		return ""
	}
	return TimeToken(*t)
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
		c, err := FindContact(ctx, tx, sc, in.ID)
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
	afterMs, afterID, err := s.tokens.Open(op, sc, in.ID, in.NextToken)
	if err != nil {
		return nil, "", err
	}
	p := PageListParams{Scope: sc, AfterID: afterID, Limit: PageSize(in.MaxResults) + 1}
	if afterID != "" {
		if p.AfterCreated, err = TokenTime(afterMs); err != nil {
			return nil, "", err
		}
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
	views, next := Cut(views, p.Limit-1, func(last PageView) string {
		return s.tokens.Issue(op, sc, in.ID, TimeToken(last.Page.CreatedAt), last.Page.ID)
	})
	return views, next, nil
}

// ListPageReceipts lists a page's receipts in the order they happened.
// Errors: KindNotFound, KindValidation.
func (s *Service) ListPageReceipts(ctx context.Context, sc Scope, pageID string, maxResults *int, nextToken string) ([]*Receipt, string, error) {
	afterSeq, _, err := s.tokens.Open("ListPageReceipts", sc, pageID, nextToken)
	if err != nil {
		return nil, "", err
	}
	after := 0
	if afterSeq != "" {
		if after, err = strconv.Atoi(afterSeq); err != nil {
			return nil, "", BadToken()
		}
	}
	limit := PageSize(maxResults)
	list, err := Read(ctx, s.store, func(tx Tx) ([]*Receipt, error) {
		p, err := FindPage(ctx, tx, sc, pageID)
		if err != nil {
			return nil, err
		}
		return tx.ReceiptList(ctx, sc, p.ID, after, limit+1)
	})
	if err != nil {
		return nil, "", err
	}
	list, next := Cut(list, limit, func(last *Receipt) string {
		return s.tokens.Issue("ListPageReceipts", sc, pageID, strconv.Itoa(last.Seq), "")
	})
	return list, next, nil
}

// ListPageResolutions returns the path from the engaged contact to the
// paged personal contact. The path is short: it always fits in one page of
// results. Errors: KindNotFound, KindValidation.
func (s *Service) ListPageResolutions(ctx context.Context, sc Scope, pageID, nextToken string) ([]ResolutionStep, error) {
	if _, _, err := s.tokens.Open("ListPageResolutions", sc, pageID, nextToken); err != nil {
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
