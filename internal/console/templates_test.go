package console

import "testing"

// The handler parses its pages on first render: every page must parse.
func TestPagesParse(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range pageNames {
		if pages[name] == nil {
			t.Errorf("page %s did not parse", name)
		}
	}
}
