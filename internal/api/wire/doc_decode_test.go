package wire

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/model"
)

// decodePair decodes an operation's request both ways: through the
// generated FromDoc, and through encoding/json.
type decodePair func(doc map[string]any, raw []byte) (fromDoc, fromJSON any, err error)

func pair[T any, P interface {
	*T
	FromDoc(map[string]any)
}]() decodePair {
	return func(doc map[string]any, raw []byte) (any, any, error) {
		a, b := new(T), new(T)
		P(a).FromDoc(doc)
		err := json.Unmarshal(raw, b)
		return a, b, err
	}
}

// FromDoc must decode exactly what encoding/json decodes from the same
// (exactly spelled) request: every example request of the model, and
// requests that use every kind of member.
func TestFromDocMatchesEncodingJSON(t *testing.T) {
	byOp := map[string]decodePair{
		"AcceptPage": pair[AcceptPageRequest](), "ActivateContactChannel": pair[ActivateContactChannelRequest](),
		"CreateContact": pair[CreateContactRequest](), "CreateContactChannel": pair[CreateContactChannelRequest](),
		"DeactivateContactChannel": pair[DeactivateContactChannelRequest](), "DeleteContact": pair[DeleteContactRequest](),
		"DeleteContactChannel": pair[DeleteContactChannelRequest](), "DescribeEngagement": pair[DescribeEngagementRequest](),
		"DescribePage": pair[DescribePageRequest](), "GetContact": pair[GetContactRequest](),
		"GetContactChannel": pair[GetContactChannelRequest](), "GetContactPolicy": pair[GetContactPolicyRequest](),
		"ListContactChannels": pair[ListContactChannelsRequest](), "ListContacts": pair[ListContactsRequest](),
		"ListEngagements": pair[ListEngagementsRequest](), "ListPageReceipts": pair[ListPageReceiptsRequest](),
		"ListPagesByContact": pair[ListPagesByContactRequest](), "ListPagesByEngagement": pair[ListPagesByEngagementRequest](),
		"ListTagsForResource": pair[ListTagsForResourceRequest](), "PutContactPolicy": pair[PutContactPolicyRequest](),
		"SendActivationCode": pair[SendActivationCodeRequest](), "StartEngagement": pair[StartEngagementRequest](),
		"StopEngagement": pair[StopEngagementRequest](), "TagResource": pair[TagResourceRequest](),
		"UntagResource": pair[UntagResourceRequest](), "UpdateContact": pair[UpdateContactRequest](),
		"UpdateContactChannel": pair[UpdateContactChannelRequest](), "CreateRotation": pair[CreateRotationRequest](),
		"ListPreviewRotationShifts": pair[ListPreviewRotationShiftsRequest](), "CreateRotationOverride": pair[CreateRotationOverrideRequest](),
	}
	var examples struct {
		Examples map[string][]struct {
			Input json.RawMessage `json:"input"`
		} `json:"examples"`
	}
	if err := json.Unmarshal(model.ExamplesJSON(), &examples); err != nil {
		t.Fatal(err)
	}
	type request struct{ op, body string }
	var requests []request
	for op, list := range examples.Examples {
		for _, ex := range list {
			requests = append(requests, request{op, string(ex.Input)})
		}
	}
	requests = append(requests,
		request{"CreateRotation", `{"Name":"r","ContactIds":["a","b"],"StartTime":1689819709.123,"TimeZoneId":"UTC",
			"Recurrence":{"NumberOfOnCalls":2,"RecurrenceMultiplier":3,"DailySettings":[],"WeeklySettings":[{"DayOfWeek":"MON","HandOffTime":{"HourOfDay":9,"MinuteOfHour":30}}],
			"MonthlySettings":[{"DayOfMonth":31,"HandOffTime":{"HourOfDay":0,"MinuteOfHour":0}}],
			"ShiftCoverages":{"MON":[{"Start":{"HourOfDay":9,"MinuteOfHour":0},"End":{"HourOfDay":17,"MinuteOfHour":0}}],"TUE":[],"WED":[{"Start":{"HourOfDay":22,"MinuteOfHour":0}}]}},
			"Tags":[{"Key":"k","Value":"v"},{"Key":"only"}],"IdempotencyToken":"t"}`},
		request{"ListPreviewRotationShifts", `{"RotationStartTime":1700000000,"StartTime":1.7e9,"EndTime":1700086400.5,"Members":["x"],"TimeZoneId":"Europe/London",
			"Recurrence":{"NumberOfOnCalls":1,"RecurrenceMultiplier":1,"DailySettings":[{"HourOfDay":1,"MinuteOfHour":2}]},
			"Overrides":[{"NewMembers":[],"StartTime":1700000100,"EndTime":1700003700},{}],"MaxResults":7,"NextToken":"abc"}`},
		request{"CreateContactChannel", `{"ContactId":"c","Name":"n","Type":"SMS","DeliveryAddress":{},"DeferActivation":false}`},
		request{"UpdateContact", `{"ContactId":"c","Plan":{"Stages":null,"RotationIds":[]}}`},
		request{"ListEngagements", `{"TimeRangeValue":{"EndTime":2}}`},
	)
	for _, r := range requests {
		dec, ok := byOp[r.op]
		if !ok {
			t.Errorf("no decoder listed for %s", r.op)
			continue
		}
		d := json.NewDecoder(bytes.NewReader([]byte(r.body)))
		d.UseNumber()
		var doc map[string]any
		if err := d.Decode(&doc); err != nil {
			t.Fatalf("%s %s: %v", r.op, r.body, err)
		}
		fromDoc, fromJSON, err := dec(doc, []byte(r.body))
		if err != nil {
			t.Fatalf("%s %s: %v", r.op, r.body, err)
		}
		if diff := cmp.Diff(fromJSON, fromDoc, cmp.Comparer(func(a, b Timestamp) bool { return a.Equal(b.Time) })); diff != "" {
			t.Errorf("%s %s (-encoding/json +FromDoc):\n%s", r.op, r.body, diff)
		}
	}
}
