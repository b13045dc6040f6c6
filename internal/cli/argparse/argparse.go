package argparse

import (
	"fmt"
	"strings"
)

// Nargs says how many words an action consumes.
type Nargs int

const (
	One        Nargs = iota // exactly one word (argparse's nargs=None)
	Optional                // zero or one word ('?')
	ZeroOrMore              // any number of words ('*')
	OneOrMore               // at least one word ('+')
	Zero                    // a flag (store_true, store_false)
)

// Kind is what an action does with its words.
type Kind int

const (
	Store      Kind = iota // store the converted value(s)
	StoreTrue              // store true
	StoreFalse             // store false
	Version                // report that the version was asked for
)

// Action is one option or positional argument.
type Action struct {
	// Option is the option string ("--alias"); empty for a positional.
	Option string
	// Dest is the namespace key the value is stored under.
	Dest  string
	Nargs Nargs
	Kind  Kind
	// Const is the value of an Optional-nargs option given without a word.
	Const any
	// Default is the value when the action is absent.
	Default  any
	Choices  []string
	Required bool
	// Convert turns a word into a value; nil keeps the string. TypeName is
	// argparse's name for it in "invalid int value: 'x'".
	Convert  func(string) (any, error)
	TypeName string
}

func (a *Action) name() string {
	if a.Option != "" {
		return a.Option
	}
	return a.Dest
}

func (a *Action) positional() bool { return a.Option == "" }

// Parser is a set of actions.
type Parser struct {
	Actions []*Action
	// ChoicesPerLine is how many choices an invalid-choice message lists per
	// line (the AWS CLI uses 2).
	ChoicesPerLine int
}

// Namespace holds parsed values by Dest.
type Namespace map[string]any

// Error is an argparse usage error.
type Error struct {
	Message string
}

func (e *Error) Error() string { return e.Message }

func argError(a *Action, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	if a == nil {
		return &Error{Message: msg}
	}
	return &Error{Message: "argument " + a.name() + ": " + msg}
}

type optionMatch struct {
	action      *Action
	option      string
	explicitArg *string
}

// isNegativeNumber reports "-" and digits, or "-", optional digits, "."
// and digits: argparse's `^-\d+$|^-\d*\.\d+$`, written out rather than
// compiled at package init by every run of the binary.
func isNegativeNumber(s string) bool {
	num, ok := strings.CutPrefix(s, "-")
	if !ok {
		return false
	}
	whole, frac, dot := strings.Cut(num, ".")
	if dot {
		return allDigits(whole) && frac != "" && allDigits(frac)
	}
	return whole != "" && allDigits(whole)
}

// allDigits reports whether s is ASCII digits only ("" is).
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseOptional classifies one word: nil when it is a positional, an
// optionMatch with a nil action when it is an unknown option.
func (p *Parser) parseOptional(arg string) (*optionMatch, *Error) {
	if arg == "" || arg[0] != '-' {
		return nil, nil
	}
	if a := p.byOption(arg); a != nil {
		return &optionMatch{action: a, option: arg}, nil
	}
	if len(arg) == 1 {
		return nil, nil
	}
	if opt, explicit, ok := strings.Cut(arg, "="); ok {
		if a := p.byOption(opt); a != nil {
			return &optionMatch{action: a, option: opt, explicitArg: &explicit}, nil
		}
	}
	matches := p.prefixMatches(arg)
	if len(matches) > 1 {
		names := make([]string, len(matches))
		for i, m := range matches {
			names[i] = m.option
		}
		return nil, &Error{Message: fmt.Sprintf("ambiguous option: %s could match %s", arg, strings.Join(names, ", "))}
	}
	if len(matches) == 1 {
		return &matches[0], nil
	}
	if isNegativeNumber(arg) {
		return nil, nil
	}
	if strings.Contains(arg, " ") {
		return nil, nil
	}
	return &optionMatch{option: arg}, nil
}

func (p *Parser) byOption(opt string) *Action {
	for _, a := range p.Actions {
		if a.Option != "" && a.Option == opt {
			return a
		}
	}
	return nil
}

// prefixMatches finds options that arg abbreviates, as argparse's
// _get_option_tuples does for "--" options.
func (p *Parser) prefixMatches(arg string) []optionMatch {
	var out []optionMatch
	if strings.HasPrefix(arg, "--") {
		prefix, explicit, hasExplicit := strings.Cut(arg, "=")
		for _, a := range p.Actions {
			if a.Option != "" && strings.HasPrefix(a.Option, prefix) {
				m := optionMatch{action: a, option: a.Option}
				if hasExplicit {
					e := explicit
					m.explicitArg = &e
				}
				out = append(out, m)
			}
		}
		return out
	}
	// A single-dash word can only abbreviate a long option it prefixes.
	for _, a := range p.Actions {
		if a.Option != "" && strings.HasPrefix(a.Option, arg) {
			out = append(out, optionMatch{action: a, option: a.Option})
		}
	}
	return out
}

// atom is one element of an nargs pattern: between min and max (-1: no
// limit) of the bytes in chars, greedy.
type atom struct {
	chars    string
	min, max int
}

// nargsAtoms is argparse's regular expression for how many words a
// takes, over the word-kind string ("OAA-A": O an option, A an argument,
// - a "--"), as atoms: for a positional "(-*A-*)", "(-*A?-*)",
// "(-*[A-]*)", "(-*A[A-]*)" or "(-*-*)", for an option the same without
// the dashes (TestMatchGroupsMatchesRegexp holds the two to each other).
func nargsAtoms(a *Action) []atom {
	var x []atom
	switch a.Nargs {
	case One:
		x = []atom{{"A", 1, 1}}
	case Optional:
		x = []atom{{"A", 0, 1}}
	case ZeroOrMore:
		x = []atom{{"A-", 0, -1}}
	case OneOrMore:
		x = []atom{{"A", 1, 1}, {"A-", 0, -1}}
	}
	if !a.positional() {
		for i := range x {
			x[i].chars = "A"
		}
		return x
	}
	return append(append([]atom{{"-", 0, -1}}, x...), atom{"-", 0, -1})
}

// matchGroups matches groups of atoms, one group per action, at the
// start of s as a backtracking regular expression engine would (each
// atom greedy, the first match found wins), and returns each group's
// length. (argparse compiles a regular expression per call; compiling
// it cost a CLI call more than matching by hand.)
func matchGroups(groups [][]atom, s string) ([]int, bool) {
	lens := make([]int, len(groups))
	type state struct{ g, k, pos int }
	failed := map[state]bool{} // success from a state does not depend on how it was reached
	var try func(g, k, pos, start int) bool
	try = func(g, k, pos, start int) bool {
		if g == len(groups) {
			return true
		}
		if k == len(groups[g]) {
			lens[g] = pos - start
			return try(g+1, 0, pos, pos)
		}
		if failed[state{g, k, pos}] {
			return false
		}
		at := groups[g][k]
		n := 0
		for pos+n < len(s) && (at.max < 0 || n < at.max) && strings.IndexByte(at.chars, s[pos+n]) >= 0 {
			n++
		}
		for ; n >= at.min; n-- {
			if try(g, k+1, pos+n, start) {
				return true
			}
		}
		failed[state{g, k, pos}] = true
		return false
	}
	if !try(0, 0, 0, 0) {
		return nil, false
	}
	return lens, true
}

func (p *Parser) matchArgument(a *Action, pattern string) (int, *Error) {
	m, ok := matchGroups([][]atom{nargsAtoms(a)}, pattern)
	if !ok {
		switch a.Nargs {
		case One:
			return 0, argError(a, "expected one argument")
		case Optional:
			return 0, argError(a, "expected at most one argument")
		case OneOrMore:
			return 0, argError(a, "expected at least one argument")
		}
		return 0, argError(a, "expected %d argument", 0)
	}
	return m[0], nil
}

func (p *Parser) matchPartial(actions []*Action, pattern string) []int {
	for i := len(actions); i > 0; i-- {
		groups := make([][]atom, i)
		for j, a := range actions[:i] {
			groups[j] = nargsAtoms(a)
		}
		if counts, ok := matchGroups(groups, pattern); ok {
			return counts
		}
	}
	return nil
}
