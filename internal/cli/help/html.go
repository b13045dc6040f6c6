package help

import (
	"html"
	"regexp"
	"strings"
	"sync"
)

// htmlPatterns compile on first use, when help is asked for, rather
// than at package init in every run of the binary.
var htmlPatterns = sync.OnceValues(func() (tag, space *regexp.Regexp) {
	return regexp.MustCompile(`<[^>]*>`), regexp.MustCompile(`[ \t\r\n]+`)
})

// paragraphs converts the model's HTML documentation into paragraphs of
// plain text; list items start with "* ".
func paragraphs(doc string) []string {
	doc = strings.NewReplacer(
		"</p>", "\n\n", "<p>", "\n\n", "<li>", "\n\n* ", "</li>", "\n\n",
		"<ul>", "\n\n", "</ul>", "\n\n", "<note>", "\n\nNote: ", "</note>", "\n\n",
		"<important>", "\n\nImportant: ", "</important>", "\n\n", "<br/>", "\n\n", "<br>", "\n\n",
	).Replace(doc)
	tagPattern, spacePattern := htmlPatterns()
	doc = tagPattern.ReplaceAllString(doc, "")
	var out []string
	bullet := false
	for _, p := range strings.Split(doc, "\n\n") {
		p = strings.TrimSpace(spacePattern.ReplaceAllString(html.UnescapeString(p), " "))
		switch {
		case p == "":
		case p == "*":
			bullet = true // "<li><p>text</p></li>": the text is the item
		case bullet:
			out = append(out, "* "+p)
			bullet = false
		default:
			out = append(out, p)
		}
	}
	return out
}

// wrap breaks text into lines of at most width characters, each prefixed
// with indent.
func wrap(text string, indent string, width int) string {
	var b strings.Builder
	line := indent
	for _, word := range strings.Fields(text) {
		if len(line) > len(indent) && len(line)+1+len(word) > width {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += word
	}
	if strings.TrimSpace(line) != "" {
		b.WriteString(line + "\n")
	}
	return b.String()
}

// block renders documentation as indented, wrapped paragraphs separated by
// blank lines.
func block(doc, indent string) string {
	var parts []string
	for _, p := range paragraphs(doc) {
		if strings.HasPrefix(p, "* ") {
			parts = append(parts, wrap(p, indent+"  ", 79))
			continue
		}
		parts = append(parts, wrap(p, indent, 79))
	}
	return strings.Join(parts, "\n")
}
