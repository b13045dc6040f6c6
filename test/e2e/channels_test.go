package e2e

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/google/go-cmp/cmp"
)

const channelClock = "2026-01-05T09:00:00Z"

// TestChannelOfEachTypeActivates walks each channel type through its
// life: created NOT_ACTIVATED with a code sent, activated with the code
// read from the outbox, deactivated, deleted.
func TestChannelOfEachTypeActivates(t *testing.T) {
	s := start(t, options{clockStart: channelClock})
	c := s.client(account)
	contact := createPersonal(t, c, "akuam")
	tests := []struct {
		typ     types.ChannelType
		address string
	}{
		{types.ChannelTypeSms, "+12065550100"},
		{types.ChannelTypeVoice, "+12065550101"},
		{types.ChannelTypeEmail, "akua@example.com"},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ), func(t *testing.T) {
			arn := createChannel(t, c, contact, tt.typ, tt.address)
			if m := channelARNPattern.FindStringSubmatch(arn); m == nil || m[1] != account || m[2] != "akuam" {
				t.Fatalf("ContactChannelArn = %s, want …:%s:contact-channel/akuam/<uuid>", arn, account)
			}
			got, err := c.GetContactChannel(ctx(t), &ssmcontacts.GetContactChannelInput{ContactChannelId: aws.String(arn)})
			if err != nil {
				t.Fatal(err)
			}
			want := &ssmcontacts.GetContactChannelOutput{
				ContactArn: aws.String(contact), ContactChannelArn: aws.String(arn), Name: aws.String("my " + string(tt.typ)),
				Type: tt.typ, DeliveryAddress: &types.ContactChannelAddress{SimpleAddress: aws.String(tt.address)},
				ActivationStatus: types.ActivationStatusNotActivated,
			}
			if diff := cmp.Diff(want, got, ignoreMetadata); diff != "" {
				t.Errorf("GetContactChannel (-want +got):\n%s", diff)
			}

			s.deliverDue()
			msgs := s.outbox("channelArn=" + arn)
			if len(msgs) != 1 {
				t.Fatalf("%d messages to the new channel, want its activation code", len(msgs))
			}
			m := msgs[0]
			if m.Kind != "ACTIVATION" || m.ChannelType != string(tt.typ) || m.Address != tt.address || m.ContactArn != contact ||
				m.Account != account || !codePattern.MatchString(m.Code) || !strings.Contains(m.Body, m.Code) || m.CreatedAt != channelClock {
				t.Errorf("activation message = %+v", m)
			}
			// No transport is configured: the outbox is the only record.
			if m.Status != "SENT" || m.Transport != "none" || m.Attempts != 1 {
				t.Errorf("status %s, transport %q, attempts %d; want SENT, none, 1", m.Status, m.Transport, m.Attempts)
			}

			if err := activateChannel(t, c, arn, m.Code); err != nil {
				t.Fatalf("ActivateContactChannel: %v", err)
			}
			if got := activationStatus(t, c, arn); got != types.ActivationStatusActivated {
				t.Errorf("after activation: %s", got)
			}
			if _, err := c.DeactivateContactChannel(ctx(t), &ssmcontacts.DeactivateContactChannelInput{ContactChannelId: aws.String(arn)}); err != nil {
				t.Fatal(err)
			}
			if got := activationStatus(t, c, arn); got != types.ActivationStatusNotActivated {
				t.Errorf("after deactivation: %s", got)
			}
			if _, err := c.DeleteContactChannel(ctx(t), &ssmcontacts.DeleteContactChannelInput{ContactChannelId: aws.String(arn)}); err != nil {
				t.Fatal(err)
			}
			_, err = c.GetContactChannel(ctx(t), &ssmcontacts.GetContactChannelInput{ContactChannelId: aws.String(arn)})
			wantAPIError[*types.ResourceNotFoundException](t, "GetContactChannel after delete", err)
			_, err = c.DeleteContactChannel(ctx(t), &ssmcontacts.DeleteContactChannelInput{ContactChannelId: aws.String(arn)})
			wantAPIError[*types.ResourceNotFoundException](t, "DeleteContactChannel again", err)
		})
	}
}

func TestActivationCodes(t *testing.T) {
	s := start(t, options{clockStart: channelClock})
	c := s.client(account)
	contact := createPersonal(t, c, "akuam")
	n := 0
	// fresh makes a new channel whose first code has just been sent.
	fresh := func(t *testing.T) string {
		n++
		return createChannel(t, c, contact, types.ChannelTypeSms, fmt.Sprintf("+1206555%04d", n))
	}

	t.Run("a wrong code is refused and changes nothing", func(t *testing.T) {
		arn := fresh(t)
		code := s.lastCode(arn)
		e := wantAPIError[*types.ValidationException](t, "wrong code", activateChannel(t, c, arn, wrongCode(code)))
		if !strings.Contains(aws.ToString(e.Message), "incorrect") {
			t.Errorf("message %q", aws.ToString(e.Message))
		}
		if got := activationStatus(t, c, arn); got != types.ActivationStatusNotActivated {
			t.Errorf("status after a wrong code: %s", got)
		}
		if err := activateChannel(t, c, arn, code); err != nil {
			t.Errorf("the right code after a wrong one: %v", err)
		}
	})

	t.Run("a resend voids the previous code", func(t *testing.T) {
		arn := fresh(t)
		old := s.lastCode(arn)
		if err := sendCode(t, c, arn); err != nil {
			t.Fatal(err)
		}
		msgs := s.outbox("channelArn=" + arn)
		if len(msgs) != 2 || msgs[1].Code != old {
			t.Fatalf("outbox after a resend holds %d messages, want the new code first, then the old", len(msgs))
		}
		if msgs[0].Code != old { // one chance in a million that they are equal
			wantAPIError[*types.ValidationException](t, "previous code", activateChannel(t, c, arn, old))
		}
		if err := activateChannel(t, c, arn, msgs[0].Code); err != nil {
			t.Errorf("the new code: %v", err)
		}
	})

	t.Run("a code expires after 15 minutes", func(t *testing.T) {
		arn := fresh(t)
		code := s.lastCode(arn)
		s.advance(15 * time.Minute)
		e := wantAPIError[*types.ValidationException](t, "expired code", activateChannel(t, c, arn, code))
		if !strings.Contains(aws.ToString(e.Message), "expired") {
			t.Errorf("message %q does not say the code expired", aws.ToString(e.Message))
		}
		if err := sendCode(t, c, arn); err != nil {
			t.Fatal(err)
		}
		s.advance(15*time.Minute - time.Second)
		if err := activateChannel(t, c, arn, s.lastCode(arn)); err != nil {
			t.Errorf("a fresh code just before it expires: %v", err)
		}
	})

	t.Run("five wrong guesses void the code", func(t *testing.T) {
		arn := fresh(t)
		code := s.lastCode(arn)
		for i := range 5 {
			wantAPIError[*types.ValidationException](t, fmt.Sprintf("wrong guess %d", i+1), activateChannel(t, c, arn, wrongCode(code)))
		}
		wantAPIError[*types.ValidationException](t, "the right code after five wrong ones", activateChannel(t, c, arn, code))
		if got := activationStatus(t, c, arn); got != types.ActivationStatusNotActivated {
			t.Errorf("status: %s", got)
		}
		if err := sendCode(t, c, arn); err != nil {
			t.Fatal(err)
		}
		if err := activateChannel(t, c, arn, s.lastCode(arn)); err != nil {
			t.Errorf("a new code after the old one was voided: %v", err)
		}
	})

	t.Run("SendActivationCode is rate limited", func(t *testing.T) {
		arn := fresh(t)
		for i := range 4 { // the create sent the first of five
			if err := sendCode(t, c, arn); err != nil {
				t.Fatalf("send %d: %v", i+2, err)
			}
		}
		e := wantAPIError[*types.ServiceQuotaExceededException](t, "sixth code within the hour", sendCode(t, c, arn))
		if aws.ToString(e.QuotaCode) == "" || aws.ToString(e.ServiceCode) != "ssm-contacts" ||
			aws.ToString(e.ResourceId) != arn || aws.ToString(e.ResourceType) != "CONTACT_CHANNEL" {
			t.Errorf("quota error: QuotaCode %q ServiceCode %q ResourceId %q ResourceType %q",
				aws.ToString(e.QuotaCode), aws.ToString(e.ServiceCode), aws.ToString(e.ResourceId), aws.ToString(e.ResourceType))
		}
		if got := len(s.outbox("channelArn=" + arn)); got != 5 {
			t.Errorf("%d codes sent, want 5", got)
		}
		// A new address would be sent a code too. UpdateContactChannel
		// models no ServiceQuotaExceededException: it is a
		// ValidationException there, and nothing changes.
		_, err := c.UpdateContactChannel(ctx(t), &ssmcontacts.UpdateContactChannelInput{
			ContactChannelId: aws.String(arn), DeliveryAddress: &types.ContactChannelAddress{SimpleAddress: aws.String("+12065559999")},
		})
		wantAPIError[*types.ValidationException](t, "an address change over the limit", err)
		if got, err := c.GetContactChannel(ctx(t), &ssmcontacts.GetContactChannelInput{ContactChannelId: aws.String(arn)}); err != nil ||
			aws.ToString(got.DeliveryAddress.SimpleAddress) == "+12065559999" {
			t.Errorf("the refused update changed the address (%v)", err)
		}
		s.advance(time.Hour)
		if err := sendCode(t, c, arn); err != nil {
			t.Errorf("a code an hour later: %v", err)
		}
	})

	t.Run("deferred activation sends nothing until asked", func(t *testing.T) {
		in := channelInput(contact, types.ChannelTypeEmail, "deferred@example.com")
		in.DeferActivation = aws.Bool(true)
		out, err := c.CreateContactChannel(ctx(t), in)
		if err != nil {
			t.Fatal(err)
		}
		arn := aws.ToString(out.ContactChannelArn)
		if msgs := s.outbox("channelArn=" + arn); len(msgs) != 0 {
			t.Fatalf("deferred activation sent %d messages", len(msgs))
		}
		wantAPIError[*types.ValidationException](t, "activate before any code", activateChannel(t, c, arn, "123456"))
		if err := sendCode(t, c, arn); err != nil {
			t.Fatal(err)
		}
		if err := activateChannel(t, c, arn, s.lastCode(arn)); err != nil {
			t.Errorf("activate: %v", err)
		}
	})
}

func TestUpdateContactChannel(t *testing.T) {
	s := start(t, options{clockStart: channelClock})
	c := s.client(account)
	contact := createPersonal(t, c, "akuam")
	arn := createChannel(t, c, contact, types.ChannelTypeSms, "+12065550100")
	createChannel(t, c, contact, types.ChannelTypeSms, "+12065550111")
	if err := activateChannel(t, c, arn, s.lastCode(arn)); err != nil {
		t.Fatal(err)
	}
	update := func(name, address *string) error {
		in := &ssmcontacts.UpdateContactChannelInput{ContactChannelId: aws.String(arn), Name: name}
		if address != nil {
			in.DeliveryAddress = &types.ContactChannelAddress{SimpleAddress: address}
		}
		_, err := c.UpdateContactChannel(ctx(t), in)
		return err
	}

	if err := update(aws.String("work phone"), nil); err != nil {
		t.Fatal(err)
	}
	if got := activationStatus(t, c, arn); got != types.ActivationStatusActivated {
		t.Errorf("a rename deactivated the channel: %s", got)
	}
	wantAPIError[*types.ValidationException](t, "an address that is not E.164", update(nil, aws.String("206-555-0199")))
	e := wantAPIError[*types.ConflictException](t, "a sibling's address", update(nil, aws.String("+12065550111")))
	if aws.ToString(e.ResourceType) != "CONTACT_CHANNEL" || !channelARNPattern.MatchString(aws.ToString(e.ResourceId)) {
		t.Errorf("conflict names %s %s, want the other channel", aws.ToString(e.ResourceType), aws.ToString(e.ResourceId))
	}
	if got := activationStatus(t, c, arn); got != types.ActivationStatusActivated {
		t.Errorf("refused updates changed the status: %s", got)
	}

	if err := update(nil, aws.String("+12065550199")); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetContactChannel(ctx(t), &ssmcontacts.GetContactChannelInput{ContactChannelId: aws.String(arn)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(got.Name) != "work phone" || aws.ToString(got.DeliveryAddress.SimpleAddress) != "+12065550199" ||
		got.ActivationStatus != types.ActivationStatusNotActivated {
		t.Errorf("after the address change: %s %s %s, want work phone, +12065550199, NOT_ACTIVATED",
			aws.ToString(got.Name), aws.ToString(got.DeliveryAddress.SimpleAddress), got.ActivationStatus)
	}
	msgs := s.outbox("channelArn=" + arn)
	if len(msgs) != 2 || msgs[0].Address != "+12065550199" || msgs[0].Kind != "ACTIVATION" {
		t.Fatalf("outbox for the channel = %+v, want a new code to the new address", msgs)
	}
	if err := activateChannel(t, c, arn, msgs[0].Code); err != nil {
		t.Errorf("activate at the new address: %v", err)
	}
}

func TestCreateContactChannelRefused(t *testing.T) {
	s := start(t, options{clockStart: channelClock})
	c := s.client(account)
	contact := createPersonal(t, c, "akuam")
	existing := createChannel(t, c, contact, types.ChannelTypeSms, "+12065550100")
	escalation, err := c.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{
		Alias: aws.String("escalate"), Type: types.ContactTypeEscalation, Plan: &types.Plan{Stages: []types.Stage{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   *ssmcontacts.CreateContactChannelInput
		// check the error; it fails the test when the error is not the
		// one wanted.
		check func(t *testing.T, err error)
	}{
		{
			// CreateContactChannel models no ResourceNotFoundException.
			name: "a contact that does not exist",
			in:   channelInput(contactARN(account, "nobody"), types.ChannelTypeSms, "+12065550100"),
			check: func(t *testing.T, err error) {
				e := wantAPIError[*types.ValidationException](t, "missing contact", err)
				if !strings.Contains(aws.ToString(e.Message), "nobody") {
					t.Errorf("message %q does not name the contact", aws.ToString(e.Message))
				}
			},
		},
		{
			name:  "an escalation plan",
			in:    channelInput(aws.ToString(escalation.ContactArn), types.ChannelTypeSms, "+12065550100"),
			check: func(t *testing.T, err error) { wantAPIError[*types.ValidationException](t, "escalation", err) },
		},
		{
			name:  "an SMS number without country code",
			in:    channelInput(contact, types.ChannelTypeSms, "2065550100"),
			check: func(t *testing.T, err error) { wantAPIError[*types.ValidationException](t, "SMS", err) },
		},
		{
			name:  "a VOICE number that is an email address",
			in:    channelInput(contact, types.ChannelTypeVoice, "akua@example.com"),
			check: func(t *testing.T, err error) { wantAPIError[*types.ValidationException](t, "VOICE", err) },
		},
		{
			name:  "an EMAIL address without domain",
			in:    channelInput(contact, types.ChannelTypeEmail, "akua@"),
			check: func(t *testing.T, err error) { wantAPIError[*types.ValidationException](t, "EMAIL", err) },
		},
		{
			name: "an address longer than the model allows",
			in:   channelInput(contact, types.ChannelTypeEmail, strings.Repeat("a", 310)+"@example.com"),
			check: func(t *testing.T, err error) {
				e := wantAPIError[*types.ValidationException](t, "long address", err)
				if e.Reason != types.ValidationExceptionReasonFieldValidationFailed {
					t.Errorf("Reason = %s, want FIELD_VALIDATION_FAILED", e.Reason)
				}
			},
		},
		{
			name: "no address",
			in: &ssmcontacts.CreateContactChannelInput{ContactId: aws.String(contact), Name: aws.String("x"),
				Type: types.ChannelTypeSms, DeliveryAddress: &types.ContactChannelAddress{}},
			check: func(t *testing.T, err error) { wantAPIError[*types.ValidationException](t, "no address", err) },
		},
		{
			name:  "an unknown type",
			in:    channelInput(contact, types.ChannelType("PAGER"), "+12065550100"),
			check: func(t *testing.T, err error) { wantAPIError[*types.ValidationException](t, "PAGER", err) },
		},
		{
			name: "the same type and address again",
			in:   channelInput(contact, types.ChannelTypeSms, "+12065550100"),
			check: func(t *testing.T, err error) {
				e := wantAPIError[*types.ConflictException](t, "duplicate", err)
				if aws.ToString(e.ResourceId) != existing || aws.ToString(e.ResourceType) != "CONTACT_CHANNEL" {
					t.Errorf("conflict names %s %s, want the existing channel %s", aws.ToString(e.ResourceType), aws.ToString(e.ResourceId), existing)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(s.outbox(""))
			_, err := c.CreateContactChannel(ctx(t), tt.in)
			tt.check(t, err)
			if after := len(s.outbox("")); after != before {
				t.Errorf("a refused create sent %d messages", after-before)
			}
		})
	}
	list, err := c.ListContactChannels(ctx(t), &ssmcontacts.ListContactChannelsInput{ContactId: aws.String(contact)})
	if err != nil || len(list.ContactChannels) != 1 {
		t.Errorf("channels after the refusals: %d, %v; want the first one only", len(list.ContactChannels), err)
	}
	// The same number is fine for the other phone type.
	createChannel(t, c, contact, types.ChannelTypeVoice, "+12065550100")
}

func TestCreateContactChannelIdempotencyToken(t *testing.T) {
	s := start(t, options{clockStart: channelClock})
	c := s.client(account)
	contact := createPersonal(t, c, "akuam")
	in := channelInput(contact, types.ChannelTypeEmail, "akua@example.com")
	in.IdempotencyToken = aws.String("8a9f4c2e-create-once")
	first, err := c.CreateContactChannel(ctx(t), in)
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.CreateContactChannel(ctx(t), in)
	if err != nil || aws.ToString(again.ContactChannelArn) != aws.ToString(first.ContactChannelArn) {
		t.Fatalf("same token, same input: %v, %v; want %s", again, err, aws.ToString(first.ContactChannelArn))
	}
	if msgs := s.outbox("kind=ACTIVATION"); len(msgs) != 1 {
		t.Errorf("the retry sent another code: %d messages", len(msgs))
	}
	other := channelInput(contact, types.ChannelTypeEmail, "akua@example.org")
	other.IdempotencyToken = in.IdempotencyToken
	_, err = c.CreateContactChannel(ctx(t), other)
	wantAPIError[*types.ConflictException](t, "same token, other input", err)
	list, err := c.ListContactChannels(ctx(t), &ssmcontacts.ListContactChannelsInput{ContactId: aws.String(contact)})
	if err != nil || len(list.ContactChannels) != 1 {
		t.Errorf("channels: %d, %v; want exactly one", len(list.ContactChannels), err)
	}
}

func TestListContactChannelsPages(t *testing.T) {
	s := start(t, options{clockStart: channelClock})
	c := s.client(account)
	contact := createPersonal(t, c, "akuam")
	var want []string
	for i := range 7 {
		want = append(want, createChannel(t, c, contact, types.ChannelTypeSms, fmt.Sprintf("+1206555010%d", i)))
		s.advance(time.Second)
	}
	createChannel(t, c, createPersonal(t, c, "kwame"), types.ChannelTypeSms, "+12065550100")

	var got []string
	var sizes []int
	var lastToken *string
	p := ssmcontacts.NewListContactChannelsPaginator(c, &ssmcontacts.ListContactChannelsInput{ContactId: aws.String(contact), MaxResults: aws.Int32(3)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(page.ContactChannels))
		for _, ch := range page.ContactChannels {
			if aws.ToString(ch.ContactArn) != contact || ch.Type != types.ChannelTypeSms || ch.ActivationStatus != types.ActivationStatusNotActivated {
				t.Errorf("list item %+v", ch)
			}
			got = append(got, aws.ToString(ch.ContactChannelArn))
		}
		if page.NextToken != nil {
			lastToken = page.NextToken
		}
	}
	if diff := cmp.Diff([]int{3, 3, 1}, sizes); diff != "" {
		t.Errorf("page sizes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("channels, in creation order (-want +got):\n%s", diff)
	}

	all, err := c.ListContactChannels(ctx(t), &ssmcontacts.ListContactChannelsInput{ContactId: aws.String(contact)})
	if err != nil || len(all.ContactChannels) != 7 || all.NextToken != nil {
		t.Errorf("one page without MaxResults: %d channels, next %v, %v", len(all.ContactChannels), all.NextToken, err)
	}
	_, err = c.ListContactChannels(ctx(t), &ssmcontacts.ListContactChannelsInput{ContactId: aws.String(contactARN(account, "kwame")), NextToken: lastToken})
	wantAPIError[*types.ValidationException](t, "a token of another contact's listing", err)
	tampered := []byte(aws.ToString(lastToken))
	tampered[len(tampered)/2] ^= 1
	_, err = c.ListContactChannels(ctx(t), &ssmcontacts.ListContactChannelsInput{ContactId: aws.String(contact), NextToken: aws.String(string(tampered))})
	wantAPIError[*types.ValidationException](t, "a tampered token", err)
	_, err = c.ListContactChannels(ctx(t), &ssmcontacts.ListContactChannelsInput{ContactId: aws.String(contactARN(account, "nobody"))})
	wantAPIError[*types.ResourceNotFoundException](t, "a missing contact", err)
}

// TestChannelsAreInvisibleToOtherAccounts: another account can neither
// see nor touch a channel, and learns nothing it would not learn of a
// channel that does not exist.
func TestChannelsAreInvisibleToOtherAccounts(t *testing.T) {
	s := start(t, options{clockStart: channelClock})
	mine, theirs := s.client(account), s.client(account2)
	contact := createPersonal(t, mine, "akuam")
	arn := createChannel(t, mine, contact, types.ChannelTypeSms, "+12065550100")
	code := s.lastCode(arn)
	id := aws.String(arn)

	notFound := []struct {
		op   string
		call func() error
	}{
		{"GetContactChannel", func() error {
			_, err := theirs.GetContactChannel(ctx(t), &ssmcontacts.GetContactChannelInput{ContactChannelId: id})
			return err
		}},
		{"ListContactChannels", func() error {
			_, err := theirs.ListContactChannels(ctx(t), &ssmcontacts.ListContactChannelsInput{ContactId: aws.String(contact)})
			return err
		}},
		{"UpdateContactChannel", func() error {
			_, err := theirs.UpdateContactChannel(ctx(t), &ssmcontacts.UpdateContactChannelInput{ContactChannelId: id, Name: aws.String("mine now")})
			return err
		}},
		{"ActivateContactChannel", func() error { return activateChannel(t, theirs, arn, code) }},
		{"DeactivateContactChannel", func() error {
			_, err := theirs.DeactivateContactChannel(ctx(t), &ssmcontacts.DeactivateContactChannelInput{ContactChannelId: id})
			return err
		}},
		{"SendActivationCode", func() error { return sendCode(t, theirs, arn) }},
		{"DeleteContactChannel", func() error {
			_, err := theirs.DeleteContactChannel(ctx(t), &ssmcontacts.DeleteContactChannelInput{ContactChannelId: id})
			return err
		}},
	}
	for _, tt := range notFound {
		wantAPIError[*types.ResourceNotFoundException](t, tt.op, tt.call())
	}
	_, err := theirs.CreateContactChannel(ctx(t), channelInput(contact, types.ChannelTypeSms, "+12065550199"))
	wantAPIError[*types.ValidationException](t, "CreateContactChannel on another account's contact", err)

	got, err := mine.GetContactChannel(ctx(t), &ssmcontacts.GetContactChannelInput{ContactChannelId: id})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(got.Name) != "my SMS" || got.ActivationStatus != types.ActivationStatusNotActivated {
		t.Errorf("the other account changed the channel: %+v", got)
	}
	if msgs := s.outbox("channelArn=" + arn); len(msgs) != 1 || msgs[0].Code != code {
		t.Errorf("the other account sent codes: %d messages", len(msgs))
	}
	// The code is still good for its own account.
	if err := activateChannel(t, mine, arn, code); err != nil {
		t.Errorf("activate: %v", err)
	}

	// The other account's own contact of the same alias has its own channels.
	theirContact := createPersonal(t, theirs, "akuam")
	theirArn := createChannel(t, theirs, theirContact, types.ChannelTypeSms, "+12065550100")
	if m := channelARNPattern.FindStringSubmatch(theirArn); m == nil || m[1] != account2 {
		t.Errorf("other account's channel ARN %s", theirArn)
	}
	for _, acct := range []string{account, account2} {
		msgs := s.outbox(url.Values{"account": {acct}}.Encode())
		if len(msgs) != 1 || msgs[0].Account != acct {
			t.Errorf("outbox for account %s: %+v", acct, msgs)
		}
	}
}

func TestDeleteContactRemovesItsChannels(t *testing.T) {
	s := start(t, options{clockStart: channelClock})
	c := s.client(account)
	contact := createPersonal(t, c, "akuam")
	arns := []string{
		createChannel(t, c, contact, types.ChannelTypeSms, "+12065550100"),
		createChannel(t, c, contact, types.ChannelTypeEmail, "akua@example.com"),
	}
	other := createChannel(t, c, createPersonal(t, c, "kwame"), types.ChannelTypeSms, "+12065550100")
	if _, err := c.DeleteContact(ctx(t), &ssmcontacts.DeleteContactInput{ContactId: aws.String(contact)}); err != nil {
		t.Fatal(err)
	}
	for _, arn := range arns {
		_, err := c.GetContactChannel(ctx(t), &ssmcontacts.GetContactChannelInput{ContactChannelId: aws.String(arn)})
		wantAPIError[*types.ResourceNotFoundException](t, "channel of the deleted contact", err)
	}
	_, err := c.ListContactChannels(ctx(t), &ssmcontacts.ListContactChannelsInput{ContactId: aws.String(contact)})
	wantAPIError[*types.ResourceNotFoundException](t, "ListContactChannels of the deleted contact", err)
	if got := activationStatus(t, c, other); got != types.ActivationStatusNotActivated {
		t.Errorf("other contact's channel: %s", got)
	}
	createPersonal(t, c, "akuam")
	list, err := c.ListContactChannels(ctx(t), &ssmcontacts.ListContactChannelsInput{ContactId: aws.String(contact)})
	if err != nil || len(list.ContactChannels) != 0 {
		t.Errorf("a new contact of the same alias has %d channels, %v; want none", len(list.ContactChannels), err)
	}
}

func TestDeleteContactChannelKeepsPlanReferences(t *testing.T) {
	s := start(t, options{clockStart: channelClock})
	c := s.client(account)
	contact := createPersonal(t, c, "akuam")
	sms := createChannel(t, c, contact, types.ChannelTypeSms, "+12065550100")
	email := createChannel(t, c, contact, types.ChannelTypeEmail, "akua@example.com")
	plan := &types.Plan{Stages: []types.Stage{
		{DurationInMinutes: aws.Int32(5), Targets: []types.Target{{ChannelTargetInfo: &types.ChannelTargetInfo{ContactChannelId: aws.String(sms), RetryIntervalInMinutes: aws.Int32(1)}}}},
		{DurationInMinutes: aws.Int32(5), Targets: []types.Target{{ChannelTargetInfo: &types.ChannelTargetInfo{ContactChannelId: aws.String(email)}}}},
	}}
	if _, err := c.UpdateContact(ctx(t), &ssmcontacts.UpdateContactInput{ContactId: aws.String(contact), Plan: plan}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteContactChannel(ctx(t), &ssmcontacts.DeleteContactChannelInput{ContactChannelId: aws.String(sms)}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetContact(ctx(t), &ssmcontacts.GetContactInput{ContactId: aws.String(contact)})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(plan, got.Plan, ignoreMetadata); diff != "" {
		t.Errorf("plan after deleting a channel it targets (-want +got):\n%s", diff)
	}

	// A plan may only target the contact's own channels.
	others := createChannel(t, c, createPersonal(t, c, "kwame"), types.ChannelTypeSms, "+12065550111")
	foreign := &types.Plan{Stages: []types.Stage{
		{DurationInMinutes: aws.Int32(5), Targets: []types.Target{{ChannelTargetInfo: &types.ChannelTargetInfo{ContactChannelId: aws.String(others)}}}},
	}}
	_, err = c.UpdateContact(ctx(t), &ssmcontacts.UpdateContactInput{ContactId: aws.String(contact), Plan: foreign})
	wantAPIError[*types.ValidationException](t, "a plan targeting another contact's channel", err)
}
