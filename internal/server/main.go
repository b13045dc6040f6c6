package server

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/api"
	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/console"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
	"github.com/ssmcontacts/ssmcontacts/internal/metrics"
	"github.com/ssmcontacts/ssmcontacts/internal/notify"
	"github.com/ssmcontacts/ssmcontacts/internal/phone"
	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres"
	"github.com/ssmcontacts/ssmcontacts/internal/store/sqlite"
	"github.com/ssmcontacts/ssmcontacts/internal/version"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// ShutdownTimeout bounds how long Close waits for in-flight requests.
const ShutdownTimeout = 30 * time.Second

// Main is a running server. Set Config (and optionally Logger) and call
// Run; call Close to stop it.
type Main struct {
	Config Config
	// Logger defaults to the configured format and level on LogOutput.
	Logger    *slog.Logger
	LogOutput io.Writer
	// Clock overrides the configured clock (tests inject their own).
	Clock clock.Clock
	// GCPercent is the GOGC the process runs with, for /metrics; zero
	// means what the GOGC variable says.
	GCPercent int

	store serverStore
	// replica is this process's random id (health, metrics, the owner of
	// the engine's claims; with PostgreSQL, the store's id in its timer
	// announcements).
	replica  string
	engine   *engage.Engine
	contacts *contacts.Service
	console  http.Handler
	creds    *sigv4.Credentials // the keys the API and the console accept
	listener net.Listener
	http     *http.Server
	fresh    freshConns
	logs     *bufferedLog // nil when the caller set Logger
	served   chan error
	stop     context.CancelFunc
	engined  chan struct{}
	phones   *phone.Handler
	// incidents is the ssm-incidents API and alert intake (incidents.go).
	incidents *incidentsParts
}

// Run opens the store, wires the service and starts listening; it returns
// once the server accepts connections (serving continues in the
// background until Close).
func (m *Main) Run(ctx context.Context) (err error) {
	if m.Logger == nil {
		out := m.LogOutput
		if out == nil {
			out = io.Discard
		}
		m.logs = newBufferedLog(out)
		m.Logger = slog.New(flushOnWarn{m.Config.NewLogger(m.logs).Handler(), m.logs})
	}
	defer func() {
		if err != nil {
			m.flushLogs()
		}
	}()
	svcModel, err := model.Load()
	if err != nil {
		return err
	}
	auth, err := m.newAuthenticator()
	if err != nil {
		return err
	}
	if err := m.checkExposure(); err != nil {
		return err
	}
	sender, err := m.newSender()
	if err != nil {
		return err
	}
	if m.listener, err = net.Listen("tcp", m.Config.Addr); err != nil {
		return fmt.Errorf("listen %s: %w", m.Config.Addr, err)
	}
	if err := m.openStore(ctx); err != nil {
		m.listener.Close()
		return err
	}
	if m.Clock == nil {
		if m.Clock, err = m.newClock(ctx); err != nil {
			m.listener.Close()
			m.store.Close()
			return err
		}
	}
	reg := metrics.NewRegistry()
	reg.Register(metrics.GoCollector{GCPercent: m.GCPercent}, metrics.ProcessCollector{})
	if db, ok := m.store.(*postgres.DB); ok {
		reg.Register(contactCacheCollector(db), groupCommitCollector(db))
	}
	handler, err := m.wire(ctx, svcModel, auth, &sender, reg)
	if err != nil {
		m.listener.Close()
		m.store.Close()
		return err
	}
	guard := newAdminGuard(m.Config.AdminToken, m.Config.PublicURL)
	mux := http.NewServeMux()
	mux.Handle("GET /_ssmcontacts/health", http.HandlerFunc(m.health))
	mux.Handle("GET /metrics", reg)
	admin := &console.Admin{Domain: m.contacts, Engine: m.engine, Clock: m.Clock, Shared: m.sharedClock()}
	admin.Register(mux, guard.wrap)
	mux.Handle(engage.AckPath, newAckHandler(m.engine, m.Logger))
	m.phones.Register(mux) // authenticated by the provider's signature, not admin endpoints
	mux.Handle(console.Prefix, m.console)
	mux.Handle("/", handler)
	m.mountIncidents(mux, guard.wrap)

	m.http = &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
		ConnState:         m.fresh.track,
	}
	m.served = make(chan error, 1)
	go func() { m.served <- m.http.Serve(m.listener) }()
	engineCtx, stop := context.WithCancel(context.Background())
	m.stop, m.engined = stop, make(chan struct{})
	go func() {
		defer close(m.engined)
		if err := m.engine.Run(engineCtx); err != nil {
			m.Logger.Error("engine stopped", "error", err)
		}
	}()
	m.Logger.Info("listening", "addr", m.Addr(), "db", m.dbForLogs(), "auth", m.Config.Auth,
		"clock", m.Config.Clock, "version", version.String())
	m.Logger.Info("console", "url", m.URL()+console.Prefix)
	m.Logger.Info("delivery", "transports", sender.Describe())
	m.logPhones(sender, m.publicURL())
	if sender.Route(notify.ChannelEmail) == nil && sender.Route(notify.ChannelSMS) == nil {
		m.Logger.Warn("no delivery transport is configured: messages are recorded in the outbox (GET /_ssmcontacts/outbox) only; set --smtp-url and/or --webhook-url to deliver them")
	}
	m.flushLogs() // the start-up lines go out before the first request
	return nil
}

// flushLogs writes out buffered log lines.
func (m *Main) flushLogs() {
	if m.logs != nil {
		m.logs.Flush()
	}
}

// wire builds the domain, the engine and the protocol handler.
func (m *Main) wire(ctx context.Context, svcModel *model.Service, auth api.Authenticator, sender *notify.Router, reg *metrics.Registry) (http.Handler, error) {
	ackKey, err := m.store.Secret(ctx, "ack-links")
	if err != nil {
		return nil, err
	}
	pageKey, err := m.store.Secret(ctx, contacts.PaginationSecret)
	if err != nil {
		return nil, err
	}
	publicURL := m.publicURL()
	links, err := m.wirePhones(ctx, sender, publicURL)
	if err != nil {
		return nil, err
	}
	engineFigures := newEngineMetrics(reg, m.replica, m.storeName())
	m.engine, err = engage.New(engage.Config{
		Store: m.store, Clock: m.Clock, Sender: *sender, Logger: m.Logger, PaginationKey: pageKey,
		AckLinks: &engage.AckLinks{BaseURL: publicURL, Key: ackKey},
		OnCall:   contacts.OnCallResolver{},
		Owner:    m.replica,
		Lease:    m.claimLease(),
		Observe:  engineFigures.observe,
		Claims:   engineFigures,
	})
	if err != nil {
		return nil, err
	}
	svc, err := contacts.New(ctx, contacts.Config{Store: m.store, Clock: m.Clock})
	if err != nil {
		return nil, err
	}
	if m.phones, err = m.phoneHandler(m.engine, svc, links, publicURL); err != nil {
		return nil, err
	}
	m.contacts = svc
	if m.console, err = m.newConsole(ctx, svcModel, svc); err != nil {
		return nil, err
	}
	obs := newRequestObserver(m.Logger, reg)
	if m.incidents, err = m.wireIncidents(ctx, obs); err != nil {
		return nil, err
	}
	return api.New(api.Config{
		Model: svcModel, Contacts: svc, Engine: m.engine, Auth: auth,
		Observer: obs,
	})
}

// newSender builds the delivery router from the SMTP and webhook flags.
func (m *Main) newSender() (notify.Router, error) {
	var r notify.Router
	if m.Config.SMTPURL != "" {
		s, err := notify.NewSMTP(notify.SMTPConfig{URL: m.Config.SMTPURL, From: m.Config.SMTPFrom})
		if err != nil {
			return r, fmt.Errorf("--smtp-url: %w", err)
		}
		r.SMTP = s
	}
	if m.Config.WebhookURL != "" {
		w, err := notify.NewWebhook(notify.WebhookConfig{URL: m.Config.WebhookURL, Secret: []byte(m.Config.WebhookSecret)})
		if err != nil {
			return r, fmt.Errorf("--webhook-url: %w", err)
		}
		r.Webhook = w
	}
	return r, nil
}

// newClock makes the configured clock, once the store is open: on
// PostgreSQL a controllable clock is the one the replicas share.
func (m *Main) newClock(ctx context.Context) (clock.Clock, error) {
	if m.Config.Clock != "controllable" {
		return clock.Real{}, nil
	}
	start := time.Now().UTC().Truncate(time.Millisecond)
	if m.Config.ClockStart != "" {
		start, _ = time.Parse(time.RFC3339Nano, m.Config.ClockStart) // validated by ParseConfig
	}
	if db, ok := m.store.(*postgres.DB); ok {
		return m.newSharedClock(ctx, db, start)
	}
	return clock.NewControllable(start), nil
}

// serverStore is a store the server can close.
type serverStore interface {
	contacts.Store
	Close() error
}

func (m *Main) openStore(ctx context.Context) error {
	db := m.Config.DB
	if postgres.IsURL(db) {
		store, err := postgres.Open(ctx, db, postgres.Config{Log: m.Logger, NoContactCache: m.Config.ContactCache == "off"})
		if err != nil {
			return fmt.Errorf("--db: %w", err)
		}
		m.store, m.replica = store, store.ID()
		return nil
	}
	m.replica = randomID()
	if db != sqlite.Memory {
		if err := ensureDir(db); err != nil {
			return fmt.Errorf("--db: %w", err)
		}
	}
	store, err := sqlite.Open(ctx, db)
	var inUse *sqlite.InUseError
	if errors.As(err, &inUse) {
		return fmt.Errorf("--db %s: the database is in use by another ssmcontacts process (%s); stop it or use another --db", db, inUse.Holder())
	}
	if err != nil {
		return err
	}
	m.store = store
	return nil
}

// Addr is the address the server listens on (useful with port 0).
func (m *Main) Addr() string {
	if m.listener == nil {
		return ""
	}
	return m.listener.Addr().String()
}

// URL is the server's base URL.
func (m *Main) URL() string { return "http://" + m.Addr() }

// publicURL is where responders and providers reach the server.
func (m *Main) publicURL() string {
	if m.Config.PublicURL != "" {
		return strings.TrimRight(m.Config.PublicURL, "/")
	}
	return m.URL()
}

func (m *Main) health(w http.ResponseWriter, r *http.Request) {
	status, code := "ok", http.StatusOK
	if err := m.store.Read(r.Context(), func(contacts.Tx) error { return nil }); err != nil {
		status, code = "store unavailable: "+err.Error(), http.StatusServiceUnavailable
	}
	writeAdminJSON(w, code, map[string]string{
		"status":  status,
		"version": version.String(),
		"store":   m.storeName(),
		"clock":   m.Config.Clock,
		"replica": m.replica,
	})
}

func (m *Main) storeName() string {
	if _, ok := m.store.(*postgres.DB); ok {
		return "postgres"
	}
	if m.Config.DB == sqlite.Memory {
		return "sqlite (in memory)"
	}
	return "sqlite"
}

// Close stops accepting requests, waits for in-flight ones (up to
// ShutdownTimeout) and closes the store.
func (m *Main) Close() error {
	var errs []error
	if m.http != nil {
		ctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
		defer cancel()
		if err := m.shutdown(ctx); err != nil {
			errs = append(errs, err)
		}
		if err := <-m.served; err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	if m.stop != nil {
		// The engine finishes the step in hand; a send cut short is
		// claimed again at the next start.
		m.stop()
		<-m.engined
	}
	if m.store != nil {
		errs = append(errs, m.store.Close())
	}
	m.flushLogs()
	return errors.Join(errs...)
}

// shutdown is http.Server.Shutdown, closing connections that never
// started a request as they go quiet rather than after five seconds.
func (m *Main) shutdown(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- m.http.Shutdown(ctx) }()
	tick := time.NewTicker(freshGrace / 5)
	defer tick.Stop()
	for {
		m.fresh.closeQuiet()
		select {
		case err := <-done:
			return err
		case <-tick.C:
		}
	}
}

// randomID returns 16 random hex digits.
func randomID() string {
	b := make([]byte, 8)
	crand.Read(b)
	return hex.EncodeToString(b)
}

// claimLease is --claim-lease (validated by ParseConfig); zero leaves the
// engine's default.
func (m *Main) claimLease() time.Duration {
	d, _ := time.ParseDuration(m.Config.ClaimLease)
	return d
}

// dbForLogs is --db without a PostgreSQL URL's password.
func (m *Main) dbForLogs() string {
	if postgres.IsURL(m.Config.DB) {
		return postgres.Redact(m.Config.DB)
	}
	return m.Config.DB
}
