package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// This file computes a request's signature the way the reference signer
// (github.com/aws/smithy-go/aws-http-auth's, given a copy of the request
// that holds exactly the client's SignedHeaders) does, without copying the
// request or re-deriving the signing key: the canonical request is written
// into one pooled buffer and hashed, and derived keys are cached per
// (secret, day, region, service). signature_reference_test.go keeps the
// library signers as the reference; TestSignatureMatchesReference and
// FuzzSignatureMatchesReference hold this code to them.

// signature is the SigV4 signature of r as the client must have computed
// it if it signed auth.SignedHeaders at signedAt with secret. ok is false
// for a request no deterministic signer could have produced (two header
// map keys that lower-case to the same signed name).
func (v *Verifier) signature(r *http.Request, auth Authorization, signedAt time.Time, payloadHash [32]byte, secret string) (sig [32]byte, ok bool) {
	buf := canonicalBuffers.Get().(*[]byte)
	defer canonicalBuffers.Put(buf)
	canon, ok := appendCanonicalRequest((*buf)[:0], r, auth.SignedHeaders, signedAt, payloadHash)
	*buf = canon
	if !ok {
		return sig, false
	}
	canonHash := sha256.Sum256(canon)

	signedAt = signedAt.UTC()
	var day [8]byte
	signedAt.AppendFormat(day[:0], "20060102")
	key := v.keys.get(secret, string(day[:]), auth.Credential.Region, auth.Credential.Service)

	// The string to sign, in the same buffer: the canonical request is
	// no longer needed once hashed.
	s := append(canon[:0], Algorithm...)
	s = append(s, '\n')
	s = signedAt.AppendFormat(s, amzDateLayout)
	s = append(s, '\n')
	s = append(s, day[:]...)
	s = append(s, '/')
	s = append(s, auth.Credential.Region...)
	s = append(s, '/')
	s = append(s, auth.Credential.Service...)
	s = append(s, "/"+scopeTerminator+"\n"...)
	s = hex.AppendEncode(s, canonHash[:])
	*buf = s

	mac := key.macs.Get().(hash.Hash)
	mac.Reset()
	mac.Write(s)
	mac.Sum(sig[:0])
	key.macs.Put(mac)
	return sig, true
}

var canonicalBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// appendCanonicalRequest appends the canonical request: method, path,
// query, the signed headers' canonical lines, the signed header list and
// the payload hash, each on its own line.
func appendCanonicalRequest(b []byte, r *http.Request, signedHeaders string, signedAt time.Time, payloadHash [32]byte) ([]byte, bool) {
	b = append(b, r.Method...)
	b = append(b, '\n')
	b = appendCanonicalPath(b, r.URL)
	b = append(b, '\n')
	b = appendCanonicalQuery(b, r.URL.RawQuery)
	b = append(b, '\n')

	var stack [16]headerEntry
	entries, ok := signedEntries(stack[:0], r, signedHeaders, signedAt)
	if !ok {
		return b, false
	}
	for _, e := range entries {
		if !e.present {
			continue
		}
		b = append(b, e.name...)
		b = append(b, ':')
		if e.value != "" || e.values == nil {
			b = append(b, e.value...)
		} else {
			for i, v := range e.values {
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, strings.TrimSpace(collapseSpaces(v))...)
			}
		}
		b = append(b, '\n')
	}
	b = append(b, '\n')
	// The signed list is that of the headers present: the reference signer
	// signs only what the request holds.
	first := true
	for _, e := range entries {
		if !e.present {
			continue
		}
		if !first {
			b = append(b, ';')
		}
		first = false
		b = append(b, e.name...)
	}
	b = append(b, '\n')
	b = hex.AppendEncode(b, payloadHash[:])
	return b, true
}

// headerEntry is one name of the client's SignedHeaders and what the
// request holds for it: either a value computed here (host, x-amz-date,
// content-length) or the header's values as received.
type headerEntry struct {
	name    string
	present bool
	value   string   // set for computed values
	values  []string // the received values, when value is not computed
}

// signedEntries returns one entry per name in signedHeaders (which the
// caller has checked is sorted, lowercase and without repeats), in order,
// marking which the request holds.
//
// Like the reference, which signs a copy of the request: Host is the
// request's host (never a header map entry named "Host"); X-Amz-Date is
// the signing time formatted, whatever the header said; Content-Length is
// taken from r.ContentLength when positive and not in the header map; and
// the Authorization map entry is never signed.
func signedEntries(entries []headerEntry, r *http.Request, signedHeaders string, signedAt time.Time) ([]headerEntry, bool) {
	for rest := signedHeaders; rest != ""; {
		var name string
		name, rest, _ = strings.Cut(rest, ";")
		entries = append(entries, headerEntry{name: name})
	}
	exactContentLength, exactDate := false, false
	for key, values := range r.Header {
		if key == "Authorization" || key == "Host" {
			continue
		}
		i := entryIndex(entries, key)
		if i < 0 {
			continue
		}
		if entries[i].present {
			return entries, false // two keys for one name
		}
		switch key {
		case "Content-Length":
			exactContentLength = true
		case "X-Amz-Date":
			exactDate = true
		}
		entries[i].present, entries[i].values = true, values
	}
	for i := range entries {
		e := &entries[i]
		switch e.name {
		case "host":
			if e.present {
				return entries, false
			}
			host := r.Host
			if host == "" {
				host = r.URL.Host
			}
			e.present, e.value = true, strings.TrimSpace(host)
		case "x-amz-date":
			if e.present && !exactDate {
				return entries, false // a key other than X-Amz-Date
			}
			e.present, e.value, e.values = true, formatAmzDate(signedAt), nil
		case "content-length":
			if exactContentLength || r.ContentLength <= 0 {
				continue
			}
			if e.present {
				return entries, false
			}
			e.present, e.value = true, strconv.FormatInt(r.ContentLength, 10)
		}
	}
	return entries, true
}

// entryIndex finds the entry whose name is key in lower case.
func entryIndex(entries []headerEntry, key string) int {
	ascii := true
	for i := 0; i < len(key); i++ {
		if key[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		key = strings.ToLower(key)
	}
	for i, e := range entries {
		if len(e.name) == len(key) && lowerEqual(e.name, key) {
			return i
		}
	}
	return -1
}

// lowerEqual reports whether lower == strings.ToLower(key) for an ASCII key
// of the same length.
func lowerEqual(lower, key string) bool {
	for i := 0; i < len(key); i++ {
		c := key[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if lower[i] != c {
			return false
		}
	}
	return true
}

// appendCanonicalPath appends the escaped path, escaped once more (every
// byte but unreserved characters and '/'), as the reference does for every
// service but S3.
func appendCanonicalPath(b []byte, u *url.URL) []byte {
	var p string
	if u.RawPath == "" && u.Path == "/" {
		p = "/"
	} else {
		p = (&url.URL{Path: u.Path, RawPath: u.RawPath}).EscapedPath()
		if p == "" {
			p = "/"
		}
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if unreserved(c) || c == '/' {
			b = append(b, c)
		} else {
			b = append(b, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return b
}

const upperHex = "0123456789ABCDEF"

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// appendCanonicalQuery appends the query as the reference canonicalises it:
// parsed as url.ParseQuery does (dropping what it cannot parse), each name
// and value escaped, then sorted by escaped name and value.
func appendCanonicalQuery(b []byte, rawQuery string) []byte {
	if rawQuery == "" {
		return b
	}
	query, _ := url.ParseQuery(rawQuery)
	type param struct{ key, value string }
	var params []param
	for key, values := range query {
		k := escapeQueryComponent(key)
		for _, v := range values {
			params = append(params, param{k, escapeQueryComponent(v)})
		}
	}
	sort.Slice(params, func(i, j int) bool {
		if params[i].key != params[j].key {
			return params[i].key < params[j].key
		}
		return params[i].value < params[j].value
	})
	for i, p := range params {
		if i > 0 {
			b = append(b, '&')
		}
		b = append(b, p.key...)
		b = append(b, '=')
		b = append(b, p.value...)
	}
	return b
}

// escapeQueryComponent escapes every byte outside the unreserved set.
func escapeQueryComponent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
		}
	}
	return b.String()
}

// keyCache holds derived signing keys. A key depends on the secret, the
// day, the region and the service, and all four are in the cache key, so
// an entry can never serve another secret or day; it is emptied when full
// (each day brings new keys, and a client may name any region).
type keyCache struct {
	mu   sync.RWMutex
	max  int
	keys map[keyScope]*signingKey
}

// signingKey is a derived key and a pool of HMACs keyed with it: a reset
// HMAC starts from its key's precomputed state, so reusing one saves the
// allocations and the key's two blocks of hashing on every request.
type signingKey struct {
	key  [32]byte
	macs sync.Pool // of hash.Hash
}

type keyScope struct{ secret, day, region, service string }

const maxCachedKeys = 256

func (c *keyCache) get(secret, day, region, service string) *signingKey {
	s := keyScope{secret, day, region, service}
	c.mu.RLock()
	k, ok := c.keys[s]
	c.mu.RUnlock()
	if ok {
		return k
	}
	k = &signingKey{key: deriveKey(secret, day, region, service)}
	k.macs.New = func() any { return hmac.New(sha256.New, k.key[:]) }
	c.mu.Lock()
	if c.keys == nil || len(c.keys) >= c.max {
		c.keys = make(map[keyScope]*signingKey)
	}
	// Copies of the strings: the caller's may point into a request's
	// header, which the cache must not keep alive.
	c.keys[keyScope{strings.Clone(secret), strings.Clone(day), strings.Clone(region), strings.Clone(service)}] = k
	c.mu.Unlock()
	return k
}

// deriveKey is the SigV4 signing key: HMAC chain over the day, region,
// service and terminator, starting from "AWS4" + secret.
func deriveKey(secret, day, region, service string) [32]byte {
	var k [32]byte
	mac := func(key []byte, data string) {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(data))
		h.Sum(k[:0])
	}
	mac([]byte("AWS4"+secret), day)
	mac(k[:], region)
	mac(k[:], service)
	mac(k[:], scopeTerminator)
	return k
}
