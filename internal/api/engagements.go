package api

import (
	"context"

	"github.com/ssmcontacts/ssmcontacts/internal/api/wire"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
)

type engagementHandlers struct {
	engine *engage.Engine
}

func (h engagementHandlers) startEngagement(ctx context.Context, sc contacts.Scope, in *wire.StartEngagementRequest) (*wire.StartEngagementResult, error) {
	arn, err := h.engine.StartEngagement(ctx, sc, engage.StartEngagementInput{
		ContactID: in.ContactId, Sender: in.Sender, Subject: in.Subject, Content: in.Content,
		PublicSubject: in.PublicSubject, PublicContent: in.PublicContent, IncidentID: in.IncidentId,
		IdempotencyToken: deref(in.IdempotencyToken),
	})
	if err != nil {
		return nil, err
	}
	return &wire.StartEngagementResult{EngagementArn: arn}, nil
}

func (h engagementHandlers) stopEngagement(ctx context.Context, sc contacts.Scope, in *wire.StopEngagementRequest) (*wire.StopEngagementResult, error) {
	return &wire.StopEngagementResult{}, h.engine.StopEngagement(ctx, sc, in.EngagementId, in.Reason)
}

func (h engagementHandlers) acceptPage(ctx context.Context, sc contacts.Scope, in *wire.AcceptPageRequest) (*wire.AcceptPageResult, error) {
	return &wire.AcceptPageResult{}, h.engine.AcceptPage(ctx, sc, engage.AcceptPageInput{
		PageID: in.PageId, ChannelID: in.ContactChannelId, Read: in.AcceptType == "READ", Note: in.Note,
		AcceptCode: in.AcceptCode, Enforce: deref(in.AcceptCodeValidation) == "ENFORCE",
	})
}

func (h engagementHandlers) describeEngagement(ctx context.Context, sc contacts.Scope, in *wire.DescribeEngagementRequest) (*wire.DescribeEngagementResult, error) {
	e, err := h.engine.DescribeEngagement(ctx, sc, in.EngagementId)
	if err != nil {
		return nil, err
	}
	return &wire.DescribeEngagementResult{
		ContactArn: e.ContactARN(), EngagementArn: e.ARN(), Sender: e.Sender, Subject: e.Subject, Content: e.Content,
		PublicSubject: e.PublicSubject, PublicContent: e.PublicContent, IncidentId: e.IncidentID,
		StartTime: wire.Ptr(&e.StartTime), StopTime: wire.Ptr(e.StopTime),
	}, nil
}

func (h engagementHandlers) listEngagements(ctx context.Context, sc contacts.Scope, in *wire.ListEngagementsRequest) (*wire.ListEngagementsResult, error) {
	q := engage.ListEngagementsInput{IncidentID: in.IncidentId, MaxResults: in.MaxResults, NextToken: deref(in.NextToken)}
	if r := in.TimeRangeValue; r != nil {
		if r.StartTime != nil {
			q.From = &r.StartTime.Time
		}
		if r.EndTime != nil {
			q.To = &r.EndTime.Time
		}
	}
	list, next, err := h.engine.ListEngagements(ctx, sc, q)
	if err != nil {
		return nil, err
	}
	out := &wire.ListEngagementsResult{Engagements: make([]wire.Engagement, 0, len(list)), NextToken: optional(next)}
	for _, e := range list {
		out.Engagements = append(out.Engagements, wire.Engagement{
			EngagementArn: e.ARN(), ContactArn: e.ContactARN(), Sender: e.Sender, IncidentId: e.IncidentID,
			StartTime: wire.Ptr(&e.StartTime), StopTime: wire.Ptr(e.StopTime),
		})
	}
	return out, nil
}

func (h engagementHandlers) describePage(ctx context.Context, sc contacts.Scope, in *wire.DescribePageRequest) (*wire.DescribePageResult, error) {
	v, err := h.engine.DescribePage(ctx, sc, in.PageId)
	if err != nil {
		return nil, err
	}
	p, e := v.Page, v.Engagement
	return &wire.DescribePageResult{
		PageArn: p.ARN(), EngagementArn: e.ARN(), ContactArn: p.ContactARN(), Sender: e.Sender,
		Subject: e.Subject, Content: e.Content, PublicSubject: e.PublicSubject, PublicContent: e.PublicContent,
		IncidentId: e.IncidentID, SentTime: wire.Ptr(p.SentTime), ReadTime: wire.Ptr(p.ReadTime),
		DeliveryTime: wire.Ptr(p.DeliveryTime),
	}, nil
}

func pagesOut(views []engage.PageView) []wire.Page {
	out := make([]wire.Page, 0, len(views))
	for _, v := range views {
		p, e := v.Page, v.Engagement
		out = append(out, wire.Page{
			PageArn: p.ARN(), EngagementArn: e.ARN(), ContactArn: p.ContactARN(), Sender: e.Sender,
			IncidentId: e.IncidentID, SentTime: wire.Ptr(p.SentTime), DeliveryTime: wire.Ptr(p.DeliveryTime),
			ReadTime: wire.Ptr(p.ReadTime),
		})
	}
	return out
}

func (h engagementHandlers) listPagesByContact(ctx context.Context, sc contacts.Scope, in *wire.ListPagesByContactRequest) (*wire.ListPagesByContactResult, error) {
	views, next, err := h.engine.ListPagesByContact(ctx, sc, engage.ListPagesInput{ID: in.ContactId, MaxResults: in.MaxResults, NextToken: deref(in.NextToken)})
	if err != nil {
		return nil, err
	}
	return &wire.ListPagesByContactResult{Pages: pagesOut(views), NextToken: optional(next)}, nil
}

func (h engagementHandlers) listPagesByEngagement(ctx context.Context, sc contacts.Scope, in *wire.ListPagesByEngagementRequest) (*wire.ListPagesByEngagementResult, error) {
	views, next, err := h.engine.ListPagesByEngagement(ctx, sc, engage.ListPagesInput{ID: in.EngagementId, MaxResults: in.MaxResults, NextToken: deref(in.NextToken)})
	if err != nil {
		return nil, err
	}
	return &wire.ListPagesByEngagementResult{Pages: pagesOut(views), NextToken: optional(next)}, nil
}

func (h engagementHandlers) listPageReceipts(ctx context.Context, sc contacts.Scope, in *wire.ListPageReceiptsRequest) (*wire.ListPageReceiptsResult, error) {
	list, next, err := h.engine.ListPageReceipts(ctx, sc, in.PageId, in.MaxResults, deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &wire.ListPageReceiptsResult{Receipts: make([]wire.Receipt, 0, len(list)), NextToken: optional(next)}
	for _, r := range list {
		out.Receipts = append(out.Receipts, wire.Receipt{
			ContactChannelArn: optional(r.ChannelARN), ReceiptType: string(r.Type), ReceiptInfo: optional(r.Info),
			ReceiptTime: wire.At(r.Time),
		})
	}
	return out, nil
}

func (h engagementHandlers) listPageResolutions(ctx context.Context, sc contacts.Scope, in *wire.ListPageResolutionsRequest) (*wire.ListPageResolutionsResult, error) {
	path, err := h.engine.ListPageResolutions(ctx, sc, in.PageId, deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &wire.ListPageResolutionsResult{PageResolutions: make([]wire.ResolutionContact, 0, len(path))}
	for _, s := range path {
		out.PageResolutions = append(out.PageResolutions, wire.ResolutionContact{ContactArn: s.ContactARN, Type: string(s.Type), StageIndex: s.StageIndex})
	}
	return out, nil
}
