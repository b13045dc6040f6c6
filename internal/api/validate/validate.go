package validate

import (
	"encoding/json"
	"errors"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/ssmcontacts/ssmcontacts/internal/api/wire"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// TypeError reports a value of the wrong JSON type: the request cannot be
// read as the operation's input at all.
type TypeError struct {
	Path string
	Want string
}

func (e *TypeError) Error() string {
	if e.Path == "" {
		return "Expected a " + e.Want + " as the request body"
	}
	return "Expected a " + e.Want + " at '" + e.Path + "'"
}

// Validator validates values against shapes of one model. It is immutable
// and safe for concurrent use.
type Validator struct {
	patterns map[string]*pattern // by shape name
}

// pattern is a model pattern, compiled on first use: a server or a CLI
// call touches a few of the models' patterns, and compiling them all cost
// a noticeable share of start-up (TestEveryPatternCompiles compiles them
// all). Go's regexp has no lookahead; the one form the models use, a
// leading negative lookahead for a literal prefix (ssm-incidents' TagKey:
// ^(?!aws:)…), is checked as a prefix test before the rest.
type pattern struct {
	source    string
	once      sync.Once
	re        *regexp.Regexp
	notPrefix string
	err       error
}

func (p *pattern) compile() error {
	p.once.Do(func() {
		expr := p.source
		if prefix, rest, ok := leadingLookahead(expr); ok {
			expr, p.notPrefix = "^"+rest, prefix
		}
		p.re, p.err = regexp.Compile(expr)
	})
	return p.err
}

// MatchString reports whether s matches. A pattern that does not compile
// (none of the embedded models has one) matches nothing.
func (p *pattern) MatchString(s string) bool {
	if p.compile() != nil {
		return false
	}
	if p.notPrefix != "" && strings.HasPrefix(s, p.notPrefix) {
		return false
	}
	return p.re.MatchString(s)
}

// leadingLookahead splits "^(?!prefix)rest", the prefix one or more of
// [A-Za-z0-9:_-]. (Written out rather than as a regular expression
// compiled at package init by every run of the binary.)
func leadingLookahead(expr string) (prefix, rest string, ok bool) {
	body, ok := strings.CutPrefix(expr, "^(?!")
	if !ok {
		return "", "", false
	}
	end := strings.IndexByte(body, ')')
	if end < 1 {
		return "", "", false
	}
	for i := 0; i < end; i++ {
		c := body[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == ':' || c == '_' || c == '-') {
			return "", "", false
		}
	}
	return body[:end], body[end+1:], true
}

// New returns a validator of svc's shapes; patterns compile on first use.
func New(svc *model.Service) (*Validator, error) {
	v := &Validator{patterns: map[string]*pattern{}}
	for name, sh := range svc.Shapes {
		if sh.Pattern != "" {
			v.patterns[name] = &pattern{source: sh.Pattern}
		}
	}
	return v, nil
}

// errStop unwinds the walk once the violation budget is spent.
var errStop = errors.New("validate: violation budget spent")

// Validate checks value (decoded by encoding/json with UseNumber) against
// shape sh. It counts the violations in model order and spells out the
// first MaxListed of them, stopping at MaxCounted; or it returns a
// *TypeError when value does not have the shape's JSON types.
func (v *Validator) Validate(sh *model.Shape, value any) (Violations, error) {
	w := walker{v: v}
	if err := w.walk(sh, value); err != nil && err != errStop {
		return Violations{}, err
	}
	return w.found, nil
}

// segment is one step of a member's path. Paths are kept as segments and
// spelled out only for the violations a message lists: most violations of
// a hostile request are only counted.
type segment struct {
	name  string // model member name, or map key
	index int    // list element, from 1; 0 otherwise
	key   bool   // name is a map key (client input)
}

type walker struct {
	v     *Validator
	path  []segment
	found Violations
}

// record counts a violation of the member at the current path, rendering
// its value and constraint only if the message will list it.
func (w *walker) record(value, constraint func() string) {
	if w.found.Stopped {
		return
	}
	w.found.Count++
	if len(w.found.Listed) < MaxListed {
		w.found.Listed = append(w.found.Listed, Violation{Path: w.pathString(), Value: value(), Constraint: constraint()})
	}
	w.found.Stopped = w.found.Count >= MaxCounted
}

// fail records a violation that quotes value.
func (w *walker) fail(value any, constraint func() string) {
	w.record(func() string { return quote(value) }, constraint)
}

// pathString spells the current path: lowerCamelCase members,
// "<n>.member" list elements, map keys cut to MaxValueBytes.
func (w *walker) pathString() string {
	var b strings.Builder
	for i, s := range w.path {
		if i > 0 {
			b.WriteByte('.')
		}
		switch {
		case s.index > 0:
			b.WriteString(strconv.Itoa(s.index))
			b.WriteString(".member")
		case s.key:
			b.WriteString(Clip(s.name, MaxValueBytes))
		default:
			b.WriteString(lowerFirst(s.name))
		}
	}
	return b.String()
}

func (w *walker) typeError(want string) error {
	return &TypeError{Path: w.pathString(), Want: want}
}

// child walks value one segment down, and reports a spent budget as
// errStop so that every level above returns at once.
func (w *walker) child(sh *model.Shape, seg segment, value any) error {
	w.path = append(w.path, seg)
	err := w.walk(sh, value)
	w.path = w.path[:len(w.path)-1]
	if err == nil && w.found.Stopped {
		return errStop
	}
	return err
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func (w *walker) walk(sh *model.Shape, value any) error {
	switch sh.Type {
	case model.TypeStructure:
		return w.structure(sh, value)
	case model.TypeList:
		return w.list(sh, value)
	case model.TypeMap:
		return w.mapping(sh, value)
	case model.TypeString:
		return w.str(sh, value)
	case model.TypeInteger, model.TypeLong:
		return w.integer(sh, value)
	case model.TypeBoolean:
		if _, ok := value.(bool); !ok {
			return w.typeError("boolean")
		}
	case model.TypeTimestamp:
		return w.timestamp(value)
	case model.TypeFloat, model.TypeDouble:
		if _, ok := value.(json.Number); !ok {
			return w.typeError("number")
		}
	default:
		return w.typeError(sh.Type)
	}
	return nil
}

func (w *walker) structure(sh *model.Shape, value any) error {
	obj, ok := value.(map[string]any)
	if !ok {
		return w.typeError("structure")
	}
	for _, m := range sh.Members {
		mv, present := obj[m.Name]
		if !present || mv == nil {
			if m.Required {
				w.path = append(w.path, segment{name: m.Name})
				w.fail(nil, func() string { return "Member must not be null" })
				w.path = w.path[:len(w.path)-1]
			}
			continue
		}
		if err := w.child(m.Shape, segment{name: m.Name}, mv); err != nil {
			return err
		}
	}
	return nil
}

func (w *walker) list(sh *model.Shape, value any) error {
	list, ok := value.([]any)
	if !ok {
		return w.typeError("list")
	}
	w.length(sh, value, len(list))
	for i, e := range list {
		if e == nil {
			continue
		}
		if err := w.child(sh.Member, segment{index: i + 1}, e); err != nil {
			return err
		}
	}
	return nil
}

func (w *walker) mapping(sh *model.Shape, value any) error {
	obj, ok := value.(map[string]any)
	if !ok {
		return w.typeError("map")
	}
	w.length(sh, value, len(obj))
	// Every bad key quotes the whole map: render it once, however many
	// of them the message lists.
	var shown string
	quoted := func() string {
		if shown == "" {
			shown = quote(value)
		}
		return shown
	}
	for _, k := range sortedKeys(obj) {
		if len(sh.Key.Enum) > 0 && !contains(sh.Key.Enum, k) {
			w.record(quoted, func() string {
				return "Map keys must satisfy constraint: [Member must satisfy enum value set: [" + strings.Join(sh.Key.Enum, ", ") + "]]"
			})
		}
		if c := w.keyConstraint(sh.Key, k); c != "" {
			w.record(quoted, func() string { return "Map keys must satisfy constraint: [" + c + "]" })
		}
		if obj[k] == nil {
			continue
		}
		if err := w.child(sh.Value, segment{name: k, key: true}, obj[k]); err != nil {
			return err
		}
	}
	return nil
}

// keyConstraint is the first length or pattern constraint map key k
// breaks, worded as for a member ("" when it keeps them all).
func (w *walker) keyConstraint(key *model.Shape, k string) string {
	n := int64(utf8.RuneCountInString(k))
	switch {
	case key.Min != nil && n < *key.Min:
		return "Member must have length greater than or equal to " + strconv.FormatInt(*key.Min, 10)
	case key.Max != nil && n > *key.Max:
		return "Member must have length less than or equal to " + strconv.FormatInt(*key.Max, 10)
	}
	if re := w.v.patterns[key.Name]; re != nil && !re.MatchString(k) {
		return "Member must satisfy regular expression pattern: " + key.Pattern
	}
	return ""
}

func (w *walker) str(sh *model.Shape, value any) error {
	s, ok := value.(string)
	if !ok {
		return w.typeError("string")
	}
	w.length(sh, value, utf8.RuneCountInString(s))
	if re := w.v.patterns[sh.Name]; re != nil && !re.MatchString(s) {
		w.fail(value, func() string { return "Member must satisfy regular expression pattern: " + sh.Pattern })
	}
	if len(sh.Enum) > 0 && !contains(sh.Enum, s) {
		w.fail(value, func() string { return "Member must satisfy enum value set: [" + strings.Join(sh.Enum, ", ") + "]" })
	}
	return nil
}

func (w *walker) integer(sh *model.Shape, value any) error {
	n, ok := value.(json.Number)
	if !ok {
		return w.typeError("integer")
	}
	i, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil || (sh.Type == model.TypeInteger && (i < math.MinInt32 || i > math.MaxInt32)) {
		return w.typeError("integer")
	}
	if sh.Min != nil && i < *sh.Min {
		w.fail(value, func() string {
			return "Member must have value greater than or equal to " + strconv.FormatInt(*sh.Min, 10)
		})
	}
	if sh.Max != nil && i > *sh.Max {
		w.fail(value, func() string { return "Member must have value less than or equal to " + strconv.FormatInt(*sh.Max, 10) })
	}
	return nil
}

// timestamp checks epoch seconds. A time clients cannot read back (botocore
// fails outside years 1 to 9999 in the local time zone) is refused rather
// than stored and echoed: a number far outside is not a timestamp at all
// (a type error), one just outside is a violation naming the range.
func (w *walker) timestamp(value any) error {
	n, ok := value.(json.Number)
	if !ok {
		return w.typeError("timestamp (epoch seconds)")
	}
	f, err := n.Float64()
	if err != nil || math.IsInf(f, 0) || math.Abs(f) > 1e15 {
		return w.typeError("timestamp (epoch seconds)")
	}
	if ms := f * 1e3; ms < float64(wire.EarliestReadable.UnixMilli()) || ms > float64(wire.LatestReadable.UnixMilli()) {
		w.fail(value, func() string {
			return "Member must be a time from " + wire.EarliestReadable.Format(time.RFC3339) +
				" to " + wire.LatestReadable.Format(time.RFC3339Nano)
		})
	}
	return nil
}

// length checks a string, list or map size against the shape's bounds.
func (w *walker) length(sh *model.Shape, value any, n int) {
	if sh.Min != nil && int64(n) < *sh.Min {
		w.fail(value, func() string {
			return "Member must have length greater than or equal to " + strconv.FormatInt(*sh.Min, 10)
		})
	}
	if sh.Max != nil && int64(n) > *sh.Max {
		w.fail(value, func() string {
			return "Member must have length less than or equal to " + strconv.FormatInt(*sh.Max, 10)
		})
	}
}

func contains(set []string, s string) bool {
	for _, e := range set {
		if e == s {
			return true
		}
	}
	return false
}

func sortedKeys(obj map[string]any) []string {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
