package cli

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/params"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// examples returns the model's first example per operation.
func examples(t *testing.T) map[string]struct{ Input, Output json.RawMessage } {
	var file struct {
		Examples map[string][]struct{ Input, Output json.RawMessage } `json:"examples"`
	}
	if err := json.Unmarshal(model.ExamplesJSON(), &file); err != nil {
		t.Fatal(err)
	}
	out := map[string]struct{ Input, Output json.RawMessage }{}
	for op, list := range file.Examples {
		out[op] = list[0]
	}
	return out
}

// toWire turns an example document (timestamps written as ISO strings for
// the documentation) into what the service sends: epoch seconds, with a
// millisecond fraction when there is one.
func toWire(v value.Value, shape *model.Shape) value.Value {
	switch shape.Type {
	case model.TypeStructure:
		obj, ok := v.(*value.Object)
		if !ok {
			return v
		}
		for _, k := range obj.Keys() {
			if m := shape.MemberByName(k); m != nil {
				e, _ := obj.Get(k)
				obj.Set(k, toWire(e, m.Shape))
			}
		}
	case model.TypeList:
		if list, ok := v.([]any); ok {
			for i, e := range list {
				list[i] = toWire(e, shape.Member)
			}
		}
	case model.TypeMap:
		if obj, ok := v.(*value.Object); ok {
			for _, k := range obj.Keys() {
				e, _ := obj.Get(k)
				obj.Set(k, toWire(e, shape.Value))
			}
		}
	case model.TypeTimestamp:
		if s, ok := v.(string); ok {
			ts, err := time.Parse(time.RFC3339Nano, s)
			if err == nil {
				if ms := ts.Nanosecond() / 1e6; ms != 0 {
					return value.Number(fmt.Sprintf("%d.%03d", ts.Unix(), ms))
				}
				return value.Int(ts.Unix())
			}
		}
	}
	return v
}

// argsFor writes an input document as command-line options: strings and
// numbers as words, lists of strings as separate words, booleans as flags,
// everything else as JSON.
func argsFor(op *model.Operation, input value.Value) []string {
	var args []string
	obj, _ := input.(*value.Object)
	if obj == nil {
		return nil
	}
	for _, k := range obj.Keys() {
		m := op.Input.MemberByName(k)
		v, _ := obj.Get(k)
		name := "--" + params.XformName(k, "-")
		switch m.Shape.Type {
		case model.TypeBoolean:
			if v == true {
				args = append(args, name)
			} else {
				args = append(args, "--no-"+params.XformName(k, "-"))
			}
		case model.TypeList:
			if m.Shape.Member.Type == model.TypeString {
				args = append(args, name)
				for _, e := range v.([]any) {
					args = append(args, e.(string))
				}
				continue
			}
			args = append(args, name, value.Dumps(v, value.DumpOptions{}))
		case model.TypeStructure, model.TypeMap:
			args = append(args, name, value.Dumps(v, value.DumpOptions{}))
		default:
			args = append(args, name, value.Str(v))
		}
	}
	return args
}

func jsonBody(v value.Value) string { return value.Dumps(v, value.DumpOptions{Compact: true}) }

func ok(body string) []reply { return []reply{{Status: 200, Body: body}} }

var formats = []string{"json", "text", "table"}

// exampleCases run every operation that has a model example, in every
// output format, against the example's response.
func exampleCases(t *testing.T) []goldenCase {
	svc := model.MustLoad()
	var cases []goldenCase
	for name, ex := range examples(t) {
		op := svc.Operation(name)
		in, err := value.Parse(string(ex.Input))
		if err != nil {
			t.Fatal(err)
		}
		out, err := value.Parse(string(ex.Output))
		if err != nil {
			t.Fatal(err)
		}
		body := jsonBody(toWire(out, op.Output))
		for _, f := range formats {
			cases = append(cases, goldenCase{
				name:    fmt.Sprintf("example-%s-%s", cliName(name), f),
				args:    append(append([]string{cliName(name)}, argsFor(op, in)...), "--output", f),
				replies: ok(body),
			})
		}
	}
	return cases
}

const (
	rotationArn = "arn:aws:ssm-contacts:us-east-2:111122223333:rotation/2d3c5e6f-1a2b-4c3d-8e9f-0a1b2c3d4e5f"
	akuam       = "arn:aws:ssm-contacts:us-east-2:111122223333:contact/akuam"
	mansa       = "arn:aws:ssm-contacts:us-east-2:111122223333:contact/mansa"
)

var recurrence = `{"MonthlySettings":[{"DayOfMonth":1,"HandOffTime":{"HourOfDay":9,"MinuteOfHour":0}}],` +
	`"WeeklySettings":[{"DayOfWeek":"MON","HandOffTime":{"HourOfDay":9,"MinuteOfHour":30}}],` +
	`"DailySettings":[{"HourOfDay":9,"MinuteOfHour":0}],"NumberOfOnCalls":1,` +
	`"ShiftCoverages":{"MON":[{"Start":{"HourOfDay":8,"MinuteOfHour":0},"End":{"HourOfDay":17,"MinuteOfHour":0}}],` +
	`"FRI":[{"Start":{"HourOfDay":8,"MinuteOfHour":0},"End":{"HourOfDay":12,"MinuteOfHour":30}}]},"RecurrenceMultiplier":1}`

var shifts = `[{"ContactIds":["` + akuam + `"],"StartTime":1689843600,"EndTime":1689876000.5,"Type":"REGULAR",` +
	`"ShiftDetails":{"OverriddenContactIds":["` + mansa + `"]}},` +
	`{"ContactIds":["` + mansa + `"],"StartTime":1689876000.5,"EndTime":1689930000,"Type":"OVERRIDDEN"}]`

// rotationCases synthesize responses for the operations the model has no
// example for.
func rotationCases() []goldenCase {
	type spec struct {
		args []string
		body string
	}
	specs := map[string]spec{
		"create-rotation": {[]string{"--name", "weekly", "--contact-ids", akuam, mansa, "--start-time", "2023-07-20T02:21:49.123Z",
			"--time-zone-id", "America/Los_Angeles", "--recurrence", recurrence, "--tags", "Key=team,Value=ops"},
			`{"RotationArn":"` + rotationArn + `"}`},
		"get-rotation": {[]string{"--rotation-id", rotationArn},
			`{"RotationArn":"` + rotationArn + `","Name":"weekly","ContactIds":["` + akuam + `","` + mansa + `"],"StartTime":1689819709,"TimeZoneId":"America/Los_Angeles","Recurrence":` + recurrence + `}`},
		"list-rotations": {[]string{"--rotation-name-prefix", "week"},
			`{"Rotations":[{"RotationArn":"` + rotationArn + `","Name":"weekly","ContactIds":["` + akuam + `"],"StartTime":1689819709.25,"TimeZoneId":"UTC","Recurrence":` + recurrence + `}]}`},
		"update-rotation": {[]string{"--rotation-id", rotationArn, "--contact-ids", akuam, "--recurrence",
			"NumberOfOnCalls=1,RecurrenceMultiplier=2,DailySettings=[{HourOfDay=9,MinuteOfHour=0}]"}, `{}`},
		"delete-rotation": {[]string{"--rotation-id", rotationArn}, ``},
		"create-rotation-override": {[]string{"--rotation-id", rotationArn, "--new-contact-ids", mansa,
			"--start-time", "1689876000", "--end-time", "2023-07-21T12:00:00Z"},
			`{"RotationOverrideId":"a1b2c3d4-5678-4abc-9def-0123456789ab"}`},
		"get-rotation-override": {[]string{"--rotation-id", rotationArn, "--rotation-override-id", "a1b2c3d4-5678-4abc-9def-0123456789ab"},
			`{"RotationOverrideId":"a1b2c3d4-5678-4abc-9def-0123456789ab","RotationArn":"` + rotationArn + `","NewContactIds":["` + mansa + `"],"StartTime":1689876000,"EndTime":1689940800.123,"CreateTime":1689800000.5}`},
		"list-rotation-overrides": {[]string{"--rotation-id", rotationArn, "--start-time", "2023-07-20", "--end-time", "2023-07-22"},
			`{"RotationOverrides":[{"RotationOverrideId":"a1b2c3d4-5678-4abc-9def-0123456789ab","NewContactIds":["` + mansa + `"],"StartTime":1689876000,"EndTime":1689940800,"CreateTime":1689800000}]}`},
		"delete-rotation-override": {[]string{"--rotation-id", rotationArn, "--rotation-override-id", "a1b2c3d4-5678-4abc-9def-0123456789ab"}, `{}`},
		"list-rotation-shifts": {[]string{"--rotation-id", rotationArn, "--start-time", "2023-07-20T00:00:00Z", "--end-time", "2023-07-22T00:00:00Z"},
			`{"RotationShifts":` + shifts + `}`},
		"list-preview-rotation-shifts": {[]string{"--members", "akuam", "mansa", "--time-zone-id", "UTC", "--recurrence", recurrence,
			"--end-time", "2023-07-22T00:00:00Z", "--overrides", `[{"NewMembers":["mansa"],"StartTime":1689876000,"EndTime":1689930000}]`},
			`{"RotationShifts":` + shifts + `}`},
		"list-page-resolutions": {[]string{"--page-id", "arn:aws:ssm-contacts:us-east-2:111122223333:page/akuam/94ea0c7b-56d9-46c3-b84a-a37c8b067ad3"},
			`{"PageResolutions":[{"ContactArn":"` + akuam + `","Type":"PERSONAL","StageIndex":0},{"ContactArn":"arn:aws:ssm-contacts:us-east-2:111122223333:contact-channel/akuam/fc7405c4-46b2-48b7-87b2-93e2f225b90d","Type":"CONTACT_CHANNEL"}]}`},
	}
	var cases []goldenCase
	for op, s := range specs {
		for _, f := range formats {
			cases = append(cases, goldenCase{name: fmt.Sprintf("synth-%s-%s", op, f), args: append(append([]string{op}, s.args...), "--output", f), replies: ok(s.body)})
		}
	}
	return cases
}

func TestGolden(t *testing.T) {
	var cases []goldenCase
	cases = append(cases, exampleCases(t)...)
	cases = append(cases, rotationCases()...)
	cases = append(cases, specialCases()...)
	cases = append(cases, incidentsCases()...)
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.name] {
			t.Fatalf("duplicate case %s", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) { runGolden(t, c) })
	}
}
