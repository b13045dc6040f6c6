package client

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
)

// EncodeToken makes the AWS CLI's opaque --max-items token: base64 of
// Python's json.dumps of the token dictionary, e.g.
// {"NextToken": "tok2", "boto_truncate_amount": 1}.
func EncodeToken(tok *value.Object) string {
	return base64.StdEncoding.EncodeToString([]byte(value.Dumps(tok, value.DumpOptions{EnsureASCII: true})))
}

// badToken is botocore's "Bad starting token" ValueError.
func badToken(v any) error {
	return &value.ValueError{Msg: fmt.Sprintf("Bad starting token: %s", value.Str(v))}
}

// DecodeToken reads a --starting-token value into the token dictionary and
// the number of items to skip, accepting the AWS CLI's base64 JSON tokens
// and, failing that, its older "token___index" form (which covers a raw
// service token too).
func DecodeToken(s string, inputTokens []string) (*value.Object, int, error) {
	if tok, ok := decodeJSONToken(s); ok {
		skip := 0
		if n, ok := tok.Get("boto_truncate_amount"); ok {
			if num, isNum := n.(value.Number); isNum {
				skip = int(num.Float64())
			}
			tok.Delete("boto_truncate_amount")
		}
		return tok, skip, nil
	}
	parts := strings.Split(s, "___")
	skip := 0
	if len(parts) == len(inputTokens)+1 {
		n, err := value.PyInt(parts[len(parts)-1])
		if err != nil {
			parts = []string{s}
		} else {
			parts = parts[:len(parts)-1]
			skip = int(n.Float64())
		}
	}
	if len(parts) > len(inputTokens) {
		return nil, 0, &value.ValueError{Msg: "Bad starting token: " + s}
	}
	tok := value.NewObject()
	for i, name := range inputTokens {
		if i < len(parts) && parts[i] != "None" {
			tok.Set(name, parts[i])
		} else {
			tok.Set(name, nil)
		}
	}
	return tok, skip, nil
}

func decodeJSONToken(s string) (*value.Object, bool) {
	// Python's b64decode ignores characters outside the alphabet.
	var clean strings.Builder
	for _, r := range s {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' || r == '/' || r == '=' {
			clean.WriteRune(r)
		}
	}
	raw, err := base64.StdEncoding.DecodeString(clean.String())
	if err != nil || !strings.EqualFold(strings.ToValidUTF8(string(raw), "\uFFFD"), string(raw)) {
		return nil, false
	}
	v, err := value.Parse(string(raw))
	if err != nil {
		return nil, false
	}
	obj, ok := v.(*value.Object)
	return obj, ok
}
