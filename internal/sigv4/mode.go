package sigv4

import "fmt"

// Mode says how much of a signature is checked.
type Mode int

const (
	// ModeVerify checks everything: format, scope, clock skew, access key,
	// payload hash and signature. It is the default.
	ModeVerify Mode = iota
	// ModeOff (--auth=off) checks only that the Authorization header is
	// well formed, signs the required headers and is scoped to this
	// service; it never looks at the clock, the access key's secret or the
	// signature itself. A configured access key still acts in its account.
	ModeOff
)

var modeNames = [...]string{ModeVerify: "verify", ModeOff: "off"}

func (m Mode) String() string {
	if m >= 0 && int(m) < len(modeNames) {
		return modeNames[m]
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// ParseMode reads the value of --auth: "verify" or "off".
func ParseMode(s string) (Mode, error) {
	for m, name := range modeNames {
		if s == name {
			return Mode(m), nil
		}
	}
	return 0, fmt.Errorf("unknown auth mode %q: want \"verify\" or \"off\"", s)
}
