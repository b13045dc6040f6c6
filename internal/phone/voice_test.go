package phone

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

func TestPageCallTwiML(t *testing.T) {
	m := &contacts.Message{Kind: contacts.KindPage, Sender: "cli", Subject: "Database <down> & out",
		Body: "The primary database\nis unreachable"}
	got := string(pageCall(m, "https://pager.example.com/_ssmcontacts/twilio/voice?m=abc&s=xyz"))
	want := `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Gather numDigits="1" action="https://pager.example.com/_ssmcontacts/twilio/voice?m=abc&amp;s=xyz" method="POST" timeout="5">
    <Say>This is ssmcontacts with a page from cli. Database &lt;down&gt; &amp; out. The primary database is unreachable. Press 1 to acknowledge.</Say>
  </Gather>
  <Gather numDigits="1" action="https://pager.example.com/_ssmcontacts/twilio/voice?m=abc&amp;s=xyz" method="POST" timeout="5">
    <Say>This is ssmcontacts with a page from cli. Database &lt;down&gt; &amp; out. The primary database is unreachable. Press 1 to acknowledge.</Say>
  </Gather>
  <Say>Goodbye.</Say>
  <Hangup></Hangup>
</Response>
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("TwiML (-want +got):\n%s", diff)
	}
}

func TestActivationCallTwiML(t *testing.T) {
	got := string(activationCall(&contacts.Message{Kind: contacts.KindActivation, ChannelName: "akua's phone", Code: "123456"}))
	want := `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Say>This is ssmcontacts. Your activation code for akua&#39;s phone is:</Say>
  <Pause length="1"></Pause>
  <Say>1, 2, 3, 4, 5, 6.</Say>
  <Pause length="1"></Pause>
  <Say>Again, your code is:</Say>
  <Pause length="1"></Pause>
  <Say>1, 2, 3, 4, 5, 6.</Say>
  <Pause length="1"></Pause>
  <Say>Goodbye.</Say>
  <Hangup></Hangup>
</Response>
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("TwiML (-want +got):\n%s", diff)
	}
}

func TestSMSAnswerTwiML(t *testing.T) {
	got := string(render(message{Text: "Acknowledged: Database down (from cli)."}))
	want := `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Message>Acknowledged: Database down (from cli).</Message>
</Response>
`
	if got != want {
		t.Errorf("TwiML =\n%s\nwant\n%s", got, want)
	}
}
