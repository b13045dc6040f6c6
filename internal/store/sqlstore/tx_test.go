package sqlstore

import "testing"

func TestPrefixEnd(t *testing.T) {
	for in, want := range map[string]string{"a": "b", "prod": "proe", "a\xff": "b", "\xff\xff": ""} {
		if got := prefixEnd(in); got != want {
			t.Errorf("prefixEnd(%q) = %q, want %q", in, got, want)
		}
	}
}
