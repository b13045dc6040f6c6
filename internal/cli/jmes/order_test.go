package jmes

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
)

// TestKeepsPythonOrder checks the orderings a map-based evaluator loses.
// Expected outputs are jmespath.py's, rendered with json.dumps.
func TestKeepsPythonOrder(t *testing.T) {
	doc := `{"z": {"b": 1, "a": 2}, "y": [{"n": "x", "m": 1}, {"n": "w", "m": 0}], "x": {"q": 1}}`
	tests := []struct{ expr, want string }{
		{`@`, `{"z": {"b": 1, "a": 2}, "y": [{"n": "x", "m": 1}, {"n": "w", "m": 0}], "x": {"q": 1}}`},
		{`{Zed: z, Why: y[0].n, Ay: x}`, `{"Zed": {"b": 1, "a": 2}, "Why": "x", "Ay": {"q": 1}}`},
		{`keys(@)`, `["z", "y", "x"]`},
		{`values(z)`, `[1, 2]`},
		{`z.*`, `[1, 2]`},
		{`merge(x, z, {q: 'new'})`, `{"q": "new", "b": 1, "a": 2}`},
		{`to_string(z)`, `"{\"b\":1,\"a\":2}"`},
		{`sort_by(y, &n)[].m`, `[0, 1]`},
		{`y[?m > ` + "`0`" + `]`, `[{"n": "x", "m": 1}]`},
		{`length(y)`, `2`},
		{`sum(y[].m)`, `1`},
		{`avg(y[].m)`, `0.5`},
	}
	data, err := value.Parse(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			e, err := Compile(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.Search(data)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, value.Dumps(got, value.DumpOptions{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestRejectsCommunityExtensions(t *testing.T) {
	for _, expr := range []string{`a + b`, `let $x = a in $x`, `$.a`} {
		if _, err := Compile(expr); err == nil {
			t.Errorf("Compile(%q) succeeded; jmespath.py rejects it", expr)
		}
	}
}
