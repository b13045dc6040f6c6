package server

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
	"github.com/ssmcontacts/ssmcontacts/internal/notify"
	"github.com/ssmcontacts/ssmcontacts/internal/phone"
)

// twilioConfigured reports whether any --twilio-* credential is set.
func (c Config) twilioConfigured() bool {
	return c.TwilioAccountSID != "" || c.TwilioAuthToken != "" || c.TwilioFrom != ""
}

// validateTwilio refuses half a provider configuration, naming what is
// missing.
func (c Config) validateTwilio() error {
	if !c.twilioConfigured() {
		return nil
	}
	var missing []string
	for _, f := range []struct{ flag, v string }{
		{"--twilio-account-sid", c.TwilioAccountSID}, {"--twilio-auth-token", c.TwilioAuthToken}, {"--twilio-from", c.TwilioFrom},
	} {
		if f.v == "" {
			missing = append(missing, f.flag)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the phone provider is half configured: %s missing (set all of --twilio-account-sid, --twilio-auth-token and --twilio-from, or none)",
			strings.Join(missing, " and ")+map[bool]string{true: " is", false: " are"}[len(missing) == 1])
	}
	return nil
}

// wirePhones adds the phone provider to the router when one is
// configured and returns the links its callbacks use.
func (m *Main) wirePhones(ctx context.Context, sender *notify.Router, publicURL string) (phone.Links, error) {
	key, err := m.store.Secret(ctx, "phone-links")
	if err != nil {
		return phone.Links{}, err
	}
	links := phone.Links{BaseURL: publicURL, Key: key}
	if !m.Config.twilioConfigured() {
		return links, nil
	}
	tw, err := notify.NewTwilio(notify.TwilioConfig{
		AccountSID: m.Config.TwilioAccountSID, AuthToken: m.Config.TwilioAuthToken, From: m.Config.TwilioFrom,
		APIURL: m.Config.TwilioAPIURL, Callbacks: links,
	})
	if err != nil {
		return links, fmt.Errorf("--twilio-*: %w", err)
	}
	sender.SMS = tw
	if tw.CanCall() {
		sender.Voice = tw
	}
	return links, nil
}

// phoneHandler builds the provider callbacks and the inbound endpoint.
func (m *Main) phoneHandler(eng *engage.Engine, svc *contacts.Service, links phone.Links, publicURL string) (*phone.Handler, error) {
	cfg := phone.Config{
		Engine: eng, Channels: svc, PublicURL: publicURL, Links: links,
		// The gateway signs with its own clock, whatever clock the
		// service runs on.
		Clock: clock.Real{}, Logger: m.Logger,
	}
	if m.Config.twilioConfigured() {
		cfg.TwilioAccountSID, cfg.TwilioAuthToken = m.Config.TwilioAccountSID, m.Config.TwilioAuthToken
	}
	if m.Config.WebhookSecret != "" {
		cfg.InboundSecret = []byte(m.Config.WebhookSecret)
	}
	return phone.New(cfg)
}

// logPhones says how phones are reached, and warns when the provider
// cannot call back.
func (m *Main) logPhones(sender notify.Router, publicURL string) {
	if !m.Config.twilioConfigured() {
		return
	}
	if sender.Voice == nil {
		m.Logger.Warn("--twilio-from is a Messaging Service: VOICE channels cannot be called through it", "voice", describeSender(sender.Route(notify.ChannelVoice)))
	}
	m.Logger.Info("phone provider callbacks", "sms", publicURL+phone.TwilioSMSPath,
		"voice", publicURL+phone.TwilioVoicePath, "status", publicURL+phone.TwilioStatusPath)
	if loopback(publicURL) {
		m.Logger.Warn("--public-url is a loopback address: the phone provider cannot reach it, so no delivery reports, call instructions or replies will arrive; set --public-url to this server's public address",
			"public_url", publicURL)
	}
}

func describeSender(s notify.Sender) string {
	if s == nil {
		return "not delivered (outbox only)"
	}
	if d, ok := s.(interface{ Describe() string }); ok {
		return d.Describe()
	}
	return fmt.Sprintf("%T", s)
}

// loopback reports whether a URL's host is this machine only.
func loopback(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}
