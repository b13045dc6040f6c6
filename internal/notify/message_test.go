package notify

import (
	"strings"
	"testing"
)

func TestMessageValidate(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*Message)
		wantErr string // empty: valid
	}{
		{name: "page", edit: func(*Message) {}},
		{name: "activation", edit: func(m *Message) { *m = testActivation() }},
		{name: "reminder", edit: func(m *Message) {
			*m = testActivation()
			m.Kind, m.Code = KindReminder, ""
		}},
		{name: "ten-digit code", edit: func(m *Message) { m.Code = "0123456789" }},
		{name: "page without ack URL", edit: func(m *Message) { m.AckURL = "" }},
		{name: "no ID", edit: func(m *Message) { m.ID = "" }, wantErr: "message ID must be 1 to 128 characters"},
		{name: "ID too long", edit: func(m *Message) { m.ID = strings.Repeat("a", 129) }, wantErr: "message ID must be 1 to 128 characters"},
		{name: "ID that would break a Message-ID", edit: func(m *Message) { m.ID = "a>b@c" }, wantErr: `message ID "a>b@c" may hold only letters, digits, '-' and '_'`},
		{name: "unknown kind", edit: func(m *Message) { m.Kind = "DIGEST" }, wantErr: `unknown message kind "DIGEST"`},
		{name: "reminder with a code", edit: func(m *Message) { m.Kind = KindReminder }, wantErr: "a reminder carries no code"},
		{name: "unknown channel type", edit: func(m *Message) { m.ChannelType = "PUSH" }, wantErr: `unknown channel type "PUSH"`},
		{name: "no address", edit: func(m *Message) { m.Address = "" }, wantErr: "address is empty"},
		{name: "address with a line break", edit: func(m *Message) { m.Address = "a@example.com\r\nBcc: b@example.com" }, wantErr: "address contains control characters"},
		{name: "address too long", edit: func(m *Message) { m.Address = strings.Repeat("a", 321) }, wantErr: "address is longer than 320 bytes"},
		{name: "short code", edit: func(m *Message) { m.Code = "12345" }, wantErr: "code must be 6 to 10 digits"},
		{name: "long code", edit: func(m *Message) { m.Code = "12345678901" }, wantErr: "code must be 6 to 10 digits"},
		{name: "code with letters", edit: func(m *Message) { m.Code = "12345a" }, wantErr: "code must be 6 to 10 digits"},
		{name: "page without page ARN", edit: func(m *Message) { m.PageArn = "" }, wantErr: "a page needs its page ARN and engagement ARN"},
		{name: "ARN with a line break", edit: func(m *Message) { m.PageArn += "\nX-Evil: 1" }, wantErr: "page ARN contains control characters"},
		{name: "ARN too long", edit: func(m *Message) { m.ChannelArn = strings.Repeat("a", 901) }, wantErr: "channel ARN is longer than 900 bytes"},
		{name: "relative ack URL", edit: func(m *Message) { m.AckURL = "/ack/1" }, wantErr: "ack URL must be an absolute http or https URL"},
		{name: "javascript ack URL", edit: func(m *Message) { m.AckURL = "javascript:alert(1)" }, wantErr: "ack URL must be an absolute http or https URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := testPage()
			tt.edit(&m)
			err := m.Validate()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.wantErr {
				t.Errorf("Validate() = %q, want %q", got, tt.wantErr)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"short", "bad request", "bad request"},
		{"whitespace collapsed and trimmed", "  line one\r\n\tline two\n", "line one line two"},
		{"control and invalid bytes become spaces", "a\x00b\x1b[31mc\xffd", "a b [31mc d"},
		{"exactly the limit", strings.Repeat("x", maxExcerpt), strings.Repeat("x", maxExcerpt)},
		{"over the limit", strings.Repeat("x", maxExcerpt+1), strings.Repeat("x", maxExcerpt) + "…"},
		{"a space does not push past the limit", strings.Repeat("x", maxExcerpt-1) + " y", strings.Repeat("x", maxExcerpt-1) + "…"},
		{"runes, not bytes", strings.Repeat("é", maxExcerpt), strings.Repeat("é", maxExcerpt)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := excerpt([]byte(tt.in)); got != tt.want {
				t.Errorf("excerpt(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
