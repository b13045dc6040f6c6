package params

import (
	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// Serialize converts validated parameters to the JSON request document, as
// botocore's JSON serializer does: members in the order given, timestamps
// as integer epoch seconds (any fraction dropped).
func Serialize(params value.Value, shape *model.Shape) value.Value {
	switch shape.Type {
	case model.TypeStructure:
		obj := params.(*value.Object)
		out := value.NewObject()
		for _, k := range obj.Keys() {
			e, _ := obj.Get(k)
			out.Set(k, Serialize(e, shape.MemberByName(k).Shape))
		}
		return out
	case model.TypeMap:
		obj := params.(*value.Object)
		out := value.NewObject()
		for _, k := range obj.Keys() {
			e, _ := obj.Get(k)
			out.Set(k, Serialize(e, shape.Value))
		}
		return out
	case model.TypeList:
		list := params.([]any)
		out := make([]any, len(list))
		for i, e := range list {
			out[i] = Serialize(e, shape.Member)
		}
		return out
	case model.TypeTimestamp:
		t, err := ParseTimestamp(params)
		if err != nil {
			return params
		}
		return value.Int(t.Unix())
	}
	return params
}
