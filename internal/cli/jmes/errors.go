package jmes

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jmespath-community/go-jmespath/pkg/parsing"
)

// pyTokenNames are jmespath.py's token type names for the parser's tokens.
var pyTokenNames = map[string]string{
	"TOKStar": "STAR", "TOKDot": "DOT", "TOKFilter": "FILTER", "TOKFlatten": "FLATTEN", "TOKLparen": "LPAREN",
	"TOKRparen": "RPAREN", "TOKLbracket": "LBRACKET", "TOKRbracket": "RBRACKET", "TOKLbrace": "LBRACE",
	"TOKRbrace": "RBRACE", "TOKOr": "OR", "TOKPipe": "PIPE", "TOKNumber": "NUMBER", "TOKUnquotedIdentifier": "UNQUOTED_IDENTIFIER",
	"TOKQuotedIdentifier": "QUOTED_IDENTIFIER", "TOKComma": "COMMA", "TOKColon": "COLON", "TOKLT": "LT", "TOKLTE": "LTE",
	"TOKGT": "GT", "TOKGTE": "GTE", "TOKEQ": "EQ", "TOKNE": "NE", "TOKJSONLiteral": "LITERAL", "TOKStringLiteral": "LITERAL",
	"TOKCurrent": "CURRENT", "TOKExpref": "EXPREF", "TOKAnd": "AND", "TOKNot": "NOT",
}

// pyError rewords a parse error as jmespath.py words it for the same
// mistake, where the two parsers agree on what the mistake is; otherwise
// the parser's own message is kept.
func pyError(expr string, err error) error {
	var se parsing.SyntaxError
	if !errors.As(err, &se) {
		return err
	}
	msg := strings.TrimPrefix(se.Error(), "SyntaxError: ")
	n := len([]rune(expr))
	underline := func(col int) string { return strings.Repeat(" ", col+1) + "^" }
	parseError := func(prefix string, col int, value, kind string) error {
		return fmt.Errorf("%s: Parse error at column %d, token \"%s\" (%s), for expression:\n\"%s\"\n%s", prefix, col, value, kind, expr, underline(col))
	}
	switch {
	case strings.HasPrefix(msg, "Unclosed delimiter: "):
		delim := strings.TrimPrefix(msg, "Unclosed delimiter: ")
		start := strings.LastIndex(expr, delim)
		return fmt.Errorf("Bad jmespath expression: Unclosed %s delimiter:\n%s\n%s^", delim, expr, strings.Repeat(" ", max(start, 0)))
	case msg == "Expected identifier, lbracket, or lbrace" && se.Offset >= n:
		return parseError("Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: eof", n, "", "EOF")
	case se.Offset >= n:
		return fmt.Errorf("Invalid jmespath expression: Incomplete expression:\n\"%s\"\n%s", expr, underline(n))
	case strings.HasPrefix(msg, "Unexpected token at the end of the expression: "):
		kind := pyTokenNames[strings.TrimPrefix(msg, "Unexpected token at the end of the expression: ")]
		value := tokenText(expr, se.Offset)
		return parseError("Unexpected token: "+value, se.Offset, value, kind)
	case strings.HasPrefix(msg, "Invalid token: "):
		return parseError("invalid token", se.Offset, tokenText(expr, se.Offset), pyTokenNames[strings.TrimPrefix(msg, "Invalid token: ")])
	}
	return err
}

// tokenText is the text of the token starting at offset (in characters).
func tokenText(expr string, offset int) string {
	r := []rune(expr)
	if offset >= len(r) {
		return ""
	}
	isIdent := func(c rune) bool {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	end := offset + 1
	if isIdent(r[offset]) {
		for end < len(r) && isIdent(r[end]) {
			end++
		}
		return string(r[offset:end])
	}
	for _, two := range []string{"||", "&&", "==", "!=", "<=", ">=", "[?", "[]"} {
		if strings.HasPrefix(string(r[offset:]), two) {
			return two
		}
	}
	return string(r[offset])
}
