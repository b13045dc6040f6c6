package value

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// SyntaxError is a JSON syntax error worded and positioned as Python's
// json.JSONDecodeError, whose text the AWS CLI shows to users.
type SyntaxError struct {
	Msg    string
	Pos    int // in characters (code points), as Python counts
	Line   int
	Column int
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s: line %d column %d (char %d)", e.Msg, e.Line, e.Column, e.Pos)
}

// Parse reads one JSON document the way Python's json.loads does: objects
// keep their key order (a repeated key keeps its first position and takes
// its last value), numbers keep their literal text, NaN and Infinity are
// accepted, and errors carry Python's wording.
func Parse(s string) (Value, error) {
	p := &parser{s: []rune(s)}
	if strings.HasPrefix(s, "\ufeff") {
		return nil, p.fail("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0)
	}
	p.skipSpace()
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.i != len(p.s) {
		return nil, p.fail("Extra data", p.i)
	}
	return v, nil
}

type parser struct {
	s []rune
	i int
}

func (p *parser) fail(msg string, pos int) error {
	line := 1
	lastNL := -1
	for j := 0; j < pos && j < len(p.s); j++ {
		if p.s[j] == '\n' {
			line++
			lastNL = j
		}
	}
	return &SyntaxError{Msg: msg, Pos: pos, Line: line, Column: pos - lastNL}
}

func (p *parser) skipSpace() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) hasPrefix(word string) bool {
	w := []rune(word)
	if p.i+len(w) > len(p.s) {
		return false
	}
	for j, r := range w {
		if p.s[p.i+j] != r {
			return false
		}
	}
	return true
}

func (p *parser) value() (Value, error) {
	if p.i >= len(p.s) {
		return nil, p.fail("Expecting value", p.i)
	}
	switch c := p.s[p.i]; {
	case c == '"':
		p.i++
		return p.str()
	case c == '{':
		p.i++
		return p.object()
	case c == '[':
		p.i++
		return p.array()
	case c == 'n' && p.hasPrefix("null"):
		p.i += 4
		return nil, nil
	case c == 't' && p.hasPrefix("true"):
		p.i += 4
		return true, nil
	case c == 'f' && p.hasPrefix("false"):
		p.i += 5
		return false, nil
	case c == 'N' && p.hasPrefix("NaN"):
		p.i += 3
		return Number("NaN"), nil
	case c == 'I' && p.hasPrefix("Infinity"):
		p.i += 8
		return Number("Infinity"), nil
	case c == '-' && p.hasPrefix("-Infinity"):
		p.i += 9
		return Number("-Infinity"), nil
	}
	if n, ok := p.number(); ok {
		return n, nil
	}
	return nil, p.fail("Expecting value", p.i)
}

// number matches -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)? at the cursor.
func (p *parser) number() (Number, bool) {
	j := p.i
	digits := func() int {
		n := 0
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
			n++
		}
		return n
	}
	if j < len(p.s) && p.s[j] == '-' {
		j++
	}
	switch {
	case j < len(p.s) && p.s[j] == '0':
		j++
	case j < len(p.s) && p.s[j] >= '1' && p.s[j] <= '9':
		digits()
	default:
		return "", false
	}
	if j+1 < len(p.s) && p.s[j] == '.' && p.s[j+1] >= '0' && p.s[j+1] <= '9' {
		j++
		digits()
	}
	if j < len(p.s) && (p.s[j] == 'e' || p.s[j] == 'E') {
		save := j
		j++
		if j < len(p.s) && (p.s[j] == '+' || p.s[j] == '-') {
			j++
		}
		if digits() == 0 {
			j = save
		}
	}
	n := Number(string(p.s[p.i:j]))
	p.i = j
	return n, true
}

func (p *parser) object() (Value, error) {
	obj := NewObject()
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return obj, nil
	}
	for {
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return nil, p.fail("Expecting property name enclosed in double quotes", p.i)
		}
		p.i++
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, p.fail("Expecting ':' delimiter", p.i)
		}
		p.i++
		p.skipSpace()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		obj.Set(k.(string), v)
		p.skipSpace()
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return obj, nil
		}
		if p.i >= len(p.s) || p.s[p.i] != ',' {
			return nil, p.fail("Expecting ',' delimiter", p.i)
		}
		p.i++
		p.skipSpace()
	}
}

func (p *parser) array() (Value, error) {
	list := []any{}
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return list, nil
	}
	for {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		list = append(list, v)
		p.skipSpace()
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.i++
			return list, nil
		}
		if p.i >= len(p.s) || p.s[p.i] != ',' {
			return nil, p.fail("Expecting ',' delimiter", p.i)
		}
		p.i++
		p.skipSpace()
	}
}

var escapes = map[rune]rune{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// str reads a string whose opening quote is just behind the cursor.
func (p *parser) str() (Value, error) {
	begin := p.i - 1
	var b strings.Builder
	for {
		if p.i >= len(p.s) {
			return nil, p.fail("Unterminated string starting at", begin)
		}
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return b.String(), nil
		case c < 0x20:
			return nil, p.fail("Invalid control character at", p.i)
		case c != '\\':
			b.WriteRune(c)
			p.i++
			continue
		}
		// A backslash escape.
		if p.i+1 >= len(p.s) {
			return nil, p.fail("Unterminated string starting at", begin)
		}
		esc := p.s[p.i+1]
		if r, ok := escapes[esc]; ok {
			b.WriteRune(r)
			p.i += 2
			continue
		}
		if esc != 'u' {
			return nil, p.fail("Invalid \\escape", p.i)
		}
		u, ok := p.hex4(p.i + 2)
		if !ok {
			return nil, p.fail("Invalid \\uXXXX escape", p.i)
		}
		p.i += 6
		if utf16.IsSurrogate(rune(u)) && u < 0xdc00 && p.i+1 < len(p.s) && p.s[p.i] == '\\' && p.s[p.i+1] == 'u' {
			u2, ok := p.hex4(p.i + 2)
			if !ok {
				return nil, p.fail("Invalid \\uXXXX escape", p.i)
			}
			if u2 >= 0xdc00 && u2 <= 0xdfff {
				b.WriteRune(utf16.DecodeRune(rune(u), rune(u2)))
				p.i += 6
				continue
			}
		}
		if utf16.IsSurrogate(rune(u)) {
			// Python keeps lone surrogates; Go strings cannot.
			b.WriteRune(utf8.RuneError)
			continue
		}
		b.WriteRune(rune(u))
	}
}

func (p *parser) hex4(at int) (int, bool) {
	if at+4 > len(p.s) {
		return 0, false
	}
	n := 0
	for _, c := range p.s[at : at+4] {
		n <<= 4
		switch {
		case c >= '0' && c <= '9':
			n |= int(c - '0')
		case c >= 'a' && c <= 'f':
			n |= int(c-'a') + 10
		case c >= 'A' && c <= 'F':
			n |= int(c-'A') + 10
		default:
			return 0, false
		}
	}
	return n, true
}
