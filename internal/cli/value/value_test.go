package value

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFloatRepr(t *testing.T) {
	// Expected strings are Python 3's repr() of the same floats.
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0.0"}, {1, "1.0"}, {1.5, "1.5"}, {0.1, "0.1"},
		{1621362341.151, "1621362341.151"}, {1e16, "1e+16"}, {1e15, "1000000000000000.0"},
		{123456789012345678, "1.2345678901234568e+17"}, {1.5e-05, "1.5e-05"}, {0.0001, "0.0001"},
		{0.00012345, "0.00012345"}, {1e-5, "1e-05"}, {2.5e300, "2.5e+300"}, {1e22, "1e+22"},
		{100, "100.0"}, {3.141592653589793, "3.141592653589793"}, {1700000000.123, "1700000000.123"},
		{-2.5, "-2.5"},
	}
	for _, tt := range tests {
		if got := FloatRepr(tt.in); got != tt.want {
			t.Errorf("FloatRepr(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseKeepsOrderAndNumbers(t *testing.T) {
	v, err := Parse(`{"b": 1, "a": [1.0, 2e3, -0, "x\u00e9"], "b": true, "n": null}`)
	if err != nil {
		t.Fatal(err)
	}
	got := Dumps(v, DumpOptions{Indent: 4})
	want := "{\n    \"b\": true,\n    \"a\": [\n        1.0,\n        2000.0,\n        0,\n        \"x\u00e9\"\n    ],\n    \"n\": null\n}"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Dumps (-want +got):\n%s", diff)
	}
	if got := Dumps(v, DumpOptions{EnsureASCII: true}); got != `{"b": true, "a": [1.0, 2000.0, 0, "x\u00e9"], "n": null}` {
		t.Errorf("single-line dump = %s", got)
	}
}

func TestParseErrorsWordedAsPython(t *testing.T) {
	// Messages are those of Python 3.11's json.loads for the same input.
	tests := []struct {
		name, in, want string
	}{
		{"empty", ``, "Expecting value: line 1 column 1 (char 0)"},
		{"bare word", `abc`, "Expecting value: line 1 column 1 (char 0)"},
		{"missing comma", `{"a": 1 "b": 2}`, "Expecting ',' delimiter: line 1 column 9 (char 8)"},
		{"trailing comma", `{"a": 1,}`, "Expecting property name enclosed in double quotes: line 1 column 9 (char 8)"},
		{"single quotes", `{'a': 1}`, "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
		{"missing colon", `{"a" 1}`, "Expecting ':' delimiter: line 1 column 6 (char 5)"},
		{"extra data", `{} x`, "Extra data: line 1 column 4 (char 3)"},
		{"unterminated", `["abc`, "Unterminated string starting at: line 1 column 2 (char 1)"},
		{"bad escape", `"\q"`, `Invalid \escape: line 1 column 2 (char 1)`},
		{"control char", "\"a\nb\"", `Invalid control character at: line 1 column 3 (char 2)`},
		{"second line", "[1,\n 2,\n ]", "Expecting value: line 3 column 2 (char 9)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error = %v, want a SyntaxError", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestRepr(t *testing.T) {
	obj := NewObject()
	obj.Set("Key", "it's")
	obj.Set("N", Number("3"))
	obj.Set("L", []any{true, nil, Number("1.50"), "a\tb"})
	want := `{'Key': "it's", 'N': 3, 'L': [True, None, 1.5, 'a\tb']}`
	if got := Repr(obj); got != want {
		t.Errorf("Repr = %s, want %s", got, want)
	}
	if got := Str("plain"); got != "plain" {
		t.Errorf("Str = %q", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5,"x"]}`, `[`, `"\ud83d\ude00"`, `-Infinity`, `{"a":1,"a":2}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		if err != nil {
			return
		}
		// Whatever parses must re-parse to an equal value once dumped.
		again, err := Parse(Dumps(v, DumpOptions{EnsureASCII: true}))
		if err != nil {
			t.Fatalf("re-parse of %q: %v", s, err)
		}
		if !Equal(v, again) && !hasNaN(v) {
			t.Fatalf("round trip changed %q", s)
		}
	})
}

func hasNaN(v Value) bool {
	switch t := v.(type) {
	case Number:
		return t == "NaN"
	case []any:
		for _, e := range t {
			if hasNaN(e) {
				return true
			}
		}
	case *Object:
		for _, k := range t.Keys() {
			e, _ := t.Get(k)
			if hasNaN(e) {
				return true
			}
		}
	}
	return false
}
