package cli

import (
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/argparse"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// IncidentsWord selects the ssm-incidents commands: `ssmcontacts
// ssm-incidents <command>` takes the same words as `aws ssm-incidents
// <command>`, so a script moves between the two by its program name
// alone, while `ssmcontacts <command>` stays `aws ssm-contacts <command>`
// (no ssm-contacts operation is called ssm-incidents).
const IncidentsWord = "ssm-incidents"

// serviceFor finds the service word among args: the first word that is
// neither a global option nor an option's value. When it is IncidentsWord
// it returns the ssm-incidents model and args without the word; otherwise
// svc and args unchanged.
func serviceFor(svc *model.Service, args []string) (*model.Service, []string, error) {
	takesValue := map[string]bool{}
	for _, o := range globalOptions {
		if o.kind == argparse.Store {
			takesValue["--"+o.name] = true
		}
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "--") {
			if takesValue[a] {
				i++
			}
			continue
		}
		if a != IncidentsWord {
			return svc, args, nil
		}
		inc, err := model.LoadIncidents()
		if err != nil {
			return nil, nil, err
		}
		rest := append(append([]string(nil), args[:i]...), args[i+1:]...)
		return inc, rest, nil
	}
	return svc, args, nil
}

// endpointKey is the service's name in AWS_ENDPOINT_URL_<SERVICE> and the
// config's services sections: its service id, lower case, with
// underscores.
func endpointKey(svc *model.Service) string {
	return strings.ReplaceAll(strings.ToLower(svc.Metadata.ServiceID), " ", "_")
}
