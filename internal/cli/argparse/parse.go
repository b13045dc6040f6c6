package argparse

import (
	"fmt"
	"sort"
	"strings"
)

// ErrVersion is returned when a Version action was met; the namespace
// returned with it is partial.
var ErrVersion = &Error{Message: "version requested"}

var errVersion = ErrVersion

// ParseKnownArgs parses args as argparse's parse_known_args does: it returns
// the namespace and the words it did not recognise, in order.
func (p *Parser) ParseKnownArgs(args []string) (Namespace, []string, error) {
	ns := Namespace{}
	for _, a := range p.Actions {
		if _, ok := ns[a.Dest]; !ok {
			ns[a.Dest] = a.Default
		}
	}
	st := &state{p: p, ns: ns, args: args, seen: map[*Action]bool{}}
	if err := st.run(); err != nil {
		if err == errVersion {
			// argparse prints the version and exits as soon as it meets
			// the option, before checking required arguments.
			return ns, st.extras, ErrVersion
		}
		return nil, nil, err
	}
	var missing []string
	for _, a := range p.Actions {
		if !st.seen[a] && a.Required {
			missing = append(missing, a.name())
		}
	}
	if len(missing) > 0 {
		return nil, nil, &Error{Message: "the following arguments are required: " + strings.Join(missing, ", ")}
	}
	return ns, st.extras, nil
}

type state struct {
	p           *Parser
	ns          Namespace
	args        []string
	pattern     string
	options     map[int]*optionMatch
	positionals []*Action
	extras      []string
	seen        map[*Action]bool
}

func (st *state) run() error {
	st.options = map[int]*optionMatch{}
	var pat strings.Builder
	for i, arg := range st.args {
		if arg == "--" {
			pat.WriteString("-")
			for range st.args[i+1:] {
				pat.WriteString("A")
			}
			break
		}
		m, err := st.p.parseOptional(arg)
		if err != nil {
			return err
		}
		if m == nil {
			pat.WriteString("A")
		} else {
			st.options[i] = m
			pat.WriteString("O")
		}
	}
	st.pattern = pat.String()
	for _, a := range st.p.Actions {
		if a.positional() {
			st.positionals = append(st.positionals, a)
		}
	}

	maxOption := -1
	indices := make([]int, 0, len(st.options))
	for i := range st.options {
		indices = append(indices, i)
		if i > maxOption {
			maxOption = i
		}
	}
	sort.Ints(indices)
	start := 0
	for start <= maxOption {
		next := -1
		for _, i := range indices {
			if i >= start {
				next = i
				break
			}
		}
		if start != next {
			end, err := st.consumePositionals(start)
			if err != nil {
				return err
			}
			if end > start {
				start = end
				continue
			}
			start = end
		}
		if _, ok := st.options[start]; !ok {
			st.extras = append(st.extras, st.args[start:next]...)
			start = next
		}
		var err error
		if start, err = st.consumeOptional(start); err != nil {
			return err
		}
	}
	stop, err := st.consumePositionals(start)
	if err != nil {
		return err
	}
	st.extras = append(st.extras, st.args[stop:]...)
	return nil
}

func (st *state) consumeOptional(start int) (int, error) {
	m := st.options[start]
	if m.action == nil {
		st.extras = append(st.extras, st.args[start])
		return start + 1, nil
	}
	if m.explicitArg != nil {
		count, _ := st.p.matchArgument(m.action, "A")
		if count != 1 {
			return 0, argError(m.action, "ignored explicit argument %s", pyQuote(*m.explicitArg))
		}
		return start + 1, st.take(m.action, []string{*m.explicitArg})
	}
	from := start + 1
	count, err := st.p.matchArgument(m.action, st.pattern[from:])
	if err != nil {
		return 0, err
	}
	return from + count, st.take(m.action, append([]string(nil), st.args[from:from+count]...))
}

func (st *state) consumePositionals(start int) (int, error) {
	counts := st.p.matchPartial(st.positionals, st.pattern[start:])
	for i, n := range counts {
		if err := st.take(st.positionals[i], append([]string(nil), st.args[start:start+n]...)); err != nil {
			return 0, err
		}
		start += n
	}
	st.positionals = st.positionals[len(counts):]
	return start, nil
}

func (st *state) take(a *Action, words []string) error {
	st.seen[a] = true
	for i, w := range words {
		if w == "--" {
			words = append(words[:i:i], words[i+1:]...)
			break
		}
	}
	switch a.Kind {
	case StoreTrue:
		st.ns[a.Dest] = true
		return nil
	case StoreFalse:
		st.ns[a.Dest] = false
		return nil
	case Version:
		st.ns[a.Dest] = true
		return errVersion
	}
	var v any
	switch {
	case len(words) == 0 && a.Nargs == Optional:
		if a.positional() {
			v = a.Default
		} else {
			v = a.Const
		}
		if s, ok := v.(string); ok {
			cv, err := st.convert(a, s)
			if err != nil {
				return err
			}
			v = cv
		}
	case len(words) == 1 && (a.Nargs == One || a.Nargs == Optional):
		cv, err := st.convert(a, words[0])
		if err != nil {
			return err
		}
		v = cv
	default:
		list := make([]any, 0, len(words))
		for _, w := range words {
			cv, err := st.convert(a, w)
			if err != nil {
				return err
			}
			list = append(list, cv)
		}
		v = list
	}
	st.ns[a.Dest] = v
	return nil
}

func (st *state) convert(a *Action, word string) (any, error) {
	var v any = word
	if a.Convert != nil {
		cv, err := a.Convert(word)
		if err != nil {
			return nil, argError(a, "invalid %s value: %s", a.TypeName, pyQuote(word))
		}
		v = cv
	}
	if a.Choices != nil {
		s, _ := v.(string)
		for _, c := range a.Choices {
			if c == s {
				return v, nil
			}
		}
		return nil, argError(a, "%s", st.p.invalidChoice(s, a.Choices))
	}
	return v, nil
}

// invalidChoice words the AWS CLI's replacement for argparse's message.
func (p *Parser) invalidChoice(value string, choices []string) string {
	per := p.ChoicesPerLine
	if per <= 0 {
		per = 2
	}
	msg := []string{"Invalid choice, valid choices are:\n"}
	for i := 0; i < len(choices); i += per {
		var cur []string
		for _, c := range choices[i:min(i+per, len(choices))] {
			cur = append(cur, fmt.Sprintf("%-40s", c))
		}
		msg = append(msg, strings.Join(cur, " | "))
	}
	if close := closeMatches(value, choices, 0.8); len(close) > 0 {
		extra := []string{fmt.Sprintf("\n\nInvalid choice: %s, maybe you meant:\n", pyQuote(value))}
		for _, w := range close {
			extra = append(extra, "  * "+w)
		}
		msg = append(msg, extra...)
	}
	return strings.Join(msg, "\n")
}

// pyQuote is Python's repr of a str, which argparse uses in messages.
func pyQuote(s string) string {
	q := "'"
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		q = `"`
	}
	r := strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	s = r.Replace(s)
	if q == "'" {
		s = strings.ReplaceAll(s, "'", `\'`)
	}
	return q + s + q
}
