package api

import (
	"context"

	"github.com/ssmcontacts/ssmcontacts/internal/api/wire"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

func activationStatus(activated bool) string {
	if activated {
		return "ACTIVATED"
	}
	return "NOT_ACTIVATED"
}

func (h contactHandlers) createContactChannel(ctx context.Context, sc contacts.Scope, in *wire.CreateContactChannelRequest) (*wire.CreateContactChannelResult, error) {
	arn, err := h.svc.CreateContactChannel(ctx, sc, contacts.CreateContactChannelInput{
		ContactID: in.ContactId, Name: in.Name, Type: contacts.ChannelType(in.Type),
		Address: deref(in.DeliveryAddress.SimpleAddress), DeferActivation: deref(in.DeferActivation),
		IdempotencyToken: deref(in.IdempotencyToken),
	})
	if err != nil {
		return nil, err
	}
	return &wire.CreateContactChannelResult{ContactChannelArn: arn}, nil
}

func (h contactHandlers) getContactChannel(ctx context.Context, sc contacts.Scope, in *wire.GetContactChannelRequest) (*wire.GetContactChannelResult, error) {
	ch, err := h.svc.GetContactChannel(ctx, sc, in.ContactChannelId)
	if err != nil {
		return nil, err
	}
	return &wire.GetContactChannelResult{
		ContactArn: ch.ContactARN(), ContactChannelArn: ch.ARN(), Name: ch.Name, Type: string(ch.Type),
		DeliveryAddress:  wire.ContactChannelAddress{SimpleAddress: &ch.Address},
		ActivationStatus: optional(activationStatus(ch.Activated)),
	}, nil
}

func (h contactHandlers) listContactChannels(ctx context.Context, sc contacts.Scope, in *wire.ListContactChannelsRequest) (*wire.ListContactChannelsResult, error) {
	list, next, err := h.svc.ListContactChannels(ctx, sc, contacts.ListContactChannelsInput{
		ContactID: in.ContactId, MaxResults: in.MaxResults, NextToken: deref(in.NextToken),
	})
	if err != nil {
		return nil, err
	}
	out := &wire.ListContactChannelsResult{ContactChannels: make([]wire.ContactChannel, 0, len(list)), NextToken: optional(next)}
	for _, ch := range list {
		out.ContactChannels = append(out.ContactChannels, wire.ContactChannel{
			ContactChannelArn: ch.ARN(), ContactArn: ch.ContactARN(), Name: ch.Name, Type: optional(string(ch.Type)),
			DeliveryAddress:  wire.ContactChannelAddress{SimpleAddress: optional(ch.Address)},
			ActivationStatus: activationStatus(ch.Activated),
		})
	}
	return out, nil
}

func (h contactHandlers) updateContactChannel(ctx context.Context, sc contacts.Scope, in *wire.UpdateContactChannelRequest) (*wire.UpdateContactChannelResult, error) {
	upd := contacts.UpdateContactChannelInput{ChannelID: in.ContactChannelId, Name: in.Name}
	if in.DeliveryAddress != nil {
		upd.Address = in.DeliveryAddress.SimpleAddress
	}
	return &wire.UpdateContactChannelResult{}, h.svc.UpdateContactChannel(ctx, sc, upd)
}

func (h contactHandlers) deleteContactChannel(ctx context.Context, sc contacts.Scope, in *wire.DeleteContactChannelRequest) (*wire.DeleteContactChannelResult, error) {
	return &wire.DeleteContactChannelResult{}, h.svc.DeleteContactChannel(ctx, sc, in.ContactChannelId)
}

func (h contactHandlers) activateContactChannel(ctx context.Context, sc contacts.Scope, in *wire.ActivateContactChannelRequest) (*wire.ActivateContactChannelResult, error) {
	return &wire.ActivateContactChannelResult{}, h.svc.ActivateContactChannel(ctx, sc, in.ContactChannelId, in.ActivationCode)
}

func (h contactHandlers) deactivateContactChannel(ctx context.Context, sc contacts.Scope, in *wire.DeactivateContactChannelRequest) (*wire.DeactivateContactChannelResult, error) {
	return &wire.DeactivateContactChannelResult{}, h.svc.DeactivateContactChannel(ctx, sc, in.ContactChannelId)
}

func (h contactHandlers) sendActivationCode(ctx context.Context, sc contacts.Scope, in *wire.SendActivationCodeRequest) (*wire.SendActivationCodeResult, error) {
	return &wire.SendActivationCodeResult{}, h.svc.SendActivationCode(ctx, sc, in.ContactChannelId)
}
