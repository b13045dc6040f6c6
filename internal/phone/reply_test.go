package phone

import "testing"

func TestParseReply(t *testing.T) {
	tests := []struct {
		body string
		want Command
	}{
		{"425440", Command{Kind: CmdCode, Code: "425440"}},
		{"  ack 425440\n", Command{Kind: CmdCode, Code: "425440"}},
		{"#425440", Command{Kind: CmdCode, Code: "425440"}},
		{"425440 on it", Command{Kind: CmdCode, Code: "425440"}},
		{"1234567890", Command{Kind: CmdCode, Code: "1234567890"}},
		{"12345", Command{Kind: CmdHelp}},       // too short for a code
		{"12345678901", Command{Kind: CmdHelp}}, // too long
		{"ACK", Command{Kind: CmdAck}},
		{"ack.", Command{Kind: CmdAck}},
		{"Acknowledge", Command{Kind: CmdAck}},
		{"ack please", Command{Kind: CmdHelp}},
		{"STOP", Command{Kind: CmdStop}},
		{"stop", Command{Kind: CmdStop}},
		{"Unsubscribe", Command{Kind: CmdStop}},
		{"STOPALL", Command{Kind: CmdStop}},
		{"START", Command{Kind: CmdStart}},
		{"unstop", Command{Kind: CmdStart}},
		{"HELP", Command{Kind: CmdHelp}},
		{"", Command{Kind: CmdHelp}},
		{"what is this?", Command{Kind: CmdHelp}},
		{"١٢٣٤٥٦", Command{Kind: CmdHelp}}, // digits, but not ASCII ones
	}
	for _, tc := range tests {
		if got := ParseReply(tc.body); got != tc.want {
			t.Errorf("ParseReply(%q) = %+v, want %+v", tc.body, got, tc.want)
		}
	}
}
