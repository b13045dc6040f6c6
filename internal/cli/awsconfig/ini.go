package awsconfig

import (
	"fmt"
	"strings"
)

// section is one INI section: lower-cased keys to values. Values that were
// written as an indented block ("s3 =\n  a = b") are kept in nested.
type section struct {
	values map[string]string
	nested map[string]map[string]string
}

// ParseError reports a malformed configuration file.
type ParseError struct {
	Path string
	Err  string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("Unable to parse config file: %s", e.Path)
}

// parseINI reads a file as Python's configparser.RawConfigParser does for
// the AWS config files: "[section]" headers, "key = value" or "key: value"
// lines, "#" and ";" comment lines, continuation lines indented under a key,
// keys lower-cased, and values stripped.
func parseINI(path, text string) (map[string]*section, []string, error) {
	sections := map[string]*section{}
	var order []string
	var cur *section
	var curKey string
	curIndent := -1
	for n, raw := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line := strings.TrimRight(raw, " \t\r")
		trimmed := strings.TrimLeft(line, " \t")
		indent := len(line) - len(trimmed)
		if trimmed == "" {
			curIndent = -1
			if cur != nil && curKey != "" {
				// A blank line ends a continuation block.
				curKey = ""
			}
			continue
		}
		if trimmed[0] == '#' || trimmed[0] == ';' {
			continue
		}
		if cur != nil && curKey != "" && indent > curIndent {
			cur.values[curKey] += "\n" + trimmed
			continue
		}
		if indent == 0 && strings.HasPrefix(trimmed, "[") {
			end := strings.Index(trimmed, "]")
			if end < 0 {
				return nil, nil, &ParseError{Path: path, Err: fmt.Sprintf("line %d", n+1)}
			}
			name := trimmed[1:end]
			if s, ok := sections[name]; ok {
				cur = s
			} else {
				cur = &section{values: map[string]string{}}
				sections[name] = cur
				order = append(order, name)
			}
			curKey = ""
			continue
		}
		if cur == nil {
			return nil, nil, &ParseError{Path: path, Err: "File contains no section headers."}
		}
		i := strings.IndexAny(trimmed, "=:")
		if i < 0 {
			return nil, nil, &ParseError{Path: path, Err: fmt.Sprintf("line %d", n+1)}
		}
		curKey = strings.ToLower(strings.TrimSpace(trimmed[:i]))
		cur.values[curKey] = strings.TrimSpace(trimmed[i+1:])
		curIndent = indent
	}
	for _, s := range sections {
		for k, v := range s.values {
			if !strings.HasPrefix(v, "\n") {
				continue
			}
			sub := map[string]string{}
			for _, l := range strings.Split(v, "\n") {
				l = strings.TrimSpace(l)
				if l == "" {
					continue
				}
				key, val, ok := strings.Cut(l, "=")
				if !ok {
					return nil, nil, &ParseError{Path: path, Err: "nested value without '='"}
				}
				sub[strings.TrimSpace(key)] = strings.TrimSpace(val)
			}
			if s.nested == nil {
				s.nested = map[string]map[string]string{}
			}
			s.nested[k] = sub
		}
	}
	return sections, order, nil
}
