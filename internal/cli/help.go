package cli

import (
	"github.com/ssmcontacts/ssmcontacts/internal/cli/help"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// serverCommands are the words cmd/ssmcontacts handles before the client
// sees its arguments; the top help page lists them so that a new user can
// find how to start the server from the binary alone.
func serverCommands() []help.Command {
	return []help.Command{
		{Name: "serve", Help: "Run the ssm-contacts server.", More: programName + " serve --help"},
		{Name: "version", Help: "Print the version of " + programName + "."},
		{Name: "alert-token", Help: "Create, list and revoke the tokens of the alert intake (Alertmanager, Grafana, webhooks).", More: programName + " alert-token help"},
		{Name: "copy-db", Help: "Copy a whole SQLite database into an empty PostgreSQL database.", More: programName + " copy-db --help"},
		{Name: IncidentsWord, Help: "The ssm-incidents commands, as aws ssm-incidents <command>.", More: programName + " " + IncidentsWord + " help"},
	}
}

func (r *runner) helpPage() help.Page {
	p := help.Page{Program: programName, ServerCommands: serverCommands()}
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
