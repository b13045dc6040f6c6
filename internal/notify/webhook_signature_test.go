package notify

import (
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"
)

func signedHeader(secret []byte, ts string, body []byte) http.Header {
	h := http.Header{}
	h.Set(HeaderTimestamp, ts)
	h.Set(HeaderSignature, signWebhook(secret, ts, body))
	return h
}

func TestVerifyWebhookSignature(t *testing.T) {
	body := []byte(`{"version":1,"messageId":"m-1"}`)
	now := time.Unix(1795771805, 0)
	ts := strconv.FormatInt(now.Unix(), 10)
	tests := []struct {
		name      string
		header    func() http.Header
		body      []byte
		tolerance time.Duration
		wantErr   string // empty: verifies
	}{
		{name: "valid", header: func() http.Header { return signedHeader(testSecret, ts, body) }},
		{name: "valid at the edge of the tolerance", tolerance: time.Minute, header: func() http.Header {
			return signedHeader(testSecret, strconv.FormatInt(now.Unix()-60, 10), body)
		}},
		{name: "body changed", body: []byte(`{"version":1,"messageId":"m-2"}`),
			header: func() http.Header { return signedHeader(testSecret, ts, body) }, wantErr: "the signature does not match"},
		{name: "other secret", header: func() http.Header { return signedHeader([]byte("other"), ts, body) }, wantErr: "the signature does not match"},
		{name: "timestamp replaced to replay an old call", header: func() http.Header {
			h := signedHeader(testSecret, strconv.FormatInt(now.Unix()-3600, 10), body)
			h.Set(HeaderTimestamp, ts)
			return h
		}, wantErr: "the signature does not match"},
		{name: "old call replayed as is", header: func() http.Header {
			return signedHeader(testSecret, strconv.FormatInt(now.Unix()-301, 10), body)
		}, wantErr: "timestamp is 5m1s away from now, more than 5m0s"},
		{name: "from the future", tolerance: time.Minute, header: func() http.Header {
			return signedHeader(testSecret, strconv.FormatInt(now.Unix()+61, 10), body)
		}, wantErr: "timestamp is -1m1s away from now, more than 1m0s"},
		{name: "upper-case hex is not the format", header: func() http.Header {
			h := signedHeader(testSecret, ts, body)
			h.Set(HeaderSignature, "sha256="+toUpperHex(h.Get(HeaderSignature)[len("sha256="):]))
			return h
		}, wantErr: "the signature does not match"},
		{name: "no signature", header: func() http.Header {
			h := signedHeader(testSecret, ts, body)
			h.Del(HeaderSignature)
			return h
		}, wantErr: "missing X-Ssmcontacts-Signature"},
		{name: "no timestamp", header: func() http.Header {
			h := signedHeader(testSecret, ts, body)
			h.Del(HeaderTimestamp)
			return h
		}, wantErr: "missing or malformed X-Ssmcontacts-Timestamp"},
		{name: "timestamp not a number", header: func() http.Header { return signedHeader(testSecret, "2026-11-27T09:30:05Z", body) },
			wantErr: "missing or malformed X-Ssmcontacts-Timestamp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := body
			if tt.body != nil {
				b = tt.body
			}
			err := VerifyWebhookSignature(testSecret, tt.header(), b, now, tt.tolerance)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("VerifyWebhookSignature: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("VerifyWebhookSignature accepted the call, want %q", tt.wantErr)
			}
			if !errors.Is(err, ErrWebhookSignature) {
				t.Errorf("error %v does not wrap ErrWebhookSignature", err)
			}
			if want := ErrWebhookSignature.Error() + ": " + tt.wantErr; err.Error() != want {
				t.Errorf("error = %q, want %q", err, want)
			}
		})
	}
}

func toUpperHex(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'f' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// FuzzWebhookSignature checks that what the sender signs verifies, and
// that changing any byte of the body or the timestamp breaks it.
func FuzzWebhookSignature(f *testing.F) {
	f.Add([]byte("whsec"), []byte(`{"version":1}`), int64(1795771805), uint16(3))
	f.Add([]byte{0}, []byte{}, int64(0), uint16(0))
	f.Add([]byte("k"), []byte("x"), int64(-62135596800), uint16(9))
	f.Fuzz(func(t *testing.T, secret, body []byte, unix int64, flip uint16) {
		now := time.Unix(unix, 0)
		ts := strconv.FormatInt(unix, 10)
		if err := VerifyWebhookSignature(secret, signedHeader(secret, ts, body), body, now, time.Minute); err != nil {
			t.Fatalf("a fresh signature does not verify: %v", err)
		}
		if len(body) > 0 {
			tampered := append([]byte(nil), body...)
			tampered[int(flip)%len(tampered)] ^= 0x01
			if VerifyWebhookSignature(secret, signedHeader(secret, ts, body), tampered, now, time.Minute) == nil {
				t.Fatal("a changed body verifies")
			}
		}
		h := signedHeader(secret, ts, body)
		h.Set(HeaderTimestamp, strconv.FormatInt(unix+1, 10))
		if VerifyWebhookSignature(secret, h, body, now, time.Minute) == nil {
			t.Fatal("a changed timestamp verifies")
		}
	})
}
