package client

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// TimestampFormat is the AWS CLI's cli_timestamp_format.
type TimestampFormat struct {
	// ISO8601 prints timestamps as ISO-8601 strings in Location instead of
	// the wire value ("none"/"wire", the AWS CLI v1 default).
	ISO8601  bool
	Location *time.Location
}

// parseBody reads a response body as botocore does: empty is {}, text that
// is not JSON becomes {"message": text}.
func parseBody(body []byte) value.Value {
	if len(strings.TrimSpace(string(body))) == 0 {
		return value.NewObject()
	}
	v, err := value.Parse(string(body))
	if err != nil {
		obj := value.NewObject()
		obj.Set("message", strings.ToValidUTF8(string(body), "\uFFFD"))
		return obj
	}
	return v
}

// attributeError words Python's AttributeError for calling .get on a
// document that is not an object.
func attributeError(v value.Value) error {
	t := strings.TrimSuffix(strings.TrimPrefix(value.TypeName(v), "<class '"), "'>")
	return &value.ValueError{Msg: fmt.Sprintf("'%s' object has no attribute 'get'", t)}
}

// parseOutput builds the output document along shape.
func parseOutput(shape *model.Shape, body []byte, ts TimestampFormat) (*value.Object, error) {
	doc := parseBody(body)
	if shape == nil {
		return value.NewObject(), nil
	}
	obj, ok := doc.(*value.Object)
	if !ok {
		return nil, attributeError(doc)
	}
	return structure(shape, obj, ts).(*value.Object), nil
}

func structure(shape *model.Shape, obj *value.Object, ts TimestampFormat) value.Value {
	out := value.NewObject()
	for _, m := range shape.Members {
		v, ok := obj.Get(m.Name)
		if !ok || v == nil {
			continue
		}
		out.Set(m.Name, shaped(m.Shape, v, ts))
	}
	return out
}

func shaped(shape *model.Shape, v value.Value, ts TimestampFormat) value.Value {
	switch shape.Type {
	case model.TypeStructure:
		if obj, ok := v.(*value.Object); ok {
			return structure(shape, obj, ts)
		}
	case model.TypeList:
		if list, ok := v.([]any); ok {
			out := make([]any, len(list))
			for i, e := range list {
				if e != nil {
					out[i] = shaped(shape.Member, e, ts)
				}
			}
			return out
		}
	case model.TypeMap:
		if obj, ok := v.(*value.Object); ok {
			out := value.NewObject()
			for _, k := range obj.Keys() {
				e, _ := obj.Get(k)
				out.Set(k, shaped(shape.Value, e, ts))
			}
			return out
		}
	case model.TypeTimestamp:
		if ts.ISO8601 {
			if s, ok := isoTimestamp(v, ts.Location); ok {
				return s
			}
		}
	}
	return v
}

// isoTimestamp is Python's datetime.isoformat of the parsed timestamp.
func isoTimestamp(v value.Value, loc *time.Location) (string, bool) {
	n, ok := v.(value.Number)
	if !ok {
		if s, isString := v.(string); isString {
			if f, err := strconv.ParseFloat(s, 64); err == nil {
				n, ok = value.Float(f), true
			} else if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
				return pyISO(t), true
			}
		}
		if !ok {
			return "", false
		}
	}
	if loc == nil {
		loc = time.UTC
	}
	f := n.Float64()
	sec := int64(f)
	micro := int64((f-float64(sec))*1e6 + 0.5)
	return pyISO(time.Unix(sec, micro*1000).In(loc)), true
}

func pyISO(t time.Time) string {
	layout := "2006-01-02T15:04:05"
	if t.Nanosecond()/1000 != 0 {
		layout += ".000000"
	}
	return t.Format(layout + "-07:00")
}

// httpReasons are the phrases Python's http.client gives status codes, used
// when a server error arrives without a body.
var httpReasons = map[int]string{
	500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
	504: "Gateway Timeout", 505: "HTTP Version Not Supported", 507: "Insufficient Storage", 508: "Loop Detected",
	510: "Not Extended", 511: "Network Authentication Required",
}

// parseError extracts botocore's error code and message.
func parseError(status int, body []byte) (code, message string, doc value.Value, err error) {
	trimmed := strings.TrimSpace(string(body))
	if status >= 500 && (trimmed == "" || strings.HasPrefix(trimmed, "<html>")) {
		return strconv.Itoa(status), httpReasons[status], nil, nil
	}
	doc = parseBody(body)
	obj, ok := doc.(*value.Object)
	if !ok {
		return "", "", nil, attributeError(doc)
	}
	if m, ok := obj.Get("message"); ok {
		message = value.Str(m)
	} else if m, ok := obj.Get("Message"); ok {
		message = value.Str(m)
	}
	code = strconv.Itoa(status)
	if t, ok := obj.Get("__type"); ok {
		code = value.Str(t)
		if i := strings.Index(code, ":"); i >= 0 {
			code = code[:i]
		}
		if i := strings.LastIndex(code, "#"); i >= 0 {
			code = code[i+1:]
		}
	}
	return code, message, doc, nil
}
