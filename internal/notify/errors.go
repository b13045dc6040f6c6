package notify

import (
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Error is a failed delivery. Its text is meant to be stored as the
// outbox's failure reason: it names the transport, what was refused and
// how (an HTTP status and an excerpt of the response, an SMTP reply), and
// never carries credentials, webhook secrets or URL paths and queries.
type Error struct {
	// Transport is TransportSMTP or TransportWebhook, or TransportNone
	// for an invalid message that Router would not have delivered anyway.
	Transport string
	// Permanent is set when sending the same message again with the same
	// configuration will fail the same way: the message is invalid, the
	// receiver refused it (SMTP 5xx; HTTP 3xx, or 4xx other than 429), or
	// the configuration forbids the exchange (credentials over plain
	// text). Other failures (network, timeouts, SMTP 4xx, HTTP 429 and
	// 5xx) are worth retrying later.
	Permanent bool
	// RetryAfter is how long the receiver asked to be left alone when
	// that was longer than the sender is willing to wait in-process; zero
	// otherwise. A caller that reschedules should not retry sooner.
	RetryAfter time.Duration
	// Reason says what happened.
	Reason string
	// Err is the cause when there is one, such as context.DeadlineExceeded.
	Err error
}

func (e *Error) Error() string { return e.Transport + ": " + e.Reason }

func (e *Error) Unwrap() error { return e.Err }

// IsPermanent reports whether err is an *Error marked Permanent.
func IsPermanent(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Permanent
}

func invalidMessage(transport string, err error) *Error {
	return &Error{Transport: transport, Permanent: true, Reason: "invalid message: " + err.Error(), Err: err}
}

// maxExcerpt bounds how much of a receiver's reply goes into an error.
const maxExcerpt = 200

// excerpt makes a short, single-line, printable version of a receiver's
// reply, so a hostile or chatty receiver cannot flood the outbox.
func excerpt(b []byte) string {
	var sb strings.Builder
	space := false
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if r == utf8.RuneError || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			space = sb.Len() > 0
			continue
		}
		need := 1
		if space {
			need = 2
		}
		if n+need > maxExcerpt {
			sb.WriteString("…")
			break
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.WriteRune(r)
		n += need
	}
	return sb.String()
}
