package api

import (
	"context"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
)

// call performs an operation on its validated request document.
type call = func(context.Context, contacts.Scope, map[string]any) (any, error)

// operations is the table of implemented operations.
func operations(c *contacts.Service, e *engage.Engine) map[string]call {
	h := contactHandlers{svc: c}
	g := engagementHandlers{engine: e}
	r := rotationHandlers{svc: c}
	return map[string]call{
		"CreateContact":       typed(h.createContact),
		"GetContact":          typed(h.getContact),
		"ListContacts":        typed(h.listContacts),
		"UpdateContact":       typed(h.updateContact),
		"DeleteContact":       typed(h.deleteContact),
		"TagResource":         typed(h.tagResource),
		"UntagResource":       typed(h.untagResource),
		"ListTagsForResource": typed(h.listTagsForResource),
		"PutContactPolicy":    typed(h.putContactPolicy),
		"GetContactPolicy":    typed(h.getContactPolicy),

		"CreateContactChannel":     typed(h.createContactChannel),
		"GetContactChannel":        typed(h.getContactChannel),
		"ListContactChannels":      typed(h.listContactChannels),
		"UpdateContactChannel":     typed(h.updateContactChannel),
		"DeleteContactChannel":     typed(h.deleteContactChannel),
		"ActivateContactChannel":   typed(h.activateContactChannel),
		"DeactivateContactChannel": typed(h.deactivateContactChannel),
		"SendActivationCode":       typed(h.sendActivationCode),

		"StartEngagement":       typed(g.startEngagement),
		"StopEngagement":        typed(g.stopEngagement),
		"AcceptPage":            typed(g.acceptPage),
		"DescribeEngagement":    typed(g.describeEngagement),
		"ListEngagements":       typed(g.listEngagements),
		"DescribePage":          typed(g.describePage),
		"ListPagesByContact":    typed(g.listPagesByContact),
		"ListPagesByEngagement": typed(g.listPagesByEngagement),
		"ListPageReceipts":      typed(g.listPageReceipts),
		"ListPageResolutions":   typed(g.listPageResolutions),

		"CreateRotation":            typed(r.createRotation),
		"GetRotation":               typed(r.getRotation),
		"UpdateRotation":            typed(r.updateRotation),
		"DeleteRotation":            typed(r.deleteRotation),
		"ListRotations":             typed(r.listRotations),
		"ListRotationShifts":        typed(r.listRotationShifts),
		"ListPreviewRotationShifts": typed(r.listPreviewRotationShifts),
		"CreateRotationOverride":    typed(r.createRotationOverride),
		"GetRotationOverride":       typed(r.getRotationOverride),
		"DeleteRotationOverride":    typed(r.deleteRotationOverride),
		"ListRotationOverrides":     typed(r.listRotationOverrides),
	}
}
