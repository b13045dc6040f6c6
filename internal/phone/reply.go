package phone

import (
	"strings"
	"unicode"
)

// CommandKind is what a reply from a phone asks for.
type CommandKind int

const (
	// CmdHelp: anything not understood (and HELP, INFO).
	CmdHelp CommandKind = iota
	// CmdCode: acknowledge the page with this accept code.
	CmdCode
	// CmdAck: acknowledge the one open page.
	CmdAck
	// CmdStop: no more texts to this number (STOP, UNSUBSCRIBE and the
	// carriers' other opt-out words).
	CmdStop
	// CmdStart: texts again, after new activation codes.
	CmdStart
)

// Command is a parsed reply.
type Command struct {
	Kind CommandKind
	Code string // CmdCode only
}

// The words carriers and providers treat as opting out and back in.
var (
	stopWords  = map[string]bool{"STOP": true, "STOPALL": true, "UNSUBSCRIBE": true, "CANCEL": true, "END": true, "QUIT": true}
	startWords = map[string]bool{"START": true, "UNSTOP": true, "YES": true}
	ackWords   = map[string]bool{"ACK": true, "ACKNOWLEDGE": true}
)

// ParseReply reads a reply: a 6 to 10 digit number anywhere in it is an
// accept code ("425440", "ack 425440", "#425440"); otherwise a reply of
// one word is ACK, an opt-out word, an opt-in word, or help. Case and
// punctuation do not matter.
func ParseReply(body string) Command {
	words := strings.FieldsFunc(strings.ToUpper(body), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for _, w := range words {
		if len(w) >= 6 && len(w) <= 10 && strings.Trim(w, "0123456789") == "" {
			return Command{Kind: CmdCode, Code: w}
		}
	}
	if len(words) != 1 {
		return Command{Kind: CmdHelp}
	}
	switch w := words[0]; {
	case ackWords[w]:
		return Command{Kind: CmdAck}
	case stopWords[w]:
		return Command{Kind: CmdStop}
	case startWords[w]:
		return Command{Kind: CmdStart}
	}
	return Command{Kind: CmdHelp}
}
