package client

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

// PageOptions are the AWS CLI's pagination options.
type PageOptions struct {
	StartingToken value.Value // string; nil when absent
	PageSize      value.Value // Number; nil when absent
	MaxItems      value.Value // Number; nil when absent
}

// Pages iterates an operation's pages as botocore's PageIterator does.
type Pages struct {
	Call      func(ctx context.Context, params *value.Object) (*value.Object, error)
	Paginator *model.Paginator
	Params    *value.Object
	Options   PageOptions
	// ResumeToken is set after iteration when --max-items stopped it.
	ResumeToken string
}

func (p *Pages) inputTokens() []string { return []string{p.Paginator.InputToken} }

func asInt(v value.Value) (int, bool, error) {
	switch t := v.(type) {
	case nil:
		return 0, false, nil
	case value.Number:
		return int(t.Float64()), true, nil
	case string:
		n, err := value.PyInt(t)
		if err != nil {
			return 0, false, err
		}
		return int(n.Float64()), true, nil
	}
	return 0, false, &value.ValueError{Msg: fmt.Sprintf("int() argument must be a string, a bytes-like object or a real number, not '%T'", v)}
}

// Each fetches pages and hands each to fn, stopping where the AWS CLI does.
func (p *Pages) Each(ctx context.Context, fn func(page *value.Object) error) error {
	maxItems, hasMax, err := asInt(p.Options.MaxItems)
	if err != nil {
		return err
	}
	kwargs := p.Params.Clone()
	next := value.NewObject()
	for _, name := range p.inputTokens() {
		next.Set(name, nil)
	}
	var skip int
	start, hasStart := p.Options.StartingToken.(string)
	if hasStart {
		if next, skip, err = DecodeToken(start, p.inputTokens()); err != nil {
			return err
		}
		inject(kwargs, next)
	}
	if p.Options.PageSize != nil {
		if p.Paginator.LimitKey == "" {
			return &PaginationError{Message: "PageSize parameter is not supported for the pagination interface for this operation."}
		}
		size, _, err := asInt(p.Options.PageSize)
		if err != nil {
			return err
		}
		kwargs.Set(p.Paginator.LimitKey, value.Int(int64(size)))
	}
	resultKey := p.Paginator.ResultKey
	total := 0
	first := true
	var previous *value.Object
	for {
		page, err := p.Call(ctx, kwargs)
		if err != nil {
			return err
		}
		startTrunc := 0
		if first {
			if hasStart {
				startTrunc = skip
				truncateFront(page, resultKey, skip)
			}
			first = false
		}
		items, _ := page.Get(resultKey)
		n := length(items)
		if hasMax && total+n-maxItems > 0 {
			keep := n - (total + n - maxItems)
			if list, ok := items.([]any); ok {
				page.Set(resultKey, list[:keep])
			}
			next.Set("boto_truncate_amount", value.Int(int64(keep+startTrunc)))
			if err := p.setResume(next); err != nil {
				return err
			}
			return fn(page)
		}
		if err := fn(page); err != nil {
			return err
		}
		total += n
		next = p.nextToken(page)
		allNil := true
		for _, k := range next.Keys() {
			if v, _ := next.Get(k); v != nil {
				allNil = false
			}
		}
		if allNil {
			return nil
		}
		if hasMax && total == maxItems {
			return p.setResume(next)
		}
		if previous != nil && value.Equal(previous, next) {
			return &PaginationError{Message: "The same next token was received twice: " + value.Repr(next)}
		}
		inject(kwargs, next)
		previous = next
	}
}

func length(v value.Value) int {
	switch t := v.(type) {
	case []any:
		return len(t)
	case string:
		return len([]rune(t))
	}
	return 0
}

func truncateFront(page *value.Object, key string, skip int) {
	v, _ := page.Get(key)
	switch t := v.(type) {
	case []any:
		if skip > len(t) {
			skip = len(t)
		}
		page.Set(key, t[skip:])
	case string:
		r := []rune(t)
		if skip > len(r) {
			skip = len(r)
		}
		page.Set(key, string(r[skip:]))
	default:
		page.Set(key, nil)
	}
}

func inject(kwargs, next *value.Object) {
	for _, k := range next.Keys() {
		v, _ := next.Get(k)
		if s, isString := v.(string); v != nil && !(isString && s == "None") {
			kwargs.Set(k, v)
		} else {
			kwargs.Delete(k)
		}
	}
}

func (p *Pages) nextToken(page *value.Object) *value.Object {
	next := value.NewObject()
	v, _ := page.Get(p.Paginator.OutputToken)
	if truthy(v) {
		next.Set(p.Paginator.InputToken, v)
	} else {
		next.Set(p.Paginator.InputToken, nil)
	}
	return next
}

func truthy(v value.Value) bool {
	switch t := v.(type) {
	case nil:
		return false
	case string:
		return t != ""
	case bool:
		return t
	case value.Number:
		return t.Float64() != 0
	case []any:
		return len(t) > 0
	case *value.Object:
		return t.Len() > 0
	}
	return true
}

// setResume validates the token's keys as botocore's resume_token setter
// does, then encodes it.
func (p *Pages) setResume(tok *value.Object) error {
	want := append([]string(nil), p.inputTokens()...)
	if tok.Has("boto_truncate_amount") {
		want = append(want, "boto_truncate_amount")
	}
	got := append([]string(nil), tok.Keys()...)
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(want, "\x00") != strings.Join(got, "\x00") {
		return badToken(tok)
	}
	p.ResumeToken = EncodeToken(tok)
	return nil
}

// FullResult runs the pages and merges them as build_full_result does: the
// result lists concatenated, plus NextToken when --max-items stopped early.
func (p *Pages) FullResult(ctx context.Context) (*value.Object, error) {
	full := value.NewObject()
	key := p.Paginator.ResultKey
	err := p.Each(ctx, func(page *value.Object) error {
		v, _ := page.Get(key)
		if v == nil {
			return nil
		}
		existing, ok := full.Get(key)
		if !ok || existing == nil {
			full.Set(key, v)
			return nil
		}
		switch e := existing.(type) {
		case []any:
			if l, ok := v.([]any); ok {
				full.Set(key, append(e, l...))
			}
		case string:
			if s, ok := v.(string); ok {
				full.Set(key, e+s)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if p.ResumeToken != "" {
		full.Set("NextToken", p.ResumeToken)
	}
	return full, nil
}
