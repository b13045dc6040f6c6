package incidents

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseAlert(t *testing.T) {
	p := func(s string) *string { return &s }
	i := func(n int) *int { return &n }
	tests := []struct {
		name string
		body string
		want Alert
	}{
		{
			name: "alertmanager firing",
			body: `{"version":"4","groupKey":"g1","status":"firing","groupLabels":{"alertname":"Down","job":"api"},
				"commonLabels":{"alertname":"Down","severity":"critical"},"commonAnnotations":{},
				"alerts":[{"status":"firing","labels":{"alertname":"Down"},"annotations":{"summary":"api-1 down"}}]}`,
			want: Alert{Source: "alertmanager", Key: "g1", Title: "Down (job=api)", Summary: p("[FIRING] api-1 down"), Impact: i(1)},
		},
		{
			name: "alertmanager resolved with annotations",
			body: `{"version":"4","groupKey":"g1","status":"resolved","commonLabels":{"severity":"info"},
				"commonAnnotations":{"summary":"S","description":"D"},"alerts":[{"status":"resolved"}]}`,
			want: Alert{Source: "alertmanager", Key: "g1", Resolved: true, Title: "S", Summary: p("D"), Impact: i(4)},
		},
		{
			name: "grafana",
			body: `{"orgId":1,"version":"1","groupKey":"gk","status":"firing","title":"[FIRING:1] X","message":"M","alerts":[{"status":"firing"}]}`,
			want: Alert{Source: "grafana", Key: "gk", Title: "[FIRING:1] X", Summary: p("M")},
		},
		{
			name: "plain",
			body: `{"title":"T","summary":"S","impact":2,"dedupe":"k","status":"firing"}`,
			want: Alert{Source: "webhook", Key: "k", Title: "T", Summary: p("S"), Impact: i(2)},
		},
		{
			name: "plain keyed by title",
			body: `{"title":"T"}`,
			want: Alert{Source: "webhook", Key: "T", Title: "T"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseAlert([]byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.IgnoreFields(Alert{}, "RawData")); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if got.RawData == nil || *got.RawData != tc.body {
				t.Errorf("RawData = %v", got.RawData)
			}
		})
	}
}

func TestParseAlertRefuses(t *testing.T) {
	for name, body := range map[string]string{
		"not an object":   `[1]`,
		"am version 3":    `{"version":"3","groupKey":"g","status":"firing","alerts":[{}]}`,
		"am no group key": `{"version":"4","status":"firing","alerts":[{}]}`,
		"am no alerts":    `{"version":"4","groupKey":"g","status":"firing","alerts":[]}`,
		"am bad status":   `{"version":"4","groupKey":"g","status":"pending","alerts":[{}]}`,
		"plain unknown":   `{"title":"x","sev":1}`,
		"plain impact":    `{"title":"x","impact":0}`,
		"plain no title":  `{"status":"firing","dedupe":"k"}`,
		"plain nothing":   `{}`,
	} {
		_, err := ParseAlert([]byte(body))
		var pe *PayloadError
		if !errors.As(err, &pe) || pe.Message == "" {
			t.Errorf("%s: err = %v, want a PayloadError", name, err)
		}
	}
}

func TestTimeJSON(t *testing.T) {
	var tm Time
	if err := tm.UnmarshalJSON([]byte("1767603600.123")); err != nil {
		t.Fatal(err)
	}
	b, _ := tm.MarshalJSON()
	if string(b) != "1767603600.123" {
		t.Errorf("round trip = %s", b)
	}
}

func TestAlertDedupeStringFitsTheModel(t *testing.T) {
	long := make([]byte, 5000)
	for i := range long {
		long[i] = 'k'
	}
	d := Alert{Source: "alertmanager", Key: string(long)}.dedupeString("arn:aws:ssm-incidents::000000000000:response-plan/p")
	if len(d) > 1000 {
		t.Errorf("dedupe string has %d characters, more than DedupeString's 1000", len(d))
	}
}
