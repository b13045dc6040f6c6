package notify

import (
	"bytes"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
	"unicode"
)

// Header names that receivers can filter and de-duplicate on.
const (
	HeaderMessageID = "X-Ssmcontacts-Message-Id"
	HeaderKind      = "X-Ssmcontacts-Kind"
	HeaderPageArn   = "X-Ssmcontacts-Page-Arn"
)

// email is everything composeEmail needs besides the message itself.
type email struct {
	from      *mail.Address
	to        string // a bare address, already checked by mail.ParseAddress
	messageID string // the Message-ID header value, with angle brackets
	date      time.Time
}

// messageIDFor derives the Message-ID from the message ID, so the same
// message sent twice carries the same Message-ID and the receiver can
// drop the copy.
func messageIDFor(id string, from *mail.Address) string {
	domain := "ssmcontacts.invalid"
	if at := strings.LastIndexByte(from.Address, '@'); at >= 0 && at < len(from.Address)-1 {
		domain = from.Address[at+1:]
	}
	return "<" + id + "@" + domain + ">"
}

// composeEmail renders m as an RFC 5322 message with CRLF line endings.
// The body is plain text: the caller's body, then the code and, for pages
// with one, the acknowledgement link.
func composeEmail(e email, m Message) []byte {
	text := emailText(m)
	encoding := "7bit"
	if !is7bit(text) {
		encoding = "quoted-printable"
	}

	var b bytes.Buffer
	writeHeader(&b, "Date", e.date.Format(time.RFC1123Z))
	writeHeader(&b, "From", e.from.String())
	writeHeader(&b, "To", "<"+e.to+">")
	writeHeader(&b, "Subject", encodeSubject(emailSubject(m)))
	writeHeader(&b, "Message-ID", e.messageID)
	writeHeader(&b, "MIME-Version", "1.0")
	writeHeader(&b, "Content-Type", "text/plain; charset=utf-8")
	writeHeader(&b, "Content-Transfer-Encoding", encoding)
	// RFC 3834: tells vacation responders not to answer pages.
	writeHeader(&b, "Auto-Submitted", "auto-generated")
	writeHeader(&b, HeaderMessageID, m.ID)
	writeHeader(&b, HeaderKind, string(m.Kind))
	if m.Kind == KindPage {
		writeHeader(&b, HeaderPageArn, m.PageArn)
	}
	b.WriteString("\r\n")

	if encoding == "7bit" {
		b.WriteString(strings.ReplaceAll(text, "\n", "\r\n"))
	} else {
		qp := quotedprintable.NewWriter(&b)
		qp.Write([]byte(text)) // writes to a bytes.Buffer do not fail
		qp.Close()
	}
	return b.Bytes()
}

// emailText is the body before transfer encoding, with \n line endings.
func emailText(m Message) string {
	var b strings.Builder
	if body := strings.TrimRight(normalizeNewlines(m.Body), "\n"); body != "" {
		b.WriteString(body)
		b.WriteString("\n\n")
	}
	switch m.Kind {
	case KindActivation:
		b.WriteString("Activation code: " + m.Code + "\n")
	case KindPage:
		b.WriteString("Accept code: " + m.Code + "\n")
		if m.AckURL != "" {
			b.WriteString("Acknowledge this page: " + m.AckURL + "\n")
		}
	}
	return b.String()
}

func emailSubject(m Message) string {
	if s := strings.Join(strings.FieldsFunc(m.Subject, isSubjectSpace), " "); s != "" {
		return s
	}
	if m.Kind == KindActivation {
		return "Your activation code"
	}
	return "Page"
}

// isSubjectSpace treats control characters as spaces, so a subject can
// never end a header line early and inject a header.
func isSubjectSpace(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }

// encodeSubject leaves ASCII subjects readable and RFC 2047 Q-encodes the
// others (as a run of encoded-words of at most 75 characters).
func encodeSubject(s string) string {
	return mime.QEncoding.Encode("utf-8", s)
}

const (
	foldAt       = 78  // RFC 5322's recommended line length
	maxLineBytes = 998 // RFC 5322's hard limit, without CRLF
)

// writeHeader writes "Name: value" folded at spaces so lines stay near 78
// characters. A word that cannot fit in 998 bytes is cut, which inserts a
// space into it; only a pathological subject could hold such a word.
func writeHeader(b *bytes.Buffer, name, value string) {
	line := len(name) + 2
	b.WriteString(name + ": ")
	for i, word := range strings.Split(value, " ") {
		if i > 0 {
			if line+1+len(word) > foldAt {
				b.WriteString("\r\n")
				line = 0
			}
			b.WriteByte(' ')
			line++
		}
		for line+len(word) > maxLineBytes {
			cut := maxLineBytes - line
			b.WriteString(word[:cut] + "\r\n ")
			word, line = word[cut:], 1
		}
		b.WriteString(word)
		line += len(word)
	}
	b.WriteString("\r\n")
}

func normalizeNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// is7bit reports whether text can go as 7bit: printable ASCII and tabs,
// lines no longer than 998 bytes.
func is7bit(text string) bool {
	line := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\n':
			line = 0
			continue
		case c == '\t' || (c >= ' ' && c <= '~'):
		default:
			return false
		}
		line++
		if line > maxLineBytes {
			return false
		}
	}
	return true
}
