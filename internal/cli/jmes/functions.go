package jmes

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
)

// jmesType is the JMESPath type name of v (jmespath.py's TYPES_MAP).
func jmesType(v value.Value) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case value.Number:
		return "number"
	case []any:
		return "array"
	case *value.Object:
		return "object"
	case expref:
		return "expref"
	}
	return "unknown"
}

type typeError struct {
	fn       string
	current  value.Value
	actual   string
	expected []string
}

func (e *typeError) Error() string {
	quoted := make([]string, len(e.expected))
	for i, t := range e.expected {
		quoted[i] = "'" + t + "'"
	}
	return fmt.Sprintf("In function %s(), invalid type for value: %s, expected one of: [%s], received: \"%s\"",
		e.fn, value.Str(e.current), strings.Join(quoted, ", "), e.actual)
}

type arityError struct {
	fn        string
	want, got int
	atLeast   bool
}

func (e *arityError) Error() string {
	word := "argument"
	if e.want != 1 {
		word += "s"
	}
	if e.atLeast {
		return fmt.Sprintf("Expected at least %d %s for function %s(), received %d", e.want, word, e.fn, e.got)
	}
	return fmt.Sprintf("Expected %d %s for function %s(), received %d", e.want, word, e.fn, e.got)
}

// signature lists allowed types per argument ("array-number" means an
// array of numbers); an empty list allows anything.
type signature struct {
	args     [][]string
	variadic bool
}

var signatures = map[string]signature{
	"abs": {args: [][]string{{"number"}}}, "avg": {args: [][]string{{"array-number"}}},
	"ceil": {args: [][]string{{"number"}}}, "contains": {args: [][]string{{"array", "string"}, {}}},
	"ends_with": {args: [][]string{{"string"}, {"string"}}}, "floor": {args: [][]string{{"number"}}},
	"join": {args: [][]string{{"string"}, {"array-string"}}}, "keys": {args: [][]string{{"object"}}},
	"length": {args: [][]string{{"string", "array", "object"}}}, "map": {args: [][]string{{"expref"}, {"array"}}},
	"max": {args: [][]string{{"array-number", "array-string"}}}, "max_by": {args: [][]string{{"array"}, {"expref"}}},
	"merge": {args: [][]string{{"object"}}, variadic: true}, "min": {args: [][]string{{"array-number", "array-string"}}},
	"min_by": {args: [][]string{{"array"}, {"expref"}}}, "not_null": {args: [][]string{{}}, variadic: true},
	"reverse": {args: [][]string{{"array", "string"}}}, "sort": {args: [][]string{{"array-string", "array-number"}}},
	"sort_by": {args: [][]string{{"array"}, {"expref"}}}, "starts_with": {args: [][]string{{"string"}, {"string"}}},
	"sum": {args: [][]string{{"array-number"}}}, "to_array": {args: [][]string{{}}},
	"to_number": {args: [][]string{{}}}, "to_string": {args: [][]string{{}}}, "type": {args: [][]string{{}}},
	"values": {args: [][]string{{"object"}}},
}

func checkArgs(name string, sig signature, args []value.Value) error {
	if sig.variadic {
		if len(args) < len(sig.args) {
			return &arityError{fn: name, want: len(sig.args), got: len(args), atLeast: true}
		}
	} else if len(args) != len(sig.args) {
		return &arityError{fn: name, want: len(sig.args), got: len(args)}
	}
	for i, allowed := range sig.args {
		if len(allowed) == 0 {
			continue
		}
		if err := checkType(name, args[i], allowed); err != nil {
			return err
		}
	}
	if sig.variadic {
		last := sig.args[len(sig.args)-1]
		for _, a := range args[len(sig.args):] {
			if len(last) == 0 {
				continue
			}
			if err := checkType(name, a, last); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkType(name string, arg value.Value, allowed []string) error {
	actual := jmesType(arg)
	var subtypes []string
	ok := false
	for _, t := range allowed {
		base, sub, hasSub := strings.Cut(t, "-")
		if base == actual {
			ok = true
		}
		if hasSub {
			subtypes = append(subtypes, sub)
		}
	}
	if !ok {
		return &typeError{fn: name, current: arg, actual: actual, expected: allowed}
	}
	list, isList := arg.([]any)
	if len(subtypes) == 0 || !isList || len(list) == 0 {
		return nil
	}
	want := subtypes[0]
	if len(subtypes) > 1 {
		want = ""
		for _, s := range subtypes {
			if jmesType(list[0]) == s {
				want = s
				break
			}
		}
		if want == "" {
			return &typeError{fn: name, current: list[0], actual: jmesType(list[0]), expected: allowed}
		}
	}
	for _, e := range list {
		if jmesType(e) != want {
			return &typeError{fn: name, current: e, actual: jmesType(e), expected: allowed}
		}
	}
	return nil
}

func call(name string, args []value.Value) (value.Value, error) {
	sig, ok := signatures[name]
	if !ok {
		return nil, fmt.Errorf("Unknown function: %s()", name)
	}
	if err := checkArgs(name, sig, args); err != nil {
		return nil, err
	}
	switch name {
	case "abs":
		n := args[0].(value.Number)
		if n.IsFloat() {
			return value.Float(math.Abs(n.Float64())), nil
		}
		return value.Number(strings.TrimPrefix(value.NumberRepr(n), "-")), nil
	case "avg":
		list := args[0].([]any)
		if len(list) == 0 {
			return nil, nil
		}
		return value.Float(sumFloat(list) / float64(len(list))), nil
	case "ceil":
		return intOf(math.Ceil(args[0].(value.Number).Float64())), nil
	case "floor":
		return intOf(math.Floor(args[0].(value.Number).Float64())), nil
	case "contains":
		switch s := args[0].(type) {
		case string:
			sub, ok := args[1].(string)
			if !ok {
				return nil, &value.ValueError{Msg: fmt.Sprintf("'in <string>' requires string as left operand, not %s", pyType(args[1]))}
			}
			return strings.Contains(s, sub), nil
		case []any:
			for _, e := range s {
				if pyEqual(e, args[1]) {
					return true, nil
				}
			}
			return false, nil
		}
	case "ends_with":
		return strings.HasSuffix(args[0].(string), args[1].(string)), nil
	case "starts_with":
		return strings.HasPrefix(args[0].(string), args[1].(string)), nil
	case "join":
		list := args[1].([]any)
		parts := make([]string, len(list))
		for i, e := range list {
			parts[i] = e.(string)
		}
		return strings.Join(parts, args[0].(string)), nil
	case "keys", "values":
		obj := args[0].(*value.Object)
		out := make([]any, 0, obj.Len())
		for _, k := range obj.Keys() {
			if name == "keys" {
				out = append(out, k)
			} else {
				e, _ := obj.Get(k)
				out = append(out, e)
			}
		}
		return out, nil
	case "length":
		switch t := args[0].(type) {
		case string:
			return value.Int(int64(len([]rune(t)))), nil
		case []any:
			return value.Int(int64(len(t))), nil
		case *value.Object:
			return value.Int(int64(t.Len())), nil
		}
	case "map":
		e := args[0].(expref)
		list := args[1].([]any)
		out := make([]any, 0, len(list))
		for _, item := range list {
			r, err := eval(e.node, item)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		return out, nil
	case "max", "min":
		list := args[0].([]any)
		if len(list) == 0 {
			return nil, nil
		}
		best := list[0]
		for _, e := range list[1:] {
			c := order(e, best)
			if name == "max" && c > 0 || name == "min" && c < 0 {
				best = e
			}
		}
		return best, nil
	case "max_by", "min_by":
		return byKey(name, args[0].([]any), args[1].(expref))
	case "merge":
		out := value.NewObject()
		for _, a := range args {
			obj := a.(*value.Object)
			for _, k := range obj.Keys() {
				e, _ := obj.Get(k)
				out.Set(k, e)
			}
		}
		return out, nil
	case "not_null":
		for _, a := range args {
			if a != nil {
				return a, nil
			}
		}
		return nil, nil
	case "reverse":
		switch t := args[0].(type) {
		case string:
			r := []rune(t)
			for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
				r[i], r[j] = r[j], r[i]
			}
			return string(r), nil
		case []any:
			out := make([]any, len(t))
			for i, e := range t {
				out[len(t)-1-i] = e
			}
			return out, nil
		}
	case "sort":
		list := append([]any(nil), args[0].([]any)...)
		sort.SliceStable(list, func(i, j int) bool { return order(list[i], list[j]) < 0 })
		return list, nil
	case "sort_by":
		return sortBy(args[0].([]any), args[1].(expref))
	case "sum":
		list := args[0].([]any)
		allInt := true
		for _, e := range list {
			if e.(value.Number).IsFloat() {
				allInt = false
			}
		}
		if allInt {
			var s int64
			for _, e := range list {
				n, _ := strconv.ParseInt(value.NumberRepr(e.(value.Number)), 10, 64)
				s += n
			}
			return value.Int(s), nil
		}
		return value.Float(sumFloat(list)), nil
	case "to_array":
		if list, ok := args[0].([]any); ok {
			return list, nil
		}
		return []any{args[0]}, nil
	case "to_string":
		if s, ok := args[0].(string); ok {
			return s, nil
		}
		return value.Dumps(args[0], value.DumpOptions{EnsureASCII: true, Compact: true}), nil
	case "to_number":
		switch t := args[0].(type) {
		case value.Number:
			return t, nil
		case string:
			if n, err := value.PyInt(t); err == nil {
				return n, nil
			}
			if n, err := value.PyFloat(t); err == nil {
				return n, nil
			}
		}
		return nil, nil
	case "type":
		return jmesType(args[0]), nil
	}
	return nil, nil
}

func intOf(f float64) value.Number { return value.Number(strconv.FormatFloat(f, 'f', 0, 64)) }

func sumFloat(list []any) float64 {
	s := 0.0
	for _, e := range list {
		s += e.(value.Number).Float64()
	}
	return s
}

// order compares two numbers or two strings.
func order(a, b value.Value) int {
	if as, ok := a.(string); ok {
		return strings.Compare(as, b.(string))
	}
	af, bf := a.(value.Number).Float64(), b.(value.Number).Float64()
	switch {
	case af < bf:
		return -1
	case af > bf:
		return 1
	}
	return 0
}

func sortBy(list []any, e expref) (value.Value, error) {
	if len(list) == 0 {
		return list, nil
	}
	first, err := eval(e.node, list[0])
	if err != nil {
		return nil, err
	}
	required := jmesType(first)
	if required != "number" && required != "string" {
		return nil, &typeError{fn: "sort_by", current: list[0], actual: required, expected: []string{"string", "number"}}
	}
	keys := make([]value.Value, len(list))
	for i, item := range list {
		k, err := eval(e.node, item)
		if err != nil {
			return nil, err
		}
		if jmesType(k) != required {
			return nil, &typeError{fn: "sort_by", current: k, actual: jmesType(k), expected: []string{required}}
		}
		keys[i] = k
	}
	idx := make([]int, len(list))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return order(keys[idx[i]], keys[idx[j]]) < 0 })
	out := make([]any, len(list))
	for i, j := range idx {
		out[i] = list[j]
	}
	return out, nil
}

func byKey(name string, list []any, e expref) (value.Value, error) {
	if len(list) == 0 {
		return nil, nil
	}
	var best value.Value
	var bestKey value.Value
	for i, item := range list {
		k, err := eval(e.node, item)
		if err != nil {
			return nil, err
		}
		if t := jmesType(k); t != "number" && t != "string" {
			return nil, &typeError{fn: name, current: k, actual: t, expected: []string{"number", "string"}}
		}
		if i == 0 {
			best, bestKey = item, k
			continue
		}
		c := order(k, bestKey)
		if name == "max_by" && c > 0 || name == "min_by" && c < 0 {
			best, bestKey = item, k
		}
	}
	return best, nil
}
