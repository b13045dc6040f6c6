package jmes

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/jmespath-community/go-jmespath/pkg/parsing"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
)

// Expression is a compiled query.
type Expression struct {
	ast parsing.ASTNode
}

// Compile parses expr.
func Compile(expr string) (*Expression, error) {
	if strings.TrimSpace(expr) == "" {
		return nil, errors.New("Invalid JMESPath expression: cannot be empty.")
	}
	ast, err := parsing.NewParser().Parse(expr)
	if err != nil {
		return nil, pyError(expr, err)
	}
	if err := checkOriginalSpec(ast); err != nil {
		return nil, err
	}
	return &Expression{ast: ast}, nil
}

func checkOriginalSpec(n parsing.ASTNode) error {
	switch n.NodeType {
	case parsing.ASTArithmeticExpression, parsing.ASTArithmeticUnaryExpression, parsing.ASTLetExpression,
		parsing.ASTVariable, parsing.ASTBindings, parsing.ASTBinding, parsing.ASTRootNode:
		return fmt.Errorf("Unsupported expression: %s is not part of JMESPath", n.NodeType)
	}
	for _, c := range n.Children {
		if err := checkOriginalSpec(c); err != nil {
			return err
		}
	}
	return nil
}

// Search evaluates the expression against data.
func (e *Expression) Search(data value.Value) (value.Value, error) {
	return eval(e.ast, data)
}

// expref is a function argument written as &expr.
type expref struct{ node parsing.ASTNode }

func isFalse(v value.Value) bool {
	switch t := v.(type) {
	case nil:
		return true
	case bool:
		return !t
	case string:
		return t == ""
	case []any:
		return len(t) == 0
	case *value.Object:
		return t.Len() == 0
	}
	return false
}

func isNumber(v value.Value) bool {
	_, ok := v.(value.Number)
	return ok
}

// equals is jmespath.py's _equals: Python equality, except that 0 and 1
// never equal booleans.
func equals(x, y value.Value) bool {
	if n, ok := x.(value.Number); ok {
		if f := n.Float64(); f == 0 || f == 1 {
			if _, isBool := y.(bool); isBool {
				return false
			}
		}
	}
	if n, ok := y.(value.Number); ok {
		if f := n.Float64(); f == 0 || f == 1 {
			if _, isBool := x.(bool); isBool {
				return false
			}
		}
	}
	return pyEqual(x, y)
}

// pyEqual is Python ==, where True == 1.
func pyEqual(x, y value.Value) bool {
	if b, ok := x.(bool); ok {
		if n, isNum := y.(value.Number); isNum {
			return boolNum(b) == n.Float64()
		}
	}
	if b, ok := y.(bool); ok {
		if n, isNum := x.(value.Number); isNum {
			return boolNum(b) == n.Float64()
		}
	}
	return value.Equal(x, y)
}

func boolNum(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func compare(op parsing.TokType, left, right value.Value) (value.Value, error) {
	comparable := func(v value.Value) bool {
		_, s := v.(string)
		return isNumber(v) || s
	}
	if !comparable(left) || !comparable(right) {
		return nil, nil
	}
	var c int
	ls, lok := left.(string)
	rs, rok := right.(string)
	switch {
	case lok && rok:
		c = strings.Compare(ls, rs)
	case !lok && !rok:
		lf, rf := left.(value.Number).Float64(), right.(value.Number).Float64()
		switch {
		case lf < rf:
			c = -1
		case lf > rf:
			c = 1
		}
	default:
		return nil, &value.ValueError{Msg: fmt.Sprintf("'%s' not supported between instances of '%s' and '%s'", opText(op), pyType(left), pyType(right))}
	}
	switch op {
	case parsing.TOKLT:
		return c < 0, nil
	case parsing.TOKLTE:
		return c <= 0, nil
	case parsing.TOKGT:
		return c > 0, nil
	case parsing.TOKGTE:
		return c >= 0, nil
	}
	return nil, nil
}

func opText(op parsing.TokType) string {
	return map[parsing.TokType]string{parsing.TOKLT: "<", parsing.TOKLTE: "<=", parsing.TOKGT: ">", parsing.TOKGTE: ">="}[op]
}

func pyType(v value.Value) string {
	t := strings.TrimSuffix(strings.TrimPrefix(value.TypeName(v), "<class '"), "'>")
	if t == "collections.OrderedDict" {
		return "OrderedDict"
	}
	return t
}

func eval(n parsing.ASTNode, v value.Value) (value.Value, error) {
	switch n.NodeType {
	case parsing.ASTEmpty:
		return nil, nil
	case parsing.ASTIdentity, parsing.ASTCurrentNode:
		return v, nil
	case parsing.ASTField:
		if obj, ok := v.(*value.Object); ok {
			r, _ := obj.Get(n.Value.(string))
			return r, nil
		}
		return nil, nil
	case parsing.ASTLiteral:
		return fromGo(n.Value), nil
	case parsing.ASTSubexpression, parsing.ASTIndexExpression:
		left, err := eval(n.Children[0], v)
		if err != nil {
			return nil, err
		}
		if n.NodeType == parsing.ASTSubexpression && left == nil {
			return nil, nil
		}
		return eval(n.Children[1], left)
	case parsing.ASTPipe:
		r := v
		for _, c := range n.Children {
			var err error
			if r, err = eval(c, r); err != nil {
				return nil, err
			}
		}
		return r, nil
	case parsing.ASTIndex:
		list, ok := v.([]any)
		if !ok {
			return nil, nil
		}
		i := n.Value.(int)
		if i < 0 {
			i += len(list)
		}
		if i < 0 || i >= len(list) {
			return nil, nil
		}
		return list[i], nil
	case parsing.ASTSlice:
		list, ok := v.([]any)
		if !ok {
			return nil, nil
		}
		return slice(list, n.Value.([]*int))
	case parsing.ASTProjection, parsing.ASTValueProjection, parsing.ASTFilterProjection:
		return project(n, v)
	case parsing.ASTFlatten:
		base, err := eval(n.Children[0], v)
		if err != nil {
			return nil, err
		}
		list, ok := base.([]any)
		if !ok {
			return nil, nil
		}
		out := []any{}
		for _, e := range list {
			if sub, ok := e.([]any); ok {
				out = append(out, sub...)
			} else {
				out = append(out, e)
			}
		}
		return out, nil
	case parsing.ASTMultiSelectList:
		if v == nil {
			return nil, nil
		}
		out := make([]any, 0, len(n.Children))
		for _, c := range n.Children {
			r, err := eval(c, v)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		return out, nil
	case parsing.ASTMultiSelectHash:
		if v == nil {
			return nil, nil
		}
		out := value.NewObject()
		for _, c := range n.Children {
			r, err := eval(c.Children[0], v)
			if err != nil {
				return nil, err
			}
			out.Set(c.Value.(string), r)
		}
		return out, nil
	case parsing.ASTKeyValPair:
		return eval(n.Children[0], v)
	case parsing.ASTOrExpression:
		l, err := eval(n.Children[0], v)
		if err != nil || !isFalse(l) {
			return l, err
		}
		return eval(n.Children[1], v)
	case parsing.ASTAndExpression:
		l, err := eval(n.Children[0], v)
		if err != nil || isFalse(l) {
			return l, err
		}
		return eval(n.Children[1], v)
	case parsing.ASTNotExpression:
		r, err := eval(n.Children[0], v)
		if err != nil {
			return nil, err
		}
		if num, ok := r.(value.Number); ok && num.Float64() == 0 {
			return false, nil
		}
		return isFalse(r) || isNumZero(r), nil
	case parsing.ASTComparator:
		l, err := eval(n.Children[0], v)
		if err != nil {
			return nil, err
		}
		r, err := eval(n.Children[1], v)
		if err != nil {
			return nil, err
		}
		switch op := n.Value.(parsing.TokType); op {
		case parsing.TOKEQ:
			return equals(l, r), nil
		case parsing.TOKNE:
			return !equals(l, r), nil
		default:
			return compare(op, l, r)
		}
	case parsing.ASTExpRef:
		return expref{node: n.Children[0]}, nil
	case parsing.ASTFunctionExpression:
		args := make([]value.Value, 0, len(n.Children))
		for _, c := range n.Children {
			r, err := eval(c, v)
			if err != nil {
				return nil, err
			}
			args = append(args, r)
		}
		return call(n.Value.(string), args)
	}
	return nil, fmt.Errorf("Unsupported expression: %s", n.NodeType)
}

func isNumZero(v value.Value) bool {
	n, ok := v.(value.Number)
	return ok && n.Float64() == 0
}

func project(n parsing.ASTNode, v value.Value) (value.Value, error) {
	base, err := eval(n.Children[0], v)
	if err != nil {
		return nil, err
	}
	var elems []any
	switch n.NodeType {
	case parsing.ASTValueProjection:
		obj, ok := base.(*value.Object)
		if !ok {
			return nil, nil
		}
		for _, k := range obj.Keys() {
			e, _ := obj.Get(k)
			elems = append(elems, e)
		}
	default:
		list, ok := base.([]any)
		if !ok {
			return nil, nil
		}
		elems = list
	}
	out := []any{}
	for _, e := range elems {
		if n.NodeType == parsing.ASTFilterProjection {
			cond, err := eval(n.Children[2], e)
			if err != nil {
				return nil, err
			}
			if isFalse(cond) {
				continue
			}
		}
		r, err := eval(n.Children[1], e)
		if err != nil {
			return nil, err
		}
		if r != nil {
			out = append(out, r)
		}
	}
	return out, nil
}

// slice applies Python slice semantics.
func slice(list []any, parts []*int) (value.Value, error) {
	step := 1
	if parts[2] != nil {
		step = *parts[2]
	}
	if step == 0 {
		return nil, &value.ValueError{Msg: "slice step cannot be zero"}
	}
	n := len(list)
	clamp := func(p *int, def int) int {
		if p == nil {
			return def
		}
		i := *p
		if i < 0 {
			i += n
			if i < 0 {
				if step < 0 {
					return -1
				}
				return 0
			}
		}
		if i >= n {
			if step < 0 {
				return n - 1
			}
			return n
		}
		return i
	}
	out := []any{}
	if step > 0 {
		for i := clamp(parts[0], 0); i < clamp(parts[1], n); i += step {
			out = append(out, list[i])
		}
	} else {
		for i := clamp(parts[0], n-1); i > clamp(parts[1], -1); i += step {
			out = append(out, list[i])
		}
	}
	return out, nil
}

// fromGo converts a literal decoded by encoding/json.
func fromGo(v any) value.Value {
	switch t := v.(type) {
	case float64:
		if t == math.Trunc(t) && math.Abs(t) < 1<<53 {
			return value.Int(int64(t))
		}
		return value.Float(t)
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = fromGo(e)
		}
		return out
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		obj := value.NewObject()
		for _, k := range keys {
			obj.Set(k, fromGo(t[k]))
		}
		return obj
	}
	return v
}
