package params

import (
	"fmt"
	"io/fs"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/argparse"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

func testFiles(files map[string]string) *Files {
	return &Files{
		ReadFile: func(p string) ([]byte, error) {
			if s, ok := files[p]; ok {
				return []byte(s), nil
			}
			return nil, fmt.Errorf("open %s: %w", p, fs.ErrNotExist)
		},
		Getenv:  func(k string) string { return map[string]string{"DIR": "/data"}[k] },
		HomeDir: "/home/u",
	}
}

// build runs the argument table of op over words the way the CLI does.
func build(t *testing.T, opName string, words []string, files map[string]string) (*Built, error) {
	t.Helper()
	op := model.MustLoad().Operation(opName)
	table := Table(op)
	p := &argparse.Parser{}
	for _, a := range table {
		act := &argparse.Action{Option: "--" + a.Name, Dest: a.Dest()}
		switch {
		case a.Kind == Member && a.Member.Shape.Type == model.TypeBoolean:
			act.Nargs, act.Kind = argparse.Zero, argparse.StoreTrue
			if a.Negative {
				act.Kind = argparse.StoreFalse
			}
		case a.Kind == Member && a.Member.Shape.Type == model.TypeList:
			act.Nargs = argparse.ZeroOrMore
		case a.Kind == MaxItems || a.Kind == PageSize:
			act.Convert = func(s string) (any, error) { return value.PyInt(s) }
		}
		p.Actions = append(p.Actions, act)
	}
	ns, extras, err := p.ParseKnownArgs(words)
	if err != nil {
		t.Fatalf("parse %v: %v", words, err)
	}
	if len(extras) > 0 {
		t.Fatalf("unexpected extras %v", extras)
	}
	return Build(table, ns, testFiles(files))
}

func TestBuild(t *testing.T) {
	tests := []struct {
		name    string
		op      string
		words   []string
		files   map[string]string
		want    string // the parameters as single-line JSON
		wantErr string
	}{
		{
			name:  "shorthand list of structures",
			op:    "CreateContact",
			words: []string{"--alias", "akuam", "--type", "PERSONAL", "--plan", `{"Stages": []}`, "--tags", "Key=k1,Value=v1", "Key=k2,Value=v2"},
			want:  `{"Alias": "akuam", "Type": "PERSONAL", "Plan": {"Stages": []}, "Tags": [{"Key": "k1", "Value": "v1"}, {"Key": "k2", "Value": "v2"}]}`,
		},
		{
			name:  "JSON list and shorthand structure",
			op:    "CreateContact",
			words: []string{"--alias", "a", "--plan", "Stages=[{DurationInMinutes=5,Targets=[]}]", "--tags", `[{"Key": "k", "Value": "v"}]`},
			want:  `{"Alias": "a", "Plan": {"Stages": [{"DurationInMinutes": 5, "Targets": []}]}, "Tags": [{"Key": "k", "Value": "v"}]}`,
		},
		{
			name:  "file:// with ~ and $VAR, fileb:// kept as bytes",
			op:    "CreateContact",
			words: []string{"--alias", "file://~/alias.txt", "--plan", "file://$DIR/plan.json", "--display-name", "fileb:///data/name"},
			files: map[string]string{"/home/u/alias.txt": "from-file", "/data/plan.json": "{\"Stages\": []}\r\n", "/data/name": "raw"},
			want:  `{"Alias": "from-file", "DisplayName": "cmF3", "Plan": {"Stages": []}}`,
		},
		{
			name:    "missing file",
			op:      "CreateContact",
			words:   []string{"--alias", "a", "--plan", "file://nope.json"},
			wantErr: `Error parsing parameter '--plan': Unable to load paramfile file://nope.json: [Errno 2] No such file or directory: 'nope.json'`,
		},
		{
			name:  "command line overrides --cli-input-json",
			op:    "CreateContact",
			words: []string{"--cli-input-json", `{"Alias": "fromjson", "Type": "PERSONAL", "Plan": {"Stages": []}, "IdempotencyToken": "tok-1"}`, "--alias", "fromcli"},
			want:  `{"Alias": "fromcli", "Type": "PERSONAL", "Plan": {"Stages": []}, "IdempotencyToken": "tok-1"}`,
		},
		{
			name:  "--cli-input-json from a file",
			op:    "GetContact",
			words: []string{"--cli-input-json", "file:///in.json"},
			files: map[string]string{"/in.json": `{"ContactId": "arn:x"}`},
			want:  `{"ContactId": "arn:x"}`,
		},
		{
			name:    "bad JSON",
			op:      "CreateContact",
			words:   []string{"--alias", "a", "--plan", `{"Stages": [}`},
			wantErr: "Error parsing parameter '--plan': Invalid JSON: Expecting value: line 1 column 13 (char 12)\nJSON received: {\"Stages\": [}",
		},
		{
			name:    "bad shorthand",
			op:      "CreateContact",
			words:   []string{"--alias", "a", "--tags", "Key"},
			wantErr: "Error parsing parameter '--tags': Expected: '=', received: 'EOF' for input:\n{self._error_location()}",
		},
		{
			name:  "list of strings, integers and booleans",
			op:    "CreateContactChannel",
			words: []string{"--contact-id", "c", "--no-defer-activation", "--name", "n", "--type", "SMS", "--delivery-address", "SimpleAddress=+1"},
			want:  `{"ContactId": "c", "Name": "n", "Type": "SMS", "DeliveryAddress": {"SimpleAddress": "+1"}, "DeferActivation": false}`,
		},
		{
			name:  "timestamps and pagination options",
			op:    "ListRotationShifts",
			words: []string{"--rotation-id", "r", "--start-time", "2023-07-20T02:21:49.123Z", "--end-time", "1689900000", "--max-items", "2", "--starting-token", "abc"},
			want:  `{"RotationId": "r", "StartTime": "2023-07-20T02:21:49.123Z", "EndTime": "1689900000"}`,
		},
		{
			name:  "untag keys as separate words",
			op:    "UntagResource",
			words: []string{"--resource-arn", "arn", "--tag-keys", "group1", "group2"},
			want:  `{"ResourceARN": "arn", "TagKeys": ["group1", "group2"]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := build(t, tt.op, tt.words, tt.files)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("no error, params %s", value.Dumps(got.Params, value.DumpOptions{}))
				}
				if diff := cmp.Diff(tt.wantErr, err.Error()); diff != "" {
					t.Errorf("error (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, value.Dumps(got.Params, value.DumpOptions{})); diff != "" {
				t.Errorf("params (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateAndSerialize(t *testing.T) {
	svc := model.MustLoad()
	tests := []struct {
		name, op, params, want, wantErr string
	}{
		{
			name:    "min length and required",
			op:      "CreateContact",
			params:  `{"Alias": "", "Plan": {"Stages": [{"Targets": [{"ContactTargetInfo": {"IsEssential": "yes"}}]}]}}`,
			wantErr: "Parameter validation failed:\nMissing required parameter in input: \"Type\"\nInvalid length for parameter Alias, value: 0, valid min length: 1\nMissing required parameter in Plan.Stages[0]: \"DurationInMinutes\"\nInvalid type for parameter Plan.Stages[0].Targets[0].ContactTargetInfo.IsEssential, value: yes, type: <class 'str'>, valid types: <class 'bool'>",
		},
		{
			name:    "minimum value and unknown member",
			op:      "ListContacts",
			params:  `{"MaxResults": -1, "Bogus": 1}`,
			wantErr: "Parameter validation failed:\nUnknown parameter in input: \"Bogus\", must be one of: NextToken, MaxResults, AliasPrefix, Type\nInvalid value for parameter MaxResults, value: -1, valid min value: 0",
		},
		{
			name:   "max, pattern and enum are left to the service",
			op:     "CreateContact",
			params: `{"Alias": "UPPER", "Type": "BOGUS", "Plan": {"Stages": [{"DurationInMinutes": 99, "Targets": []}]}}`,
			want:   `{"Alias": "UPPER", "Type": "BOGUS", "Plan": {"Stages": [{"DurationInMinutes": 99, "Targets": []}]}}`,
		},
		{
			name:   "timestamps become integer seconds",
			op:     "ListRotationShifts",
			params: `{"RotationId": "r", "StartTime": "2023-07-20T02:21:49.123Z", "EndTime": 1689900000.9}`,
			want:   `{"RotationId": "r", "StartTime": 1689819709, "EndTime": 1689900000}`,
		},
		{
			name:    "bad timestamp",
			op:      "ListRotationShifts",
			params:  `{"RotationId": "r", "EndTime": "tomorrow"}`,
			wantErr: "Parameter validation failed:\nInvalid type for parameter EndTime, value: tomorrow, type: <class 'str'>, valid types: <class 'datetime.datetime'>, timestamp-string",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shape := svc.Operation(tt.op).Input
			p, err := value.Parse(tt.params)
			if err != nil {
				t.Fatal(err)
			}
			err = Validate(p, shape)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error:\n%v\nwant:\n%s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, value.Dumps(Serialize(p, shape), value.DumpOptions{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSkeleton(t *testing.T) {
	svc := model.MustLoad()
	in := value.Dumps(Skeleton(svc.Operation("GetContact").Input, false), value.DumpOptions{Indent: 4})
	if want := "{\n    \"ContactId\": \"\"\n}"; in != want {
		t.Errorf("input skeleton = %s, want %s", in, want)
	}
	out := value.Dumps(Skeleton(svc.Operation("CreateContact").Output, true), value.DumpOptions{})
	if want := `{"ContactArn": "ContactArn"}`; out != want {
		t.Errorf("output skeleton = %s, want %s", out, want)
	}
}
