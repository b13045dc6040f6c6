package e2e

import (
	"encoding/json"
	"errors"
	"go/token"
	"io"
	"net/http"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/google/go-cmp/cmp"
)

// deliverDue returns when every delivery (and other work) due at the
// server's current time is done. It needs the controllable clock.
func (s *server) deliverDue() {
	s.t.Helper()
	s.advance(0)
}

// clearOutbox empties the outbox and returns how many messages it held.
func (s *server) clearOutbox() int {
	s.t.Helper()
	req, err := http.NewRequest(http.MethodDelete, s.URL+"/_ssmcontacts/outbox", nil)
	if err != nil {
		s.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var out struct {
		Deleted int `json:"deleted"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &out) != nil {
		s.t.Fatalf("DELETE /_ssmcontacts/outbox: %s: %s", resp.Status, body)
	}
	return out.Deleted
}

// createPersonal creates a PERSONAL contact with an empty plan.
func createPersonal(t *testing.T, c *ssmcontacts.Client, alias string) string {
	t.Helper()
	out, err := c.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{
		Alias: aws.String(alias), Type: types.ContactTypePersonal, Plan: &types.Plan{Stages: []types.Stage{}},
	})
	if err != nil {
		t.Fatalf("CreateContact %s: %v", alias, err)
	}
	return aws.ToString(out.ContactArn)
}

// createChannel creates a channel (its activation code is sent).
func createChannel(t *testing.T, c *ssmcontacts.Client, contactArn string, typ types.ChannelType, address string) string {
	t.Helper()
	out, err := c.CreateContactChannel(ctx(t), channelInput(contactArn, typ, address))
	if err != nil {
		t.Fatalf("CreateContactChannel %s %s: %v", typ, address, err)
	}
	return aws.ToString(out.ContactChannelArn)
}

func channelInput(contactArn string, typ types.ChannelType, address string) *ssmcontacts.CreateContactChannelInput {
	return &ssmcontacts.CreateContactChannelInput{
		ContactId: aws.String(contactArn), Name: aws.String("my " + string(typ)), Type: typ,
		DeliveryAddress: &types.ContactChannelAddress{SimpleAddress: aws.String(address)},
	}
}

func activateChannel(t *testing.T, c *ssmcontacts.Client, channelArn, code string) error {
	t.Helper()
	_, err := c.ActivateContactChannel(ctx(t), &ssmcontacts.ActivateContactChannelInput{
		ContactChannelId: aws.String(channelArn), ActivationCode: aws.String(code),
	})
	return err
}

func sendCode(t *testing.T, c *ssmcontacts.Client, channelArn string) error {
	t.Helper()
	_, err := c.SendActivationCode(ctx(t), &ssmcontacts.SendActivationCodeInput{ContactChannelId: aws.String(channelArn)})
	return err
}

// activationStatus returns the channel's ActivationStatus.
func activationStatus(t *testing.T, c *ssmcontacts.Client, channelArn string) types.ActivationStatus {
	t.Helper()
	out, err := c.GetContactChannel(ctx(t), &ssmcontacts.GetContactChannelInput{ContactChannelId: aws.String(channelArn)})
	if err != nil {
		t.Fatalf("GetContactChannel: %v", err)
	}
	return out.ActivationStatus
}

// wantAPIError fails unless err's chain holds a *E; it returns that error.
func wantAPIError[E error](t *testing.T, what string, err error) E {
	t.Helper()
	var e E
	if !errors.As(err, &e) {
		t.Fatalf("%s: err = %v, want %T", what, err, e)
	}
	return e
}

// wrongCode is a six-digit code that is not code.
func wrongCode(code string) string {
	if code == "000000" {
		return "000001"
	}
	return "000000"
}

var channelARNPattern = regexp.MustCompile(`^arn:aws:ssm-contacts:us-east-2:(\d{12}):contact-channel/([a-z0-9_-]+)/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

var codePattern = regexp.MustCompile(`^[0-9]{6}$`)

// ignoreMetadata compares SDK values by their API members only: it skips
// ResultMetadata and the SDK's unexported fields.
var ignoreMetadata = cmp.FilterPath(func(p cmp.Path) bool {
	sf, ok := p.Last().(cmp.StructField)
	return ok && (sf.Name() == "ResultMetadata" || !token.IsExported(sf.Name()))
}, cmp.Ignore())
