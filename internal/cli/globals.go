package cli

import (
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/argparse"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// programName is how the client names itself where the AWS CLI says "aws".
const programName = "ssmcontacts"

// usageText is printed with usage errors, in the place of the AWS CLI's.
const usageText = programName + " [options] <command> [parameters]\n" +
	"To see help text, you can run:\n\n" +
	"  " + programName + " help\n" +
	"  " + programName + " <command> help\n"

// globalOption is one of the AWS CLI's global options (its cli.json).
type globalOption struct {
	name, dest, help string
	kind             argparse.Kind
	choices          []string
	def              any
	typ              string // documented type
}

var globalOptions = []globalOption{
	{name: "debug", dest: "debug", kind: argparse.StoreTrue, def: false, help: "Turn on debug logging.", typ: "boolean"},
	{name: "endpoint-url", dest: "endpoint_url", help: "Override command's default URL with the given URL.", typ: "string"},
	{name: "no-verify-ssl", dest: "verify_ssl", kind: argparse.StoreFalse, def: true, help: "By default, the AWS CLI uses SSL when communicating with AWS services. For each SSL connection, the AWS CLI will verify SSL certificates. This option overrides the default behavior of verifying SSL certificates.", typ: "boolean"},
	{name: "no-paginate", dest: "paginate", kind: argparse.StoreFalse, def: true, help: "Disable automatic pagination. If automatic pagination is disabled, the AWS CLI will only make one call, for the first page of results.", typ: "boolean"},
	{name: "output", dest: "output", choices: []string{"json", "text", "table"}, help: "The formatting style for command output.", typ: "string"},
	{name: "query", dest: "query", help: "A JMESPath query to use in filtering the response data.", typ: "string"},
	{name: "profile", dest: "profile", help: "Use a specific profile from your credential file.", typ: "string"},
	{name: "region", dest: "region", help: "The region to use. Overrides config/env settings.", typ: "string"},
	{name: "version", dest: "version", kind: argparse.Version, help: "Display the version of this tool.", typ: "string"},
	{name: "color", dest: "color", choices: []string{"on", "off", "auto"}, def: "auto", help: "Turn on/off color output.", typ: "string"},
	{name: "no-sign-request", dest: "sign_request", kind: argparse.StoreFalse, def: true, help: "Do not sign requests. Credentials will not be loaded if this argument is provided.", typ: "boolean"},
	{name: "ca-bundle", dest: "ca_bundle", help: "The CA certificate bundle to use when verifying SSL certificates. Overrides config/env settings.", typ: "string"},
	{name: "cli-read-timeout", dest: "read_timeout", help: "The maximum socket read time in seconds. If the value is set to 0, the socket read will be blocking and not timeout. The default value is 60 seconds.", typ: "int"},
	{name: "cli-connect-timeout", dest: "connect_timeout", help: "The maximum socket connect time in seconds. If the value is set to 0, the socket connect will be blocking and not timeout. The default value is 60 seconds.", typ: "int"},
	{name: "v2-debug", dest: "v2_debug", kind: argparse.StoreTrue, def: false, help: "Enable AWS CLI v2 migration assistance (accepted for compatibility; has no effect).", typ: "boolean"},
}

// globalParser parses the global options and the operation word, as the AWS
// CLI's main and service parsers do together.
func globalParser(svc *model.Service) *argparse.Parser {
	p := &argparse.Parser{}
	for _, o := range globalOptions {
		a := &argparse.Action{Option: "--" + o.name, Dest: o.dest, Kind: o.kind, Choices: o.choices, Default: o.def}
		if o.kind != argparse.Store {
			a.Nargs = argparse.Zero
		}
		p.Actions = append(p.Actions, a)
	}
	choices := make([]string, 0, len(svc.Operations)+1)
	for _, op := range svc.Operations {
		choices = append(choices, cliName(op.Name))
	}
	choices = append(choices, "help")
	p.Actions = append(p.Actions, &argparse.Action{Dest: "operation", Choices: choices, Required: true})
	return p
}

// argparseUsage is what argparse prints before an error: its usage line,
// with the trailing newline trimmed.
func argparseUsage() string {
	return "usage: " + strings.TrimRight(usageText, "\n") + "\n"
}
