package cli

import (
	"github.com/ssmcontacts/ssmcontacts/internal/cli/help"
	"github.com/ssmcontacts/ssmcontacts/model"
)

func (r *runner) helpPage() help.Page {
	p := help.Page{Program: programName}
	for _, g := range globalOptions {
		p.Globals = append(p.Globals, help.GlobalOption{Name: g.name, Type: g.typ, Help: g.help, Choices: g.choices})
	}
	return p
}

// topHelp prints `ssmcontacts help`; extra words are rejected as the AWS
// CLI rejects unknown options.
func (r *runner) topHelp(rest []string) int {
	if len(rest) > 0 {
		return r.unknownOptions(rest)
	}
	if err := r.helpPage().Top(r.env.Stdout, r.svc); err != nil {
		return r.fail(err)
	}
	return exitOK
}

func (r *runner) operationHelp(op *model.Operation) int {
	if err := r.helpPage().Operation(r.env.Stdout, op); err != nil {
		return r.fail(err)
	}
	return exitOK
}
