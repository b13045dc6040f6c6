package api

import (
	"context"

	"github.com/ssmcontacts/ssmcontacts/internal/api/wire"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

type contactHandlers struct {
	svc *contacts.Service
}

func (h contactHandlers) createContact(ctx context.Context, sc contacts.Scope, in *wire.CreateContactRequest) (*wire.CreateContactResult, error) {
	arn, err := h.svc.CreateContact(ctx, sc, contacts.CreateContactInput{
		Alias: in.Alias, DisplayName: in.DisplayName, Type: contacts.ContactType(in.Type),
		Plan: planIn(in.Plan), Tags: tagsIn(in.Tags), IdempotencyToken: deref(in.IdempotencyToken),
	})
	if err != nil {
		return nil, err
	}
	return &wire.CreateContactResult{ContactArn: arn}, nil
}

func (h contactHandlers) getContact(ctx context.Context, sc contacts.Scope, in *wire.GetContactRequest) (*wire.GetContactResult, error) {
	c, err := h.svc.GetContact(ctx, sc, in.ContactId)
	if err != nil {
		return nil, err
	}
	return &wire.GetContactResult{ContactArn: c.ARN(), Alias: c.Alias, DisplayName: c.DisplayName, Type: string(c.Type), Plan: planOut(c.Plan)}, nil
}

func (h contactHandlers) listContacts(ctx context.Context, sc contacts.Scope, in *wire.ListContactsRequest) (*wire.ListContactsResult, error) {
	list, next, err := h.svc.ListContacts(ctx, sc, contacts.ListContactsInput{
		AliasPrefix: deref(in.AliasPrefix), Type: contacts.ContactType(deref(in.Type)),
		MaxResults: in.MaxResults, NextToken: deref(in.NextToken),
	})
	if err != nil {
		return nil, err
	}
	out := &wire.ListContactsResult{Contacts: make([]wire.Contact, 0, len(list)), NextToken: optional(next)}
	for _, c := range list {
		out.Contacts = append(out.Contacts, wire.Contact{ContactArn: c.ARN(), Alias: c.Alias, DisplayName: c.DisplayName, Type: string(c.Type)})
	}
	return out, nil
}

func (h contactHandlers) updateContact(ctx context.Context, sc contacts.Scope, in *wire.UpdateContactRequest) (*wire.UpdateContactResult, error) {
	upd := contacts.UpdateContactInput{ContactID: in.ContactId, DisplayName: in.DisplayName}
	if in.Plan != nil {
		p := planIn(*in.Plan)
		upd.Plan = &p
	}
	return &wire.UpdateContactResult{}, h.svc.UpdateContact(ctx, sc, upd)
}

func (h contactHandlers) deleteContact(ctx context.Context, sc contacts.Scope, in *wire.DeleteContactRequest) (*wire.DeleteContactResult, error) {
	return &wire.DeleteContactResult{}, h.svc.DeleteContact(ctx, sc, in.ContactId)
}

func (h contactHandlers) tagResource(ctx context.Context, sc contacts.Scope, in *wire.TagResourceRequest) (*wire.TagResourceResult, error) {
	return &wire.TagResourceResult{}, h.svc.TagResource(ctx, sc, in.ResourceARN, tagsIn(in.Tags))
}

func (h contactHandlers) untagResource(ctx context.Context, sc contacts.Scope, in *wire.UntagResourceRequest) (*wire.UntagResourceResult, error) {
	return &wire.UntagResourceResult{}, h.svc.UntagResource(ctx, sc, in.ResourceARN, in.TagKeys)
}

func (h contactHandlers) listTagsForResource(ctx context.Context, sc contacts.Scope, in *wire.ListTagsForResourceRequest) (*wire.ListTagsForResourceResult, error) {
	tags, err := h.svc.ListTagsForResource(ctx, sc, in.ResourceARN)
	if err != nil {
		return nil, err
	}
	return &wire.ListTagsForResourceResult{Tags: tagsOut(tags)}, nil
}

func (h contactHandlers) putContactPolicy(ctx context.Context, sc contacts.Scope, in *wire.PutContactPolicyRequest) (*wire.PutContactPolicyResult, error) {
	return &wire.PutContactPolicyResult{}, h.svc.PutContactPolicy(ctx, sc, in.ContactArn, in.Policy)
}

func (h contactHandlers) getContactPolicy(ctx context.Context, sc contacts.Scope, in *wire.GetContactPolicyRequest) (*wire.GetContactPolicyResult, error) {
	arn, policy, err := h.svc.GetContactPolicy(ctx, sc, in.ContactArn)
	if err != nil {
		return nil, err
	}
	return &wire.GetContactPolicyResult{ContactArn: &arn, Policy: policy}, nil
}
