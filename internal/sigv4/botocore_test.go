package sigv4

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/clock"
)

// botocoreCases is testdata/botocore/cases.json, written by generate.py.
type botocoreCases struct {
	SignedAt string `json:"signedAt"`
	Cases    []struct {
		Name string `json:"name"`
		File string `json:"file"`
		Want struct {
			AccessKeyID  string `json:"accessKeyId"`
			Account      string `json:"account"`
			Region       string `json:"region"`
			SessionToken string `json:"sessionToken"`
		} `json:"want"`
	} `json:"cases"`
}

// TestVerifyBotocore verifies requests signed by botocore, the library under
// the AWS CLI and boto3 (see testdata/botocore/generate.py).
func TestVerifyBotocore(t *testing.T) {
	dir := filepath.Join("testdata", "botocore")
	data, err := os.ReadFile(filepath.Join(dir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var manifest botocoreCases
	if err := json.Unmarshal(data, &manifest); err != nil {
		t.Fatal(err)
	}
	creds, err := LoadCredentialsFile(filepath.Join(dir, "credentials.json"))
	if err != nil {
		t.Fatal(err)
	}
	now, err := time.Parse(amzDateLayout, manifest.SignedAt)
	if err != nil {
		t.Fatal(err)
	}
	v := NewVerifier(Config{Credentials: creds, Clock: clock.NewControllable(now.Add(3 * time.Second))})
	if len(manifest.Cases) == 0 {
		t.Fatal("no cases in cases.json")
	}
	for _, c := range manifest.Cases {
		t.Run(c.Name, func(t *testing.T) {
			wire, err := os.ReadFile(filepath.Join(dir, c.File))
			if err != nil {
				t.Fatal(err)
			}
			r, body := readWireRequest(t, wire)
			got, err := v.Verify(r, body)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			want := Identity{AccessKeyID: c.Want.AccessKeyID, Account: c.Want.Account, Region: c.Want.Region,
				SessionToken: c.Want.SessionToken}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("identity mismatch (-want +got):\n%s", diff)
			}

			tampered := append([]byte(nil), body...)
			tampered[len(tampered)-1] ^= 1
			if _, err := v.Verify(r, tampered); err == nil {
				t.Error("Verify accepted the request with its body changed")
			}
		})
	}
}

// TestVerifyBotocoreHeaderOrder checks that the values of a repeated signed
// header are signed in the order sent.
func TestVerifyBotocoreHeaderOrder(t *testing.T) {
	wire, err := os.ReadFile(filepath.Join("testdata", "botocore", "sigv4auth-repeated-header.http"))
	if err != nil {
		t.Fatal(err)
	}
	r, body := readWireRequest(t, wire)
	values := r.Header["X-Custom"]
	if len(values) != 2 {
		t.Fatalf("X-Custom has %d values, want 2", len(values))
	}
	r.Header["X-Custom"] = []string{values[1], values[0]}
	_, err = testVerifier(t, ModeVerify, signedAt).Verify(r, body)
	if e, ok := err.(*Error); !ok || e.Kind != KindInvalidSignature {
		t.Errorf("Verify with header values swapped = %v, want an InvalidSignature error", err)
	}
}
