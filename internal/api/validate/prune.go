package validate

import "github.com/ssmcontacts/ssmcontacts/model"

// Prune deletes from value, at every depth, the keys of structures that
// name no member of their shape, and reports whether it deleted any.
// value is a document that passed Validate.
//
// Validate matches member names exactly and ignores other keys, as AWS
// does; encoding/json matches struct fields ignoring case. Without
// pruning, {"Alias":"ok","alias":"NOT OK"} validates "ok" and decodes
// "NOT OK" into the operation's input.
func Prune(sh *model.Shape, value any) bool {
	switch sh.Type {
	case model.TypeStructure:
		obj, ok := value.(map[string]any)
		if !ok {
			return false
		}
		pruned := false
		for k, v := range obj {
			m := sh.MemberByName(k)
			if m == nil {
				delete(obj, k)
				pruned = true
				continue
			}
			if v != nil && Prune(m.Shape, v) {
				pruned = true
			}
		}
		return pruned
	case model.TypeList:
		list, ok := value.([]any)
		if !ok {
			return false
		}
		pruned := false
		for _, e := range list {
			if e != nil && Prune(sh.Member, e) {
				pruned = true
			}
		}
		return pruned
	case model.TypeMap:
		obj, ok := value.(map[string]any)
		if !ok {
			return false
		}
		pruned := false
		for _, v := range obj {
			if v != nil && Prune(sh.Value, v) {
				pruned = true
			}
		}
		return pruned
	}
	return false
}
