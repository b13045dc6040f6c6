package params

import (
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// Skeleton generates botocore's ArgumentGenerator sample for shape. With
// memberNames (the output skeleton) strings hold their member name and list
// elements their shape name; otherwise strings are empty. Enums take their
// first value (botocore picks one at random). Timestamps are the epoch as a
// naive datetime.
func Skeleton(shape *model.Shape, memberNames bool) value.Value {
	return skeleton(shape, memberNames, "", nil)
}

func skeleton(shape *model.Shape, memberNames bool, name string, stack []string) value.Value {
	stack = append(stack, shape.Name)
	switch shape.Type {
	case model.TypeStructure:
		count := 0
		for _, s := range stack {
			if s == shape.Name {
				count++
			}
		}
		obj := value.NewObject()
		if count > 1 {
			return obj
		}
		for _, m := range shape.Members {
			obj.Set(m.Name, skeleton(m.Shape, memberNames, m.Name, stack))
		}
		return obj
	case model.TypeList:
		elem := ""
		if memberNames {
			elem = shape.Member.Name
		}
		return []any{skeleton(shape.Member, memberNames, elem, stack)}
	case model.TypeMap:
		obj := value.NewObject()
		obj.Set("KeyName", skeleton(shape.Value, memberNames, "", stack))
		return obj
	case model.TypeString:
		switch {
		case memberNames:
			return name
		case len(shape.Enum) > 0:
			return shape.Enum[0]
		}
		return ""
	case model.TypeInteger, model.TypeLong:
		return value.Int(0)
	case model.TypeFloat, model.TypeDouble:
		return value.Float(0)
	case model.TypeBoolean:
		return true
	case model.TypeTimestamp:
		return value.DateTime{Time: time.Unix(0, 0).UTC()}
	}
	return nil
}
