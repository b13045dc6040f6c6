package params

import (
	"fmt"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// ValidationError is botocore's ParamValidationError.
type ValidationError struct{ Report []string }

func (e *ValidationError) Error() string {
	return "Parameter validation failed:\n" + strings.Join(e.Report, "\n")
}

// Validate checks params against shape as botocore's ParamValidator does:
// types, required members, unknown members, minimum lengths and minimum
// values. It does not check maximums, patterns or enums (botocore does not;
// the service does).
func Validate(params value.Value, shape *model.Shape) error {
	v := &validator{}
	v.validate(params, shape, "")
	if len(v.report) > 0 {
		return &ValidationError{Report: v.report}
	}
	return nil
}

type validator struct{ report []string }

func displayName(name string) string {
	if name == "" {
		return "input"
	}
	return strings.TrimPrefix(name, ".")
}

func (v *validator) invalidType(name string, param value.Value, valid ...string) {
	v.report = append(v.report, fmt.Sprintf("Invalid type for parameter %s, value: %s, type: %s, valid types: %s",
		displayName(name), value.Str(param), value.TypeName(param), strings.Join(valid, ", ")))
}

const (
	typeDict  = "<class 'dict'>"
	typeList  = "<class 'list'>"
	typeTuple = "<class 'tuple'>"
	typeStr   = "<class 'str'>"
	typeInt   = "<class 'int'>"
	typeBool  = "<class 'bool'>"
	typeFloat = "<class 'float'>"
)

func isInt(p value.Value) bool {
	switch t := p.(type) {
	case bool:
		return true // bool is a subclass of int in Python
	case value.Number:
		return !t.IsFloat()
	}
	return false
}

func numberOf(p value.Value) float64 {
	switch t := p.(type) {
	case bool:
		if t {
			return 1
		}
		return 0
	case value.Number:
		return t.Float64()
	}
	return 0
}

func (v *validator) rangeCheck(name string, n float64, shape *model.Shape, kind string, param value.Value) {
	if shape.Min == nil || n >= float64(*shape.Min) {
		return
	}
	v.report = append(v.report, fmt.Sprintf("Invalid %s for parameter %s, value: %s, valid min %s: %d",
		kind, displayName(name), value.Str(param), map[string]string{"length": "length", "value": "value"}[kind], *shape.Min))
}

func (v *validator) validate(p value.Value, shape *model.Shape, name string) {
	switch shape.Type {
	case model.TypeStructure:
		obj, ok := p.(*value.Object)
		if !ok {
			v.invalidType(name, p, typeDict)
			return
		}
		for _, m := range shape.Members {
			if m.Required && !obj.Has(m.Name) {
				v.report = append(v.report, fmt.Sprintf("Missing required parameter in %s: \"%s\"", displayName(name), m.Name))
			}
		}
		var known []string
		for _, k := range obj.Keys() {
			if shape.MemberByName(k) == nil {
				names := make([]string, len(shape.Members))
				for i, m := range shape.Members {
					names[i] = m.Name
				}
				v.report = append(v.report, fmt.Sprintf("Unknown parameter in %s: \"%s\", must be one of: %s", displayName(name), k, strings.Join(names, ", ")))
				continue
			}
			known = append(known, k)
		}
		for _, k := range known {
			e, _ := obj.Get(k)
			v.validate(e, shape.MemberByName(k).Shape, name+"."+k)
		}
	case model.TypeList:
		list, ok := p.([]any)
		if !ok {
			v.invalidType(name, p, typeList, typeTuple)
			return
		}
		v.rangeCheck(name, float64(len(list)), shape, "length", len(list))
		for i, e := range list {
			v.validate(e, shape.Member, fmt.Sprintf("%s[%d]", name, i))
		}
	case model.TypeMap:
		obj, ok := p.(*value.Object)
		if !ok {
			v.invalidType(name, p, typeDict)
			return
		}
		for _, k := range obj.Keys() {
			v.validate(k, shape.Key, fmt.Sprintf("%s (key: %s)", name, k))
			e, _ := obj.Get(k)
			v.validate(e, shape.Value, name+"."+k)
		}
	case model.TypeString:
		s, ok := p.(string)
		if !ok {
			v.invalidType(name, p, typeStr)
			return
		}
		v.rangeCheck(name, float64(len([]rune(s))), shape, "length", len([]rune(s)))
	case model.TypeInteger, model.TypeLong:
		if !isInt(p) {
			v.invalidType(name, p, typeInt)
			return
		}
		v.rangeCheck(name, numberOf(p), shape, "value", p)
	case model.TypeFloat, model.TypeDouble:
		if _, ok := p.(value.Number); !ok {
			if _, isBool := p.(bool); !isBool {
				v.invalidType(name, p, typeFloat, "<class 'decimal.Decimal'>", typeInt)
				return
			}
		}
		v.rangeCheck(name, numberOf(p), shape, "value", p)
	case model.TypeBoolean:
		if _, ok := p.(bool); !ok {
			v.invalidType(name, p, typeBool)
		}
	case model.TypeTimestamp:
		if _, err := ParseTimestamp(p); err != nil {
			v.invalidType(name, p, "<class 'datetime.datetime'>", "timestamp-string")
		}
	}
}
