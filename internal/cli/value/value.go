package value

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// A Value is one of: nil (JSON null, Python None), bool, string, Number,
// Bytes, []any (a list) or *Object (a dict). Lists hold Values.
type Value = any

// Number is a JSON number kept as its literal text so that integers stay
// integers and floats print as Python prints them.
type Number string

// IsFloat reports whether Python would read the literal as a float.
func (n Number) IsFloat() bool {
	return strings.ContainsAny(string(n), ".eE") || n == "NaN" || n == "Infinity" || n == "-Infinity"
}

// Float64 returns the number's value as a float.
func (n Number) Float64() float64 {
	switch n {
	case "NaN":
		return math.NaN()
	case "Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		// Out-of-range literals become ±Inf, as in Python.
		if strings.HasPrefix(string(n), "-") {
			return math.Inf(-1)
		}
		return math.Inf(1)
	}
	return f
}

// Int returns an integer Number.
func Int(i int64) Number { return Number(strconv.FormatInt(i, 10)) }

// Float returns a float Number that prints as Python's repr of f.
func Float(f float64) Number { return Number(FloatRepr(f)) }

// Bytes is a Python bytes value (what fileb:// yields).
type Bytes []byte

// Object is a JSON object with keys in insertion order, like a Python dict.
type Object struct {
	keys []string
	vals map[string]Value
	// Ordered marks a Python collections.OrderedDict (what the AWS CLI makes
	// of JSON parameter values), which prints differently from a dict.
	Ordered bool
}

// NewObject returns an empty object.
func NewObject() *Object { return &Object{vals: map[string]Value{}} }

// Set stores v under k. A new key goes last; an existing key keeps its place,
// as assignment to a Python dict does.
func (o *Object) Set(k string, v Value) {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

// Get returns the value under k and whether it is present.
func (o *Object) Get(k string) (Value, bool) {
	v, ok := o.vals[k]
	return v, ok
}

// Has reports whether k is present.
func (o *Object) Has(k string) bool {
	_, ok := o.vals[k]
	return ok
}

// Delete removes k.
func (o *Object) Delete(k string) {
	if _, ok := o.vals[k]; !ok {
		return
	}
	delete(o.vals, k)
	for i, key := range o.keys {
		if key == k {
			o.keys = append(o.keys[:i:i], o.keys[i+1:]...)
			break
		}
	}
}

// Keys returns the keys in order. The slice must not be modified.
func (o *Object) Keys() []string { return o.keys }

// Len returns the number of keys.
func (o *Object) Len() int { return len(o.keys) }

// Clone returns a shallow copy.
func (o *Object) Clone() *Object {
	c := &Object{keys: append([]string(nil), o.keys...), vals: make(map[string]Value, len(o.vals))}
	for k, v := range o.vals {
		c.vals[k] = v
	}
	return c
}

// DeepCopy copies v and every container inside it.
func DeepCopy(v Value) Value {
	switch t := v.(type) {
	case *Object:
		c := NewObject()
		for _, k := range t.keys {
			c.Set(k, DeepCopy(t.vals[k]))
		}
		return c
	case []any:
		c := make([]any, len(t))
		for i, e := range t {
			c[i] = DeepCopy(e)
		}
		return c
	}
	return v
}

// IsScalar reports whether v is neither a list nor an object.
func IsScalar(v Value) bool {
	switch v.(type) {
	case []any, *Object:
		return false
	}
	return true
}

// Equal reports deep equality with Python semantics: 1 == 1.0, and objects
// compare without regard to key order.
func Equal(a, b Value) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case Number:
		y, ok := b.(Number)
		if !ok {
			return false
		}
		return x.Float64() == y.Float64()
	case Bytes:
		y, ok := b.(Bytes)
		return ok && string(x) == string(y)
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case *Object:
		y, ok := b.(*Object)
		if !ok || x.Len() != y.Len() {
			return false
		}
		for _, k := range x.keys {
			yv, ok := y.vals[k]
			if !ok || !Equal(x.vals[k], yv) {
				return false
			}
		}
		return true
	}
	return false
}

// DateTime is a naive Python datetime (what botocore's skeleton generator
// puts in timestamp members). JSON output shows it in ISO form with a "T",
// str() with a space.
type DateTime struct{ Time time.Time }

func (d DateTime) isoformat(sep string) string {
	layout := "2006-01-02" + sep + "15:04:05"
	if d.Time.Nanosecond()/1000 != 0 {
		layout += ".000000"
	}
	return d.Time.Format(layout)
}
