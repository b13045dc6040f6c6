package wire

import "encoding/json"

// The scalar decoders of the generated FromDoc methods. A document has
// been validated against the model before it is decoded, so a value of
// the wrong type cannot reach them; if one did, it would decode as zero.

func docString(x any) string {
	s, _ := x.(string)
	return s
}

func docInt(x any) int {
	n, _ := x.(json.Number)
	i, _ := n.Int64()
	return int(i)
}

func docBool(x any) bool {
	b, _ := x.(bool)
	return b
}

// docTimestamp reads epoch seconds in any JSON number form, to the
// millisecond.
func docTimestamp(x any) Timestamp {
	n, _ := x.(json.Number)
	f, _ := n.Float64()
	return fromSeconds(f)
}
