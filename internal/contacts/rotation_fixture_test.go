package contacts_test

import (
	"context"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // rotations must not depend on the machine's zoneinfo

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/store/teststore"
)

// rotationEpoch is where a rotation fixture's clock stands at first: a
// Monday, 09:00 UTC.
var rotationEpoch = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// rotationFixture is the real domain over a private in-memory SQLite
// store, with a clock moved by hand.
type rotationFixture struct {
	svc   *contacts.Service
	store contacts.Store
	clock *clock.Controllable
	scope contacts.Scope
}

func newRotationFixture(t *testing.T) *rotationFixture {
	t.Helper()
	return newRotationFixtureWith(t, nil)
}

// newRotationFixtureWith lets configure change the Service's Config.
func newRotationFixtureWith(t *testing.T, configure func(*contacts.Config)) *rotationFixture {
	t.Helper()
	st := teststore.Open(t)
	clk := clock.NewControllable(rotationEpoch)
	cfg := contacts.Config{Store: st, Clock: clk}
	if configure != nil {
		configure(&cfg)
	}
	svc, err := contacts.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &rotationFixture{svc: svc, store: st, clock: clk, scope: contacts.Scope{Account: "000000000000", Region: "us-east-2"}}
}

// contactIn creates a contact with an empty plan in scope sc and returns
// its ARN.
func (f *rotationFixture) contactIn(t *testing.T, sc contacts.Scope, alias string, typ contacts.ContactType) string {
	t.Helper()
	plan := contacts.Plan{Stages: []contacts.Stage{}}
	if typ == contacts.OnCallSchedule {
		plan = contacts.Plan{}
	}
	arn, err := f.svc.CreateContact(context.Background(), sc, contacts.CreateContactInput{Alias: alias, Type: typ, Plan: plan})
	if err != nil {
		t.Fatalf("CreateContact %s: %v", alias, err)
	}
	return arn
}

// people creates personal contacts and returns their ARNs in order.
func (f *rotationFixture) people(t *testing.T, aliases ...string) []string {
	t.Helper()
	out := make([]string, len(aliases))
	for i, a := range aliases {
		out[i] = f.contactIn(t, f.scope, a, contacts.Personal)
	}
	return out
}

// schedule creates an on-call schedule listing rotations.
func (f *rotationFixture) schedule(t *testing.T, alias string, rotations ...string) string {
	t.Helper()
	arn, err := f.svc.CreateContact(context.Background(), f.scope, contacts.CreateContactInput{
		Alias: alias, Type: contacts.OnCallSchedule, Plan: contacts.Plan{RotationIDs: rotations},
	})
	if err != nil {
		t.Fatalf("CreateContact %s: %v", alias, err)
	}
	return arn
}

// daily is a rotation of members handing off every day at hh:mm UTC,
// one on call at a time, starting at start (nil: at creation).
func daily(name string, hh, mm int, start *time.Time, members ...string) contacts.CreateRotationInput {
	return contacts.CreateRotationInput{
		Name: name, ContactIDs: members, StartTime: start, TimeZoneID: "UTC",
		Recurrence: contacts.Recurrence{
			DailySettings:   []contacts.HandOffTime{{HourOfDay: hh, MinuteOfHour: mm}},
			NumberOfOnCalls: 1, RecurrenceMultiplier: 1,
		},
	}
}

func (f *rotationFixture) rotation(t *testing.T, in contacts.CreateRotationInput) string {
	t.Helper()
	arn, err := f.svc.CreateRotation(context.Background(), f.scope, in)
	if err != nil {
		t.Fatalf("CreateRotation %s: %v", in.Name, err)
	}
	return arn
}

func (f *rotationFixture) override(t *testing.T, rotationARN string, start, end time.Time, members ...string) string {
	t.Helper()
	id, err := f.svc.CreateRotationOverride(context.Background(), f.scope, contacts.CreateRotationOverrideInput{
		RotationID: rotationARN, NewContactIDs: members, Start: start, End: end,
	})
	if err != nil {
		t.Fatalf("CreateRotationOverride: %v", err)
	}
	return id
}

// shifts lists every shift of a rotation overlapping [from, to), page
// by page.
func (f *rotationFixture) shifts(t *testing.T, rotationARN string, from, to time.Time) []contacts.Shift {
	t.Helper()
	var all []contacts.Shift
	in := contacts.ShiftsInput{StartTime: &from, EndTime: to}
	for {
		page, next, err := f.svc.ListRotationShifts(context.Background(), f.scope, rotationARN, in)
		if err != nil {
			t.Fatalf("ListRotationShifts: %v", err)
		}
		all = append(all, page...)
		if next == "" {
			return all
		}
		in.NextToken = next
	}
}

// onCall asks the engine's resolver who an on-call schedule pages at at.
func (f *rotationFixture) onCall(t *testing.T, scheduleARN string, at time.Time) []string {
	t.Helper()
	var names []string
	err := f.store.Read(context.Background(), func(tx contacts.Tx) error {
		s, err := contacts.FindContact(context.Background(), tx, f.scope, scheduleARN)
		if err != nil {
			return err
		}
		people, err := contacts.OnCallResolver{}.OnCall(context.Background(), tx, s, at)
		for _, p := range people {
			names = append(names, p.Alias)
		}
		return err
	})
	if err != nil {
		t.Fatalf("OnCall: %v", err)
	}
	return names
}

// invalidPrefix starts every business-rule ValidationException message.
const invalidPrefix = "Invalid value provided - "

// wantError checks that err is a domain error of kind want and, when
// fragment is not empty, that its message contains it. Validation
// messages must start as AWS's do.
func wantError(t *testing.T, what string, err error, want contacts.Kind, fragment string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want %v", what, want)
		return
	}
	e, ok := err.(*contacts.Error)
	if !ok || e.Kind != want {
		t.Errorf("%s: err = %v (%T), want a %v error", what, err, err, want)
		return
	}
	if want == contacts.KindValidation && !strings.HasPrefix(e.Message, invalidPrefix) {
		t.Errorf("%s: message %q does not start with %q", what, e.Message, invalidPrefix)
	}
	if !strings.Contains(e.Message, fragment) {
		t.Errorf("%s: message %q does not mention %q", what, e.Message, fragment)
	}
}

func instant(t time.Time) *time.Time { return &t }

// onDay is rotationEpoch plus n days and h.
func onDay(n int, h time.Duration) time.Time {
	return rotationEpoch.AddDate(0, 0, n).Add(h)
}

// shiftRow is a shift as a test reads it: UTC times and contact aliases.
type shiftRow struct {
	Start, End string
	Type       string
	Members    string
	Replaced   string
}

const shiftRowTime = "Mon 01-02 15:04"

func shiftRows(shifts []contacts.Shift) []shiftRow {
	rows := []shiftRow{}
	for _, s := range shifts {
		rows = append(rows, shiftRow{
			Start: s.Start.UTC().Format(shiftRowTime), End: s.End.UTC().Format(shiftRowTime),
			Type: string(s.Type), Members: aliasesOf(s.Members), Replaced: aliasesOf(s.Replaced),
		})
	}
	return rows
}

// aliasesOf names contacts by the alias at the end of their ARNs.
func aliasesOf(arns []string) string {
	names := make([]string, len(arns))
	for i, a := range arns {
		names[i] = a[strings.LastIndex(a, "/")+1:]
	}
	return strings.Join(names, " ")
}
