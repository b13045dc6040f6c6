package help

import (
	"fmt"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/model"
)

// jsonSyntax writes the "JSON Syntax" example of a shape, as the AWS CLI's
// documentation does.
func jsonSyntax(shape *model.Shape, indent int, stack []string) string {
	pad := strings.Repeat(" ", indent)
	for _, s := range stack {
		if s == shape.Name && shape.Type == model.TypeStructure {
			return "{ ... recursive ... }"
		}
	}
	stack = append(stack, shape.Name)
	switch shape.Type {
	case model.TypeStructure:
		var lines []string
		for _, m := range shape.Members {
			lines = append(lines, fmt.Sprintf("%s  %q: %s", pad, m.Name, jsonSyntax(m.Shape, indent+2, stack)))
		}
		return "{\n" + strings.Join(lines, ",\n") + "\n" + pad + "}"
	case model.TypeList:
		elem := jsonSyntax(shape.Member, indent+2, stack)
		if shape.Member.Type == model.TypeStructure || shape.Member.Type == model.TypeList || shape.Member.Type == model.TypeMap {
			return "[\n" + pad + "  " + elem + "\n" + pad + "  ...\n" + pad + "]"
		}
		return "[" + elem + ", ...]"
	case model.TypeMap:
		return "{" + jsonSyntax(shape.Key, indent+2, stack) + ": " + jsonSyntax(shape.Value, indent+2, stack) + "\n" + pad + "  ...}"
	case model.TypeString:
		if len(shape.Enum) > 0 {
			return `"` + strings.Join(shape.Enum, `"|"`) + `"`
		}
		return `"string"`
	case model.TypeBoolean:
		return "true|false"
	}
	return shape.Type
}

// shorthandSyntax is the AWS CLI's shorthand example, or "" where it offers
// none (shapes nested too deeply).
func shorthandSyntax(shape *model.Shape) string {
	switch shape.Type {
	case model.TypeList:
		switch shape.Member.Type {
		case model.TypeStructure, model.TypeList, model.TypeMap:
			s, ok := shorthandDocs(shape.Member, nil)
			if !ok {
				return ""
			}
			return s + " ..."
		}
		return ""
	case model.TypeStructure, model.TypeMap:
		s, ok := shorthandDocs(shape, nil)
		if !ok {
			return ""
		}
		return s
	}
	return ""
}

func shorthandDocs(shape *model.Shape, stack []string) (string, bool) {
	if len(stack) > 3 {
		return "", false
	}
	switch shape.Type {
	case model.TypeStructure:
		var parts []string
		for _, m := range shape.Members {
			count := 0
			for _, s := range stack {
				if s == m.Shape.Name {
					count++
				}
			}
			if count > 0 {
				parts = append(parts, m.Name+"=( ... recursive ... )")
				continue
			}
			v, ok := shorthandDocs(m.Shape, append(stack, m.Shape.Name))
			if !ok {
				return "", false
			}
			parts = append(parts, m.Name+"="+v)
		}
		inner := strings.Join(parts, ",")
		if len(stack) == 0 {
			return inner, true
		}
		return "{" + inner + "}", true
	case model.TypeList:
		elem, ok := shorthandDocs(shape.Member, append(stack, shape.Member.Name))
		if !ok {
			return "", false
		}
		switch shape.Member.Type {
		case model.TypeStructure, model.TypeList, model.TypeMap:
			return "[" + elem + "," + elem + "]", true
		}
		if len(stack) > 1 {
			return "[" + elem + "," + elem + "]", true
		}
		return elem + "," + elem, true
	case model.TypeMap:
		v, ok := shorthandDocs(shape.Value, append(stack, shape.Value.Name))
		if !ok {
			return "", false
		}
		s := "KeyName1=" + v + ",KeyName2=" + v
		if len(stack) == 0 && len(shape.Key.Enum) > 0 {
			s += "\n\nWhere valid key names are:\n"
			for _, e := range shape.Key.Enum {
				s += "  " + e + "\n"
			}
		} else if len(stack) > 0 {
			s = "{" + s + "}"
		}
		return s, true
	}
	return shape.Type, true
}
