package notify

import (
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

func TestSMSText(t *testing.T) {
	long := strings.Repeat("disk full on db-1 ", 40)
	tests := []struct {
		name string
		m    Message
		want string
	}{
		{
			name: "activation code",
			m:    Message{Kind: KindActivation, ChannelName: "akua's phone", Code: "123456", CodeValidFor: 15 * time.Minute},
			want: "ssmcontacts code 123456 for akua's phone. Expires in 15 min.",
		},
		{
			name: "activation code of an unnamed channel",
			m:    Message{Kind: KindActivation, Code: "123456"},
			want: "ssmcontacts code 123456 for your contact channel.",
		},
		{
			name: "page",
			m:    Message{Kind: KindPage, Sender: "cli", Subject: "Database down", Code: "425440"},
			want: "ssmcontacts page from cli: Database down. Reply 425440 to acknowledge.",
		},
		{
			name: "page without a subject says the body, on one line",
			m:    Message{Kind: KindPage, Body: "Disk\nfull.", Code: "425440"},
			want: "ssmcontacts page: Disk full. Reply 425440 to acknowledge.",
		},
		{
			name: "a long subject is cut to two segments",
			m:    Message{Kind: KindPage, Sender: "cli", Subject: long, Code: "425440"},
			want: "ssmcontacts page from cli: " + strings.TrimSpace(long[:247]) + "... Reply 425440 to acknowledge.",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := SMSText(tc.m)
			if got != tc.want {
				t.Errorf("SMSText =\n  %q\nwant\n  %q", got, tc.want)
			}
			if !fits(got) {
				t.Errorf("%q does not fit two segments", got)
			}
		})
	}
}

func TestSMSTextFitsTwoSegments(t *testing.T) {
	for _, subject := range []string{
		strings.Repeat("x", 5000),
		strings.Repeat("{[]}", 500),                     // GSM-7 extension characters take two septets
		strings.Repeat("Datenbank ausgefallen 🔥 ", 100), // UCS-2
	} {
		got := SMSText(Message{Kind: KindPage, Sender: strings.Repeat("s", 255), Subject: subject, Code: "1234567890"})
		if !strings.HasSuffix(got, "... Reply 1234567890 to acknowledge.") || strings.HasSuffix(got, ".... Reply 1234567890 to acknowledge.") {
			t.Errorf("%q lost its reply instructions", got)
		}
		if n, ok := gsmSeptets(got); ok && n > maxGSMSeptets {
			t.Errorf("%d septets, more than two segments", n)
		} else if !ok && len(utf16.Encode([]rune(got))) > maxUCS2Units {
			t.Errorf("%d UTF-16 units, more than two segments", len(utf16.Encode([]rune(got))))
		}
	}
}
