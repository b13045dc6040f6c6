package params

import (
	"fmt"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/argparse"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/shorthand"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// Paging holds the AWS CLI's pagination options (its PaginationConfig).
// Values are nil when not given; they are usually integers (Number) but a
// file:// value may make them strings, as in the AWS CLI.
type Paging struct {
	StartingToken value.Value
	PageSize      value.Value
	MaxItems      value.Value
}

// Built is the result of Build.
type Built struct {
	// Params are the operation's parameters, keys in argument-table order
	// with --cli-input-json keys appended.
	Params *value.Object
	Paging Paging
	// Skeleton is "", "input" or "output".
	Skeleton string
	// Warnings are printed to stderr before anything else happens.
	Warnings []string
}

type builder struct {
	files *Files
	sh    shorthand.Parser
}

// Build converts parsed options into parameters, in the AWS CLI's order:
// each argument's file reference is loaded and its value unpacked, then
// --cli-input-json fills in the members the command line did not set.
func Build(table []*Arg, ns argparse.Namespace, files *Files) (*Built, error) {
	b := &builder{files: files}
	b.sh = shorthand.Parser{Resolve: func(s string) (value.Value, bool, error) {
		v, ok, err := files.Load(s, true)
		if err != nil {
			return nil, true, &shorthand.ParseError{Msg: err.Error()}
		}
		return v, ok, nil
	}}
	out := &Built{Params: value.NewObject()}
	for _, a := range table {
		raw, present := ns[a.Dest()]
		if !present || (a.Negative && raw == nil) {
			continue
		}
		v, err := b.loadParamFile("--"+a.Name, raw)
		if err != nil {
			return nil, err
		}
		if v == nil {
			continue
		}
		switch a.Kind {
		case Member:
			if a.Member.Shape.Type == model.TypeBoolean {
				out.Params.Set(a.Member.Name, v)
				continue
			}
			u, err := b.unpack("--"+a.Name, a.Member.Shape, v)
			if err != nil {
				return nil, err
			}
			out.Params.Set(a.Member.Name, u)
		case StartingToken:
			out.Paging.StartingToken = v
		case PageSize:
			out.Paging.PageSize = v
		case MaxItems:
			if n, ok := v.(value.Number); ok && n.Float64() <= 0 {
				out.Warnings = append(out.Warnings, "warning: Non-positive values for --max-items may result in undefined behavior.\n")
			}
			out.Paging.MaxItems = v
		case GenerateSkeleton:
			out.Skeleton, _ = v.(string)
		}
	}
	if raw, ok := ns["cli-input-json"].(string); ok {
		if err := b.mergeInputJSON(out.Params, raw); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (b *builder) mergeInputJSON(params *value.Object, raw string) error {
	text := raw
	loaded, ok, err := b.files.Load(raw, true)
	if err != nil {
		return &ParamError{CLIName: "--cli-input-json", Message: err.Error()}
	}
	if ok {
		s, isString := loaded.(string)
		if !isString {
			s = string(loaded.(value.Bytes))
		}
		text = s
	}
	v, err := value.Parse(text)
	if err != nil {
		return &ParamError{CLIName: "cli-input-json", Message: fmt.Sprintf("Invalid JSON: %s\nJSON received: %s", err, text)}
	}
	obj, ok := v.(*value.Object)
	if !ok {
		return &value.ValueError{Msg: fmt.Sprintf("'%s' object has no attribute 'keys'", pyTypeWord(v))}
	}
	for _, k := range obj.Keys() {
		if !params.Has(k) {
			e, _ := obj.Get(k)
			params.Set(k, e)
		}
	}
	return nil
}
