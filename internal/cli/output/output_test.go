package output

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
)

// Expected strings are what awscli's text.format_text and TableFormatter
// (color off, 80 columns) write for the same documents.
func TestFormats(t *testing.T) {
	tests := []struct {
		name, doc, format, want string
	}{
		{
			name:   "text: sorted scalars, union of keys for lists, nested rows",
			doc:    `{"Name":"n","List":[{"A":1,"B":"x"},{"B":"y","C":[1,2]}],"Nested":{"Z":true,"Y":null}}`,
			format: "text",
			want:   "n\nLIST\t1\tx\nLIST\t\ty\nC\t1\nC\t2\nNESTED\tNone\tTrue\n",
		},
		{
			name:   "table wider than the terminal turns vertical",
			doc:    `{"Wide":"` + strings.Repeat("w", 100) + `","Short":"s"}`,
			format: "table",
			want: strings.Repeat("-", 115) + "\n|" + strings.Repeat(" ", 55) + "Op" + strings.Repeat(" ", 56) + "|\n" +
				"+-------+" + strings.Repeat("-", 105) + "+\n" +
				"|  Short|  s" + strings.Repeat(" ", 102) + "|\n" +
				"|  Wide |  " + strings.Repeat("w", 100) + "   |\n" +
				"+-------+" + strings.Repeat("-", 105) + "+\n",
		},
		{name: "json: empty object prints nothing", doc: `{}`, format: "json", want: ""},
		{name: "json: indent and unicode", doc: `{"A":"\u00e9","B":[]}`, format: "json", want: "{\n    \"A\": \"\u00e9\",\n    \"B\": []\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := value.Parse(tt.doc)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			switch tt.format {
			case "text":
				err = Text(&b, v)
			case "table":
				err = Table(&b, "Op", v, TableOptions{Width: 80})
			case "json":
				err = JSON(&b, v)
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, b.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
