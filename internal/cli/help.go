package cli

import "github.com/ssmcontacts/ssmcontacts/model"

func (r *runner) topHelp(rest []string) int {
	return exitOK
}

func (r *runner) operationHelp(op *model.Operation) int {
	return exitOK
}
