package shorthand

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// The expectations are what the AWS CLI v1's own shorthand parser returns for
// the same input (rendered with json.dumps).
func TestParse(t *testing.T) {
	tests := []struct {
		name, in, want, wantErr string
	}{
		{name: "pair", in: `Key=k1,Value=v1`, want: `{"Key": "k1", "Value": "v1"}`},
		{name: "csv list", in: `a=b,c`, want: `{"a": ["b", "c"]}`},
		{name: "space after comma", in: `a=b, c=d`, want: `{"a": "b", "c": "d"}`},
		{name: "explicit list", in: `a=[1,2,3]`, want: `{"a": ["1", "2", "3"]}`},
		{name: "hash literal", in: `a={b=c,d=[e,f]}`, want: `{"a": {"b": "c", "d": ["e", "f"]}}`},
		{name: "quotes", in: `a='x,y',b="q\"r"`, want: `{"a": "x,y", "b": "q\"r"}`},
		{name: "escaped comma", in: `a=b\,c`, want: `{"a": "b,c"}`},
		{name: "nested stages", in: `Stages=[{DurationInMinutes=5,Targets=[]}]`, want: `{"Stages": [{"DurationInMinutes": "5", "Targets": []}]}`},
		{name: "spaces trimmed", in: `a= spaced value ,b=2`, want: `{"a": "spaced value", "b": "2"}`},
		{name: "empty value", in: `a=`, want: `{"a": ""}`},
		{name: "csv then key", in: `k=v1,v2,k2=v3`, want: `{"k": ["v1", "v2"], "k2": "v3"}`},
		{name: "duplicate key", in: `a=1,b=2,a=3`, wantErr: "Second instance of key \"a\" encountered for input:\na=1,b=2,a=3\n        ^\nThis is often because there is a preceding \",\" instead of a space."},
		{name: "no equals", in: `a`, wantErr: "Expected: '=', received: 'EOF' for input:\n{self._error_location()}"},
		{name: "open list", in: `a=[1,2`, wantErr: "Expected: ',', received: 'EOF' for input:\n{self._error_location()}"},
		{name: "open hash", in: `a={b=}`, wantErr: "Expected: ',', received: 'EOF' for input:\n{self._error_location()}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parser{}.Parse(tt.in)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("Parse(%q) = %s, want error", tt.in, value.Dumps(got, value.DumpOptions{}))
				}
				if diff := cmp.Diff(tt.wantErr, err.Error()); diff != "" {
					t.Errorf("error (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, value.Dumps(got, value.DumpOptions{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestFixTypes(t *testing.T) {
	svc := model.MustLoad()
	plan := svc.Shapes["Plan"]
	tests := []struct {
		name, in, want, wantErr string
	}{
		{
			name: "integers and single-element lists; a wrapped element is not visited",
			in:   `Stages=[{DurationInMinutes=5,Targets={ContactTargetInfo={ContactId=arn,IsEssential=TRUE}}}],RotationIds=r1`,
			want: `{"Stages": [{"DurationInMinutes": 5, "Targets": [{"ContactTargetInfo": {"ContactId": "arn", "IsEssential": "TRUE"}}]}], "RotationIds": ["r1"]}`,
		},
		{name: "bad integer", in: `Stages=[{DurationInMinutes=five}]`, wantErr: "invalid literal for int() with base 10: 'five'"},
		{name: "non-boolean word kept", in: `Stages=[{Targets=[{ContactTargetInfo={IsEssential=yes}}]}]`, want: `{"Stages": [{"Targets": [{"ContactTargetInfo": {"IsEssential": "yes"}}]}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Parser{}.Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			err = FixTypes(v, plan)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, value.Dumps(v, value.DumpOptions{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`Key=k1,Value=v1`, `a=[1,{b=c}]`, `a='x`, `a=b\,c,d`, "a=\u00e9\U0001F600"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Parsing must never panic; whatever it returns must be a document.
		v, err := Parser{}.Parse(s)
		if err == nil && v == nil {
			t.Fatalf("Parse(%q) returned neither value nor error", s)
		}
	})
}
