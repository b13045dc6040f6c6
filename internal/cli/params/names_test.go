package params

import (
	"encoding/json"
	"os"
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
