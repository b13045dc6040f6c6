package server

import (
	"io"
	"strings"
	"testing"
)

func TestTwilioFlagsRefuseHalfAConfiguration(t *testing.T) {
	tests := []struct {
		args []string
		want string // "" = accepted
	}{
		{nil, ""},
		{[]string{"--twilio-account-sid", "AC1", "--twilio-auth-token", "t", "--twilio-from", "+12065550000"}, ""},
		{[]string{"--twilio-account-sid", "AC1"}, "--twilio-auth-token and --twilio-from are missing"},
		{[]string{"--twilio-account-sid", "AC1", "--twilio-from", "+12065550000"}, "--twilio-auth-token is missing"},
		{[]string{"--twilio-auth-token", "t", "--twilio-from", "+12065550000"}, "--twilio-account-sid is missing"},
	}
	for _, tc := range tests {
		_, err := ParseConfig(append([]string{"--db", ":memory:"}, tc.args...), func(string) string { return "" }, io.Discard)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%v: %v", tc.args, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%v: err = %v, want it to say %q", tc.args, err, tc.want)
		}
	}
}

func TestTwilioEnvironmentVariables(t *testing.T) {
	env := map[string]string{
		"SSMCONTACTS_TWILIO_ACCOUNT_SID": "AC1", "SSMCONTACTS_TWILIO_AUTH_TOKEN": "t",
		"SSMCONTACTS_TWILIO_FROM": "+12065550000", "SSMCONTACTS_TWILIO_API_URL": "http://127.0.0.1:9",
	}
	cfg, err := ParseConfig([]string{"--db", ":memory:"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TwilioAccountSID != "AC1" || cfg.TwilioAuthToken != "t" || cfg.TwilioFrom != "+12065550000" || cfg.TwilioAPIURL != "http://127.0.0.1:9" {
		t.Errorf("config = %+v", cfg)
	}
}

func TestStartupLogsThePhoneProvider(t *testing.T) {
	_, logs := startMain(t, "--twilio-account-sid", "AC1", "--twilio-auth-token", "t", "--twilio-from", "+12065550000",
		"--twilio-api-url", "http://127.0.0.1:9")
	var transports string
	warned := false
	for _, rec := range logs.records(t) {
		if rec["msg"] == "delivery" {
			transports, _ = rec["transports"].(string)
		}
		if msg, _ := rec["msg"].(string); strings.HasPrefix(msg, "--public-url is a loopback address") {
			warned = true
		}
	}
	if want := "EMAIL: not delivered (outbox only); SMS, VOICE: twilio REST API http://127.0.0.1:9 from +12065550000 (up to 4 attempts)"; transports != want {
		t.Errorf("transports = %q, want %q", transports, want)
	}
	if !warned {
		t.Error("no warning that the provider cannot call back a loopback --public-url")
	}
}

func TestLoopback(t *testing.T) {
	for raw, want := range map[string]bool{
		"http://127.0.0.1:4750": true, "http://localhost:4750": true, "http://[::1]:4750": true, "http://0.0.0.0:4750": true,
		"https://pager.example.com": false, "http://10.0.0.5:4750": false,
	} {
		if got := loopback(raw); got != want {
			t.Errorf("loopback(%q) = %v, want %v", raw, got, want)
		}
	}
}
