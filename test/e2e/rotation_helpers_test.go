package e2e

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// ignoreSDKInternals lets cmp compare the SDK's rotation types, which
// embed an unexported marker.
var ignoreSDKInternals = cmpopts.IgnoreUnexported(
	types.RecurrenceSettings{}, types.HandOffTime{}, types.WeeklySetting{}, types.MonthlySetting{},
	types.CoverageTime{}, types.Rotation{}, types.RotationShift{}, types.ShiftDetails{},
	types.ResolutionContact{}, types.Tag{}, types.RotationOverride{},
)

// newPerson creates a personal contact with an empty plan and returns its
// ARN.
func newPerson(t *testing.T, c *ssmcontacts.Client, alias string) string {
	t.Helper()
	out, err := c.CreateContact(ctx(t), &ssmcontacts.CreateContactInput{
		Alias: aws.String(alias), Type: types.ContactTypePersonal, Plan: &types.Plan{Stages: []types.Stage{}},
	})
	if err != nil {
		t.Fatalf("CreateContact %s: %v", alias, err)
	}
	return aws.ToString(out.ContactArn)
}

func newPeople(t *testing.T, c *ssmcontacts.Client, aliases ...string) []string {
	t.Helper()
	out := make([]string, len(aliases))
	for i, a := range aliases {
		out[i] = newPerson(t, c, a)
	}
	return out
}

func newRotation(t *testing.T, c *ssmcontacts.Client, in *ssmcontacts.CreateRotationInput) string {
	t.Helper()
	out, err := c.CreateRotation(ctx(t), in)
	if err != nil {
		t.Fatalf("CreateRotation %s: %v", aws.ToString(in.Name), err)
	}
	return aws.ToString(out.RotationArn)
}

// dailyAt is a recurrence handing off every day at hh:mm, one on call.
func dailyAt(hh, mm int32) *types.RecurrenceSettings {
	return &types.RecurrenceSettings{
		DailySettings:   []types.HandOffTime{{HourOfDay: hh, MinuteOfHour: mm}},
		NumberOfOnCalls: aws.Int32(1), RecurrenceMultiplier: aws.Int32(1),
	}
}

func hhmm(hh, mm int32) *types.HandOffTime {
	return &types.HandOffTime{HourOfDay: hh, MinuteOfHour: mm}
}

// unix is epoch seconds as the SDK's time.
func unix(sec int64) *time.Time { return aws.Time(time.Unix(sec, 0)) }

// allShifts lists a rotation's shifts page by page.
func allShifts(t *testing.T, c *ssmcontacts.Client, in *ssmcontacts.ListRotationShiftsInput) []types.RotationShift {
	t.Helper()
	var out []types.RotationShift
	p := ssmcontacts.NewListRotationShiftsPaginator(c, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatalf("ListRotationShifts: %v", err)
		}
		out = append(out, page.RotationShifts...)
	}
	return out
}

// allPreviewShifts lists a preview's shifts page by page.
func allPreviewShifts(t *testing.T, c *ssmcontacts.Client, in *ssmcontacts.ListPreviewRotationShiftsInput) []types.RotationShift {
	t.Helper()
	var out []types.RotationShift
	p := ssmcontacts.NewListPreviewRotationShiftsPaginator(c, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatalf("ListPreviewRotationShifts: %v", err)
		}
		out = append(out, page.RotationShifts...)
	}
	return out
}

// epochShift is a shift as a test reads it: epoch seconds, and contacts
// by the alias at the end of their ARNs (or the preview member names).
type epochShift struct {
	Start, End int64
	Type       types.ShiftType
	Members    string
	Replaced   string // ShiftDetails.OverriddenContactIds; "-" when ShiftDetails is absent
}

func epochShifts(shifts []types.RotationShift) []epochShift {
	out := []epochShift{}
	for _, s := range shifts {
		row := epochShift{Start: aws.ToTime(s.StartTime).Unix(), End: aws.ToTime(s.EndTime).Unix(), Type: s.Type,
			Members: lastParts(s.ContactIds), Replaced: "-"}
		if s.ShiftDetails != nil {
			row.Replaced = lastParts(s.ShiftDetails.OverriddenContactIds)
		}
		out = append(out, row)
	}
	return out
}

func lastParts(arns []string) string {
	names := make([]string, len(arns))
	for i, a := range arns {
		names[i] = a[strings.LastIndex(a, "/")+1:]
	}
	return strings.Join(names, " ")
}

// wantValidation checks that err is a ValidationException whose message
// starts as AWS's business-rule messages do and mentions fragment.
func wantInvalidValue(t *testing.T, what string, err error, fragment string) {
	t.Helper()
	var v *types.ValidationException
	if !errors.As(err, &v) {
		t.Errorf("%s: err = %v, want ValidationException", what, err)
		return
	}
	msg := aws.ToString(v.Message)
	if !strings.HasPrefix(msg, "Invalid value provided - ") || !strings.Contains(msg, fragment) {
		t.Errorf("%s: message %q, want \"Invalid value provided - …%s…\"", what, msg, fragment)
	}
}
