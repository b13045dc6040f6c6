package shorthand

import (
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// FixTypes walks a parsed shorthand value along its model shape, as the AWS
// CLI's BackCompatVisitor does: a non-list where a list is modeled becomes a
// one-element list, and strings become numbers or booleans where the model
// says so. A string that is not a number fails with Python's ValueError.
func FixTypes(v value.Value, shape *model.Shape) error {
	_, err := fix(v, shape)
	return err
}

// fix returns the replacement for v, or v itself.
func fix(v value.Value, shape *model.Shape) (value.Value, error) {
	if v == nil {
		return nil, nil
	}
	switch shape.Type {
	case model.TypeStructure:
		obj, ok := v.(*value.Object)
		if !ok {
			return v, nil
		}
		for _, m := range shape.Members {
			mv, present := obj.Get(m.Name)
			if !present {
				continue
			}
			nv, err := fix(mv, m.Shape)
			if err != nil {
				return nil, err
			}
			obj.Set(m.Name, nv)
		}
		return obj, nil
	case model.TypeList:
		list, ok := v.([]any)
		if !ok {
			return []any{v}, nil
		}
		for i, e := range list {
			ne, err := fix(e, shape.Member)
			if err != nil {
				return nil, err
			}
			list[i] = ne
		}
		return list, nil
	case model.TypeMap:
		obj, ok := v.(*value.Object)
		if !ok {
			return v, nil
		}
		for _, k := range obj.Keys() {
			mv, _ := obj.Get(k)
			nv, err := fix(mv, shape.Value)
			if err != nil {
				return nil, err
			}
			obj.Set(k, nv)
		}
		return obj, nil
	case model.TypeInteger, model.TypeLong:
		return value.PyInt(value.Str(v))
	case model.TypeFloat, model.TypeDouble:
		return value.PyFloat(value.Str(v))
	case model.TypeBoolean:
		s, ok := v.(string)
		if !ok {
			return v, nil
		}
		switch strings.ToLower(s) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	}
	return v, nil
}
