package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/ssmcontacts/ssmcontacts/internal/api/validate"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// DefaultMaxBodyBytes bounds request bodies (AWS's own limit for JSON APIs
// is of this order; the largest legitimate input, a 395,000-character
// policy, fits).
const DefaultMaxBodyBytes = 1 << 20

const (
	contentType   = "application/x-amz-json-1.1"
	targetHeader  = "X-Amz-Target"
	requestHeader = "X-Amzn-Requestid"
)

// Authenticator verifies a request's SigV4 signature over body and names
// its caller. Failures are *sigv4.Error.
type Authenticator interface {
	Verify(r *http.Request, body []byte) (sigv4.Identity, error)
}

// A request whose client hung up before it was answered is reported with
// nginx's status 499 and this code, apart from errors: the server did
// nothing wrong, and the client will not read the answer.
const (
	CodeClientClosedRequest   = "ClientClosedRequest"
	StatusClientClosedRequest = 499
)

// RequestInfo describes one finished request, for logs and metrics.
type RequestInfo struct {
	RequestID   string
	Operation   string // empty when the request named no known operation
	AccessKeyID string
	Scope       contacts.Scope
	Status      int
	ErrorCode   string // the AWS error code, or CodeClientClosedRequest
	Duration    time.Duration
	// Err is the underlying error of an internal failure (never sent to
	// the client).
	Err error
}

// Observer receives every finished request.
type Observer interface {
	ObserveRequest(RequestInfo)
}

// Config wires a Handler.
type Config struct {
	Model        *model.Service
	Contacts     *contacts.Service
	Engine       *engage.Engine
	Auth         Authenticator
	Observer     Observer // optional
	MaxBodyBytes int64    // default DefaultMaxBodyBytes
	NewRequestID func() string
}

// Handler serves the protocol. It is safe for concurrent use.
type Handler struct {
	model     *model.Service
	validator *validate.Validator
	auth      Authenticator
	observer  Observer
	maxBody   int64
	newID     func() string
	ops       map[string]operation
	prefix    string
	// buffers recycles response buffers across requests.
	buffers sync.Pool
}

type operation struct {
	model *model.Operation
	call  call
}

// New returns a Handler.
func New(cfg Config) (*Handler, error) {
	if cfg.Model == nil || cfg.Contacts == nil || cfg.Engine == nil || cfg.Auth == nil {
		return nil, errors.New("api: Model, Contacts, Engine and Auth are required")
	}
	v, err := validate.New(cfg.Model)
	if err != nil {
		return nil, err
	}
	h := &Handler{
		model: cfg.Model, validator: v, auth: cfg.Auth, observer: cfg.Observer,
		maxBody: cfg.MaxBodyBytes, newID: cfg.NewRequestID,
		prefix: cfg.Model.Metadata.TargetPrefix + ".",
	}
	if h.maxBody <= 0 {
		h.maxBody = DefaultMaxBodyBytes
	}
	if h.newID == nil {
		h.newID = uuid.NewString
	}
	h.ops = make(map[string]operation)
	for name, call := range operations(cfg.Contacts, cfg.Engine) {
		mop := cfg.Model.Operation(name)
		if mop == nil {
			return nil, fmt.Errorf("api: operation %s is not in the model", name)
		}
		h.ops[name] = operation{model: mop, call: call}
	}
	return h, nil
}

// wireRequest is a generated wire type that fills itself from a
// validated request document.
type wireRequest[T any] interface {
	*T
	FromDoc(map[string]any)
}

// typed adapts a domain call on generated wire types to the dispatcher.
func typed[In, Out any, P wireRequest[In]](fn func(context.Context, contacts.Scope, *In) (*Out, error)) call {
	return func(ctx context.Context, sc contacts.Scope, doc map[string]any) (any, error) {
		in := new(In)
		P(in).FromDoc(doc)
		out, err := fn(ctx, sc, in)
		if err != nil {
			return nil, err
		}
		return out, nil
	}
}

// ServeHTTP handles one protocol request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now() // latency is real time, whatever clock the service runs on
	info := RequestInfo{RequestID: h.newID()}
	w.Header()[requestHeader] = []string{info.RequestID}
	out, opModel, err := h.serve(r, &info)
	switch {
	case err != nil && clientGone(r):
		info.ErrorCode, info.Status = CodeClientClosedRequest, StatusClientClosedRequest
		// Nobody reads it; written so that net/http does not answer 200.
		w.WriteHeader(StatusClientClosedRequest)
	case err != nil:
		ae := asAPIError(err)
		if opModel != nil {
			ae = restrictTo(ae, opModel.HasError)
		}
		if ae.kind == kindInternal {
			info.Err = err
		}
		info.ErrorCode, info.Status = h.writeError(w, ae)
	default:
		info.Status = http.StatusOK
		h.writeJSON(w, http.StatusOK, out)
	}
	info.Duration = time.Since(start)
	if h.observer != nil {
		h.observer.ObserveRequest(info)
	}
}

// clientGone reports whether the client has hung up (net/http cancels
// the request's context when the connection closes or the stream is
// reset): an operation that then fails most likely failed for that
// reason (a canceled store call, an interrupted query), not for a fault
// of the server's.
func clientGone(r *http.Request) bool {
	return errors.Is(r.Context().Err(), context.Canceled)
}

func (h *Handler) serve(r *http.Request, info *RequestInfo) (any, *model.Operation, error) {
	if r.URL.Path != "/" {
		return nil, nil, &apiError{kind: kindUnknownOperation, message: "No operation is served at " + echo(r.URL.Path) + ": send POST / with an X-Amz-Target header"}
	}
	if r.Method != http.MethodPost {
		return nil, nil, &apiError{kind: kindUnknownOperation, message: "Method " + echo(r.Method) + " is not allowed: send POST / with an X-Amz-Target header"}
	}
	target := r.Header.Get(targetHeader)
	name, ok := strings.CutPrefix(target, h.prefix)
	mop := h.model.Operation(name)
	if target == "" {
		return nil, nil, &apiError{kind: kindUnknownOperation, message: "Missing X-Amz-Target header: send " + h.prefix + "<Operation>"}
	}
	if !ok || mop == nil {
		return nil, nil, &apiError{kind: kindUnknownOperation, message: "Unknown operation " + echo(target)}
	}
	op, known := h.ops[name]
	info.Operation = name
	body, err := io.ReadAll(io.LimitReader(r.Body, h.maxBody+1))
	if err != nil {
		return nil, nil, &apiError{kind: kindSerialization, message: "Could not read the request body"}
	}
	if int64(len(body)) > h.maxBody {
		return nil, nil, &apiError{kind: kindTooLarge, message: fmt.Sprintf("The request body is larger than %d bytes", h.maxBody)}
	}
	id, err := h.auth.Verify(r, body)
	if err != nil {
		var se *sigv4.Error
		if errors.As(err, &se) {
			return nil, nil, &apiError{kind: fromAuth(se.Kind), message: se.Message}
		}
		return nil, nil, err
	}
	scope := contacts.Scope{Account: id.Account, Region: id.Region}
	info.AccessKeyID, info.Scope = id.AccessKeyID, scope
	if !known {
		return nil, mop, &apiError{kind: kindNotImplemented, message: name + " is not implemented yet by this server"}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	doc, err := h.check(op.model.Input, body)
	if err != nil {
		return nil, mop, err
	}
	out, err := op.call(r.Context(), scope, doc)
	return out, mop, err
}

// check decodes body generically and validates it against the input
// shape. The operation then fills its wire type from this same document
// (generated FromDoc methods), which read exactly the member names the
// model lists: nothing that was not validated reaches the domain.
func (h *Handler) check(input *model.Shape, body []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, &apiError{kind: kindSerialization, message: "The request body is not valid JSON"}
	}
	if dec.More() {
		return nil, &apiError{kind: kindSerialization, message: "The request body has data after the JSON document"}
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return nil, &apiError{kind: kindSerialization, message: "Start of structure or map found where not expected: the request body must be a JSON object"}
	}
	vs, err := h.validator.Validate(input, doc)
	if err != nil {
		return nil, &apiError{kind: kindSerialization, message: err.Error()}
	}
	if vs.Count > 0 {
		return nil, validationError(vs)
	}
	return obj, nil
}

// validationError is the ValidationException for vs. Its Fields are the
// violations the message lists, so both stay small however many the
// request broke.
func validationError(vs validate.Violations) *apiError {
	fields := make([]validationField, len(vs.Listed))
	for i, v := range vs.Listed {
		fields[i] = validationField{Name: v.Path, Message: v.Constraint}
	}
	return &apiError{kind: kindValidation, message: validate.Message(vs), reason: "FIELD_VALIDATION_FAILED", fields: fields}
}

func (h *Handler) writeError(w http.ResponseWriter, e *apiError) (code string, status int) {
	code, status = wireCode(e.kind)
	w.Header()["X-Amzn-Errortype"] = []string{code}
	if e.kind == kindThrottling && e.retryAfterSeconds > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(e.retryAfterSeconds))
	}
	h.writeJSON(w, status, e.body())
	return code, status
}

func (h *Handler) writeJSON(w http.ResponseWriter, status int, v any) {
	buf, _ := h.buffers.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	defer func() { buf.Reset(); h.buffers.Put(buf) }()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		buf.Reset()
		buf.WriteString(`{"__type":"InternalServerException","Message":"response encoding failed"}`)
		status = http.StatusInternalServerError
	}
	body := bytes.TrimRight(buf.Bytes(), "\n")
	// The keys are already in canonical form: no need for Header.Set.
	hdr := w.Header()
	hdr["Content-Type"] = []string{contentType}
	hdr["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(status)
	w.Write(body)
}
