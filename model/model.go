package model

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

//go:embed ssm-contacts-2021-05-03.service.json
var serviceJSON []byte

//go:embed ssm-contacts-2021-05-03.paginators.json
var paginatorsJSON []byte

//go:embed ssm-contacts-2021-05-03.examples.json
var examplesJSON []byte

//go:embed ssm-incidents-2018-05-10.service.json
var incidentsServiceJSON []byte

//go:embed ssm-incidents-2018-05-10.paginators.json
var incidentsPaginatorsJSON []byte

//go:embed ssm-incidents-2018-05-10.waiters.json
var incidentsWaitersJSON []byte

// Shape types as the botocore model spells them.
const (
	TypeStructure = "structure"
	TypeList      = "list"
	TypeMap       = "map"
	TypeString    = "string"
	TypeInteger   = "integer"
	TypeLong      = "long"
	TypeBoolean   = "boolean"
	TypeTimestamp = "timestamp"
	TypeBlob      = "blob"
	TypeFloat     = "float"
	TypeDouble    = "double"
)

// Service is the parsed service model. It is immutable once loaded; callers
// share one instance.
type Service struct {
	Metadata      Metadata
	Documentation string
	// Operations in alphabetical order of name.
	Operations []*Operation
	Shapes     map[string]*Shape

	opsByName map[string]*Operation
}

// Metadata is the model's "metadata" block.
type Metadata struct {
	APIVersion          string `json:"apiVersion"`
	EndpointPrefix      string `json:"endpointPrefix"`
	JSONVersion         string `json:"jsonVersion"`
	Protocol            string `json:"protocol"`
	ServiceAbbreviation string `json:"serviceAbbreviation"`
	ServiceFullName     string `json:"serviceFullName"`
	ServiceID           string `json:"serviceId"`
	SignatureVersion    string `json:"signatureVersion"`
	SigningName         string `json:"signingName"`
	TargetPrefix        string `json:"targetPrefix"`
	UID                 string `json:"uid"`
}

// Operation is one API operation.
type Operation struct {
	Name       string
	HTTPMethod string
	RequestURI string
	// ResponseCode is the HTTP status of a success (restJson1 models set
	// it; 0 means 200).
	ResponseCode  int
	Input         *Shape
	Output        *Shape
	Errors        []*Shape
	Documentation string
	// Paginator is nil for operations that are not paginated.
	Paginator *Paginator
}

// HasError reports whether code (an exception shape name) is modeled for op.
func (op *Operation) HasError(code string) bool {
	for _, e := range op.Errors {
		if e.Name == code {
			return true
		}
	}
	return false
}

// Paginator describes how an operation pages, from paginators-1.json.
type Paginator struct {
	InputToken  string
	OutputToken string
	LimitKey    string // empty when the operation has no page-size member
	ResultKey   string
}

// Shape is a named type in the model.
type Shape struct {
	Name string
	Type string

	// Structures: members in model order.
	Members []*Member
	// Lists: the element shape. Maps: key and value shapes.
	Member *Shape
	Key    *Shape
	Value  *Shape

	// Min and Max bound lengths (string, list, map) or values (numbers).
	Min *int64
	Max *int64
	// Pattern is the regular expression strings must match, as written in
	// the model (Java syntax; see Validator for how it is compiled).
	Pattern string
	Enum    []string

	Exception bool
	Fault     bool
	// Union structures take exactly one member.
	Union         bool
	Documentation string

	byName map[string]*Member
}

// MemberByName returns the structure member called name, or nil.
func (s *Shape) MemberByName(name string) *Member {
	return s.byName[name]
}

// Member is a member of a structure.
type Member struct {
	Name             string
	Shape            *Shape
	Required         bool
	IdempotencyToken bool
	Documentation    string
	// Location is where a restJson1 request carries the member: "uri",
	// "querystring", "header", or "" for the JSON body; LocationName is
	// its name there.
	Location     string
	LocationName string
}

//go:generate go test -run TestGenerated -update

// Load returns the embedded model. It returns a fresh Service each call;
// load once at start-up and pass it down.
//
// The Service is built by service_gen.go, generated from the embedded JSON
// (TestGenerated fails when it is stale): parsing the JSON took several
// milliseconds of every CLI call.
func Load() (*Service, error) {
	return generated(), nil
}

// MustLoad is Load for callers whose model is compiled in and therefore
// cannot fail at run time unless the binary is broken.
func MustLoad() *Service {
	s, err := Load()
	if err != nil {
		panic(err)
	}
	return s
}

// LoadIncidents returns the embedded ssm-incidents model (API 2018-05-10,
// restJson1), the second service this server speaks.
//
// Like Load, it returns a fresh Service built by generated code
// (incidents_gen.go).
func LoadIncidents() (*Service, error) {
	return generatedIncidents(), nil
}

// IncidentsWaitersJSON returns the embedded ssm-incidents waiters file.
func IncidentsWaitersJSON() []byte { return append([]byte(nil), incidentsWaitersJSON...) }

// ExamplesJSON returns the embedded examples file, byte for byte.
func ExamplesJSON() []byte { return append([]byte(nil), examplesJSON...) }

// Operation returns the operation called name, or nil.
func (s *Service) Operation(name string) *Operation {
	return s.opsByName[name]
}

type rawShape struct {
	Type          string           `json:"type"`
	Members       orderedMembers   `json:"members"`
	Required      []string         `json:"required"`
	Member        *rawRef          `json:"member"`
	Key           *rawRef          `json:"key"`
	Value         *rawRef          `json:"value"`
	Min           *json.Number     `json:"min"`
	Max           *json.Number     `json:"max"`
	Pattern       string           `json:"pattern"`
	Enum          []string         `json:"enum"`
	Exception     bool             `json:"exception"`
	Fault         bool             `json:"fault"`
	Union         bool             `json:"union"`
	Documentation string           `json:"documentation"`
	Error         *json.RawMessage `json:"error"`
}

type rawRef struct {
	Shape            string `json:"shape"`
	Documentation    string `json:"documentation"`
	IdempotencyToken bool   `json:"idempotencyToken"`
	Location         string `json:"location"`
	LocationName     string `json:"locationName"`
}

type rawOperation struct {
	Name string `json:"name"`
	HTTP struct {
		Method       string `json:"method"`
		RequestURI   string `json:"requestUri"`
		ResponseCode int    `json:"responseCode"`
	} `json:"http"`
	Input         *rawRef  `json:"input"`
	Output        *rawRef  `json:"output"`
	Errors        []rawRef `json:"errors"`
	Documentation string   `json:"documentation"`
}

type rawService struct {
	Metadata      Metadata                `json:"metadata"`
	Operations    map[string]rawOperation `json:"operations"`
	Shapes        map[string]rawShape     `json:"shapes"`
	Documentation string                  `json:"documentation"`
}

type rawPaginators struct {
	Pagination map[string]struct {
		InputToken  string `json:"input_token"`
		OutputToken string `json:"output_token"`
		LimitKey    string `json:"limit_key"`
		ResultKey   string `json:"result_key"`
	} `json:"pagination"`
}

func parse(serviceData, paginatorData []byte) (*Service, error) {
	var raw rawService
	if err := json.Unmarshal(serviceData, &raw); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	svc := &Service{
		Metadata:      raw.Metadata,
		Documentation: raw.Documentation,
		Shapes:        make(map[string]*Shape, len(raw.Shapes)),
		opsByName:     make(map[string]*Operation, len(raw.Operations)),
	}
	for name := range raw.Shapes {
		svc.Shapes[name] = &Shape{Name: name}
	}
	resolve := func(where string, ref *rawRef) (*Shape, error) {
		if ref == nil {
			return nil, nil
		}
		sh, ok := svc.Shapes[ref.Shape]
		if !ok {
			return nil, fmt.Errorf("model: %s refers to unknown shape %q", where, ref.Shape)
		}
		return sh, nil
	}
	for name, rs := range raw.Shapes {
		sh := svc.Shapes[name]
		if err := fillShape(sh, rs, resolve); err != nil {
			return nil, err
		}
	}
	for name, ro := range raw.Operations {
		op := &Operation{
			Name:          name,
			HTTPMethod:    ro.HTTP.Method,
			RequestURI:    ro.HTTP.RequestURI,
			ResponseCode:  ro.HTTP.ResponseCode,
			Documentation: ro.Documentation,
		}
		var err error
		if op.Input, err = resolve(name+" input", ro.Input); err != nil {
			return nil, err
		}
		if op.Output, err = resolve(name+" output", ro.Output); err != nil {
			return nil, err
		}
		for i := range ro.Errors {
			e, err := resolve(name+" error", &ro.Errors[i])
			if err != nil {
				return nil, err
			}
			op.Errors = append(op.Errors, e)
		}
		svc.Operations = append(svc.Operations, op)
		svc.opsByName[name] = op
	}
	sort.Slice(svc.Operations, func(i, j int) bool { return svc.Operations[i].Name < svc.Operations[j].Name })

	var pag rawPaginators
	if err := json.Unmarshal(paginatorData, &pag); err != nil {
		return nil, fmt.Errorf("model: paginators: %w", err)
	}
	for name, p := range pag.Pagination {
		op := svc.opsByName[name]
		if op == nil {
			return nil, fmt.Errorf("model: paginator for unknown operation %q", name)
		}
		op.Paginator = &Paginator{InputToken: p.InputToken, OutputToken: p.OutputToken, LimitKey: p.LimitKey, ResultKey: p.ResultKey}
	}
	return svc, nil
}

func fillShape(sh *Shape, rs rawShape, resolve func(string, *rawRef) (*Shape, error)) error {
	sh.Type = rs.Type
	sh.Pattern = rs.Pattern
	sh.Enum = rs.Enum
	sh.Exception = rs.Exception
	sh.Fault = rs.Fault
	sh.Union = rs.Union
	sh.Documentation = rs.Documentation
	var err error
	if sh.Min, err = bound(rs.Min); err != nil {
		return fmt.Errorf("model: %s min: %w", sh.Name, err)
	}
	if sh.Max, err = bound(rs.Max); err != nil {
		return fmt.Errorf("model: %s max: %w", sh.Name, err)
	}
	if sh.Member, err = resolve(sh.Name+".member", rs.Member); err != nil {
		return err
	}
	if sh.Key, err = resolve(sh.Name+".key", rs.Key); err != nil {
		return err
	}
	if sh.Value, err = resolve(sh.Name+".value", rs.Value); err != nil {
		return err
	}
	required := make(map[string]bool, len(rs.Required))
	for _, r := range rs.Required {
		required[r] = true
	}
	if len(rs.Members) > 0 {
		sh.byName = make(map[string]*Member, len(rs.Members))
	}
	for _, m := range rs.Members {
		ms, err := resolve(sh.Name+"."+m.name, &m.ref)
		if err != nil {
			return err
		}
		mem := &Member{
			Name:             m.name,
			Shape:            ms,
			Required:         required[m.name],
			IdempotencyToken: m.ref.IdempotencyToken,
			Documentation:    m.ref.Documentation,
			Location:         m.ref.Location,
			LocationName:     m.ref.LocationName,
		}
		sh.Members = append(sh.Members, mem)
		sh.byName[m.name] = mem
	}
	for r := range required {
		if sh.byName[r] == nil {
			return fmt.Errorf("model: %s requires unknown member %q", sh.Name, r)
		}
	}
	return nil
}

func bound(n *json.Number) (*int64, error) {
	if n == nil {
		return nil, nil
	}
	s := n.String()
	// Some models write bounds as floats ("1.0"); treat them as integers.
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s = s[:i]
	}
	var v int64
	if _, err := fmt.Sscan(s, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// orderedMembers keeps a structure's members in the order the model lists
// them: the AWS CLI prints output members in that order, so it matters.
type orderedMembers []namedRef

type namedRef struct {
	name string
	ref  rawRef
}

func (o *orderedMembers) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("members: want object, got %v", tok)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name, ok := tok.(string)
		if !ok {
			return fmt.Errorf("members: want key, got %v", tok)
		}
		var ref rawRef
		if err := dec.Decode(&ref); err != nil {
			return fmt.Errorf("members.%s: %w", name, err)
		}
		*o = append(*o, namedRef{name: name, ref: ref})
	}
	_, err = dec.Token()
	return err
}
