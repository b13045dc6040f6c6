package jmes

import "testing"

// Expected messages are jmespath.py's for the same expressions.
func TestParseErrorsWordedAsJMESPathPy(t *testing.T) {
	tests := []struct{ expr, want string }{
		{`Plan.[`, "Invalid jmespath expression: Incomplete expression:\n\"Plan.[\"\n       ^"},
		{`foo[`, "Invalid jmespath expression: Incomplete expression:\n\"foo[\"\n     ^"},
		{`{a: b`, "Invalid jmespath expression: Incomplete expression:\n\"{a: b\"\n      ^"},
		{`foo.`, "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: eof: Parse error at column 4, token \"\" (EOF), for expression:\n\"foo.\"\n     ^"},
		{`foo]`, "Unexpected token: ]: Parse error at column 3, token \"]\" (RBRACKET), for expression:\n\"foo]\"\n    ^"},
		{`a b`, "Unexpected token: b: Parse error at column 2, token \"b\" (UNQUOTED_IDENTIFIER), for expression:\n\"a b\"\n   ^"},
		{`'abc`, "Bad jmespath expression: Unclosed ' delimiter:\n'abc\n^"},
		{`a[?b==]`, "invalid token: Parse error at column 6, token \"]\" (RBRACKET), for expression:\n\"a[?b==]\"\n       ^"},
		{`@@`, "Unexpected token: @: Parse error at column 1, token \"@\" (CURRENT), for expression:\n\"@@\"\n  ^"},
	}
	for _, tt := range tests {
		_, err := Compile(tt.expr)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Compile(%q) error:\n%v\nwant:\n%s", tt.expr, err, tt.want)
		}
	}
}
