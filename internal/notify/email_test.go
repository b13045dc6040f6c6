package notify

import (
	"bytes"
	"flag"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

var testFrom = &mail.Address{Name: "On-call", Address: "pager@example.com"}

func testActivation() Message {
	return Message{
		ID:          "0b8f2c62-4f2e-4a36-9c55-3d3b1f0e7a10",
		Kind:        KindActivation,
		ChannelType: ChannelEmail,
		Address:     "alice@example.com",
		ChannelArn:  "arn:aws:ssm-contacts:us-east-1:000000000000:contact-channel/alice/77d4f447-f619-4954-afff-85551e369c2a",
		ContactArn:  "arn:aws:ssm-contacts:us-east-1:000000000000:contact/alice",
		Subject:     "Your activation code",
		Body:        "Enter this code to activate your contact channel.",
		Code:        "123456",
		CreatedAt:   time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC),
	}
}

func testPage() Message {
	return Message{
		ID:            "5e1c8a3b-9d0f-4c6e-8b7a-2f4d6e8a0c1b",
		Kind:          KindPage,
		ChannelType:   ChannelEmail,
		Address:       "alice@example.com",
		ChannelArn:    "arn:aws:ssm-contacts:us-east-1:000000000000:contact-channel/alice/77d4f447-f619-4954-afff-85551e369c2a",
		ContactArn:    "arn:aws:ssm-contacts:us-east-1:000000000000:contact/alice",
		PageArn:       "arn:aws:ssm-contacts:us-east-1:000000000000:page/alice/d3a1e9c6-2b7f-4e58-9a0d-6c4b8f2e1a37",
		EngagementArn: "arn:aws:ssm-contacts:us-east-1:000000000000:engagement/alice/a9b8c7d6-e5f4-4321-8765-0fedcba98765",
		Subject:       "Database down",
		Body:          "The primary database stopped answering at 09:28 UTC.",
		Code:          "425440",
		AckURL:        "https://oncall.example.com/_ssmcontacts/ack?page=d3a1e9c6&code=425440",
		CreatedAt:     time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC),
	}
}

func TestComposeEmailGolden(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Message)
	}{
		{"activation", nil},
		{"page", func(m *Message) { *m = testPage() }},
		{"page_without_ack_url", func(m *Message) { *m = testPage(); m.AckURL = "" }},
		{"page_utf8", func(m *Message) {
			*m = testPage()
			m.Subject = "Base de données arrêtée — vérifiez la réplique"
			m.Body = "La base principale ne répond plus.\nMerci d'accuser réception."
		}},
		{"long_subject_folded", func(m *Message) {
			*m = testPage()
			m.Subject = strings.Repeat("checkout latency above threshold in eu-west-1 ", 4)
		}},
		{"header_injection_in_subject", func(m *Message) {
			*m = testPage()
			m.Subject = "Alert\r\nBcc: mallory@example.com\r\n\r\nforged body"
		}},
		{"long_body_line", func(m *Message) {
			*m = testPage()
			m.Body = strings.Repeat("0123456789", 120)
		}},
		{"empty_subject_and_body", func(m *Message) { m.Subject, m.Body = "", "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := testActivation()
			if tt.edit != nil {
				tt.edit(&m)
			}
			if err := m.Validate(); err != nil {
				t.Fatalf("test message is invalid: %v", err)
			}
			got := composeEmail(email{from: testFrom, to: m.Address, messageID: messageIDFor(m.ID, testFrom), date: m.CreatedAt}, m)
			checkGolden(t, filepath.Join("testdata", "email", tt.name+".eml"), got)
			checkEmail(t, got, m)
		})
	}
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

// checkEmail parses raw as a receiver would and checks that it says what
// m says, within RFC 5322's line limits.
func checkEmail(t *testing.T, raw []byte, m Message) {
	t.Helper()
	for i, line := range bytes.Split(raw, []byte("\r\n")) {
		if len(line) > maxLineBytes {
			t.Errorf("line %d is %d bytes long", i+1, len(line))
		}
		if bytes.ContainsAny(line, "\r\n") {
			t.Errorf("line %d holds a bare CR or LF", i+1)
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("mail.ReadMessage: %v", err)
	}
	var dec mime.WordDecoder
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("decoding Subject: %v", err)
	}
	body, err := io.ReadAll(msg.Body)
	if err != nil {
		t.Fatal(err)
	}
	if msg.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
		body, err = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(body)))
		if err != nil {
			t.Fatalf("decoding quoted-printable body: %v", err)
		}
	}
	wantPageArn := ""
	if m.Kind == KindPage {
		wantPageArn = m.PageArn
	}
	got := map[string]string{
		"Subject":                 subject,
		"To":                      msg.Header.Get("To"),
		"Message-ID":              msg.Header.Get("Message-ID"),
		HeaderMessageID:           msg.Header.Get(HeaderMessageID),
		HeaderKind:                msg.Header.Get(HeaderKind),
		HeaderPageArn:             msg.Header.Get(HeaderPageArn),
		"Content-Type":            msg.Header.Get("Content-Type"),
		"body":                    normalizeNewlines(string(body)),
		"headers other than ours": strings.Join(unexpectedHeaders(msg.Header), ","),
	}
	want := map[string]string{
		"Subject":                 emailSubject(m),
		"To":                      "<" + m.Address + ">",
		"Message-ID":              "<" + m.ID + "@example.com>",
		HeaderMessageID:           m.ID,
		HeaderKind:                string(m.Kind),
		HeaderPageArn:             wantPageArn,
		"Content-Type":            "text/plain; charset=utf-8",
		"body":                    emailText(m),
		"headers other than ours": "",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parsed email (-want +got):\n%s", diff)
	}
}

func unexpectedHeaders(h mail.Header) []string {
	known := map[string]bool{
		"Date": true, "From": true, "To": true, "Subject": true, "Message-Id": true,
		"Mime-Version": true, "Content-Type": true, "Content-Transfer-Encoding": true,
		"Auto-Submitted": true, HeaderMessageID: true, HeaderKind: true, HeaderPageArn: true,
	}
	var extra []string
	for k := range h {
		if !known[k] {
			extra = append(extra, k)
		}
	}
	return extra
}

func FuzzComposeEmail(f *testing.F) {
	f.Add("Database down", "The primary stopped.\nCall me.", "https://ack.example.com/p")
	f.Add("Base de données arrêtée", "Réplique en retard\r\n\tligne 2", "")
	f.Add("a\r\nBcc: x@example.com", "line\r\r\n.\n..\n", "")
	f.Add(strings.Repeat("é", 300), strings.Repeat("x", 2000), "")
	f.Add("", "", "http://h/")
	f.Fuzz(func(t *testing.T, subject, body, ackURL string) {
		m := testPage()
		m.Subject, m.Body, m.AckURL = subject, body, ackURL
		if m.Validate() != nil {
			return
		}
		raw := composeEmail(email{from: testFrom, to: m.Address, messageID: messageIDFor(m.ID, testFrom), date: m.CreatedAt}, m)
		// ASCII text that looks like an encoded-word is decoded by readers,
		// and a word too long for one line gets cut: neither round-trips.
		if strings.Contains(subject, "=?") || hasWordLongerThan(subject, 900) {
			if _, err := mail.ReadMessage(bytes.NewReader(raw)); err != nil {
				t.Fatalf("mail.ReadMessage: %v", err)
			}
			return
		}
		checkEmail(t, raw, m)
	})
}

func hasWordLongerThan(s string, n int) bool {
	for _, w := range strings.FieldsFunc(s, isSubjectSpace) {
		if len(w) > n {
			return true
		}
	}
	return false
}
