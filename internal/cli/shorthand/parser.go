package shorthand

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
)

// ParseError is a shorthand syntax error.
type ParseError struct{ Msg string }

func (e *ParseError) Error() string { return e.Msg }

// The character classes are the AWS CLI's. They stop at U+FFFF, so
// characters outside the Basic Multilingual Plane never match.
const (
	startWord         = `!#-&(-+\--<>-Z\\-z|-\x{ffff}`
	firstFollowChars  = `\s!#-&(-+\--\\^-|~-\x{ffff}`
	secondFollowChars = `\s!#-&(-+\--<>-\x{ffff}`
	escapedComma      = `(\\,)`
)

// valuePatterns are the AWS CLI's value expressions, compiled on first
// use: most commands parse no shorthand, and compiling them at package
// init cost every run of the binary.
type valuePatterns struct {
	singleQuoted, doubleQuoted, firstValue, secondValue *regexp.Regexp
}

var patterns = sync.OnceValue(func() *valuePatterns {
	return &valuePatterns{
		singleQuoted: regexp.MustCompile(`^'(?:\\'|[^'])*'`),
		doubleQuoted: regexp.MustCompile(`^"(?:\\"|[^"])*"`),
		firstValue:   regexp.MustCompile(`^(` + escapedComma + `|[` + startWord + `])(` + escapedComma + `|[` + firstFollowChars + `])*`),
		secondValue:  regexp.MustCompile(`^(` + escapedComma + `|[` + startWord + `])(` + escapedComma + `|[` + secondFollowChars + `])*`),
	}
})

const keyChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./#:"

// Resolver loads "file://" and "fileb://" references after "@=". It reports
// false when s is not such a reference.
type Resolver func(s string) (value.Value, bool, error)

// Parser parses shorthand values.
type Parser struct {
	// Resolve handles "key@=file://..." values; nil leaves them as text.
	Resolve Resolver
}

type state struct {
	in      []rune
	i       int
	resolve Resolver
	files   bool // the current key used "@=", so its value may name a file
}

// Parse parses one shorthand expression into an object.
func (p Parser) Parse(s string) (*value.Object, error) {
	st := &state{in: []rune(s), resolve: p.Resolve}
	return st.parameter()
}

func (st *state) eof() bool { return st.i >= len(st.in) }

func (st *state) current() (rune, bool) {
	if st.eof() {
		return 0, false
	}
	return st.in[st.i], true
}

func (st *state) is(r rune) bool {
	c, ok := st.current()
	return ok && c == r
}

func isSpace(r rune) bool { return strings.ContainsRune(" \t\n\r\x0b\x0c", r) }

func (st *state) skipSpace() {
	for !st.eof() && isSpace(st.in[st.i]) {
		st.i++
	}
}

// syntaxError mirrors the AWS CLI's message, whose location placeholder is
// printed literally because its format string lacks the f prefix.
func (st *state) syntaxError(expected, actual string) error {
	return &ParseError{Msg: fmt.Sprintf("Expected: '%s', received: '%s' for input:\n{self._error_location()}", expected, actual)}
}

func (st *state) expect(r rune, skipSpace bool) error {
	if skipSpace {
		st.skipSpace()
	}
	if st.eof() {
		return st.syntaxError(string(r), "EOF")
	}
	if st.in[st.i] != r {
		return st.syntaxError(string(r), string(st.in[st.i]))
	}
	st.i++
	if skipSpace {
		st.skipSpace()
	}
	return nil
}

func (st *state) parameter() (*value.Object, error) {
	params := value.NewObject()
	k, v, err := st.keyval()
	if err != nil {
		return nil, err
	}
	params.Set(k, v)
	last := st.i
	for !st.eof() {
		if err := st.expect(',', true); err != nil {
			return nil, err
		}
		k, v, err := st.keyval()
		if err != nil {
			return nil, err
		}
		if params.Has(k) {
			return nil, st.duplicateKey(k, last+1)
		}
		params.Set(k, v)
		last = st.i
	}
	return params, nil
}

func (st *state) duplicateKey(key string, index int) error {
	consumed, remaining, spaces := string(st.in), "", index
	before := string(st.in[:min(index, len(st.in))])
	if j := strings.LastIndex(before, "\n"); j >= 0 {
		spaces = index - len([]rune(before[:j])) - 1
	}
	after := st.in[min(index, len(st.in)):]
	for j, r := range after {
		if r == '\n' {
			consumed = string(st.in[:index+j])
			remaining = string(st.in[index+j:])
			break
		}
	}
	loc := consumed + "\n" + strings.Repeat(" ", spaces) + "^" + remaining
	return &ParseError{Msg: fmt.Sprintf("Second instance of key \"%s\" encountered for input:\n%s\nThis is often because there is a preceding \",\" instead of a space.", key, loc)}
}

func (st *state) keyval() (string, value.Value, error) {
	key, err := st.assignee()
	if err != nil {
		return "", nil, err
	}
	v, err := st.values()
	return key, v, err
}

// assignee reads "key=" or "key@=" (the value is a file to read) and
// returns the key.
func (st *state) assignee() (string, error) {
	key := st.key()
	st.files = false
	save := st.i
	if err := st.expect('@', true); err == nil {
		st.files = true
	} else {
		st.i = save
	}
	if err := st.expect('=', true); err != nil {
		return "", err
	}
	return key, nil
}

func (st *state) key() string {
	start := st.i
	for !st.eof() && strings.ContainsRune(keyChars, st.in[st.i]) {
		st.i++
	}
	return string(st.in[start:st.i])
}

func (st *state) values() (value.Value, error) {
	switch {
	case st.eof():
		return "", nil
	case st.is('['):
		return st.explicitList()
	case st.is('{'):
		return st.hashLiteral()
	}
	return st.csvValue()
}

func (st *state) csvValue() (value.Value, error) {
	first, err := st.firstValue()
	if err != nil {
		return nil, err
	}
	st.skipSpace()
	if st.eof() || st.in[st.i] != ',' {
		return first, nil
	}
	if err := st.expect(',', true); err != nil {
		return nil, err
	}
	list := []any{first}
	for {
		cur, err := st.secondValue()
		if err != nil {
			if st.eof() {
				return nil, err
			}
			st.backtrackTo(',')
			break
		}
		st.skipSpace()
		if st.eof() {
			list = append(list, cur)
			break
		}
		if err := st.expect(',', true); err != nil {
			if st.eof() {
				return nil, err
			}
			st.backtrackTo(',')
			break
		}
		list = append(list, cur)
	}
	if len(list) == 1 {
		return first, nil
	}
	return list, nil
}

func (st *state) backtrackTo(r rune) {
	for st.i >= 0 && (st.i >= len(st.in) || st.in[st.i] != r) {
		st.i--
	}
}

func (st *state) matchRegex(re *regexp.Regexp) (string, bool) {
	rest := string(st.in[st.i:])
	m := re.FindString(rest)
	if m == "" {
		return "", false
	}
	st.i += len([]rune(m))
	return m, true
}

func (st *state) plainValue(re *regexp.Regexp, must bool, name string) (value.Value, error) {
	m, ok := st.matchRegex(re)
	if !ok {
		if must {
			return nil, st.syntaxError("<"+name+">", "<none>")
		}
		return "", nil
	}
	processed := strings.TrimRightFunc(strings.ReplaceAll(m, `\,`, ","), isPyStripSpace)
	return st.maybeFile(processed)
}

func isPyStripSpace(r rune) bool {
	return isSpace(r) || r == 0x1c || r == 0x1d || r == 0x1e || r == 0x1f || r == 0x85 || r == 0xa0
}

func (st *state) maybeFile(s string) (value.Value, error) {
	if !st.files || st.resolve == nil {
		return s, nil
	}
	v, ok, err := st.resolve(s)
	if err != nil {
		return nil, err
	}
	if !ok {
		return s, nil
	}
	return v, nil
}

func (st *state) firstValue() (value.Value, error) {
	switch {
	case st.is('\''):
		return st.quoted(patterns().singleQuoted, '\'', "singled quoted")
	case st.is('"'):
		return st.quoted(patterns().doubleQuoted, '"', "double quoted")
	}
	return st.plainValue(patterns().firstValue, false, "first")
}

func (st *state) secondValue() (value.Value, error) {
	switch {
	case st.is('\''):
		return st.quoted(patterns().singleQuoted, '\'', "singled quoted")
	case st.is('"'):
		return st.quoted(patterns().doubleQuoted, '"', "double quoted")
	}
	return st.plainValue(patterns().secondValue, true, "second")
}

func (st *state) quoted(re *regexp.Regexp, q rune, name string) (value.Value, error) {
	m, ok := st.matchRegex(re)
	if !ok {
		return nil, st.syntaxError("<"+name+">", "<none>")
	}
	r := []rune(m)
	s := string(r[1 : len(r)-1])
	s = strings.ReplaceAll(s, `\`+string(q), string(q))
	s = strings.ReplaceAll(s, `\\`, `\`)
	return st.maybeFile(s)
}

func (st *state) explicitList() (value.Value, error) {
	if err := st.expect('[', true); err != nil {
		return nil, err
	}
	list := []any{}
	for !st.is(']') {
		v, err := st.explicitValue()
		if err != nil {
			return nil, err
		}
		list = append(list, v)
		st.skipSpace()
		if !st.is(']') {
			if err := st.expect(',', false); err != nil {
				return nil, err
			}
			st.skipSpace()
		}
	}
	return list, st.expect(']', false)
}

func (st *state) explicitValue() (value.Value, error) {
	switch {
	case st.is('['):
		return st.explicitList()
	case st.is('{'):
		return st.hashLiteral()
	}
	return st.firstValue()
}

func (st *state) hashLiteral() (value.Value, error) {
	if err := st.expect('{', true); err != nil {
		return nil, err
	}
	obj := value.NewObject()
	for !st.is('}') {
		key, err := st.assignee()
		if err != nil {
			return nil, err
		}
		v, err := st.explicitValue()
		if err != nil {
			return nil, err
		}
		st.skipSpace()
		if !st.is('}') {
			if err := st.expect(',', false); err != nil {
				return nil, err
			}
			st.skipSpace()
		}
		obj.Set(key, v)
	}
	return obj, st.expect('}', false)
}
