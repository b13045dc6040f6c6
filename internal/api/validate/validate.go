package validate

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ssmcontacts/ssmcontacts/model"
)

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

// Message joins violations into AWS's ValidationException message.
func Message(vs []Violation) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(len(vs)))
	if len(vs) == 1 {
		b.WriteString(" validation error detected: ")
	} else {
		b.WriteString(" validation errors detected: ")
	}
	for i, v := range vs {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(v.String())
	}
	return b.String()
}

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
	patterns map[string]*regexp.Regexp // by shape name
}

// New compiles every pattern of svc.
func New(svc *model.Service) (*Validator, error) {
	v := &Validator{patterns: map[string]*regexp.Regexp{}}
	for name, sh := range svc.Shapes {
		if sh.Pattern == "" {
			continue
		}
		re, err := regexp.Compile(sh.Pattern)
		if err != nil {
			return nil, fmt.Errorf("validate: shape %s pattern %q: %w", name, sh.Pattern, err)
		}
		v.patterns[name] = re
	}
	return v, nil
}

// Validate checks value (decoded by encoding/json with UseNumber) against
// shape sh. It returns every violation in model order, or a *TypeError when
// value does not have the shape's JSON types.
func (v *Validator) Validate(sh *model.Shape, value any) ([]Violation, error) {
	w := walker{v: v}
	if err := w.walk(sh, "", value); err != nil {
		return nil, err
	}
	return w.out, nil
}

type walker struct {
	v   *Validator
	out []Violation
}

func (w *walker) add(path, value, constraint string) {
	w.out = append(w.out, Violation{Path: path, Value: value, Constraint: constraint})
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func (w *walker) walk(sh *model.Shape, path string, value any) error {
	switch sh.Type {
	case model.TypeStructure:
		obj, ok := value.(map[string]any)
		if !ok {
			return &TypeError{Path: path, Want: "structure"}
		}
		for _, m := range sh.Members {
			mp := join(path, lowerFirst(m.Name))
			mv, present := obj[m.Name]
			if !present || mv == nil {
				if m.Required {
					w.add(mp, "null", "Member must not be null")
				}
				continue
			}
			if err := w.walk(m.Shape, mp, mv); err != nil {
				return err
			}
		}
	case model.TypeList:
		list, ok := value.([]any)
		if !ok {
			return &TypeError{Path: path, Want: "list"}
		}
		w.length(sh, path, value, len(list))
		for i, e := range list {
			if e == nil {
				continue
			}
			if err := w.walk(sh.Member, path+"."+strconv.Itoa(i+1)+".member", e); err != nil {
				return err
			}
		}
	case model.TypeMap:
		obj, ok := value.(map[string]any)
		if !ok {
			return &TypeError{Path: path, Want: "map"}
		}
		w.length(sh, path, value, len(obj))
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if len(sh.Key.Enum) > 0 && !contains(sh.Key.Enum, k) {
				w.add(path, render(value), "Map keys must satisfy constraint: [Member must satisfy enum value set: ["+strings.Join(sh.Key.Enum, ", ")+"]]")
			}
			if obj[k] == nil {
				continue
			}
			if err := w.walk(sh.Value, path+"."+k, obj[k]); err != nil {
				return err
			}
		}
	case model.TypeString:
		s, ok := value.(string)
		if !ok {
			return &TypeError{Path: path, Want: "string"}
		}
		w.length(sh, path, value, utf8.RuneCountInString(s))
		if re := w.v.patterns[sh.Name]; re != nil && !re.MatchString(s) {
			w.add(path, render(value), "Member must satisfy regular expression pattern: "+sh.Pattern)
		}
		if len(sh.Enum) > 0 && !contains(sh.Enum, s) {
			w.add(path, render(value), "Member must satisfy enum value set: ["+strings.Join(sh.Enum, ", ")+"]")
		}
	case model.TypeInteger, model.TypeLong:
		n, ok := value.(json.Number)
		if !ok {
			return &TypeError{Path: path, Want: "integer"}
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil || (sh.Type == model.TypeInteger && (i < math.MinInt32 || i > math.MaxInt32)) {
			return &TypeError{Path: path, Want: "integer"}
		}
		if sh.Min != nil && i < *sh.Min {
			w.add(path, render(value), "Member must have value greater than or equal to "+strconv.FormatInt(*sh.Min, 10))
		}
		if sh.Max != nil && i > *sh.Max {
			w.add(path, render(value), "Member must have value less than or equal to "+strconv.FormatInt(*sh.Max, 10))
		}
	case model.TypeBoolean:
		if _, ok := value.(bool); !ok {
			return &TypeError{Path: path, Want: "boolean"}
		}
	case model.TypeTimestamp:
		n, ok := value.(json.Number)
		if !ok {
			return &TypeError{Path: path, Want: "timestamp (epoch seconds)"}
		}
		f, err := n.Float64()
		if err != nil || math.IsInf(f, 0) || math.Abs(f) > 253402300799 { // year 9999
			return &TypeError{Path: path, Want: "timestamp (epoch seconds)"}
		}
	case model.TypeFloat, model.TypeDouble:
		if _, ok := value.(json.Number); !ok {
			return &TypeError{Path: path, Want: "number"}
		}
	default:
		return &TypeError{Path: path, Want: sh.Type}
	}
	return nil
}

// length checks a string, list or map size against the shape's bounds.
func (w *walker) length(sh *model.Shape, path string, value any, n int) {
	if sh.Min != nil && int64(n) < *sh.Min {
		w.add(path, render(value), "Member must have length greater than or equal to "+strconv.FormatInt(*sh.Min, 10))
	}
	if sh.Max != nil && int64(n) > *sh.Max {
		w.add(path, render(value), "Member must have length less than or equal to "+strconv.FormatInt(*sh.Max, 10))
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

// render writes a value the way Java services print it in messages:
// quoted scalars, lists as [a, b], structures as {k=v}.
func render(v any) string {
	return "'" + plain(v) + "'"
}

func plain(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	case json.Number:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = plain(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + "=" + plain(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	default:
		return fmt.Sprint(x)
	}
}
