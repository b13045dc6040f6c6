package cli

import (
	"github.com/ssmcontacts/ssmcontacts/internal/cli/awsconfig"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/client"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/output"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// outputFormat resolves --output, AWS_DEFAULT_OUTPUT, the profile's output
// setting, then json.
func (r *runner) outputFormat(cfg *awsconfig.Files) string {
	if o, ok := r.globals["output"].(string); ok {
		return o
	}
	if o, err := cfg.Setting("AWS_DEFAULT_OUTPUT", "output"); err == nil && o != "" {
		return o
	}
	return "json"
}

func checkFormat(format string) error {
	switch format {
	case "json", "text", "table":
		return nil
	}
	return &value.ValueError{Msg: "Unknown output type: " + format}
}

func (r *runner) search(v value.Value) (value.Value, error) {
	if r.query == nil {
		return v, nil
	}
	return r.query.Search(v)
}

func (r *runner) tableOptions() output.TableOptions {
	color := false
	switch r.globals["color"] {
	case "on":
		color = true
	case "auto":
		color = r.env.StdoutIsTerminal
	}
	return output.TableOptions{Color: color, Width: r.env.TerminalWidth}
}

// display prints a complete response.
func (r *runner) display(op *model.Operation, format string, resp value.Value) int {
	if err := checkFormat(format); err != nil {
		return r.fail(err)
	}
	if format == "text" {
		if err := r.text(resp); err != nil {
			return r.fail(err)
		}
		return exitOK
	}
	v, err := r.search(resp)
	if err != nil {
		return r.fail(err)
	}
	switch format {
	case "json":
		err = output.JSON(r.env.Stdout, v)
	case "table":
		err = output.Table(r.env.Stdout, op.Name, v, r.tableOptions())
	}
	if err != nil {
		return r.fail(err)
	}
	return exitOK
}

func (r *runner) text(v value.Value) error {
	v, err := r.search(v)
	if err != nil {
		return err
	}
	return output.Text(r.env.Stdout, v)
}

// displayPages prints a paginated response: json and table from the merged
// result, text page by page as the AWS CLI does.
func (r *runner) displayPages(op *model.Operation, format string, pages *client.Pages) int {
	if err := checkFormat(format); err != nil {
		return r.fail(err)
	}
	if format != "text" {
		full, err := pages.FullResult(r.ctx)
		if err != nil {
			return r.fail(err)
		}
		return r.display(op, format, full)
	}
	key := op.Paginator.ResultKey
	err := pages.Each(r.ctx, func(page *value.Object) error {
		current := value.NewObject()
		v, _ := page.Get(key)
		current.Set(key, v)
		return r.text(current)
	})
	if err != nil {
		return r.fail(err)
	}
	if pages.ResumeToken != "" {
		inner := value.NewObject()
		inner.Set("NextToken", pages.ResumeToken)
		outer := value.NewObject()
		outer.Set("NextToken", inner)
		if err := r.text(outer); err != nil {
			return r.fail(err)
		}
	}
	return exitOK
}
