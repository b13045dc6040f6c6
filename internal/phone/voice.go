package phone

import (
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// What calls say. Speech is bounded: the provider's <Say> takes a few
// thousand characters, and nobody listens to more.
const maxSpoken = 1000

// pageCall says the page and asks for a key, twice, then says goodbye.
// The provider posts the key pressed to action.
func pageCall(m *contacts.Message, action string) []byte {
	text := "This is ssmcontacts with a page"
	if m.Sender != "" {
		text += " from " + spoken(m.Sender, 100)
	}
	text += ". " + sentence(m.Subject) + " " + sentence(m.Body) + " Press 1 to acknowledge."
	ask := func() any {
		return gather{NumDigits: 1, Action: action, Method: "POST", Timeout: 5, Verbs: []any{say{Text: strings.TrimSpace(text)}}}
	}
	return render(ask(), ask(), say{Text: "Goodbye."}, hangup{})
}

func acknowledgedCall() []byte {
	return render(say{Text: "The page is acknowledged. Thank you. Goodbye."}, hangup{})
}

func closedCall(m *contacts.Message) []byte {
	return render(say{Text: "This is ssmcontacts. The page about " + strings.TrimRight(spoken(m.Subject, 200), ".") + " is no longer open. Goodbye."}, hangup{})
}

// voicemail is left on a machine: the page, and how to acknowledge it,
// since a machine cannot press 1.
func voicemail(m *contacts.Message) []byte {
	return render(say{Text: "This is ssmcontacts with a page. " + sentence(m.Subject) +
		" To acknowledge it, answer the next call and press 1, or reply to its text message with the code. Goodbye."}, hangup{})
}

// activationCall reads an activation code slowly, twice.
func activationCall(m *contacts.Message) []byte {
	digits := strings.Join(strings.Split(m.Code, ""), ", ") + "."
	intro := "This is ssmcontacts. Your activation code"
	if m.ChannelName != "" {
		intro += " for " + spoken(m.ChannelName, 100)
	}
	return render(
		say{Text: intro + " is:"}, pause{Length: 1}, say{Text: digits}, pause{Length: 1},
		say{Text: "Again, your code is:"}, pause{Length: 1}, say{Text: digits}, pause{Length: 1},
		say{Text: "Goodbye."}, hangup{},
	)
}

// spoken makes s one line of at most n characters.
func spoken(s string, n int) string { return clip(s, n) }

// sentence makes s one line, bounded, ending with a full stop.
func sentence(s string) string {
	s = spoken(s, maxSpoken)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}
