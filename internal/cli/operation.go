package cli

import (
	"fmt"
	"slices"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/argparse"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/client"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/params"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// operationParser builds the argparse parser of an operation's argument
// table. requiredOff drops required flags, as --cli-input-json and
// --generate-cli-skeleton do.
func operationParser(table []*params.Arg, requiredOff bool) *argparse.Parser {
	p := &argparse.Parser{}
	for _, a := range table {
		act := &argparse.Action{Option: "--" + a.Name, Dest: a.Dest(), Required: a.Required && !requiredOff}
		switch a.Kind {
		case params.Member:
			switch a.Member.Shape.Type {
			case model.TypeBoolean:
				act.Nargs, act.Kind = argparse.Zero, argparse.StoreTrue
				if a.Negative {
					act.Kind = argparse.StoreFalse
				}
			case model.TypeList:
				act.Nargs = argparse.ZeroOrMore
			}
		case params.PageSize, params.MaxItems:
			act.Convert = func(s string) (any, error) { return value.PyInt(s) }
			act.TypeName = "int"
		case params.GenerateSkeleton:
			act.Nargs, act.Const, act.Choices = argparse.Optional, "input", []string{"input", "output"}
		}
		p.Actions = append(p.Actions, act)
	}
	// A stray word lands here; the AWS CLI then reports it as unknown.
	p.Actions = append(p.Actions, &argparse.Action{Dest: "help", Nargs: argparse.Optional})
	return p
}

// overridesRequired mirrors the AWS CLI's check: the exact option word
// --cli-input-json, or --generate-cli-skeleton not followed by "output".
func overridesRequired(args []string) bool {
	if slices.Contains(args, "--cli-input-json") {
		return true
	}
	if i := slices.Index(args, "--generate-cli-skeleton"); i >= 0 {
		return i+1 >= len(args) || args[i+1] != "output"
	}
	return false
}

func (r *runner) runOperation(op *model.Operation, args []string) int {
	if len(args) == 1 && args[0] == "help" || slices.Contains(args, "--help") {
		return r.operationHelp(op)
	}
	table := params.Table(op)
	ns, rest, err := operationParser(table, overridesRequired(args)).ParseKnownArgs(args)
	if err != nil {
		return r.usageError(err)
	}
	if h, ok := ns["help"].(string); ok {
		if h == "help" {
			return r.operationHelp(op)
		}
		rest = append(rest, h)
	}
	if len(rest) > 0 {
		return r.unknownOptions(rest)
	}
	paginate := r.globals["paginate"] == true
	if p := op.Paginator; p != nil {
		for _, manual := range []string{p.InputToken, p.LimitKey} {
			if manual != "" && ns[params.XformName(manual, "-")] != nil {
				paginate = false
			}
		}
		if !paginate {
			if err := pagingArgsWithoutPagination(ns); err != nil {
				return r.fail(err)
			}
		}
	}
	files := r.paramFiles()
	built, err := params.Build(table, ns, files)
	if err != nil {
		return r.fail(err)
	}
	for _, w := range built.Warnings {
		fmt.Fprint(r.env.Stderr, w)
	}
	if built.Skeleton == "input" {
		var skel value.Value = value.NewObject()
		if op.Input != nil {
			skel = params.Skeleton(op.Input, false)
		}
		fmt.Fprintln(r.env.Stdout, value.Dumps(skel, value.DumpOptions{Indent: 4, EnsureASCII: true}))
		return exitOK
	}
	return r.invoke(op, built, paginate && op.Paginator != nil)
}

// pagingArgsWithoutPagination is the AWS CLI's check that --no-paginate is
// not combined with its pagination options.
func pagingArgsWithoutPagination(ns argparse.Namespace) error {
	var used []string
	for _, name := range []string{"starting-token", "page-size", "max-items"} {
		if truthy(ns[name]) {
			used = append(used, "--"+name)
		}
	}
	if len(used) == 0 {
		return nil
	}
	msg := "Cannot specify --no-paginate along with pagination arguments: "
	for i, u := range used {
		if i > 0 {
			msg += ", "
		}
		msg += u
	}
	return &client.PaginationError{Message: msg}
}

func truthy(v any) bool {
	switch t := v.(type) {
	case nil:
		return false
	case string:
		return t != ""
	case value.Number:
		return t.Float64() != 0
	case bool:
		return t
	}
	return true
}
