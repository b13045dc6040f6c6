package cli

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/params"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// sampleArgs gives every input member of op a value on the command line and
// returns the request document the service should receive.
func sampleArgs(op *model.Operation) ([]string, *value.Object) {
	var args []string
	want := value.NewObject()
	for _, m := range op.Input.Members {
		name := "--" + params.XformName(m.Name, "-")
		switch m.Shape.Type {
		case model.TypeString:
			v := "s-" + m.Name
			if m.Shape.Min != nil && int64(len(v)) < *m.Shape.Min {
				v += strings.Repeat("x", int(*m.Shape.Min)-len(v))
			}
			args = append(args, name, v)
			want.Set(m.Name, v)
		case model.TypeInteger:
			args = append(args, name, "7")
			want.Set(m.Name, value.Int(7))
		case model.TypeBoolean:
			args = append(args, "--no-"+params.XformName(m.Name, "-"))
			want.Set(m.Name, false)
		case model.TypeTimestamp:
			args = append(args, name, "2023-07-20T02:21:49.123Z")
			want.Set(m.Name, value.Int(1689819709))
		case model.TypeList:
			if m.Shape.Member.Type == model.TypeString {
				args = append(args, name, "a", "b")
				want.Set(m.Name, []any{"a", "b"})
				continue
			}
			fallthrough
		default:
			v := sample(m.Shape)
			args = append(args, name, value.Dumps(v, value.DumpOptions{}))
			want.Set(m.Name, params.Serialize(v, m.Shape))
		}
	}
	return args, want
}

// sample is a valid value for shape: every member set, strings "x" (or
// the first enum value), numbers at their minimum or 1.
func sample(shape *model.Shape) value.Value {
	switch shape.Type {
	case model.TypeStructure:
		obj := value.NewObject()
		for _, m := range shape.Members {
			obj.Set(m.Name, sample(m.Shape))
		}
		return obj
	case model.TypeList:
		return []any{sample(shape.Member)}
	case model.TypeMap:
		obj := value.NewObject()
		obj.Set(sample(shape.Key).(string), sample(shape.Value))
		return obj
	case model.TypeString:
		if len(shape.Enum) > 0 {
			return shape.Enum[0]
		}
		return "x"
	case model.TypeInteger:
		if shape.Min != nil && *shape.Min > 1 {
			return value.Int(*shape.Min)
		}
		return value.Int(1)
	case model.TypeBoolean:
		return true
	case model.TypeTimestamp:
		return value.Int(1689819709)
	}
	return nil
}

// TestEveryOperation walks the model: each operation is a command whose
// kebab-case options reach the request, whose required options are
// enforced with argparse's message, and whose help names every option.
func TestEveryOperation(t *testing.T) {
	svc := model.MustLoad()
	if len(svc.Operations) != 39 {
		t.Fatalf("model has %d operations, want 39", len(svc.Operations))
	}
	for _, op := range svc.Operations {
		t.Run(op.Name, func(t *testing.T) {
			srv := newFakeServer(ok(`{}`))
			defer srv.Close()
			env := baseEnv(t.TempDir())
			args, want := sampleArgs(op)
			cmd := cliName(op.Name)
			if cmd == "serve" || cmd == "version" {
				t.Fatalf("operation %s collides with a server word", op.Name)
			}
			_, stderr, code := runOurs(t, append(append([]string{cmd}, args...), "--endpoint-url", srv.URL, "--no-paginate"), env, "")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			reqs := srv.recorded()
			if len(reqs) != 1 || reqs[0].Target != "SSMContacts."+op.Name {
				t.Fatalf("requests = %+v", reqs)
			}
			got, err := value.Parse(string(reqs[0].Body))
			if err != nil {
				t.Fatal(err)
			}
			if !value.Equal(want, got) {
				t.Errorf("request body\n got %s\nwant %s", reqs[0].Body, value.Dumps(want, value.DumpOptions{}))
			}

			var required []string
			for _, m := range op.Input.Members {
				if m.Required && !m.IdempotencyToken {
					required = append(required, "--"+params.XformName(m.Name, "-"))
				}
			}
			_, stderr, code = runOurs(t, []string{cmd, "--endpoint-url", srv.URL}, env, "")
			if len(required) > 0 {
				wantErr := "ssmcontacts: error: the following arguments are required: " + strings.Join(required, ", ") + "\n"
				if code != 2 || !strings.HasSuffix(stderr, wantErr) {
					t.Errorf("without options: exit %d, stderr %q; want 2 and %q", code, stderr, wantErr)
				}
			} else if code != 0 {
				t.Errorf("without options: exit %d, stderr %q", code, stderr)
			}

			out, _, code := runOurs(t, []string{cmd, "help"}, env, "")
			if code != 0 {
				t.Fatalf("help exit %d", code)
			}
			for _, a := range params.Table(op) {
				if a.Hidden {
					continue
				}
				if !strings.Contains(out, "--"+a.Name) {
					t.Errorf("help does not mention --%s", a.Name)
				}
			}
		})
	}
}

var updateHelp = flag.Bool("update-help", false, "rewrite the help golden files from the current output")

// TestHelpGolden pins the rendered help of a few pages.
func TestHelpGolden(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"create-contact", "help"}, {"list-rotation-shifts", "--help"}, {"create-rotation", "help"}} {
		name := strings.Join(args, "_")
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Run(context.Background(), Env{Stdout: &stdout, Stderr: &stderr}, args)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			path := filepath.Join("testdata", "help", name+".txt")
			if *updateHelp {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, stdout.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update-help)", err)
			}
			if diff := cmp.Diff(string(want), stdout.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// The top help page lists serve and version after the API's commands,
// under their own heading; what comes before is the AWS CLI's page.
func TestHelpServerCommands(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Run(context.Background(), Env{Stdout: &stdout, Stderr: &stderr}, []string{"help"}); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	aws, server, ok := strings.Cut(stdout.String(), "SERVER COMMANDS\n")
	if !ok {
		t.Fatalf("no SERVER COMMANDS section:\n%s", stdout.String())
	}
	if strings.Contains(aws, "serve") {
		t.Errorf("serve appears among the AWS commands:\n%s", aws)
	}
	if !strings.HasSuffix(aws, "       o update-rotation\n\n") {
		t.Errorf("the section does not follow the AWS command list:\n%s", aws)
	}
	want := `       ssmcontacts is also the server that the commands above call. These
       commands are not part of the AWS CLI.

       o serve
          Run the ssm-contacts server.
          See: ssmcontacts serve --help

       o version
          Print the version of ssmcontacts.

       o alert-token
          Create, list and revoke the tokens of the alert intake (Alertmanager,
          Grafana, webhooks).
          See: ssmcontacts alert-token help

       o copy-db
          Copy a whole SQLite database into an empty PostgreSQL database.
          See: ssmcontacts copy-db --help

       o ssm-incidents
          The ssm-incidents commands, as aws ssm-incidents <command>.
          See: ssmcontacts ssm-incidents help

`
	if diff := cmp.Diff(want, server); diff != "" {
		t.Errorf("SERVER COMMANDS (-want +got):\n%s", diff)
	}
}
