package model

import "slices"

// table is a service model as the generated files hold it: rows of
// constants the linker lays out as static data, shapes and members
// referring to each other by index (-1 for none), and build making a
// fresh Service of them. (A generated function that built the Service
// in code was 180 KB of instructions with a 37 KB stack frame: every
// CLI call and every start paid the page faults and the stack growth.)
type table struct {
	metadata      Metadata
	documentation string
	shapes        []shapeRow
	members       []memberRow
	operations    []operationRow
}

type shapeRow struct {
	name, typ                string
	member, key, value       int32
	hasMin, hasMax           bool
	min, max                 int64
	pattern                  string
	exception, fault, union  bool
	documentation            string
	enum                     []string
	firstMember, memberCount int32
}

type memberRow struct {
	name                                  string
	shape                                 int32
	required, idempotencyToken            bool
	location, locationName, documentation string
}

type operationRow struct {
	name, httpMethod, requestURI string
	responseCode                 int
	input, output                int32
	documentation                string
	errors                       []int32 // nil when the model lists none
	paginator                    *Paginator
}

// build returns a fresh Service of t: nothing it returns is shared with
// another call or with t.
func build(t *table) *Service {
	sh := make([]Shape, len(t.shapes))
	mb := make([]Member, len(t.members))
	ref := func(i int32) *Shape {
		if i < 0 {
			return nil
		}
		return &sh[i]
	}
	for i, m := range t.members {
		mb[i] = Member{Name: m.name, Shape: ref(m.shape), Required: m.required, IdempotencyToken: m.idempotencyToken,
			Location: m.location, LocationName: m.locationName, Documentation: m.documentation}
	}
	svc := &Service{
		Metadata:      t.metadata,
		Documentation: t.documentation,
		Shapes:        make(map[string]*Shape, len(t.shapes)),
		opsByName:     make(map[string]*Operation, len(t.operations)),
	}
	for i := range t.shapes {
		r, s := &t.shapes[i], &sh[i]
		s.Name, s.Type = r.name, r.typ
		s.Member, s.Key, s.Value = ref(r.member), ref(r.key), ref(r.value)
		if r.hasMin {
			s.Min = new(r.min)
		}
		if r.hasMax {
			s.Max = new(r.max)
		}
		s.Pattern, s.Exception, s.Fault, s.Union, s.Documentation = r.pattern, r.exception, r.fault, r.union, r.documentation
		if r.enum != nil {
			s.Enum = slices.Clone(r.enum)
		}
		if r.memberCount > 0 {
			s.Members = make([]*Member, r.memberCount)
			s.byName = make(map[string]*Member, r.memberCount)
			for j := range s.Members {
				m := &mb[int(r.firstMember)+j]
				s.Members[j] = m
				s.byName[m.Name] = m
			}
		}
		svc.Shapes[s.Name] = s
	}
	svc.Operations = make([]*Operation, len(t.operations))
	for i := range t.operations {
		r := &t.operations[i]
		op := &Operation{Name: r.name, HTTPMethod: r.httpMethod, RequestURI: r.requestURI, ResponseCode: r.responseCode,
			Input: ref(r.input), Output: ref(r.output), Documentation: r.documentation}
		if r.errors != nil {
			op.Errors = make([]*Shape, len(r.errors))
			for j, e := range r.errors {
				op.Errors[j] = ref(e)
			}
		}
		if r.paginator != nil {
			p := *r.paginator
			op.Paginator = &p
		}
		svc.Operations[i] = op
		svc.opsByName[op.Name] = op
	}
	return svc
}
