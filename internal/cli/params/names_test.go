package params

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/ssmcontacts/ssmcontacts/model"
)

// testdata/xform_name.json holds botocore's xform_name(name, "-") for every
// operation and input member name of the model.
func TestXformNameMatchesBotocore(t *testing.T) {
	data, err := os.ReadFile("testdata/xform_name.json")
	if err != nil {
		t.Fatal(err)
	}
	var pairs [][2]string
	if err := json.Unmarshal(data, &pairs); err != nil {
		t.Fatal(err)
	}
	for _, p := range pairs {
		if got := XformName(p[0], "-"); got != p[1] {
			t.Errorf("XformName(%q) = %q, want %q", p[0], got, p[1])
		}
	}
	// Every operation and member must be covered by the file.
	seen := map[string]bool{}
	for _, p := range pairs {
		seen[p[0]] = true
	}
	for _, op := range model.MustLoad().Operations {
		if !seen[op.Name] {
			t.Errorf("operation %s missing from testdata", op.Name)
		}
		for _, m := range op.Input.Members {
			if !seen[m.Name] {
				t.Errorf("member %s.%s missing from testdata", op.Name, m.Name)
			}
		}
	}
}

// xformNameRegexps returns botocore's xform_name as it is written, with
// its three regular expressions.
func xformNameRegexps() func(name, sep string) string {
	specialCase := regexp.MustCompile(`[A-Z]{2,}s$`)
	firstCap := regexp.MustCompile(`(.)([A-Z][a-z]+)`)
	endCap := regexp.MustCompile(`([a-z0-9])([A-Z])`)
	return func(name, sep string) string {
		if strings.Contains(name, sep) {
			return name
		}
		if m := specialCase.FindString(name); m != "" {
			name = name[:len(name)-len(m)] + sep + strings.ToLower(m)
		}
		s := firstCap.ReplaceAllString(name, "${1}"+sep+"${2}")
		return strings.ToLower(endCap.ReplaceAllString(s, "${1}"+sep+"${2}"))
	}
}

// TestXformNameMatchesRegexps holds the written-out XformName to
// botocore's regular expressions on every name of both models and on
// random words.
func TestXformNameMatchesRegexps(t *testing.T) {
	var names []string
	incidents, err := model.LoadIncidents()
	if err != nil {
		t.Fatal(err)
	}
	for _, svc := range []*model.Service{model.MustLoad(), incidents} {
		for _, op := range svc.Operations {
			names = append(names, op.Name)
			if op.Input != nil {
				for _, m := range op.Input.Members {
					names = append(names, m.Name)
				}
			}
		}
	}
	names = append(names, "", "s", "As", "ABs", "ABCs", "aBCs", "ListARNs", "HTTPSProxies", "ID", "IDs",
		"ContactARN", "X\nYz", "a1B", "9Ab", "é Ab", "AbcDEFGhiJ", "aB_cD", "ABCDef")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 4000 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = "aAbBsSzZ09_\n"[rng.IntN(12)]
		}
		names = append(names, string(b))
	}
	botocore := xformNameRegexps()
	for _, sep := range []string{"-", "_"} {
		for _, n := range names {
			if got, want := XformName(n, sep), botocore(n, sep); got != want {
				t.Errorf("XformName(%q, %q) = %q, botocore's expressions give %q", n, sep, got, want)
			}
		}
	}
}
