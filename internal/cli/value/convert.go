package value

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode"
)

// ValueError is a Python ValueError; the AWS CLI lets some escape to its
// top level, where only the message is printed.
type ValueError struct{ Msg string }

func (e *ValueError) Error() string { return e.Msg }

// PyInt converts s as Python's int(s) does: surrounding whitespace, a sign
// and underscores between digits are allowed.
func PyInt(s string) (Number, error) {
	bad := &ValueError{Msg: "invalid literal for int() with base 10: " + Repr(s)}
	t := strings.TrimFunc(s, unicode.IsSpace)
	sign := ""
	if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "+") {
		if t[0] == '-' {
			sign = "-"
		}
		t = t[1:]
	}
	if t == "" || strings.HasPrefix(t, "_") || strings.HasSuffix(t, "_") || strings.Contains(t, "__") {
		return "", bad
	}
	var digits strings.Builder
	for _, r := range t {
		switch {
		case r == '_':
		case unicode.IsDigit(r):
			digits.WriteRune('0' + rune(digitValue(r)))
		default:
			return "", bad
		}
	}
	n, ok := new(big.Int).SetString(sign+digits.String(), 10)
	if !ok {
		return "", bad
	}
	return Number(n.String()), nil
}

func digitValue(r rune) int {
	// Unicode decimal digits come in contiguous runs of ten starting at a
	// code point whose value is 0.
	for d := 0; d < 10; d++ {
		if unicode.IsDigit(r-rune(d)) && !unicode.IsDigit(r-rune(d)-1) {
			return d
		}
	}
	return 0
}

// PyFloat converts s as Python's float(s) does.
func PyFloat(s string) (Number, error) {
	t := strings.ToLower(strings.TrimFunc(s, unicode.IsSpace))
	switch strings.TrimLeft(t, "+-") {
	case "inf", "infinity", "nan":
		f, _ := strconv.ParseFloat(strings.Replace(t, "infinity", "inf", 1), 64)
		return Float(f), nil
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(t, "_", ""), 64)
	if err != nil || strings.ContainsAny(t, "xp") {
		return "", &ValueError{Msg: fmt.Sprintf("could not convert string to float: %s", Repr(s))}
	}
	return Float(f), nil
}
