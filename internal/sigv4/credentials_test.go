package sigv4

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadCredentialsFile(t *testing.T) {
	c, err := LoadCredentialsFile(filepath.Join("testdata", "credentials", "good.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Credential{
		{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
			AccountID: "111122223333", Description: "CI pipeline"},
		{AccessKeyID: "AKIAI44QH8DHBEXAMPLE", SecretAccessKey: "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
			AccountID: "444455556666"},
	}
	var got []Credential
	for _, w := range want {
		if cred, ok := c.Lookup(w.AccessKeyID); ok {
			got = append(got, cred)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("credentials mismatch (-want +got):\n%s", diff)
	}
	if c.Len() != len(want) {
		t.Errorf("Len() = %d, want %d", c.Len(), len(want))
	}
	if _, ok := c.Lookup(BuiltinAccessKeyID); ok {
		t.Error("a credentials file must replace the built-in key, but it is still accepted")
	}
}

func TestLoadCredentialsFileErrors(t *testing.T) {
	tests := []struct {
		name string
		file string
		want string
	}{
		{
			name: "missing file",
			file: "absent.json",
			want: "credentials file: open testdata/credentials/absent.json: no such file or directory",
		},
		{
			name: "every problem reported with its entry",
			file: "invalid.json",
			want: "credentials file testdata/credentials/invalid.json: " +
				"credential 1: accountId \"1111-2222-3333\" is not 12 digits\n" +
				"credential 2: secretAccessKey is empty\n" +
				"credential 2: access key ID \"AKIAIOSFODNN7EXAMPLE\" is already used by credential 1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadCredentialsFile(filepath.Join("testdata", "credentials", tt.file))
			if err == nil {
				t.Fatal("LoadCredentialsFile succeeded, want an error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseCredentialsErrors(t *testing.T) {
	const good = `{"accessKeyId": "AKID", "secretAccessKey": "secret", "accountId": "111122223333"}`
	tests := []struct {
		name string
		json string
		want string
	}{
		{name: "not JSON", json: `credentials`,
			want: `not valid JSON of the form {"credentials": [...]}: invalid character 'c' looking for beginning of value`},
		{name: "a bare list", json: `[` + good + `]`,
			want: `not valid JSON of the form {"credentials": [...]}: json: cannot unmarshal array into Go value of type sigv4.credentialsFile`},
		{name: "misspelt field", json: `{"credentials": [{"accessKeyId": "AKID", "secretKey": "s", "accountId": "111122223333"}]}`,
			want: `not valid JSON of the form {"credentials": [...]}: json: unknown field "secretKey"`},
		{name: "trailing data", json: `{"credentials": [` + good + `]} {}`,
			want: `unexpected data after the JSON object`},
		{name: "no credentials", json: `{"credentials": []}`,
			want: `no credentials: at least one is required`},
		{name: "null", json: `null`,
			want: `no credentials: at least one is required`},
		{name: "empty access key", json: `{"credentials": [{"accessKeyId": "", "secretAccessKey": "s", "accountId": "111122223333"}]}`,
			want: `credential 1: accessKeyId is empty`},
		{name: "slash in access key", json: `{"credentials": [{"accessKeyId": "AK/ID", "secretAccessKey": "s", "accountId": "111122223333"}]}`,
			want: `credential 1: accessKeyId "AK/ID" may only hold printable ASCII characters other than '/', ',' and spaces`},
		{name: "space in access key", json: `{"credentials": [{"accessKeyId": "AKID ", "secretAccessKey": "s", "accountId": "111122223333"}]}`,
			want: `credential 1: accessKeyId "AKID " may only hold printable ASCII characters other than '/', ',' and spaces`},
		{name: "empty secret", json: `{"credentials": [{"accessKeyId": "AKID", "secretAccessKey": "", "accountId": "111122223333"}]}`,
			want: `credential 1: secretAccessKey is empty`},
		{name: "secret with a trailing newline", json: `{"credentials": [{"accessKeyId": "AKID", "secretAccessKey": "s\n", "accountId": "111122223333"}]}`,
			want: `credential 1: secretAccessKey has leading or trailing white space`},
		{name: "short account", json: `{"credentials": [{"accessKeyId": "AKID", "secretAccessKey": "s", "accountId": "12345678901"}]}`,
			want: `credential 1: accountId "12345678901" is not 12 digits`},
		{name: "account with letters", json: `{"credentials": [{"accessKeyId": "AKID", "secretAccessKey": "s", "accountId": "11112222333x"}]}`,
			want: `credential 1: accountId "11112222333x" is not 12 digits`},
		{name: "missing account", json: `{"credentials": [{"accessKeyId": "AKID", "secretAccessKey": "s"}]}`,
			want: `credential 1: accountId "" is not 12 digits`},
		{name: "duplicate key", json: `{"credentials": [` + good + `, ` + good + `, ` + good + `]}`,
			want: "credential 2: access key ID \"AKID\" is already used by credential 1\n" +
				"credential 3: access key ID \"AKID\" is already used by credential 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseCredentials([]byte(tt.json))
			if err == nil {
				t.Fatalf("ParseCredentials succeeded with %d credentials, want an error", c.Len())
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBuiltinCredentials(t *testing.T) {
	c := BuiltinCredentials()
	got, ok := c.Lookup("test")
	want := Credential{AccessKeyID: "test", SecretAccessKey: "test", AccountID: "000000000000", Description: "built-in"}
	if !ok {
		t.Fatal(`built-in credentials do not hold "test"`)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("built-in credential mismatch (-want +got):\n%s", diff)
	}
	if c.Len() != 1 {
		t.Errorf("Len() = %d, want 1", c.Len())
	}
}

func TestParseMode(t *testing.T) {
	for _, m := range []Mode{ModeVerify, ModeOff} {
		got, err := ParseMode(m.String())
		if err != nil || got != m {
			t.Errorf("ParseMode(%q) = %v, %v; want %v", m.String(), got, err, m)
		}
	}
	if _, err := ParseMode("on"); err == nil || !strings.Contains(err.Error(), `"verify" or "off"`) {
		t.Errorf(`ParseMode("on") error = %v, want one naming the accepted values`, err)
	}
}
