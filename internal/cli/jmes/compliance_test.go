package jmes

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
)

type complianceSuite struct {
	Given json.RawMessage `json:"given"`
	Cases []struct {
		Expression string          `json:"expression"`
		Result     json.RawMessage `json:"result"`
		Error      string          `json:"error"`
	} `json:"cases"`
}

// knownFailures are compliance cases this package does not pass, keyed by
// file and expression, with the reason.
var knownFailures = map[string]string{}

// TestCompliance runs the JMESPath compliance suite.
func TestCompliance(t *testing.T) {
	files, err := filepath.Glob("testdata/compliance/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no compliance files: %v", err)
	}
	total, failed := 0, 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var suites []complianceSuite
		if err := json.Unmarshal(data, &suites); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, s := range suites {
			given, err := value.Parse(string(s.Given))
			if err != nil {
				t.Fatalf("%s: given: %v", file, err)
			}
			for _, c := range s.Cases {
				total++
				key := filepath.Base(file) + ": " + c.Expression
				err := check(given, c.Expression, c.Result, c.Error)
				if reason, known := knownFailures[key]; known {
					if err == nil {
						t.Errorf("%s passes now; remove it from knownFailures (%s)", key, reason)
					}
					continue
				}
				if err != nil {
					failed++
					t.Errorf("%s: %v", key, err)
				}
			}
		}
	}
	t.Logf("%d compliance cases, %d known failures, %d unexpected failures", total, len(knownFailures), failed)
}

func check(given value.Value, expr string, result json.RawMessage, wantErr string) error {
	e, err := Compile(expr)
	if wantErr != "" {
		if err != nil {
			return nil
		}
		if _, err := e.Search(given); err != nil {
			return nil
		}
		return errorf("want %s error, got none", wantErr)
	}
	if err != nil {
		return errorf("compile: %v", err)
	}
	got, err := e.Search(value.DeepCopy(given))
	if err != nil {
		return errorf("search: %v", err)
	}
	want, err := value.Parse(string(result))
	if err != nil {
		return errorf("result: %v", err)
	}
	if !value.Equal(want, got) {
		return errorf("got %s, want %s", value.Dumps(got, value.DumpOptions{}), string(result))
	}
	return nil
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
