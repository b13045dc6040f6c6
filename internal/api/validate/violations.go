package validate

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Bounds on what one request can cost. A 1 MiB body can break a million
// constraints or hold a 1 MiB value; its error must still be small.
const (
	// MaxListed is how many violations a message (and the Fields of a
	// ValidationException) spells out; the rest are only counted.
	MaxListed = 10
	// MaxCounted is the budget: validation stops at this many violations,
	// and the message says so.
	MaxCounted = 1000
	// MaxValueBytes is how much of a value, or of a map key in a path, a
	// message quotes; a longer one is cut there and marked with Ellipsis.
	MaxValueBytes = 256
)

// Ellipsis marks where a quoted value was cut.
const Ellipsis = "..."

// Violation is one failed constraint.
type Violation struct {
	Path       string // e.g. "plan.stages.1.member.durationInMinutes"
	Value      string // rendered as AWS renders it: 'x', or null
	Constraint string // e.g. "Member must not be null"
}

// String is the violation as it appears in the error message.
func (v Violation) String() string {
	return "Value " + v.Value + " at '" + v.Path + "' failed to satisfy constraint: " + v.Constraint
}

// Violations is what Validate found.
type Violations struct {
	// Count is how many constraints failed, up to MaxCounted.
	Count int
	// Listed are the first MaxListed violations, in model order.
	Listed []Violation
	// Stopped reports that Count reached MaxCounted and the rest of the
	// request was not checked.
	Stopped bool
}

// Message words vs as AWS's ValidationException message, listing the
// first violations and counting the rest.
func Message(vs Violations) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(vs.Count))
	if vs.Count == 1 {
		b.WriteString(" validation error detected: ")
	} else {
		b.WriteString(" validation errors detected: ")
	}
	for i, v := range vs.Listed {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(v.String())
	}
	if more := vs.Count - len(vs.Listed); more > 0 {
		b.WriteString("; and " + strconv.Itoa(more) + " more")
	}
	if vs.Stopped {
		b.WriteString(" (validation stopped after " + strconv.Itoa(vs.Count) + " errors)")
	}
	return b.String()
}

// Clip returns s, or its first n bytes (cut at a character boundary)
// followed by Ellipsis.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return cutAt(s, n) + Ellipsis
}

// cutAt returns the longest prefix of s of at most n bytes that does not
// split a character.
func cutAt(s string, n int) string {
	if n >= len(s) {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// quote renders a value the way Java services print it in messages:
// quoted scalars, lists as '[a, b]', structures and maps as '{k=v}', and a
// missing value as null, unquoted. It renders only the first
// MaxValueBytes: a huge list or string costs no more than a short one.
func quote(v any) string {
	if v == nil {
		return "null"
	}
	q := quoter{room: MaxValueBytes}
	q.b.WriteByte('\'')
	q.value(v)
	if q.cut {
		q.b.WriteString(Ellipsis)
	}
	q.b.WriteByte('\'')
	return q.b.String()
}

// quoter writes a value until its room runs out.
type quoter struct {
	b    strings.Builder
	room int
	cut  bool
}

func (q *quoter) write(s string) {
	if q.cut {
		return
	}
	if len(s) <= q.room {
		q.b.WriteString(s)
		q.room -= len(s)
		return
	}
	q.b.WriteString(cutAt(s, q.room))
	q.room, q.cut = 0, true
}

func (q *quoter) value(v any) {
	switch x := v.(type) {
	case nil:
		q.write("null")
	case string:
		q.write(x)
	case json.Number:
		q.write(string(x))
	case bool:
		q.write(strconv.FormatBool(x))
	case []any:
		q.write("[")
		for i, e := range x {
			if q.cut {
				return
			}
			if i > 0 {
				q.write(", ")
			}
			q.value(e)
		}
		q.write("]")
	case map[string]any:
		q.write("{")
		for i, k := range sortedKeys(x) {
			if q.cut {
				return
			}
			if i > 0 {
				q.write(", ")
			}
			q.write(k)
			q.write("=")
			q.value(x[k])
		}
		q.write("}")
	default:
		q.write(fmt.Sprint(x))
	}
}
