package output

import (
	"io"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
)

// JSON writes v as the AWS CLI's json output does; an empty object prints
// nothing.
func JSON(w io.Writer, v value.Value) error {
	if obj, ok := v.(*value.Object); ok && obj.Len() == 0 {
		return nil
	}
	_, err := io.WriteString(w, value.Dumps(v, value.DumpOptions{Indent: 4})+"\n")
	return err
}
