package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/argparse"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/awsconfig"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/jmes"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/params"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// Exit codes, as the AWS CLI v1 uses them.
const (
	exitOK    = 0
	exitError = 255 // service errors, validation errors, everything else
	exitUsage = 2   // argparse usage errors
)

// Run executes one command line (without the program name) and returns the
// exit status.
func Run(ctx context.Context, env Env, args []string) int {
	env.fillDefaults()
	svc, err := model.Load()
	if err != nil {
		fmt.Fprintf(env.Stderr, "\n%s\n", err)
		return exitError
	}
	svc, args, err = serviceFor(svc, args)
	if err != nil {
		fmt.Fprintf(env.Stderr, "\n%s\n", err)
		return exitError
	}
	r := &runner{ctx: ctx, env: env, svc: svc}
	return r.run(args)
}

type runner struct {
	ctx     context.Context
	env     Env
	svc     *model.Service
	globals argparse.Namespace
	query   *jmes.Expression
	debug   io.Writer
	// files and filesErr memoise config: the parameter files and the
	// client both need the configuration, which reads two files.
	files    *awsconfig.Files
	filesErr error
}

// usageError prints an argparse error and returns its status.
func (r *runner) usageError(err error) int {
	fmt.Fprintf(r.env.Stderr, "%s%s: error: %s\n", argparseUsage(), programName, err)
	return exitUsage
}

// fail prints an error the way the AWS CLI's top level does.
func (r *runner) fail(err error) int {
	switch {
	case errors.Is(err, awsconfig.NoRegionError):
		fmt.Fprintf(r.env.Stderr, "%s You can also configure your region by running \"aws configure\".\n", err)
	case errors.Is(err, awsconfig.NoCredentialsError):
		fmt.Fprintf(r.env.Stderr, "%s. You can configure credentials by running \"aws configure\".\n", err)
	case errors.Is(err, context.Canceled):
		fmt.Fprint(r.env.Stdout, "\n")
		return 130
	default:
		fmt.Fprintf(r.env.Stderr, "\n%s\n", err)
	}
	return exitError
}

func (r *runner) run(args []string) int {
	ns, rest, err := globalParser(r.svc).ParseKnownArgs(args)
	if errors.Is(err, argparse.ErrVersion) {
		fmt.Fprintf(r.env.Stdout, "%s/%s\n", programName, r.env.Version)
		return exitOK
	}
	if err != nil {
		return r.usageError(err)
	}
	r.globals = ns
	if err := r.topLevelArgs(); err != nil {
		return r.fail(err)
	}
	opWord, _ := ns["operation"].(string)
	if opWord == "help" {
		return r.topHelp(rest)
	}
	op := r.operationFor(opWord)
	return r.runOperation(op, rest)
}

// topLevelArgs checks global values the way the AWS CLI does right after
// parsing them.
func (r *runner) topLevelArgs() error {
	if q, ok := r.globals["query"].(string); ok {
		e, err := jmes.Compile(q)
		if err != nil {
			return &value.ValueError{Msg: fmt.Sprintf("Bad value for --query %s: %s", q, err)}
		}
		r.query = e
	}
	if u, ok := r.globals["endpoint_url"].(string); ok {
		parsed, err := url.Parse(u)
		if err != nil || parsed.Scheme == "" {
			return &value.ValueError{Msg: fmt.Sprintf("Bad value for --endpoint-url \"%s\": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/", u)}
		}
	}
	for _, k := range []string{"read_timeout", "connect_timeout"} {
		if s, ok := r.globals[k].(string); ok {
			if _, err := value.PyInt(s); err != nil {
				return err
			}
		}
	}
	if r.globals["debug"] == true {
		r.debug = r.env.Stderr
	}
	return nil
}

func (r *runner) operationFor(word string) *model.Operation {
	for _, op := range r.svc.Operations {
		if cliName(op.Name) == word {
			return op
		}
	}
	return nil
}

func cliName(opName string) string { return params.XformName(opName, "-") }

// unknownOptions is the AWS CLI's UnknownArgumentError output.
func (r *runner) unknownOptions(words []string) int {
	fmt.Fprintf(r.env.Stderr, "usage: %s\nUnknown options: %s\n", usageText, strings.Join(words, ", "))
	return exitError
}
