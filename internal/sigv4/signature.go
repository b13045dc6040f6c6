package sigv4

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"
)

// checkContentSHA256 holds a client to its X-Amz-Content-Sha256 claim: the
// header, when sent, must be the hex SHA-256 of the body actually received.
func checkContentSHA256(h http.Header, payloadHash [32]byte) *Error {
	claimed := h.Get("X-Amz-Content-Sha256")
	if claimed == "" {
		return nil
	}
	if got, ok := decodeHex32(claimed); !ok || got != payloadHash {
		return newError(KindInvalidSignature, msgContentSHAMismatch)
	}
	return nil
}

// checkSignature recomputes the signature and compares it with the
// client's in constant time.
func (v *Verifier) checkSignature(r *http.Request, auth Authorization, signedAt time.Time, payloadHash [32]byte, secret string) *Error {
	want, ok := decodeHex32(auth.Signature)
	if !ok || !canonicalHeaderList(auth.SignedHeaders) {
		return errSignatureMismatch()
	}
	got, ok := v.signature(r, auth, signedAt, payloadHash, secret)
	if !ok || subtle.ConstantTimeCompare(want[:], got[:]) != 1 {
		return errSignatureMismatch()
	}
	return nil
}

// canonicalHeaderList reports whether a SignedHeaders list is in the form
// the canonical request requires: lowercase names, sorted, each once. The
// library signer writes the list in that form whatever the input, so a list
// in any other form cannot have produced the client's signature.
func canonicalHeaderList(list string) bool {
	prev := ""
	for rest := list; rest != ""; {
		var h string
		h, rest, _ = strings.Cut(rest, ";")
		if h == "" || h <= prev || strings.ContainsAny(h, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			return false
		}
		prev = h
	}
	return !strings.HasSuffix(list, ";")
}

// signsFold is Signs for a header name in any case, without allocating.
func signsFold(signedHeaders, name string) bool {
	for rest := signedHeaders; rest != ""; {
		var h string
		h, rest, _ = strings.Cut(rest, ";")
		if strings.EqualFold(h, name) {
			return true
		}
	}
	return false
}

// collapseSpaces trims spaces at both ends and turns inner runs of spaces
// into one, as the SDKs do.
func collapseSpaces(s string) string {
	s = strings.Trim(s, " ")
	if !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' && i > 0 && s[i-1] == ' ' {
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// decodeHex32 decodes 64 lowercase hex digits, the only form SigV4 uses
// for hashes and signatures; anything else cannot match.
func decodeHex32(s string) ([32]byte, bool) {
	var b [32]byte
	if len(s) != 2*len(b) {
		return b, false
	}
	for i := range b {
		hi, ok1 := hexDigit(s[2*i])
		lo, ok2 := hexDigit(s[2*i+1])
		if !ok1 || !ok2 {
			return b, false
		}
		b[i] = hi<<4 | lo
	}
	return b, true
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}
