package argparse

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func testParser() *Parser {
	toInt := func(s string) (any, error) { return strconv.Atoi(s) }
	return &Parser{Actions: []*Action{
		{Option: "--alias", Dest: "alias", Required: true},
		{Option: "--tags", Dest: "tags", Nargs: ZeroOrMore},
		{Option: "--defer-activation", Dest: "defer_activation", Nargs: Zero, Kind: StoreTrue},
		{Option: "--no-defer-activation", Dest: "defer_activation", Nargs: Zero, Kind: StoreFalse},
		{Option: "--no-paginate", Dest: "paginate", Nargs: Zero, Kind: StoreFalse, Default: true},
		{Option: "--max-items", Dest: "max_items", Convert: toInt, TypeName: "int"},
		{Option: "--output", Dest: "output", Choices: []string{"json", "text", "table"}},
		{Option: "--generate-cli-skeleton", Dest: "skel", Nargs: Optional, Const: "input", Choices: []string{"input", "output"}},
		{Dest: "help", Nargs: Optional},
	}}
}

func TestParseKnownArgs(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		want       Namespace
		wantExtras []string
		wantErr    string
	}{
		{
			name:       "options, lists and flags",
			args:       []string{"--alias", "a", "--tags", "K=1", "K=2", "--no-defer-activation", "--unknown", "x"},
			want:       Namespace{"alias": "a", "tags": []any{"K=1", "K=2"}, "defer_activation": false, "paginate": true, "help": "x"},
			wantExtras: []string{"--unknown"},
		},
		{
			name: "abbreviation and explicit value",
			args: []string{"--ali=b", "--max-i", "3", "--generate-cli-skeleton"},
			want: Namespace{"alias": "b", "max_items": 3, "skel": "input", "help": nil},
		},
		{
			name: "leading positional goes to help",
			args: []string{"word", "--alias", "a"},
			want: Namespace{"alias": "a", "help": "word"},
		},
		{
			name: "trailing positional goes to help",
			args: []string{"--alias", "a", "word"},
			want: Namespace{"alias": "a", "help": "word"},
		},
		{
			name:       "second positional is extra",
			args:       []string{"one", "--alias", "a", "two"},
			want:       Namespace{"alias": "a", "help": "one"},
			wantExtras: []string{"two"},
		},
		{
			name: "negative number is a value",
			args: []string{"--alias", "a", "--max-items", "-1"},
			want: Namespace{"alias": "a", "max_items": -1, "help": nil},
		},
		{name: "missing required", args: []string{"--tags"}, wantErr: "the following arguments are required: --alias"},
		{name: "missing value", args: []string{"--alias"}, wantErr: "argument --alias: expected one argument"},
		{name: "value looks like option", args: []string{"--alias", "--tags"}, wantErr: "argument --alias: expected one argument"},
		{name: "bad int", args: []string{"--alias", "a", "--max-items", "x"}, wantErr: "argument --max-items: invalid int value: 'x'"},
		{name: "ambiguous", args: []string{"--alias", "a", "--no"}, wantErr: "ambiguous option: --no could match --no-defer-activation, --no-paginate"},
		{name: "flag with value", args: []string{"--defer-activation=1"}, wantErr: "argument --defer-activation: ignored explicit argument '1'"},
		{
			name:    "invalid choice",
			args:    []string{"--alias", "a", "--output", "jsn"},
			wantErr: "argument --output: Invalid choice, valid choices are:\n\njson                                     | text                                    \ntable                                   \n\n\nInvalid choice: 'jsn', maybe you meant:\n\n  * json",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ns, extras, err := testParser().ParseKnownArgs(tt.args)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.want {
				if diff := cmp.Diff(v, ns[k]); diff != "" {
					t.Errorf("%s (-want +got):\n%s", k, diff)
				}
			}
			if diff := cmp.Diff(tt.wantExtras, extras); diff != "" {
				t.Errorf("extras (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCloseMatches(t *testing.T) {
	// Expected values from Python's difflib.get_close_matches.
	ops := []string{"get-contact", "get-contact-channel", "get-contact-policy", "list-contacts"}
	if diff := cmp.Diff([]string{"get-contact"}, closeMatches("get-contactt", ops, 0.8)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
