package console

import (
	"errors"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/api/validate"
	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

// formErrors are a form's messages by field name ("" for the form as a
// whole). This file is the one place domain and model errors become
// what a person reads next to a field.
type formErrors map[string]string

// Has reports whether there are errors (for templates).
func (f formErrors) Has() bool { return len(f) > 0 }

// check validates an operation's input document against the service
// model, as the API does before calling the domain; a violation is
// reported against the form field that carries the member (fields maps
// the model's member path to the form field).
func (h *Handler) check(operation string, doc map[string]any, fields map[string]string) formErrors {
	op := h.cfg.Model.Operation(operation)
	if op == nil {
		return nil
	}
	vs, err := h.validator.Validate(op.Input, doc)
	if err != nil {
		return formErrors{"": err.Error()}
	}
	if vs.Count == 0 {
		return nil
	}
	out := formErrors{}
	for _, v := range vs.Listed {
		name := fields[rootMember(v.Path)]
		if _, dup := out[name]; !dup {
			out[name] = v.String()
		}
	}
	if _, ok := out[""]; !ok && vs.Count > len(vs.Listed) {
		out[""] = validate.Message(vs)
	}
	return out
}

// rootMember is the top member of a violation path ("newContactIds.1" →
// "newContactIds").
func rootMember(path string) string {
	path, _, _ = strings.Cut(path, ".")
	path, _, _ = strings.Cut(path, "[")
	return path
}

// fromDomain places a domain error: next to the field its Fields or
// its message names (words maps a word of the message to a field),
// else on the form as a whole. ok is false for errors that are not the
// caller's (internal errors), which the page reports instead.
func fromDomain(err error, words map[string]string) (formErrors, bool) {
	var e *contacts.Error
	if !errors.As(err, &e) || e.Kind == contacts.KindInternal {
		return nil, false
	}
	msg := messageOf(err)
	for _, f := range e.Fields {
		for word, field := range words {
			if strings.EqualFold(f.Name, word) {
				return formErrors{field: msg}, true
			}
		}
	}
	lower := strings.ToLower(msg)
	best, at := "", len(lower)+1
	for word, field := range words {
		if i := strings.Index(lower, strings.ToLower(word)); i >= 0 && i < at {
			best, at = field, i
		}
	}
	return formErrors{best: msg}, true
}

// messageOf is an error's message as a person should read it: without
// AWS's "Invalid value provided - " prefix.
func messageOf(err error) string {
	var e *contacts.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	return strings.TrimPrefix(e.Message, "Invalid value provided - ")
}
