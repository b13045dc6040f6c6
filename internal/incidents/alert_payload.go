package incidents

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Alert is a monitoring system's notification, whatever its format.
type Alert struct {
	// Source names the format: "alertmanager", "grafana" or "webhook".
	Source string
	// Key identifies the alert group: repeated notifications of one group
	// share it, so they find the incident the first one opened.
	Key      string
	Resolved bool
	Title    string
	Summary  *string
	Impact   *int
	RawData  *string
}

// dedupeString is the incident dedupe string of the alert's group on the
// response plan planARN (the same group sent to two plans opens two
// incidents).
func (a Alert) dedupeString(planARN string) string {
	sum := sha256.Sum256([]byte(planARN + "\x00" + a.Key))
	return a.Source + ":" + hex.EncodeToString(sum[:16])
}

// PayloadError is a body that is not an accepted alert.
type PayloadError struct{ Message string }

func (e *PayloadError) Error() string { return e.Message }

func badPayload(format string, args ...any) error {
	return &PayloadError{Message: fmt.Sprintf(format, args...)}
}

// Model bounds the fields are cut to.
const (
	maxTitle   = 200
	maxSummary = 8000
	maxRaw     = 10000
)

// ParseAlert reads an Alertmanager webhook (version 4), a Grafana alerting
// webhook, or a plain {"title", "summary", "impact", "dedupe", "status"}
// document. Errors are *PayloadError, worded for the sender.
func ParseAlert(body []byte) (Alert, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(body, &probe); err != nil {
		return Alert{}, badPayload("The body is not a JSON object: %v", err)
	}
	raw := clip(string(body), maxRaw)
	var a Alert
	var err error
	switch {
	case probe["alerts"] != nil && (probe["orgId"] != nil || probe["title"] != nil && probe["groupKey"] != nil && !isVersion4(probe)):
		a, err = parseGrafana(body)
	case probe["alerts"] != nil:
		a, err = parseAlertmanager(body, probe)
	default:
		a, err = parsePlain(body)
	}
	if err != nil {
		return Alert{}, err
	}
	a.RawData = &raw
	a.Title = clip(a.Title, maxTitle)
	if a.Summary != nil {
		s := clip(*a.Summary, maxSummary)
		a.Summary = &s
	}
	return a, nil
}

func isVersion4(probe map[string]json.RawMessage) bool {
	return bytes.Equal(bytes.TrimSpace(probe["version"]), []byte(`"4"`))
}

type amAlert struct {
	Status      string            `json:"status"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
	Fingerprint string            `json:"fingerprint"`
}

type amPayload struct {
	Version           string            `json:"version"`
	GroupKey          string            `json:"groupKey"`
	Status            string            `json:"status"`
	Receiver          string            `json:"receiver"`
	GroupLabels       map[string]string `json:"groupLabels"`
	CommonLabels      map[string]string `json:"commonLabels"`
	CommonAnnotations map[string]string `json:"commonAnnotations"`
	Alerts            []amAlert         `json:"alerts"`
	// Grafana's additions.
	Title   string `json:"title"`
	Message string `json:"message"`
}

func parseAlertmanager(body []byte, probe map[string]json.RawMessage) (Alert, error) {
	if !isVersion4(probe) {
		return Alert{}, badPayload("Alertmanager webhook version %s is not supported: send version \"4\" (Alertmanager 0.16 and later)", string(probe["version"]))
	}
	var p amPayload
	if err := json.Unmarshal(body, &p); err != nil {
		return Alert{}, badPayload("The Alertmanager payload does not decode: %v", err)
	}
	return fromGroup("alertmanager", p, "")
}

func parseGrafana(body []byte) (Alert, error) {
	var p amPayload
	if err := json.Unmarshal(body, &p); err != nil {
		return Alert{}, badPayload("The Grafana payload does not decode: %v", err)
	}
	return fromGroup("grafana", p, p.Title)
}

func fromGroup(source string, p amPayload, title string) (Alert, error) {
	if p.GroupKey == "" {
		return Alert{}, badPayload("The %s payload has no groupKey", source)
	}
	if len(p.Alerts) == 0 {
		return Alert{}, badPayload("The %s payload has no alerts", source)
	}
	a := Alert{Source: source, Key: p.GroupKey}
	switch p.Status {
	case "firing":
	case "resolved":
		a.Resolved = true
	default:
		return Alert{}, badPayload("The %s payload's status is %q: want \"firing\" or \"resolved\"", source, p.Status)
	}
	if title == "" {
		title = p.CommonAnnotations["summary"]
	}
	if title == "" {
		title = p.CommonLabels["alertname"]
		if title == "" {
			title = p.Alerts[0].Labels["alertname"]
		}
		if extra := labelList(p.GroupLabels, "alertname"); extra != "" {
			title += " (" + extra + ")"
		}
	}
	if title == "" {
		title = "Alert from " + source
	}
	a.Title = title
	summary := p.Message
	if summary == "" {
		summary = p.CommonAnnotations["description"]
	}
	if summary == "" {
		var lines []string
		for _, al := range p.Alerts {
			line := al.Annotations["summary"]
			if d := al.Annotations["description"]; d != "" {
				line = strings.TrimSpace(line + " " + d)
			}
			if line == "" {
				line = labelList(al.Labels, "")
			}
			lines = append(lines, "["+strings.ToUpper(al.Status)+"] "+line)
		}
		summary = strings.Join(lines, "\n")
	}
	a.Summary = &summary
	if imp, ok := severityImpact(p.CommonLabels["severity"]); ok {
		a.Impact = &imp
	}
	return a, nil
}

// severityImpact maps the customary severity label to an impact (1 is
// critical, 5 none).
func severityImpact(sev string) (int, bool) {
	switch strings.ToLower(sev) {
	case "critical", "page", "p1":
		return 1, true
	case "high", "error", "major", "p2":
		return 2, true
	case "warning", "warn", "medium", "p3":
		return 3, true
	case "low", "info", "minor", "p4":
		return 4, true
	case "none", "p5":
		return 5, true
	}
	return 0, false
}

func labelList(m map[string]string, skip string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		if k != skip {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + m[k]
	}
	return strings.Join(parts, ", ")
}

type plainPayload struct {
	Title   *string `json:"title"`
	Summary *string `json:"summary"`
	Impact  *int    `json:"impact"`
	Dedupe  *string `json:"dedupe"`
	Status  *string `json:"status"`
}

func parsePlain(body []byte) (Alert, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var p plainPayload
	if err := dec.Decode(&p); err != nil {
		return Alert{}, badPayload("The body is neither an Alertmanager (version 4) nor a Grafana webhook, nor a plain alert {\"title\", \"summary\", \"impact\", \"dedupe\", \"status\"}: %v", err)
	}
	a := Alert{Source: "webhook", Summary: p.Summary, Impact: p.Impact}
	if p.Status != nil {
		switch *p.Status {
		case "firing":
		case "resolved":
			a.Resolved = true
		default:
			return Alert{}, badPayload("status is %q: want \"firing\" or \"resolved\"", *p.Status)
		}
	}
	if p.Impact != nil && (*p.Impact < 1 || *p.Impact > 5) {
		return Alert{}, badPayload("impact is %d: want 1 (critical) to 5 (none)", *p.Impact)
	}
	if p.Title != nil {
		a.Title = *p.Title
	}
	switch {
	case p.Dedupe != nil && *p.Dedupe != "":
		a.Key = *p.Dedupe
	case a.Title != "":
		a.Key = a.Title
	default:
		return Alert{}, badPayload("A plain alert needs a title or a dedupe key")
	}
	if !a.Resolved && a.Title == "" {
		return Alert{}, badPayload("A firing plain alert needs a title")
	}
	return a, nil
}

// clip cuts s to at most n characters, at a character boundary.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}
