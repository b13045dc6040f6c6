package engage

import (
	"context"
	"strconv"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// DescribeEngagement returns an engagement. Errors: KindNotFound.
func (e *Engine) DescribeEngagement(ctx context.Context, sc contacts.Scope, id string) (*contacts.Engagement, error) {
	return contacts.Read(ctx, e.store, func(tx contacts.Tx) (*contacts.Engagement, error) { return contacts.FindEngagement(ctx, tx, sc, id) })
}

// ListEngagementsInput is ListEngagements' request.
type ListEngagementsInput struct {
	IncidentID *string
	From, To   *time.Time
	MaxResults *int
	NextToken  string
}

// ListEngagements lists engagements newest first. Errors: KindValidation.
func (e *Engine) ListEngagements(ctx context.Context, sc contacts.Scope, in ListEngagementsInput) ([]*contacts.Engagement, string, error) {
	filter := "i" + deref(in.IncidentID) + "\x00" + timeKey(in.From) + "\x00" + timeKey(in.To)
	if in.IncidentID == nil {
		filter = "-" + filter
	}
	beforeMs, beforeID, err := e.tokens.Open("ListEngagements", sc, filter, in.NextToken)
	if err != nil {
		return nil, "", err
	}
	p := contacts.EngagementListParams{Scope: sc, IncidentID: in.IncidentID, From: in.From, To: in.To, BeforeID: beforeID, Limit: contacts.PageSize(in.MaxResults) + 1}
	if beforeID != "" {
		if p.BeforeStart, err = contacts.TokenTime(beforeMs); err != nil {
			return nil, "", err
		}
	}
	list, err := contacts.Read(ctx, e.store, func(tx contacts.Tx) ([]*contacts.Engagement, error) { return tx.EngagementList(ctx, p) })
	if err != nil {
		return nil, "", err
	}
	list, next := contacts.Cut(list, p.Limit-1, func(last *contacts.Engagement) string {
		return e.tokens.Issue("ListEngagements", sc, filter, contacts.TimeToken(last.StartTime), last.ID)
	})
	return list, next, nil
}

func timeKey(t *time.Time) string {
	if t == nil {
		return ""
	}
	return contacts.TimeToken(*t)
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
	Page       *contacts.Page
	Engagement *contacts.Engagement
}

// DescribePage returns a page. Errors: KindNotFound.
func (e *Engine) DescribePage(ctx context.Context, sc contacts.Scope, id string) (PageView, error) {
	var v PageView
	err := e.store.Read(ctx, func(tx contacts.Tx) error {
		p, err := contacts.FindPage(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		eng, err := tx.EngagementGet(ctx, sc, p.EngagementID)
		if err != nil {
			return err
		}
		v = PageView{Page: p, Engagement: eng}
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
func (e *Engine) ListPagesByContact(ctx context.Context, sc contacts.Scope, in ListPagesInput) ([]PageView, string, error) {
	return e.listPages(ctx, sc, "ListPagesByContact", in, func(tx contacts.Tx, p *contacts.PageListParams) error {
		c, err := contacts.FindContact(ctx, tx, sc, in.ID)
		if err == nil {
			p.ContactAlias = c.Alias
		}
		return err
	})
}

// ListPagesByEngagement lists an engagement's pages, oldest first. Errors:
// KindNotFound, KindValidation.
func (e *Engine) ListPagesByEngagement(ctx context.Context, sc contacts.Scope, in ListPagesInput) ([]PageView, string, error) {
	return e.listPages(ctx, sc, "ListPagesByEngagement", in, func(tx contacts.Tx, p *contacts.PageListParams) error {
		eng, err := contacts.FindEngagement(ctx, tx, sc, in.ID)
		if err == nil {
			p.EngagementID = eng.ID
		}
		return err
	})
}

func (e *Engine) listPages(ctx context.Context, sc contacts.Scope, op string, in ListPagesInput, scope func(contacts.Tx, *contacts.PageListParams) error) ([]PageView, string, error) {
	afterMs, afterID, err := e.tokens.Open(op, sc, in.ID, in.NextToken)
	if err != nil {
		return nil, "", err
	}
	p := contacts.PageListParams{Scope: sc, AfterID: afterID, Limit: contacts.PageSize(in.MaxResults) + 1}
	if afterID != "" {
		if p.AfterCreated, err = contacts.TokenTime(afterMs); err != nil {
			return nil, "", err
		}
	}
	var views []PageView
	err = e.store.Read(ctx, func(tx contacts.Tx) error {
		if err := scope(tx, &p); err != nil {
			return err
		}
		pages, err := tx.PageList(ctx, p)
		if err != nil {
			return err
		}
		engagements := map[string]*contacts.Engagement{}
		for _, pg := range pages {
			eng := engagements[pg.EngagementID]
			if eng == nil {
				if eng, err = tx.EngagementGet(ctx, sc, pg.EngagementID); err != nil {
					return err
				}
				engagements[pg.EngagementID] = eng
			}
			views = append(views, PageView{Page: pg, Engagement: eng})
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	views, next := contacts.Cut(views, p.Limit-1, func(last PageView) string {
		return e.tokens.Issue(op, sc, in.ID, contacts.TimeToken(last.Page.CreatedAt), last.Page.ID)
	})
	return views, next, nil
}

// ListPageReceipts lists a page's receipts in the order they happened.
// Errors: KindNotFound, KindValidation.
func (e *Engine) ListPageReceipts(ctx context.Context, sc contacts.Scope, pageID string, maxResults *int, nextToken string) ([]*contacts.Receipt, string, error) {
	afterSeq, _, err := e.tokens.Open("ListPageReceipts", sc, pageID, nextToken)
	if err != nil {
		return nil, "", err
	}
	after := 0
	if afterSeq != "" {
		if after, err = strconv.Atoi(afterSeq); err != nil {
			return nil, "", contacts.BadToken()
		}
	}
	limit := contacts.PageSize(maxResults)
	list, err := contacts.Read(ctx, e.store, func(tx contacts.Tx) ([]*contacts.Receipt, error) {
		p, err := contacts.FindPage(ctx, tx, sc, pageID)
		if err != nil {
			return nil, err
		}
		return tx.ReceiptList(ctx, sc, p.ID, after, limit+1)
	})
	if err != nil {
		return nil, "", err
	}
	list, next := contacts.Cut(list, limit, func(last *contacts.Receipt) string {
		return e.tokens.Issue("ListPageReceipts", sc, pageID, strconv.Itoa(last.Seq), "")
	})
	return list, next, nil
}

// ListPageResolutions returns the path from the engaged contact to the
// paged personal contact. The path is short: it always fits in one page of
// results. Errors: KindNotFound, KindValidation.
func (e *Engine) ListPageResolutions(ctx context.Context, sc contacts.Scope, pageID, nextToken string) ([]contacts.ResolutionStep, error) {
	if _, _, err := e.tokens.Open("ListPageResolutions", sc, pageID, nextToken); err != nil {
		return nil, err
	}
	var path []contacts.ResolutionStep
	err := e.store.Read(ctx, func(tx contacts.Tx) error {
		p, err := contacts.FindPage(ctx, tx, sc, pageID)
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
