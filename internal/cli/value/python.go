package value

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
)

// FloatRepr formats f as Python's repr(float) does: the shortest digits that
// round-trip, positional notation for exponents in [-4, 16) with at least one
// decimal, scientific notation otherwise ("1e+16", "1.5e-05").
func FloatRepr(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	sign := ""
	if math.Signbit(f) {
		sign = "-"
		f = -f
	}
	// Shortest round-trip digits and decimal exponent.
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, expText, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	exp, _ := strconv.Atoi(expText)
	if exp >= -5 && exp < 16 {
		// Positional: the decimal point goes after digit exp+1.
		point := exp + 1
		var s string
		switch {
		case point <= 0:
			s = "0." + strings.Repeat("0", -point) + digits
		case point >= len(digits):
			s = digits + strings.Repeat("0", point-len(digits)) + ".0"
		default:
			s = digits[:point] + "." + digits[point:]
		}
		if exp >= -4 {
			return sign + s
		}
	}
	m := digits[:1]
	if len(digits) > 1 {
		m += "." + digits[1:]
	}
	esign := "+"
	if exp < 0 {
		esign = "-"
		exp = -exp
	}
	return fmt.Sprintf("%s%se%s%02d", sign, m, esign, exp)
}

// NumberRepr renders a number as Python would after json.loads: integers in
// canonical form, floats through repr.
func NumberRepr(n Number) string {
	if n.IsFloat() {
		return FloatRepr(n.Float64())
	}
	s := strings.TrimLeft(strings.TrimPrefix(string(n), "-"), "0")
	if s == "" {
		return "0"
	}
	if strings.HasPrefix(string(n), "-") {
		return "-" + s
	}
	return s
}

// Str renders v as Python's str() does: strings bare, everything else as
// repr (True, None, ['a'], {'k': 1}).
func Str(v Value) string {
	if s, ok := v.(string); ok {
		return s
	}
	if d, ok := v.(DateTime); ok {
		return d.isoformat(" ")
	}
	return Repr(v)
}

// Repr renders v as Python's repr() does.
func Repr(v Value) string {
	var b strings.Builder
	writeRepr(&b, v)
	return b.String()
}

func writeRepr(b *strings.Builder, v Value) {
	switch t := v.(type) {
	case nil:
		b.WriteString("None")
	case bool:
		if t {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case Number:
		b.WriteString(NumberRepr(t))
	case string:
		b.WriteString(quoteRepr(t))
	case Bytes:
		b.WriteString("b")
		b.WriteString(bytesRepr(t))
	case DateTime:
		b.WriteString(fmt.Sprintf("datetime.datetime(%d, %d, %d, %d, %d)", t.Time.Year(), t.Time.Month(), t.Time.Day(), t.Time.Hour(), t.Time.Minute()))
	case []any:
		b.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, e)
		}
		b.WriteByte(']')
	case *Object:
		if t.Ordered {
			writeOrderedDictRepr(b, t)
			return
		}
		b.WriteByte('{')
		for i, k := range t.Keys() {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(quoteRepr(k))
			b.WriteString(": ")
			e, _ := t.Get(k)
			writeRepr(b, e)
		}
		b.WriteByte('}')
	default:
		fmt.Fprint(b, t)
	}
}

func writeOrderedDictRepr(b *strings.Builder, o *Object) {
	b.WriteString("OrderedDict(")
	if o.Len() > 0 {
		b.WriteByte('[')
		for i, k := range o.Keys() {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			b.WriteString(quoteRepr(k))
			b.WriteString(", ")
			e, _ := o.Get(k)
			writeRepr(b, e)
			b.WriteByte(')')
		}
		b.WriteByte(']')
	}
	b.WriteByte(')')
}

// TypeName is Python's str(type(v)), as botocore's validation messages
// show it.
func TypeName(v Value) string {
	switch t := v.(type) {
	case nil:
		return "<class 'NoneType'>"
	case bool:
		return "<class 'bool'>"
	case string:
		return "<class 'str'>"
	case Number:
		if t.IsFloat() {
			return "<class 'float'>"
		}
		return "<class 'int'>"
	case Bytes:
		return "<class 'bytes'>"
	case DateTime:
		return "<class 'datetime.datetime'>"
	case []any:
		return "<class 'list'>"
	case *Object:
		if t.Ordered {
			return "<class 'collections.OrderedDict'>"
		}
		return "<class 'dict'>"
	}
	return fmt.Sprintf("<class '%T'>", v)
}

// MarkOrdered flags every object in v as an OrderedDict.
func MarkOrdered(v Value) {
	switch t := v.(type) {
	case *Object:
		t.Ordered = true
		for _, k := range t.keys {
			MarkOrdered(t.vals[k])
		}
	case []any:
		for _, e := range t {
			MarkOrdered(e)
		}
	}
}

// quoteRepr quotes s like Python's str.__repr__.
func quoteRepr(s string) string {
	q := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x7f:
			b.WriteRune(r)
		case !isPrintable(r):
			switch {
			case r <= 0xff:
				fmt.Fprintf(&b, `\x%02x`, r)
			case r <= 0xffff:
				fmt.Fprintf(&b, `\u%04x`, r)
			default:
				fmt.Fprintf(&b, `\U%08x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// isPrintable approximates Python's str.isprintable for one character:
// letters, marks, numbers, punctuation, symbols and the ASCII space.
func isPrintable(r rune) bool {
	if r == ' ' {
		return true
	}
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S)
}

func bytesRepr(p []byte) string {
	q := byte('\'')
	if strings.ContainsRune(string(p), '\'') && !strings.ContainsRune(string(p), '"') {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, c := range p {
		switch {
		case c == q || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// DumpOptions selects among the json.dumps calls the AWS CLI makes.
type DumpOptions struct {
	// Indent is the indent width; 0 means a single line.
	Indent int
	// EnsureASCII escapes non-ASCII characters as \uXXXX.
	EnsureASCII bool
	// Compact uses "," and ":" as separators instead of ", " and ": "
	// (only for single-line output).
	Compact bool
}

// Dumps renders v as Python's json.dumps with the given options. Bytes are
// written as base64 strings, which is what the CLI's JSON encoder does.
func Dumps(v Value, opt DumpOptions) string {
	var b strings.Builder
	d := dumper{b: &b, opt: opt}
	d.write(v, 0)
	return b.String()
}

type dumper struct {
	b   *strings.Builder
	opt DumpOptions
}

func (d *dumper) newline(level int) {
	d.b.WriteByte('\n')
	d.b.WriteString(strings.Repeat(" ", d.opt.Indent*level))
}

func (d *dumper) itemSep() string {
	if d.opt.Indent > 0 || d.opt.Compact {
		return ","
	}
	return ", "
}

func (d *dumper) keySep() string {
	if d.opt.Compact {
		return ":"
	}
	return ": "
}

func (d *dumper) write(v Value, level int) {
	switch t := v.(type) {
	case nil:
		d.b.WriteString("null")
	case bool:
		if t {
			d.b.WriteString("true")
		} else {
			d.b.WriteString("false")
		}
	case Number:
		d.b.WriteString(jsonNumber(t))
	case string:
		d.b.WriteString(QuoteJSON(t, d.opt.EnsureASCII))
	case Bytes:
		d.b.WriteString(QuoteJSON(base64.StdEncoding.EncodeToString(t), d.opt.EnsureASCII))
	case DateTime:
		d.b.WriteString(QuoteJSON(t.isoformat("T"), d.opt.EnsureASCII))
	case []any:
		if len(t) == 0 {
			d.b.WriteString("[]")
			return
		}
		d.b.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				d.b.WriteString(d.itemSep())
			}
			if d.opt.Indent > 0 {
				d.newline(level + 1)
			}
			d.write(e, level+1)
		}
		if d.opt.Indent > 0 {
			d.newline(level)
		}
		d.b.WriteByte(']')
	case *Object:
		if t.Len() == 0 {
			d.b.WriteString("{}")
			return
		}
		d.b.WriteByte('{')
		for i, k := range t.Keys() {
			if i > 0 {
				d.b.WriteString(d.itemSep())
			}
			if d.opt.Indent > 0 {
				d.newline(level + 1)
			}
			d.b.WriteString(QuoteJSON(k, d.opt.EnsureASCII))
			d.b.WriteString(d.keySep())
			e, _ := t.Get(k)
			d.write(e, level+1)
		}
		if d.opt.Indent > 0 {
			d.newline(level)
		}
		d.b.WriteByte('}')
	default:
		d.b.WriteString(QuoteJSON(fmt.Sprint(t), d.opt.EnsureASCII))
	}
}

func jsonNumber(n Number) string {
	if !n.IsFloat() {
		return NumberRepr(n)
	}
	f := n.Float64()
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return FloatRepr(f)
}

// QuoteJSON quotes s as Python's json module does.
func QuoteJSON(s string, ensureASCII bool) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			switch {
			case r < 0x20:
				fmt.Fprintf(&b, `\u%04x`, r)
			case ensureASCII && r > 0x7e && r <= 0xffff:
				fmt.Fprintf(&b, `\u%04x`, r)
			case ensureASCII && r > 0xffff:
				r1, r2 := utf16.EncodeRune(r)
				fmt.Fprintf(&b, `\u%04x\u%04x`, r1, r2)
			default:
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
