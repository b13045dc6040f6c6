package cli

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps the client a client: it may use the model and its own
// packages, never the server side, and only reads the process through Env
// (no os package outside tests and the throwaway replay server).
func TestImports(t *testing.T) {
	const module = "github.com/ssmcontacts/ssmcontacts/"
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		test := strings.HasSuffix(path, "_test.go")
		tool := strings.HasPrefix(path, filepath.Join("internal", "replayserver"))
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(p, module) && !strings.HasPrefix(p, module+"internal/cli") && p != module+"model" {
				t.Errorf("%s imports %s: the client may import only the model and internal/cli/...", path, p)
			}
			if p == "os" && !test && !tool {
				t.Errorf("%s imports os: the process reaches the client only through Env", path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
