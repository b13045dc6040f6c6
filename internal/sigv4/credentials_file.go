package sigv4

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// credentialsFile is the on-disk format of --credentials:
//
//	{
//	  "credentials": [
//	    {"accessKeyId": "AKIAEXAMPLE", "secretAccessKey": "…", "accountId": "111122223333",
//	     "description": "CI pipeline"}
//	  ]
//	}
//
// Unknown fields are rejected so that a misspelt field name is an error, not
// a silently empty value.
type credentialsFile struct {
	Credentials []Credential `json:"credentials"`
}

// LoadCredentialsFile reads and validates a credentials file. The set it
// returns replaces the built-in one.
func LoadCredentialsFile(path string) (*Credentials, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("credentials file: %w", err)
	}
	c, err := ParseCredentials(data)
	if err != nil {
		return nil, fmt.Errorf("credentials file %s: %w", path, err)
	}
	return c, nil
}

// ParseCredentials decodes and validates the credentials file format.
func ParseCredentials(data []byte) (*Credentials, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f credentialsFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("not valid JSON of the form {\"credentials\": [...]}: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("unexpected data after the JSON object")
	}
	return NewCredentials(f.Credentials)
}
