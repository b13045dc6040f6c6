package help

import (
	"fmt"
	"io"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/params"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// GlobalOption describes one global option for the help pages.
type GlobalOption struct {
	Name, Type, Help string
	Choices          []string
}

// Command is a command of the program that is not an API operation.
type Command struct {
	Name, Help string
	More       string // a command line to learn more, kept on one line
}

// Page holds what the help pages need besides the model.
type Page struct {
	Program string
	Globals []GlobalOption
	// ServerCommands are listed after the API's commands, under their own
	// heading, so that the rest of the page stays the AWS CLI's.
	ServerCommands []Command
}

// Top writes the program's help: what it is and its commands.
func (p Page) Top(w io.Writer, svc *model.Service) error {
	var b strings.Builder
	fmt.Fprintf(&b, "NAME\n       %s -\n\nDESCRIPTION\n", p.Program)
	b.WriteString(block(svc.Documentation, "       "))
	fmt.Fprintf(&b, "\nSYNOPSIS\n       %s [options] <command> [parameters]\n\n", p.Program)
	fmt.Fprintf(&b, "       Use %s <command> help for information on a specific command.\n\n", p.Program)
	p.globals(&b)
	b.WriteString("AVAILABLE COMMANDS\n")
	for _, op := range svc.Operations {
		fmt.Fprintf(&b, "       o %s\n\n", params.XformName(op.Name, "-"))
	}
	p.serverCommands(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

func (p Page) serverCommands(b *strings.Builder) {
	if len(p.ServerCommands) == 0 {
		return
	}
	b.WriteString("SERVER COMMANDS\n")
	b.WriteString(wrap(fmt.Sprintf("%s is also the server that the commands above call. These commands are not part of the AWS CLI.", p.Program), "       ", 79))
	b.WriteString("\n")
	for _, c := range p.ServerCommands {
		fmt.Fprintf(b, "       o %s\n", c.Name)
		b.WriteString(wrap(c.Help, "          ", 79))
		if c.More != "" {
			fmt.Fprintf(b, "          See: %s\n", c.More)
		}
		b.WriteString("\n")
	}
}

// Operation writes an operation's help page.
func (p Page) Operation(w io.Writer, op *model.Operation) error {
	name := params.XformName(op.Name, "-")
	table := params.Table(op)
	var b strings.Builder
	fmt.Fprintf(&b, "NAME\n       %s -\n\nDESCRIPTION\n", name)
	b.WriteString(block(op.Documentation, "       "))
	if pg := op.Paginator; pg != nil {
		b.WriteString("\n")
		b.WriteString(wrap(fmt.Sprintf("%s is a paginated operation. Multiple API calls may be issued in order to retrieve the entire data set of results. You can disable pagination by providing the --no-paginate argument. When using --output text and the --query argument on a paginated response, the --query argument must extract data from the results of the following query expressions: %s", name, pg.ResultKey), "       ", 79))
	}
	fmt.Fprintf(&b, "\nSYNOPSIS\n            %s\n", name)
	for _, a := range table {
		if a.Hidden || a.Negative {
			continue
		}
		syn := "--" + a.Name + " <value>"
		if a.Kind == params.Member && a.Member.Shape.Type == model.TypeBoolean {
			syn = "--" + a.Name + " | --no-" + a.Name
		}
		if !a.Required {
			syn = "[" + syn + "]"
		}
		fmt.Fprintf(&b, "          %s\n", syn)
	}
	for _, g := range p.Globals {
		if g.Type == "boolean" {
			fmt.Fprintf(&b, "          [--%s]\n", g.Name)
		} else {
			fmt.Fprintf(&b, "          [--%s <value>]\n", g.Name)
		}
	}
	b.WriteString("\nOPTIONS\n")
	for _, a := range table {
		if a.Hidden || a.Negative {
			continue
		}
		p.option(&b, a)
	}
	p.globals(&b)
	b.WriteString("OUTPUT\n")
	if op.Output == nil || len(op.Output.Members) == 0 {
		b.WriteString("       None\n")
	} else {
		for _, m := range op.Output.Members {
			members(&b, m.Name, m.Shape, m.Documentation, "       ", nil)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

var customHelp = map[params.Kind]struct{ typ, doc string }{
	params.CLIInputJSON:     {"string", "Performs service operation based on the JSON string provided. The JSON string follows the format provided by --generate-cli-skeleton. If other arguments are provided on the command line, the CLI values will override the JSON-provided values. It is not possible to pass arbitrary binary values using a JSON-provided value as the string will be taken literally."},
	params.GenerateSkeleton: {"string", "Prints a JSON skeleton to standard output without sending an API request. If provided with no value or the value input, prints a sample input JSON that can be used as an argument for --cli-input-json. If provided with the value output, it validates the command inputs and returns a sample output JSON for that command."},
	params.StartingToken:    {"string", "A token to specify where to start paginating. This is the NextToken from a previously truncated response."},
	params.PageSize:         {"integer", "The size of each page to get in the AWS service call. This does not affect the number of items returned in the command's output. Setting a smaller page size results in more calls to the AWS service, retrieving fewer items in each call. This can help prevent the AWS service calls from timing out."},
	params.MaxItems:         {"integer", "The total number of items to return in the command's output. If the total number of items available is more than the value specified, a NextToken is provided in the command's output. To resume pagination, provide the NextToken value in the starting-token argument of a subsequent command. Do not use the NextToken response element directly outside of the CLI."},
}

func (p Page) option(b *strings.Builder, a *params.Arg) {
	if a.Kind != params.Member {
		h := customHelp[a.Kind]
		fmt.Fprintf(b, "       --%s (%s)\n", a.Name, h.typ)
		b.WriteString(wrap(h.doc, "          ", 79) + "\n")
		return
	}
	shape := a.Member.Shape
	if shape.Type == model.TypeBoolean {
		fmt.Fprintf(b, "       --%s | --no-%s (boolean)\n", a.Name, a.Name)
	} else {
		fmt.Fprintf(b, "       --%s (%s)\n", a.Name, shape.Type)
	}
	if doc := block(a.Member.Documentation, "          "); doc != "" {
		b.WriteString(doc + "\n")
	}
	if len(shape.Enum) > 0 {
		b.WriteString("          Possible values:\n\n")
		for _, e := range shape.Enum {
			fmt.Fprintf(b, "          o %s\n\n", e)
		}
	}
	switch shape.Type {
	case model.TypeStructure, model.TypeList, model.TypeMap:
		nested(b, shape, "          ", nil)
		if s := shorthandSyntax(shape); s != "" {
			b.WriteString("          Shorthand Syntax:\n\n")
			for _, line := range strings.Split(s, "\n") {
				fmt.Fprintf(b, "              %s\n", line)
			}
			b.WriteString("\n")
		}
		b.WriteString("          JSON Syntax:\n\n")
		for _, line := range strings.Split(jsonSyntax(shape, 0, nil), "\n") {
			fmt.Fprintf(b, "              %s\n", line)
		}
		b.WriteString("\n")
	}
	if shape.Type == model.TypeTimestamp {
		b.WriteString("          Accepts ISO-8601 (2023-07-20T02:21:49Z) or epoch seconds.\n\n")
	}
}

// nested documents the members inside a structure, list or map.
func nested(b *strings.Builder, shape *model.Shape, indent string, stack []string) {
	for _, s := range stack {
		if s == shape.Name {
			return
		}
	}
	stack = append(stack, shape.Name)
	switch shape.Type {
	case model.TypeStructure:
		for _, m := range shape.Members {
			members(b, m.Name, m.Shape, m.Documentation, indent, stack)
		}
	case model.TypeList:
		if shape.Member.Type == model.TypeStructure {
			if doc := block(shape.Member.Documentation, indent+"  "); doc != "" {
				b.WriteString(doc + "\n")
			}
			nested(b, shape.Member, indent+"  ", stack)
		}
	case model.TypeMap:
		members(b, "key", shape.Key, "", indent, stack)
		members(b, "value", shape.Value, "", indent, stack)
	}
}

func members(b *strings.Builder, name string, shape *model.Shape, doc, indent string, stack []string) {
	fmt.Fprintf(b, "%s%s -> (%s)\n", indent, name, shape.Type)
	if d := block(doc, indent+"   "); d != "" {
		b.WriteString(d + "\n")
	}
	if len(shape.Enum) > 0 {
		fmt.Fprintf(b, "%s   Possible values: %s\n\n", indent, strings.Join(shape.Enum, ", "))
	}
	nested(b, shape, indent+"   ", stack)
}

func (p Page) globals(b *strings.Builder) {
	b.WriteString("GLOBAL OPTIONS\n")
	for _, g := range p.Globals {
		fmt.Fprintf(b, "       --%s (%s)\n", g.Name, g.Type)
		b.WriteString(wrap(g.Help, "          ", 79) + "\n")
		for _, c := range g.Choices {
			fmt.Fprintf(b, "          o %s\n\n", c)
		}
	}
}
