package server

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// serve --help prints defaults taken from the environment, but never a
// secret or a password from there.
func TestHelpNeverShowsSecretsFromTheEnvironment(t *testing.T) {
	env := map[string]string{
		"SSMCONTACTS_DB":                "postgres://oncall:db-pass-123@db.internal/oncall",
		"SSMCONTACTS_SMTP_URL":          "smtp://mailer:smtp-pass-456@mail.internal:587",
		"SSMCONTACTS_ADMIN_TOKEN":       "admin-token-789",
		"SSMCONTACTS_WEBHOOK_SECRET":    "webhook-secret-abc",
		"SSMCONTACTS_TWILIO_AUTH_TOKEN": "twilio-token-def",
	}
	var out bytes.Buffer
	_, err := ParseConfig([]string{"--help"}, func(k string) string { return env[k] }, &out)
	if !errors.Is(err, ErrHelp) {
		t.Fatalf("ParseConfig(--help) = %v, want ErrHelp", err)
	}
	help := out.String()
	for _, secret := range []string{"db-pass-123", "smtp-pass-456", "admin-token-789", "webhook-secret-abc", "twilio-token-def"} {
		if strings.Contains(help, secret) {
			t.Errorf("--help shows %q", secret)
		}
	}
	for _, shown := range []string{"db.internal", "mail.internal", "(set)"} {
		if !strings.Contains(help, shown) {
			t.Errorf("--help does not show %q", shown)
		}
	}
}
