package phone

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
)

// Engine is what the handlers need of the engagement engine.
type Engine interface {
	OpenPagesTo(ctx context.Context, address string) ([]engage.PhonePage, error)
	AcceptPageSentTo(ctx context.Context, address, pageARN, note string) error
	PhoneMessage(ctx context.Context, id string) (*contacts.Message, bool, error)
	AcceptMessage(ctx context.Context, id, note string) error
	ReportDelivery(ctx context.Context, r engage.DeliveryReport) error
}

// Channels is what the handlers need of the contacts service.
type Channels interface {
	OptOut(ctx context.Context, address string) (int, error)
	OptIn(ctx context.Context, address string) (int, error)
}

// Config wires a Handler.
type Config struct {
	Engine   Engine
	Channels Channels
	// PublicURL is the server's address as the provider calls it; the
	// provider signs the URLs it calls, built from it.
	PublicURL string
	// Links makes and checks the voice and status URLs.
	Links Links
	// TwilioAccountSID and TwilioAuthToken enable the Twilio endpoints.
	TwilioAccountSID string
	TwilioAuthToken  string
	// InboundSecret enables POST /_ssmcontacts/inbound: the webhook
	// secret that signs it.
	InboundSecret []byte
	// Clock checks the inbound signature's timestamp: give it the real
	// clock, as the gateway signs with its own.
	Clock  clock.Clock
	Logger *slog.Logger
}

// Handler serves the phone endpoints.
type Handler struct {
	cfg Config
	log *slog.Logger
}

// New returns a Handler.
func New(cfg Config) (*Handler, error) {
	if cfg.Engine == nil || cfg.Channels == nil {
		return nil, errors.New("phone: Engine and Channels are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	h := &Handler{cfg: cfg, log: cfg.Logger}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	return h, nil
}

// Register adds the configured endpoints to mux: the Twilio ones when an
// auth token is set, the inbound one when a secret is.
func (h *Handler) Register(mux *http.ServeMux) {
	if h.cfg.TwilioAuthToken != "" {
		mux.Handle("POST "+TwilioSMSPath, h.twilio(h.sms))
		mux.Handle("POST "+TwilioVoicePath, h.twilio(h.voice))
		mux.Handle("POST "+TwilioStatusPath, h.twilio(h.status))
	}
	if len(h.cfg.InboundSecret) > 0 {
		mux.Handle("POST "+InboundPath, http.HandlerFunc(h.inbound))
	}
}

// maxBody bounds what a callback may send.
const maxBody = 64 << 10
