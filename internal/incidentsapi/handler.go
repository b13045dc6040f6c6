package incidentsapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/ssmcontacts/ssmcontacts/internal/api"
	"github.com/ssmcontacts/ssmcontacts/internal/api/validate"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/incidents"
	"github.com/ssmcontacts/ssmcontacts/internal/sigv4"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// Config wires a Handler.
type Config struct {
	Model        *model.Service // the ssm-incidents model (model.LoadIncidents)
	Incidents    *incidents.Service
	Auth         api.Authenticator // a verifier for the signing name ssm-incidents
	Observer     api.Observer      // optional
	MaxBodyBytes int64
	NewRequestID func() string
}

// Handler serves ssm-incidents. It is safe for concurrent use.
type Handler struct {
	model     *model.Service
	validator *validate.Validator
	auth      api.Authenticator
	observer  api.Observer
	maxBody   int64
	newID     func() string
	// routes maps "METHOD path" to an operation; tags are routed apart
	// (their path carries the resource ARN).
	routes map[string]*route
	tags   map[string]*route // by method
}

type route struct {
	op   *model.Operation
	call call
}

// New returns a Handler.
func New(cfg Config) (*Handler, error) {
	if cfg.Model == nil || cfg.Incidents == nil || cfg.Auth == nil {
		return nil, errors.New("incidentsapi: Model, Incidents and Auth are required")
	}
	v, err := validate.New(cfg.Model)
	if err != nil {
		return nil, err
	}
	h := &Handler{model: cfg.Model, validator: v, auth: cfg.Auth, observer: cfg.Observer, maxBody: cfg.MaxBodyBytes,
		newID: cfg.NewRequestID, routes: map[string]*route{}, tags: map[string]*route{}}
	if h.maxBody <= 0 {
		h.maxBody = api.DefaultMaxBodyBytes
	}
	if h.newID == nil {
		h.newID = uuid.NewString
	}
	for name, c := range operations(cfg.Incidents) {
		op := cfg.Model.Operation(name)
		if op == nil {
			return nil, fmt.Errorf("incidentsapi: operation %s is not in the model", name)
		}
		rt := &route{op: op, call: c}
		if strings.HasPrefix(op.RequestURI, tagsPrefix) {
			h.tags[op.HTTPMethod] = rt
		} else {
			h.routes[op.HTTPMethod+" "+op.RequestURI] = rt
		}
	}
	for _, op := range cfg.Model.Operations {
		if _, ok := h.routes[op.HTTPMethod+" "+op.RequestURI]; !ok && h.tags[op.HTTPMethod] == nil {
			return nil, fmt.Errorf("incidentsapi: operation %s has no implementation", op.Name)
		}
	}
	return h, nil
}

const tagsPrefix = "/tags/"

// Paths are the URL paths (ServeMux patterns) the handler serves: one per
// operation, and /tags/ for the tag operations.
func (h *Handler) Paths() []string {
	var out []string
	for _, op := range h.model.Operations {
		if !strings.HasPrefix(op.RequestURI, tagsPrefix) {
			out = append(out, op.RequestURI)
		}
	}
	sort.Strings(out)
	return append(out, tagsPrefix)
}

// ServeHTTP handles one request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	info := api.RequestInfo{RequestID: h.newID()}
	w.Header()["X-Amzn-Requestid"] = []string{info.RequestID}
	status, out, op, err := h.serve(r, &info)
	switch {
	case err != nil && errors.Is(r.Context().Err(), context.Canceled):
		info.ErrorCode, info.Status = api.CodeClientClosedRequest, api.StatusClientClosedRequest
		w.WriteHeader(api.StatusClientClosedRequest)
	case err != nil:
		ae := asAPIError(err)
		if op != nil {
			ae = restrictTo(ae, op.HasError)
		}
		if ae.kind == kindInternal {
			info.Err = err
		}
		code, st := wireCode(ae.kind)
		info.ErrorCode, info.Status = code, st
		w.Header()["X-Amzn-Errortype"] = []string{code}
		writeJSON(w, st, ae.body())
	default:
		info.Status = status
		if status == http.StatusNoContent {
			w.WriteHeader(status)
		} else {
			writeJSON(w, status, out)
		}
	}
	info.Duration = time.Since(start)
	if h.observer != nil {
		h.observer.ObserveRequest(info)
	}
}

func (h *Handler) route(r *http.Request) (*route, string, error) {
	if arn, ok := strings.CutPrefix(r.URL.Path, tagsPrefix); ok {
		rt := h.tags[r.Method]
		if rt == nil {
			return nil, "", &apiError{kind: kindUnknownOperation, message: "Method " + r.Method + " is not allowed on " + tagsPrefix + "{resourceArn}"}
		}
		return rt, arn, nil
	}
	rt := h.routes[r.Method+" "+r.URL.Path]
	if rt == nil {
		return nil, "", &apiError{kind: kindUnknownOperation, message: "No ssm-incidents operation is served at " + r.Method + " " + validate.Clip(r.URL.Path, validate.MaxValueBytes)}
	}
	return rt, "", nil
}

func (h *Handler) serve(r *http.Request, info *api.RequestInfo) (int, any, *model.Operation, error) {
	rt, uriValue, err := h.route(r)
	if err != nil {
		return 0, nil, nil, err
	}
	info.Operation = rt.op.Name
	body, err := io.ReadAll(io.LimitReader(r.Body, h.maxBody+1))
	if err != nil {
		return 0, nil, nil, &apiError{kind: kindSerialization, message: "Could not read the request body"}
	}
	if int64(len(body)) > h.maxBody {
		return 0, nil, nil, &apiError{kind: kindTooLarge, message: fmt.Sprintf("The request body is larger than %d bytes", h.maxBody)}
	}
	id, err := h.auth.Verify(r, body)
	if err != nil {
		var se *sigv4.Error
		if errors.As(err, &se) {
			return 0, nil, nil, &apiError{kind: fromAuth(se.Kind), message: se.Message}
		}
		return 0, nil, nil, err
	}
	scope := contacts.Scope{Account: id.Account, Region: id.Region}
	info.AccessKeyID, info.Scope = id.AccessKeyID, scope
	doc, err := h.bind(rt.op, r, uriValue, body)
	if err != nil {
		return 0, nil, rt.op, err
	}
	out, err := rt.call(r.Context(), scope, doc)
	if err != nil {
		return 0, nil, rt.op, err
	}
	status := rt.op.ResponseCode
	if status == 0 {
		status = http.StatusOK
	}
	return status, out, rt.op, nil
}

// bind builds the input document from the JSON body, the query string and
// the path, then validates it against the input shape.
func (h *Handler) bind(op *model.Operation, r *http.Request, uriValue string, body []byte) (map[string]any, error) {
	doc := map[string]any{}
	if len(bytes.TrimSpace(body)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, &apiError{kind: kindSerialization, message: "The request body is not valid JSON"}
		}
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, &apiError{kind: kindSerialization, message: "Start of structure or map found where not expected: the request body must be a JSON object"}
		}
		// Only body members are read from the body.
		for _, m := range op.Input.Members {
			if m.Location == "" {
				if val, ok := obj[m.Name]; ok {
					doc[m.Name] = val
				}
			}
		}
	}
	query := r.URL.Query()
	for _, m := range op.Input.Members {
		switch m.Location {
		case "uri":
			doc[m.Name] = uriValue
		case "querystring":
			vals, ok := query[m.LocationName]
			if !ok {
				continue
			}
			if m.Shape.Type == model.TypeList {
				list := make([]any, len(vals))
				for i, v := range vals {
					list[i] = v
				}
				doc[m.Name] = list
			} else if len(vals) > 0 {
				doc[m.Name] = vals[0]
			}
		case "header":
			if v := r.Header.Get(m.LocationName); v != "" {
				doc[m.Name] = v
			}
		}
	}
	vs, err := h.validator.Validate(op.Input, doc)
	if err != nil {
		return nil, &apiError{kind: kindSerialization, message: err.Error()}
	}
	if vs.Count > 0 {
		return nil, &apiError{kind: kindValidation, message: validate.Message(vs)}
	}
	if err := checkUnions(op.Input, doc, ""); err != nil {
		return nil, err
	}
	return doc, nil
}

// checkUnions requires exactly one member of every union value, as AWS
// does.
func checkUnions(sh *model.Shape, v any, path string) error {
	switch sh.Type {
	case model.TypeStructure:
		obj, _ := v.(map[string]any)
		if sh.Union {
			n := 0
			for _, m := range sh.Members {
				if obj[m.Name] != nil {
					n++
				}
			}
			if n != 1 {
				return &apiError{kind: kindValidation, message: fmt.Sprintf("Invalid union at '%s': exactly one member of %s must be set, not %d", strings.TrimPrefix(path, "."), sh.Name, n)}
			}
		}
		for _, m := range sh.Members {
			if mv := obj[m.Name]; mv != nil {
				if err := checkUnions(m.Shape, mv, path+"."+m.Name); err != nil {
					return err
				}
			}
		}
	case model.TypeList:
		list, _ := v.([]any)
		for i, e := range list {
			if e != nil {
				if err := checkUnions(sh.Member, e, path+"."+strconv.Itoa(i+1)+".member"); err != nil {
					return err
				}
			}
		}
	case model.TypeMap:
		obj, _ := v.(map[string]any)
		for k, e := range obj {
			if e != nil {
				if err := checkUnions(sh.Value, e, path+"."+k); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		buf.Reset()
		buf.WriteString(`{"message":"response encoding failed"}`)
		w.Header()["X-Amzn-Errortype"] = []string{"InternalServerException"}
		status = http.StatusInternalServerError
	}
	b := bytes.TrimRight(buf.Bytes(), "\n")
	w.Header()["Content-Type"] = []string{"application/json"}
	w.Header()["Content-Length"] = []string{strconv.Itoa(len(b))}
	w.WriteHeader(status)
	w.Write(b)
}
