package params

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/shorthand"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// ParamError is the AWS CLI's "Error parsing parameter" error.
type ParamError struct{ CLIName, Message string }

func (e *ParamError) Error() string {
	return fmt.Sprintf("Error parsing parameter '%s': %s", e.CLIName, e.Message)
}

// loadParamFile replaces a file or URL reference with its contents. A list
// is only considered when it has one element, as in the AWS CLI.
func (b *builder) loadParamFile(cliName string, v value.Value) (value.Value, error) {
	candidate := v
	if list, ok := v.([]any); ok && len(list) == 1 {
		candidate = list[0]
	}
	s, ok := candidate.(string)
	if !ok {
		return v, nil
	}
	loaded, ok, err := b.files.Load(s, false)
	if err != nil {
		return nil, &ParamError{CLIName: cliName, Message: err.Error()}
	}
	if !ok {
		return v, nil
	}
	return loaded, nil
}

func pyStrip(s string) string { return strings.TrimFunc(s, unicode.IsSpace) }

// unpack converts a member's command-line value to a parameter value.
func (b *builder) unpack(cliName string, shape *model.Shape, v value.Value) (value.Value, error) {
	if supportsShorthand(shape) && !looksLikeJSON(v) {
		return b.shorthand(cliName, shape, v)
	}
	return unpackValue(cliName, shape, v)
}

func looksLikeJSON(v value.Value) bool {
	check := v
	if list, ok := v.([]any); ok && len(list) > 0 {
		check = list[0]
	}
	s, ok := check.(string)
	if !ok {
		return false
	}
	s = pyStrip(s)
	return strings.HasPrefix(s, "[") || strings.HasPrefix(s, "{")
}

// supportsShorthand: structures, maps and lists of those take shorthand.
func supportsShorthand(shape *model.Shape) bool {
	switch shape.Type {
	case model.TypeStructure, model.TypeMap:
		return true
	case model.TypeList:
		switch shape.Member.Type {
		case model.TypeStructure, model.TypeList, model.TypeMap:
			return true
		}
	}
	return false
}

func (b *builder) shorthand(cliName string, shape *model.Shape, v value.Value) (value.Value, error) {
	wrap := func(err error) error {
		var pe *shorthand.ParseError
		if errors.As(err, &pe) {
			return &ParamError{CLIName: cliName, Message: pe.Msg}
		}
		return err
	}
	if shape.Type == model.TypeStructure && len(shape.Members) == 1 && shape.Members[0].Name == "Value" &&
		shape.Members[0].Shape.Type == model.TypeString {
		if s, ok := v.(string); ok && !strings.Contains(s, "=") {
			obj := value.NewObject()
			obj.Set("Value", s)
			return obj, nil
		}
	}
	var parsed value.Value
	switch t := v.(type) {
	case []any:
		list := make([]any, 0, len(t))
		for _, e := range t {
			s, ok := e.(string)
			if !ok {
				return nil, &value.ValueError{Msg: "expected string or bytes-like object"}
			}
			obj, err := b.sh.Parse(s)
			if err != nil {
				return nil, wrap(err)
			}
			list = append(list, obj)
		}
		parsed = list
	case string:
		obj, err := b.sh.Parse(t)
		if err != nil {
			return nil, wrap(err)
		}
		parsed = obj
	default:
		return nil, &value.ValueError{Msg: "expected string or bytes-like object"}
	}
	if err := shorthand.FixTypes(parsed, shape); err != nil {
		return nil, wrap(err)
	}
	return parsed, nil
}

func parseJSON(cliName, text string) (value.Value, error) {
	v, err := value.Parse(text)
	if err != nil {
		return nil, &ParamError{CLIName: cliName, Message: fmt.Sprintf("Invalid JSON: %s\nJSON received: %s", err, text)}
	}
	value.MarkOrdered(v)
	return v, nil
}

// firstChar is value.lstrip()[0], with Python's IndexError when empty.
func firstChar(s string) (rune, error) {
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	if t == "" {
		return 0, &value.ValueError{Msg: "string index out of range"}
	}
	return []rune(t)[0], nil
}

// unpackValue is the AWS CLI's unpack_cli_arg.
func unpackValue(cliName string, shape *model.Shape, v value.Value) (value.Value, error) {
	switch shape.Type {
	case model.TypeStructure, model.TypeMap:
		s, ok := v.(string)
		if !ok {
			return nil, &value.ValueError{Msg: "'bytes' object has no attribute 'lstrip'"}
		}
		c, err := firstChar(s)
		if err != nil {
			return nil, err
		}
		if c == '{' {
			return parseJSON(cliName, s)
		}
		return nil, &ParamError{CLIName: cliName, Message: "Invalid JSON:\n" + s}
	case model.TypeList:
		var items []any
		switch t := v.(type) {
		case string:
			c, err := firstChar(t)
			if err != nil {
				return nil, err
			}
			if c == '[' {
				return parseJSON(cliName, t)
			}
			// A string is iterated character by character, as in Python.
			for _, r := range t {
				items = append(items, string(r))
			}
		case []any:
			if len(t) == 1 {
				if s, ok := t[0].(string); ok && strings.HasPrefix(pyStrip(s), "[") {
					return parseJSON(cliName, s)
				}
			}
			items = t
		default:
			return nil, &ParamError{CLIName: cliName, Message: value.Str(v)}
		}
		out := make([]any, 0, len(items))
		for _, e := range items {
			u, err := unpackValue(cliName, shape.Member, e)
			if err != nil {
				var ve *value.ValueError
				if errors.As(err, &ve) && len(items) > 0 {
					return nil, &ParamError{CLIName: cliName, Message: value.Str(items[0])}
				}
				return nil, err
			}
			out = append(out, u)
		}
		return out, nil
	}
	return unpackScalar(shape, v)
}

func unpackScalar(shape *model.Shape, v value.Value) (value.Value, error) {
	s, isString := v.(string)
	switch shape.Type {
	case model.TypeInteger, model.TypeLong:
		if !isString {
			return nil, &value.ValueError{Msg: fmt.Sprintf("int() argument must be a string, a bytes-like object or a real number, not '%s'", pyTypeWord(v))}
		}
		return value.PyInt(s)
	case model.TypeFloat, model.TypeDouble:
		if !isString {
			return nil, &value.ValueError{Msg: fmt.Sprintf("float() argument must be a string or a real number, not '%s'", pyTypeWord(v))}
		}
		return value.PyFloat(s)
	case model.TypeBoolean:
		if isString && strings.ToLower(s) == "false" {
			return false, nil
		}
		if isString {
			return s != "", nil
		}
	}
	return v, nil
}

func pyTypeWord(v value.Value) string {
	t := value.TypeName(v)
	t = strings.TrimPrefix(t, "<class '")
	t = strings.TrimSuffix(t, "'>")
	if i := strings.LastIndex(t, "."); i >= 0 {
		t = t[i+1:]
	}
	return t
}
