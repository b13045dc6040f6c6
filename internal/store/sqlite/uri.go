package sqlite

import (
	"path/filepath"
	"strings"
)

// fileURI turns a file path into the "file:" URI the driver opens. The
// driver reads everything after the first '?' as its own options, and
// SQLite decodes %HH escapes and stops the path at '#'; so a path is
// escaped byte by byte, or "a?b.db" would open "a" and lose the
// journal_mode(WAL) option with the rest of the query.
//
// The path is made absolute first: a relative path beginning "//" would
// otherwise read as a URI authority.
func fileURI(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive letter: file:///C:/…
	}
	var b strings.Builder
	b.WriteString("file://")
	for i := 0; i < len(p); i++ {
		c := p[i]
		if isPathSafe(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte("0123456789ABCDEF"[c>>4])
		b.WriteByte("0123456789ABCDEF"[c&15])
	}
	return b.String(), nil
}

// isPathSafe reports whether c stands for itself in a URI path.
func isPathSafe(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("/-._~", c) >= 0
}
