package output

import (
	"io"
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
)

// TableOptions configures the table format.
type TableOptions struct {
	// Color adds the AWS CLI's ANSI colours (--color on, or auto on a TTY).
	Color bool
	// Width is the terminal width; tables wider than it are turned
	// vertical. The AWS CLI uses 80 when stdout is not a terminal.
	Width int
}

// Table writes v in the AWS CLI's table format, titled with the operation
// name.
func Table(w io.Writer, title string, v value.Value, opt TableOptions) error {
	if opt.Width <= 0 {
		opt.Width = 80
	}
	t := &multiTable{opt: opt}
	if !t.build(title, true, v, 0) {
		return nil
	}
	var b strings.Builder
	out := sink{b: &b, reset: opt.Color}
	t.render(out)
	_, err := io.WriteString(w, b.String())
	return err
}

type section struct {
	title     string
	headers   []string
	rows      [][]string
	indent    int
	numCols   int
	maxWidths []int
}

type multiTable struct {
	opt      TableOptions
	sections []*section
	cur      *section
}

func (t *multiTable) newSection(title string, indent int) {
	t.cur = &section{title: title, indent: indent, numCols: -1}
	t.sections = append(t.sections, t.cur)
}

func textLength(s string) int {
	n := 0
	for _, r := range s {
		if isWide(r) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// isWide approximates unicodedata.east_asian_width(r) in "WFA".
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || (r >= 0xFF01 && r <= 0xFF60) || (r >= 0xFFE0 && r <= 0xFFE6) ||
		(r >= 0x1F300 && r <= 0x1FAFF) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xE000 && r <= 0xF8FF)
}

func (s *section) updateWidths(row []string) {
	if len(s.maxWidths) == 0 {
		for _, e := range row {
			s.maxWidths = append(s.maxWidths, textLength(e))
		}
		return
	}
	for i, e := range row {
		if i < len(s.maxWidths) {
			s.maxWidths[i] = max(s.maxWidths[i], textLength(e))
		}
	}
}

func (t *multiTable) addHeader(h []string) {
	s := t.cur
	s.updateWidths(h)
	if s.numCols < 0 {
		s.numCols = len(h)
	}
	s.headers = h
}

func (t *multiTable) addRow(vals []value.Value) {
	s := t.cur
	row := make([]string, len(vals))
	for i, v := range vals {
		row[i] = value.Str(v)
	}
	if s.numCols < 0 {
		s.numCols = len(row)
	}
	s.rows = append(s.rows, row)
	s.updateWidths(row)
}

func truthyValue(v value.Value) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case value.Number:
		return x.Float64() != 0
	case []any:
		return len(x) > 0
	case *value.Object:
		return x.Len() > 0
	}
	return true
}

// build mirrors the AWS CLI's TableFormatter._build_table.
func (t *multiTable) build(title string, hasTitle bool, cur value.Value, indent int) bool {
	if !truthyValue(cur) {
		return false
	}
	if hasTitle {
		t.newSection(title, indent)
	}
	switch c := cur.(type) {
	case []any:
		if _, ok := c[0].(*value.Object); ok {
			t.subTableFromList(c, indent, title)
		} else {
			for _, item := range c {
				switch it := item.(type) {
				case []any:
					allScalar := true
					for _, e := range it {
						if !value.IsScalar(e) {
							allScalar = false
						}
					}
					if allScalar {
						t.addRow(it)
					} else {
						t.build("", false, it, 0)
					}
				case *value.Object:
					t.build("", false, it, 0)
				default:
					t.addRow([]value.Value{item})
				}
			}
		}
	case *value.Object:
		t.subTableFromDict(c, indent)
	}
	return true
}

func groupScalarKeys(obj *value.Object) (headers, more []string) {
	for _, k := range obj.Keys() {
		v, _ := obj.Get(k)
		if value.IsScalar(v) {
			headers = append(headers, k)
		} else {
			more = append(more, k)
		}
	}
	sort.Strings(headers)
	sort.Strings(more)
	return headers, more
}

func (t *multiTable) subTableFromDict(obj *value.Object, indent int) {
	headers, more := groupScalarKeys(obj)
	if len(headers) == 1 {
		v, _ := obj.Get(headers[0])
		t.addRow([]value.Value{headers[0], v})
	} else if len(headers) > 0 {
		t.addHeader(headers)
		row := make([]value.Value, len(headers))
		for i, h := range headers {
			row[i], _ = obj.Get(h)
		}
		t.addRow(row)
	}
	for _, k := range more {
		v, _ := obj.Get(k)
		t.build(k, true, v, indent+1)
	}
}

func (t *multiTable) subTableFromList(list []any, indent int, title string) {
	hs, ms := map[string]bool{}, map[string]bool{}
	for _, e := range list {
		obj, ok := e.(*value.Object)
		if !ok {
			continue
		}
		h, m := groupScalarKeys(obj)
		for _, k := range h {
			hs[k] = true
		}
		for _, k := range m {
			ms[k] = true
		}
	}
	headers, more := sortedKeys(hs), sortedKeys(ms)
	t.addHeader(headers)
	first := true
	for _, e := range list {
		obj, _ := e.(*value.Object)
		if !first && len(more) > 0 {
			t.newSection(title, indent)
			t.addHeader(headers)
		}
		first = false
		row := make([]value.Value, len(headers))
		for i, h := range headers {
			if v, ok := obj.Get(h); ok {
				row[i] = v
			} else {
				row[i] = ""
			}
		}
		t.addRow(row)
		for _, k := range more {
			if v, ok := obj.Get(k); ok {
				t.build(k, true, v, indent+1)
			}
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (s *section) columnWidths(padding, maxWidth int) []int {
	unscaled := make([]int, len(s.maxWidths))
	sum := 0
	for i, w := range s.maxWidths {
		unscaled[i] = w + padding
		sum += unscaled[i]
	}
	if maxWidth < 0 || len(unscaled) == 0 {
		return unscaled
	}
	scale := float64(maxWidth) / float64(sum)
	scaled := make([]int, len(unscaled))
	total := 0
	for i, w := range unscaled {
		scaled[i] = int(math.RoundToEven(scale * float64(w)))
		total += scaled[i]
	}
	off := total - maxWidth
	for off != 0 {
		if off > 0 {
			for i := range scaled {
				scaled[i]--
				off--
				if off == 0 {
					break
				}
			}
		} else {
			for i := len(scaled) - 1; i >= 0; i-- {
				scaled[i]++
				off++
				if off == 0 {
					break
				}
			}
		}
	}
	return scaled
}

func (s *section) totalWidth(padding int, border bool, outer int) int {
	total := 0
	for _, w := range s.columnWidths(0, -1) {
		total += w + padding
	}
	if border {
		total += 2
	}
	total += 2 * outer
	return max(textLength(s.title)+2+2*outer, total)
}

func (t *multiTable) maxWidth() int {
	m := 0
	for _, s := range t.sections {
		m = max(m, s.totalWidth(4, true, s.indent))
	}
	return m
}

// sink receives the table a write at a time. With colour on, the AWS CLI's
// stdout is wrapped by colorama with autoreset, which appends a reset code
// after every write call; reset reproduces that.
type sink struct {
	b     *strings.Builder
	reset bool
}

func (s sink) write(text string) {
	s.b.WriteString(text)
	if s.reset {
		s.b.WriteString(ansiReset)
	}
}

func (t *multiTable) render(b sink) {
	width := t.maxWidth()
	if width > t.opt.Width {
		t.convertToVertical()
		width = t.maxWidth()
	}
	b.write(strings.Repeat("-", width) + "\n")
	for _, s := range t.sections {
		t.renderSection(b, s, width)
	}
}

func (t *multiTable) convertToVertical() {
	for i, s := range t.sections {
		if len(s.rows) == 1 && len(s.headers) > 0 {
			ns := &section{title: s.title, indent: s.indent, numCols: -1}
			for j, h := range s.headers {
				if j < len(s.rows[0]) {
					row := []string{h, s.rows[0][j]}
					if ns.numCols < 0 {
						ns.numCols = 2
					}
					ns.rows = append(ns.rows, row)
					ns.updateWidths(row)
				}
			}
			t.sections[i] = ns
		}
	}
}

const (
	ansiRowStart    = "\x1b[1m\x1b[34m"
	ansiIndentStart = "\x1b[2m\x1b[33m"
	ansiReset       = "\x1b[0m"
)

func (t *multiTable) styleRow(s string) string {
	if t.opt.Color {
		return ansiRowStart + s + ansiReset
	}
	return s
}

func (t *multiTable) styleIndent(s string) string {
	if t.opt.Color {
		return ansiIndentStart + s + ansiReset
	}
	return s
}

// indented writes lines the way the AWS CLI's IndentedStream does: indent
// characters before, and before the newline, of each line.
type indented struct {
	s     sink
	level int
	char  string
}

func (w indented) write(text string) {
	w.s.write(strings.Repeat(w.char, w.level))
	if strings.HasSuffix(text, "\n") {
		w.s.write(text[:len(text)-1])
		w.s.write(strings.Repeat(w.char, w.level))
		w.s.write("\n")
		return
	}
	w.s.write(text)
}

func centerText(text string, length int, textLen int) string {
	start := length/2 - textLen/2 - 1
	var b strings.Builder
	b.WriteString("|" + strings.Repeat(" ", max(start, 0)) + text)
	soFar := 1 + start + textLen
	b.WriteString(strings.Repeat(" ", max(length-1-soFar, 0)))
	b.WriteString("|")
	return b.String()
}

func centerHeader(text string, length int, textLen int, leftEdge string) string {
	start := length/2 - textLen/2 - 1
	var b strings.Builder
	b.WriteString(leftEdge + strings.Repeat(" ", max(start, 0)) + text)
	soFar := len(leftEdge) + start + textLen
	b.WriteString(strings.Repeat(" ", max(length-1-soFar, 0)))
	b.WriteString("|")
	return b.String()
}

func alignLeft(text string, length int, leftEdge string, textLen int) string {
	computed := textLen + 2 + len(leftEdge) + 1
	padding := 0
	if length-computed >= 0 {
		padding = 2
	}
	soFar := len(leftEdge) + padding + textLen
	return leftEdge + strings.Repeat(" ", padding) + text + strings.Repeat(" ", max(length-soFar-1, 0)) + "|"
}

func (t *multiTable) renderSection(b sink, s *section, maxWidth int) {
	w := indented{s: b, level: s.indent, char: t.styleIndent("|")}
	maxWidth -= s.indent * 2
	if s.title != "" {
		w.write(centerText(s.title, maxWidth, textLength(s.title)) + "\n")
		if len(s.headers) == 0 && len(s.rows) == 0 {
			w.write("+" + strings.Repeat("-", maxWidth-2) + "+\n")
		}
	}
	if len(s.headers) > 0 {
		widths := s.columnWidths(4, maxWidth)
		var cur strings.Builder
		for i, h := range s.headers {
			if i >= len(widths) {
				break
			}
			edge := ""
			if i == 0 {
				edge = "|"
			}
			cur.WriteString(centerHeader(h, widths[i], textLength(h), edge))
		}
		w.write(lineBreak(widths))
		w.write(cur.String() + "\n")
	}
	if len(s.rows) > 0 {
		widths := s.columnWidths(4, maxWidth)
		if len(widths) == 0 {
			return
		}
		w.write(lineBreak(widths))
		for _, row := range s.rows {
			var cur strings.Builder
			for i, e := range row {
				if i >= len(widths) {
					break
				}
				edge := ""
				if i == 0 {
					edge = "|"
				}
				cur.WriteString(alignLeft(t.styleRow(e), widths[i], edge, textLength(e)))
			}
			w.write(cur.String() + "\n")
		}
		w.write(lineBreak(widths))
	}
}

func lineBreak(widths []int) string {
	var b strings.Builder
	for i, w := range widths {
		if i == 0 {
			b.WriteString("+" + strings.Repeat("-", max(w-2, 0)) + "+")
		} else {
			b.WriteString(strings.Repeat("-", max(w-1, 0)) + "+")
		}
	}
	return b.String() + "\n"
}
