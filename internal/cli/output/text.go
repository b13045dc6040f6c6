package output

import (
	"bufio"
	"io"
	"sort"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
)

// Text writes v in the AWS CLI's text format.
func Text(w io.Writer, v value.Value) error {
	bw := bufio.NewWriter(w)
	formatText(bw, v, "", nil)
	return bw.Flush()
}

func formatText(w *bufio.Writer, item value.Value, identifier string, scalarKeys []string) {
	switch t := item.(type) {
	case *value.Object:
		formatDict(w, scalarKeys, t, identifier)
	case []any:
		formatList(w, t, identifier)
	default:
		w.WriteString(value.Str(item))
		w.WriteString("\n")
	}
}

func formatList(w *bufio.Writer, list []any, identifier string) {
	if len(list) == 0 {
		return
	}
	hasDict, hasList := false, false
	for _, e := range list {
		switch e.(type) {
		case *value.Object:
			hasDict = true
		case []any:
			hasList = true
		}
	}
	switch {
	case hasDict:
		keys := allScalarKeys(list)
		for _, e := range list {
			formatText(w, e, identifier, keys)
		}
	case hasList:
		var scalars, others []any
		for _, e := range list {
			if value.IsScalar(e) {
				scalars = append(scalars, e)
			} else {
				others = append(others, e)
			}
		}
		if len(scalars) > 0 {
			formatScalarList(w, scalars, identifier)
		}
		for _, e := range others {
			formatText(w, e, identifier, nil)
		}
	default:
		formatScalarList(w, list, identifier)
	}
}

func formatScalarList(w *bufio.Writer, list []any, identifier string) {
	if identifier != "" {
		for _, e := range list {
			w.WriteString(strings.ToUpper(identifier) + "\t" + value.Str(e) + "\n")
		}
		return
	}
	parts := make([]string, len(list))
	for i, e := range list {
		parts[i] = value.Str(e)
	}
	w.WriteString(strings.Join(parts, "\t") + "\n")
}

func formatDict(w *bufio.Writer, scalarKeys []string, obj *value.Object, identifier string) {
	var scalars []string
	type pair struct {
		key string
		v   value.Value
	}
	var nonScalars []pair
	if scalarKeys == nil {
		keys := append([]string(nil), obj.Keys()...)
		sort.Strings(keys)
		for _, k := range keys {
			v, _ := obj.Get(k)
			if value.IsScalar(v) {
				scalars = append(scalars, value.Str(v))
			} else {
				nonScalars = append(nonScalars, pair{k, v})
			}
		}
	} else {
		isScalarKey := map[string]bool{}
		for _, k := range scalarKeys {
			isScalarKey[k] = true
			v, ok := obj.Get(k)
			if !ok {
				v = ""
			}
			scalars = append(scalars, value.Str(v))
		}
		var rest []string
		for _, k := range obj.Keys() {
			if !isScalarKey[k] {
				rest = append(rest, k)
			}
		}
		sort.Strings(rest)
		for _, k := range rest {
			v, _ := obj.Get(k)
			nonScalars = append(nonScalars, pair{k, v})
		}
	}
	if len(scalars) > 0 {
		if identifier != "" {
			scalars = append([]string{strings.ToUpper(identifier)}, scalars...)
		}
		w.WriteString(strings.Join(scalars, "\t") + "\n")
	}
	for _, p := range nonScalars {
		formatText(w, p.v, p.key, nil)
	}
}

func allScalarKeys(list []any) []string {
	seen := map[string]bool{}
	for _, e := range list {
		obj, ok := e.(*value.Object)
		if !ok {
			continue
		}
		for _, k := range obj.Keys() {
			v, _ := obj.Get(k)
			if value.IsScalar(v) {
				seen[k] = true
			}
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
