package console

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// The console is an adapter over the domain: it never reaches the store
// (DESIGN.md), nor the server that wires it.
func TestConsoleCallsTheDomainNotTheStore(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range parsed.Imports {
			path := strings.Trim(imp.Path.Value, `"`)
			if strings.Contains(path, "/internal/store") || strings.HasSuffix(path, "/internal/server") {
				t.Errorf("%s imports %s", f, path)
			}
		}
	}
}
