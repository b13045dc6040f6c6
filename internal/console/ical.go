package console

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/rotation"
)

// icsTime is a UTC DATE-TIME (RFC 5545 §3.3.5, form 2).
func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icsText escapes a TEXT value (RFC 5545 §3.3.11).
func icsText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// icsWriter writes content lines folded at 75 octets (RFC 5545 §3.1),
// never inside a UTF-8 sequence, ending each with CRLF.
type icsWriter struct{ buf bytes.Buffer }

func (w *icsWriter) line(name, value string) {
	s := name + ":" + value
	first := true
	for len(s) > 0 {
		limit := 75
		if !first {
			limit = 74 // the leading space counts
			w.buf.WriteByte(' ')
		}
		n := len(s)
		if n > limit {
			n = limit
			for n > 0 && !utf8.RuneStart(s[n]) {
				n--
			}
		}
		w.buf.WriteString(s[:n])
		w.buf.WriteString("\r\n")
		s, first = s[n:], false
	}
}

// feedName is the calendar's name.
func feedName(f *contacts.Feed, ppl people) string {
	if f.Rotation != nil {
		return "On call: " + f.Rotation.Name
	}
	return "On call: " + ppl.Name(f.Contact.ARN())
}

// renderICS writes a feed as an iCalendar object: one VEVENT per shift,
// times in UTC, UIDs stable for a shift (its rotation, start and, in a
// contact's feed, the contact), so that calendar applications update
// events in place when the feed is fetched again.
func renderICS(f *contacts.Feed, now time.Time) []byte {
	ppl := people(f.People)
	if f.Contact != nil {
		ppl[f.Contact.ARN()] = f.Contact
	}
	var w icsWriter
	w.line("BEGIN", "VCALENDAR")
	w.line("VERSION", "2.0")
	w.line("PRODID", "-//ssmcontacts//console//EN")
	w.line("CALSCALE", "GREGORIAN")
	w.line("METHOD", "PUBLISH")
	w.line("X-WR-CALNAME", icsText(feedName(f, ppl)))
	if f.Rotation != nil {
		w.line("X-WR-TIMEZONE", icsText(f.Rotation.Current.TimeZoneID))
	}
	w.line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
	w.line("X-PUBLISHED-TTL", "PT1H")
	for _, fs := range f.Shifts {
		r, s := fs.Rotation, fs.Shift
		uid := fmt.Sprintf("%s-%d", r.ID, s.Start.Unix())
		if f.Contact != nil {
			uid += "-" + f.Contact.Alias
		}
		summary := "On call for " + r.Name + ": " + ppl.Names(s.Members)
		desc := fmt.Sprintf("%s is on call for the rotation %s (%s).", ppl.Names(s.Members), r.Name, r.Current.TimeZoneID)
		if s.Type == rotation.Overridden {
			summary += " (override)"
			if len(s.Replaced) > 0 {
				desc += " An override replaces " + ppl.Names(s.Replaced) + "."
			}
		}
		w.line("BEGIN", "VEVENT")
		w.line("UID", uid+"@ssmcontacts")
		w.line("DTSTAMP", icsTime(now))
		w.line("DTSTART", icsTime(s.Start))
		w.line("DTEND", icsTime(s.End))
		w.line("SUMMARY", icsText(summary))
		w.line("DESCRIPTION", icsText(desc))
		w.line("TRANSP", "TRANSPARENT")
		w.line("END", "VEVENT")
	}
	w.line("END", "VCALENDAR")
	return w.buf.Bytes()
}
