package console

import (
	"html/template"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"strings"
	"time"
)

// pageNames are the templates under templates/, each rendered inside
// layout.html.
var pageNames = []string{"signin", "now", "contacts", "contact", "rotations", "rotation", "engagements", "engagement", "outbox", "message", "notfound"}

func parsePages() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"iso":     func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"minutes": minutes,
		"rel": func(t any, since time.Time) string {
			switch t := t.(type) {
			case time.Time:
				return rel(t.Sub(since))
			case *time.Time:
				if t != nil {
					return rel(t.Sub(since))
				}
			}
			return ""
		},
		"ago":    func(now, t time.Time) string { return strings.TrimPrefix(rel(now.Sub(t)), "+") + " ago" },
		"feedOf": func(v *view, f *feedPanel) feedCard { return feedCard{V: v, Feed: f} },
		"card":   func(v *view, p people, o onCall) oncallCard { return oncallCard{V: v, People: p, OnCall: o} },
		"rotID": func(arn string) string {
			a, _ := contacts.ParseARN(arn)
			return a.ID
		},
		"lower": strings.ToLower,
		"add":   func(a, b int) int { return a + b },
		"arnParts": func(arn string) []string {
			return strings.SplitAfterN(arn, ":", 6)
		},
	}
	out := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		out[name] = t
	}
	return out, nil
}

// Loc is the zone times are shown in.
func (v *view) Loc() *time.Location {
	if v.Session != nil && v.Session.loc != nil {
		return v.Session.loc
	}
	return time.UTC
}

// When is a time as the viewer reads it: "Mon 7 Dec 09:00 GMT".
func (v *view) When(t time.Time) string { return t.In(v.Loc()).Format("Mon 2 Jan 15:04 MST") }

// WhenIn is When in a given zone.
func (v *view) WhenIn(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("Mon 2 Jan 15:04 MST")
}

// Clock is a time of day in loc: "09:00".
func (v *view) Clock(t time.Time, loc *time.Location) string { return t.In(loc).Format("15:04") }

// Full is a time with seconds, for timelines.
func (v *view) Full(t time.Time) string { return t.In(v.Loc()).Format("Mon 2 Jan 2006 15:04:05 MST") }

// Local is t in the datetime-local form of loc.
func (v *view) Local(t time.Time, loc *time.Location) string { return t.In(loc).Format(datetimeLocal) }

// oncallCard is what the "oncall" partial shows.
type oncallCard struct {
	V      *view
	People people
	OnCall onCall
}

// feedCard is what the "feed" partial shows.
type feedCard struct {
	V    *view
	Feed *feedPanel
}
