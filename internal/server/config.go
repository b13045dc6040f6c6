package server

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/engage"
	"github.com/ssmcontacts/ssmcontacts/internal/notify"
)

// Config is everything `ssmcontacts serve` can be told.
type Config struct {
	Addr            string // listen address
	DB              string // SQLite file path, ":memory:", or a postgres:// URL
	CredentialsFile string // replaces the built-in test/test credentials
	Auth            string // "on" (verify signatures) or "off"
	LogFormat       string // "text" or "json"
	LogLevel        string // debug, info, warn, error
	Clock           string // "real" or "controllable"
	ClockStart      string // RFC 3339 start of a controllable clock (default: now)
	AdminToken      string // bearer token for local-only endpoints from non-loopback clients
	// ClaimLease is how long a claim on a due timer (a send in flight)
	// holds after its owner's last renewal before another worker, or
	// replica, may take the timer over.
	ClaimLease string
	// ContactCache is "on" or "off": on PostgreSQL, whether this replica
	// keeps contacts in memory (kept exact across replicas).
	ContactCache string
	// InsecureListen allows --auth=off or the built-in test/test key on a
	// non-loopback --addr.
	InsecureListen bool

	SMTPURL       string // smtp://user:pass@host:port or smtps://…
	SMTPFrom      string // From address of email
	WebhookURL    string // receives SMS, VOICE (and EMAIL without SMTP) as signed POSTs
	WebhookSecret string // HMAC-SHA256 key of the webhook signature
	PublicURL     string // base of links in messages (email acknowledgement links) and of provider callbacks

	TwilioAccountSID string // with the token and From: SMS and VOICE through a Twilio-compatible API
	TwilioAuthToken  string
	TwilioFrom       string // E.164 number, or a Messaging Service SID (SMS only)
	TwilioAPIURL     string
}

// flagSpec is one flag with its environment variable.
type flagSpec struct {
	name, env, usage string
	target           *string
	def              string
}

func (c *Config) specs(defaultDB string) []flagSpec {
	return []flagSpec{
		{"addr", "SSMCONTACTS_ADDR", "address to listen on (loopback only unless told otherwise)", &c.Addr, "127.0.0.1:4750"},
		{"db", "SSMCONTACTS_DB", "SQLite database file, :memory: for an ephemeral store, or a postgres:// URL (PG* environment variables fill in what it leaves out) for several replicas sharing one database", &c.DB, defaultDB},
		{"credentials", "SSMCONTACTS_CREDENTIALS", "JSON file of access keys and their accounts, replacing the built-in test/test key of account 000000000000", &c.CredentialsFile, ""},
		{"auth", "SSMCONTACTS_AUTH", "on: verify every SigV4 signature; off: accept any well-formed signature (a 12-digit access key is the account)", &c.Auth, "on"},
		{"log-format", "SSMCONTACTS_LOG_FORMAT", "log format: text or json", &c.LogFormat, "text"},
		{"log-level", "SSMCONTACTS_LOG_LEVEL", "log level: debug, info, warn or error", &c.LogLevel, "info"},
		{"clock", "SSMCONTACTS_CLOCK", "real, or controllable: time moves only through POST /_ssmcontacts/clock", &c.Clock, "real"},
		{"clock-start", "SSMCONTACTS_CLOCK_START", "RFC 3339 time a controllable clock starts at (default: now)", &c.ClockStart, ""},
		{"claim-lease", "SSMCONTACTS_CLAIM_LEASE", "how long a replica's claim on a send outlives its last renewal (a live replica renews its claims every third of it): the longest a dead replica's sends wait for another to take them over (PostgreSQL; SQLite voids its own claims at start)", &c.ClaimLease, engage.DefaultLease.String()},
		{"contact-cache", "SSMCONTACTS_CONTACT_CACHE", "on: a PostgreSQL replica answers reads of a contact from memory, and every contact update or delete waits until each replica has dropped it; off: every read goes to the database (SQLite always caches: it is the only writer)", &c.ContactCache, "on"},
		{"admin-token", "SSMCONTACTS_ADMIN_TOKEN", "bearer token that opens the admin /_ssmcontacts endpoints (outbox, clock) to any client: another machine, another Host or Origin", &c.AdminToken, ""},
		{"smtp-url", "SSMCONTACTS_SMTP_URL", "SMTP relay for EMAIL channels: smtp://[user:pass@]host[:port] (STARTTLS when offered) or smtps://…", &c.SMTPURL, ""},
		{"smtp-from", "SSMCONTACTS_SMTP_FROM", "From address of the email the service sends", &c.SMTPFrom, ""},
		{"webhook-url", "SSMCONTACTS_WEBHOOK_URL", "URL that receives SMS and VOICE messages (and EMAIL when no SMTP relay is set) as signed JSON POSTs", &c.WebhookURL, ""},
		{"webhook-secret", "SSMCONTACTS_WEBHOOK_SECRET", "HMAC-SHA256 secret that signs webhook POSTs (X-Ssmcontacts-Signature)", &c.WebhookSecret, ""},
		{"public-url", "SSMCONTACTS_PUBLIC_URL", "base URL of this server as responders and phone providers reach it, for acknowledgement links in email and provider callbacks (default http://<addr>)", &c.PublicURL, ""},
		{"twilio-account-sid", "SSMCONTACTS_TWILIO_ACCOUNT_SID", "account SID of a Twilio-compatible API that delivers SMS and VOICE channels", &c.TwilioAccountSID, ""},
		{"twilio-auth-token", "SSMCONTACTS_TWILIO_AUTH_TOKEN", "auth token of that account (signs the provider's callbacks too)", &c.TwilioAuthToken, ""},
		{"twilio-from", "SSMCONTACTS_TWILIO_FROM", "number texts and calls come from (E.164), or a Messaging Service SID MG… (SMS only)", &c.TwilioFrom, ""},
		{"twilio-api-url", "SSMCONTACTS_TWILIO_API_URL", "base URL of the Twilio-compatible REST API (a SignalWire space: https://SPACE.signalwire.com/api/laml)", &c.TwilioAPIURL, notify.DefaultTwilioAPIURL},
	}
}

// boolSpec is one boolean flag with its environment variable.
type boolSpec struct {
	name, env, usage string
	target           *bool
}

func (c *Config) boolSpecs() []boolSpec {
	return []boolSpec{
		{"insecure-listen", "SSMCONTACTS_INSECURE_LISTEN", "listen on a non-loopback --addr even with --auth=off or the built-in test/test key, which let anyone who reaches the server in", &c.InsecureListen},
	}
}

// DefaultDBPath is the SQLite file in the user's data directory:
// $XDG_DATA_HOME/ssmcontacts/ssmcontacts.db, else
// ~/.local/share/ssmcontacts/ssmcontacts.db.
func DefaultDBPath(getenv func(string) string) string {
	dir := getenv("XDG_DATA_HOME")
	if dir == "" {
		home := getenv("HOME")
		if home == "" {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "ssmcontacts", "ssmcontacts.db")
}

// ErrHelp is returned by ParseConfig when --help was asked for (usage has
// been written).
var ErrHelp = flag.ErrHelp

// ParseConfig reads serve's flags; each flag's environment variable gives
// its default. Usage goes to out.
func ParseConfig(args []string, getenv func(string) string, out io.Writer) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("ssmcontacts serve", flag.ContinueOnError)
	fs.SetOutput(out)
	specs := c.specs(DefaultDBPath(getenv))
	for _, s := range specs {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		fs.StringVar(s.target, s.name, def, s.usage+" (env "+s.env+")")
		// --help shows the defaults, which come from the environment:
		// never a secret taken from there.
		fs.Lookup(s.name).DefValue = shownDefault(s.name, def)
	}
	for _, s := range c.boolSpecs() {
		def, err := envBool(getenv, s.env)
		if err != nil {
			return c, err
		}
		fs.BoolVar(s.target, s.name, def, s.usage+" (env "+s.env+")")
	}
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: ssmcontacts serve [flags]\n\nRuns the ssm-contacts server.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	return c, c.validate()
}

// shownDefault is a flag's default as --help prints it: secrets as
// "(set)", URLs without their password.
func shownDefault(name, def string) string {
	switch {
	case def == "":
		return def
	case name == "admin-token" || name == "webhook-secret" || name == "twilio-auth-token":
		return "(set)"
	case name == "db" || name == "smtp-url":
		if u, err := url.Parse(def); err == nil && u.User != nil {
			return u.Redacted()
		}
	}
	return def
}

// envBool reads a boolean environment variable: unset or empty is false.
func envBool(getenv func(string) string, name string) (bool, error) {
	v := getenv(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q: want true or false", name, v)
	}
	return b, nil
}

func (c Config) validate() error {
	var errs []error
	oneOf := func(name, v string, allowed ...string) {
		for _, a := range allowed {
			if v == a {
				return
			}
		}
		errs = append(errs, fmt.Errorf("--%s must be one of %s, not %q", name, strings.Join(allowed, ", "), v))
	}
	oneOf("auth", c.Auth, "on", "off")
	oneOf("log-format", c.LogFormat, "text", "json")
	oneOf("log-level", c.LogLevel, "debug", "info", "warn", "error")
	oneOf("clock", c.Clock, "real", "controllable")
	oneOf("contact-cache", c.ContactCache, "on", "off")
	if c.DB == "" {
		errs = append(errs, errors.New("--db must not be empty"))
	}
	if c.ClockStart != "" {
		if c.Clock != "controllable" {
			errs = append(errs, errors.New("--clock-start needs --clock=controllable"))
		} else if _, err := time.Parse(time.RFC3339Nano, c.ClockStart); err != nil {
			errs = append(errs, fmt.Errorf("--clock-start %q is not an RFC 3339 time", c.ClockStart))
		}
	}
	if d, err := time.ParseDuration(c.ClaimLease); err != nil || d < time.Second {
		errs = append(errs, fmt.Errorf("--claim-lease %q must be a duration of at least 1s", c.ClaimLease))
	}
	if c.SMTPURL != "" && c.SMTPFrom == "" {
		errs = append(errs, errors.New("--smtp-url needs --smtp-from"))
	}
	if c.WebhookURL != "" && c.WebhookSecret == "" {
		errs = append(errs, errors.New("--webhook-url needs --webhook-secret"))
	}
	errs = append(errs, c.validateTwilio())
	return errors.Join(errs...)
}

func (c Config) level() slog.Level {
	var l slog.Level
	_ = l.UnmarshalText([]byte(c.LogLevel))
	return l
}

// NewLogger returns the logger the configuration asks for, writing to w.
func (c Config) NewLogger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.level()}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// ensureDir creates the directory of a file database.
func ensureDir(path string) error {
	dir := filepath.Dir(path)
	if dir == "" || dir == "." {
		return nil
	}
	return os.MkdirAll(dir, 0o755)
}
