package params

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
)

// Files loads parameter values that name files or URLs.
type Files struct {
	// ReadFile reads a local file.
	ReadFile func(path string) ([]byte, error)
	Getenv   func(string) string
	HomeDir  string
	// HTTP fetches http:// and https:// values; nil turns that off (the
	// AWS CLI's cli_follow_urlparam = false).
	HTTP *http.Client
	Ctx  context.Context
}

// loadError is the AWS CLI's ResourceLoadingError.
type loadError struct{ msg string }

func (e *loadError) Error() string { return e.msg }

// Load returns the value s refers to, or ok=false when s is not a file or
// URL reference. local restricts it to file:// and fileb://.
func (f *Files) Load(s string, local bool) (v value.Value, ok bool, err error) {
	switch {
	case strings.HasPrefix(s, "file://"):
		data, err := f.readLocal(s, "file://")
		if err != nil {
			return nil, true, err
		}
		if !isUTF8(data) {
			return nil, true, &loadError{fmt.Sprintf("Unable to load paramfile (%s), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix.", f.expand(s[len("file://"):]))}
		}
		// Python reads text files with universal newlines.
		text := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
		return text, true, nil
	case strings.HasPrefix(s, "fileb://"):
		data, err := f.readLocal(s, "fileb://")
		if err != nil {
			return nil, true, err
		}
		return value.Bytes(data), true, nil
	case !local && f.HTTP != nil && (strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")):
		text, err := f.fetch(s)
		return text, true, err
	}
	return nil, false, nil
}

func isUTF8(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }

func (f *Files) readLocal(s, prefix string) ([]byte, error) {
	path := f.expand(s[len(prefix):])
	data, err := f.ReadFile(path)
	if err != nil {
		return nil, &loadError{fmt.Sprintf("Unable to load paramfile %s: %s", s, oserror(err, path))}
	}
	return data, nil
}

// oserror words a file error as Python's OSError.
func oserror(err error, path string) string {
	q := value.Repr(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "[Errno 2] No such file or directory: " + q
	case errors.Is(err, fs.ErrPermission):
		return "[Errno 13] Permission denied: " + q
	case strings.Contains(err.Error(), "is a directory"):
		return "[Errno 21] Is a directory: " + q
	}
	return err.Error()
}

// expand applies os.path.expanduser and os.path.expandvars.
func (f *Files) expand(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		p = f.HomeDir + p[1:]
	}
	if !strings.Contains(p, "$") {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] != '$' {
			b.WriteByte(p[i])
			continue
		}
		name, end := "", i+1
		if end < len(p) && p[end] == '{' {
			close := strings.IndexByte(p[end:], '}')
			if close < 0 {
				b.WriteByte('$')
				continue
			}
			name, end = p[end+1:end+close], end+close+1
		} else {
			for end < len(p) && (p[end] == '_' || p[end] >= 'a' && p[end] <= 'z' || p[end] >= 'A' && p[end] <= 'Z' || p[end] >= '0' && p[end] <= '9') {
				end++
			}
			name = p[i+1 : end]
		}
		if v := f.Getenv(name); name != "" && v != "" {
			b.WriteString(v)
		} else {
			b.WriteString(p[i:end])
		}
		i = end - 1
	}
	return b.String()
}

func (f *Files) fetch(uri string) (string, error) {
	ctx := f.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, uri, nil)
	if err == nil {
		var resp *http.Response
		if resp, err = f.HTTP.Do(req); err == nil {
			defer resp.Body.Close()
			body, rerr := io.ReadAll(resp.Body)
			switch {
			case rerr != nil:
				err = rerr
			case resp.StatusCode != http.StatusOK:
				err = fmt.Errorf("received non 200 status code of %d", resp.StatusCode)
			default:
				return string(body), nil
			}
		}
	}
	return "", &loadError{fmt.Sprintf("Unable to retrieve %s: %s", uri, err)}
}
