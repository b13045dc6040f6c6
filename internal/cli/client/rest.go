package client

import (
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// request is an operation's HTTP request before signing.
type request struct {
	method      string
	path        string // path and query, escaped, starting with "/"
	body        []byte
	contentType string
	target      string // X-Amz-Target (JSON 1.1 only)
}

// encode serializes input for op in the service's protocol: JSON 1.1
// (POST / with X-Amz-Target) or restJson1 (botocore's RestJSONSerializer:
// members located in the URI and the query string leave the body; the
// body is JSON when a body member is set, {} when the input has body
// members but none is set, and empty otherwise).
func (c *Client) encode(op *model.Operation, input value.Value) request {
	md := c.Service.Metadata
	if md.Protocol != "rest-json" {
		return request{
			method: "POST", path: "/", body: []byte(value.Dumps(input, value.DumpOptions{EnsureASCII: true})),
			contentType: "application/x-amz-json-" + md.JSONVersion, target: md.TargetPrefix + "." + op.Name,
		}
	}
	obj, _ := input.(*value.Object)
	path := op.RequestURI
	var query []string
	body := value.NewObject()
	hasBodyMembers := false
	if op.Input != nil {
		for _, m := range op.Input.Members {
			if m.Location == "" {
				hasBodyMembers = true
			}
			if obj == nil {
				continue
			}
			v, ok := obj.Get(m.Name)
			if !ok || v == nil {
				continue
			}
			switch m.Location {
			case "uri":
				path = strings.ReplaceAll(path, "{"+m.LocationName+"}", percentEncode(value.Str(v)))
			case "querystring":
				if list, isList := v.([]any); isList {
					for _, e := range list {
						query = append(query, percentEncode(m.LocationName)+"="+percentEncode(value.Str(e)))
					}
				} else {
					query = append(query, percentEncode(m.LocationName)+"="+percentEncode(queryString(v)))
				}
			case "":
				body.Set(m.Name, v)
			}
		}
	}
	if len(query) > 0 {
		path += "?" + strings.Join(query, "&")
	}
	r := request{method: op.HTTPMethod, path: path}
	switch {
	case len(body.Keys()) > 0:
		r.body = []byte(value.Dumps(body, value.DumpOptions{EnsureASCII: true}))
	case hasBodyMembers:
		r.body = []byte("{}")
	}
	if len(r.body) > 0 {
		r.contentType = "application/json"
	}
	return r
}

// queryString is a scalar as botocore puts it in a query string.
func queryString(v value.Value) string {
	switch x := v.(type) {
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	return value.Str(v)
}

// percentEncode is botocore's percent_encode: everything but RFC 3986's
// unreserved characters is escaped, as UTF-8 bytes.
func percentEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// restErrorCode is the code botocore's RestJSONParser takes from the
// X-Amzn-ErrorType header, when sent (the part before any ':').
func restErrorCode(header string) string {
	if i := strings.Index(header, ":"); i >= 0 {
		header = header[:i]
	}
	return header
}
