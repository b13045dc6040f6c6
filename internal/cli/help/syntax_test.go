package help

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// The seed page (aws ssm-contacts create-contact help) offers shorthand for
// --tags but only JSON for --plan; the JSON syntax lists every member.
func TestSyntaxMatchesTheSeedPage(t *testing.T) {
	svc := model.MustLoad()
	in := svc.Operation("CreateContact").Input
	tags := in.MemberByName("Tags").Shape
	plan := in.MemberByName("Plan").Shape
	if got := shorthandSyntax(tags); got != "Key=string,Value=string ..." {
		t.Errorf("tags shorthand = %q", got)
	}
	if got := shorthandSyntax(plan); got != "" {
		t.Errorf("plan shorthand = %q, want none", got)
	}
	json := jsonSyntax(plan, 0, nil)
	for _, want := range []string{`"DurationInMinutes": integer`, `"ContactChannelId": "string"`, `"IsEssential": true|false`, `"RotationIds": ["string", ...]`} {
		if !strings.Contains(json, want) {
			t.Errorf("plan JSON syntax lacks %s:\n%s", want, json)
		}
	}
}

func TestParagraphs(t *testing.T) {
	got := paragraphs(`<p>To create an escalation plan use <code>ESCALATION</code>.</p> <ul> <li> <p>PERSONAL: one &amp; only</p> </li> </ul>`)
	want := []string{"To create an escalation plan use ESCALATION.", "* PERSONAL: one & only"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
