package params

import (
	"github.com/ssmcontacts/ssmcontacts/model"
)

// Kind says where an argument's value goes.
type Kind int

const (
	// Member is a model input member; booleans appear twice (--x, --no-x).
	Member Kind = iota
	CLIInputJSON
	GenerateSkeleton
	StartingToken
	PageSize
	MaxItems
)

// Arg is one row of an operation's argument table.
type Arg struct {
	// Name is the option without dashes ("alias", "no-defer-activation").
	Name string
	Kind Kind
	// Member is the model member for Kind Member.
	Member *model.Member
	// Negative marks the --no-x half of a boolean pair.
	Negative bool
	Required bool
	// Hidden arguments work but are not documented (the raw pagination
	// members of paginated operations).
	Hidden bool
}

// Dest is the namespace key the parsed value is stored under; both halves of
// a boolean pair share one.
func (a *Arg) Dest() string {
	if a.Negative {
		return a.Name[len("no-"):]
	}
	return a.Name
}

// Table builds the argument table of op in the AWS CLI's order: the input
// members, then --cli-input-json, the pagination options and
// --generate-cli-skeleton.
func Table(op *model.Operation) []*Arg {
	var args []*Arg
	hidden := map[string]bool{}
	if p := op.Paginator; p != nil {
		hidden[p.InputToken] = true
		if p.LimitKey != "" {
			hidden[p.LimitKey] = true
		}
	}
	if op.Input != nil {
		for _, m := range op.Input.Members {
			a := &Arg{
				Name:     XformName(m.Name, "-"),
				Member:   m,
				Required: m.Required && !m.IdempotencyToken,
				Hidden:   hidden[m.Name],
			}
			args = append(args, a)
			if m.Shape.Type == model.TypeBoolean {
				args = append(args, &Arg{Name: "no-" + a.Name, Member: m, Negative: true, Hidden: a.Hidden})
			}
		}
	}
	args = append(args, &Arg{Name: "cli-input-json", Kind: CLIInputJSON})
	if p := op.Paginator; p != nil {
		args = append(args, &Arg{Name: "starting-token", Kind: StartingToken})
		if p.LimitKey != "" {
			args = append(args, &Arg{Name: "page-size", Kind: PageSize})
		}
		args = append(args, &Arg{Name: "max-items", Kind: MaxItems})
	}
	return append(args, &Arg{Name: "generate-cli-skeleton", Kind: GenerateSkeleton})
}
