package awsconfig

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func source(env map[string]string, files map[string]string) Source {
	return Source{
		Getenv:  func(k string) string { return env[k] },
		HomeDir: "/home/u",
		ReadFile: func(p string) ([]byte, error) {
			if s, ok := files[p]; ok {
				return []byte(s), nil
			}
			return nil, fmt.Errorf("open %s: %w", p, fs.ErrNotExist)
		},
	}
}

const configFile = `
# comment
[default]
region = eu-west-1
output = text

[profile dev]
region=us-west-2
aws_access_key_id = CFGKEY
aws_secret_access_key = cfgsecret
endpoint_url = http://cfg.example:4750
services = local
s3 =
  addressing_style = path

[services local]
ssm_contacts =
  endpoint_url = http://svc.example:4750

[profile bare]
REGION : ap-south-1
`

const credentialsFile = `[default]
aws_access_key_id = DEFKEY
aws_secret_access_key = defsecret

[dev]
aws_access_key_id = CREDKEY
aws_secret_access_key = credsecret
aws_session_token = tok
`

func TestResolution(t *testing.T) {
	files := map[string]string{"/home/u/.aws/config": configFile, "/home/u/.aws/credentials": credentialsFile}
	tests := []struct {
		name        string
		env         map[string]string
		profileFlag string
		regionFlag  string
		wantRegion  string
		wantRegErr  error
		wantCreds   *Credentials
		wantCredErr string
		wantEnd     string
	}{
		{
			name:       "default profile from files",
			wantRegion: "eu-west-1",
			wantCreds:  &Credentials{AccessKeyID: "DEFKEY", SecretAccessKey: "defsecret", Source: "shared-credentials-file"},
		},
		{
			name:       "environment wins over files",
			env:        map[string]string{"AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "s", "AWS_DEFAULT_REGION": "us-east-2", "AWS_ENDPOINT_URL": "http://global"},
			wantRegion: "us-east-2",
			wantCreds:  &Credentials{AccessKeyID: "ENVKEY", SecretAccessKey: "envsecret", SessionToken: "s", Source: "env"},
			wantEnd:    "http://global",
		},
		{
			name:       "AWS_PROFILE selects a profile; credentials file overrides config keys",
			env:        map[string]string{"AWS_PROFILE": "dev"},
			wantRegion: "us-west-2",
			wantCreds:  &Credentials{AccessKeyID: "CREDKEY", SecretAccessKey: "credsecret", SessionToken: "tok", Source: "shared-credentials-file"},
			wantEnd:    "http://svc.example:4750",
		},
		{
			name:        "--profile turns off environment credentials",
			env:         map[string]string{"AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_ENDPOINT_URL_SSM_CONTACTS": "http://svc-env"},
			profileFlag: "dev",
			regionFlag:  "ca-central-1",
			wantRegion:  "ca-central-1",
			wantCreds:   &Credentials{AccessKeyID: "CREDKEY", SecretAccessKey: "credsecret", SessionToken: "tok", Source: "shared-credentials-file"},
			wantEnd:     "http://svc-env",
		},
		{
			name:        "keys are case-insensitive, colon separators work",
			profileFlag: "bare",
			wantRegion:  "ap-south-1",
			wantCredErr: "Unable to locate credentials",
		},
		{
			name:        "unknown profile",
			profileFlag: "nope",
			wantRegErr:  &ProfileNotFoundError{Profile: "nope"},
			wantCredErr: "The config profile (nope) could not be found",
		},
		{
			name:        "partial environment credentials",
			env:         map[string]string{"AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_DEFAULT_REGION": "bad_region"},
			wantRegErr:  &InvalidRegionError{Region: "bad_region"},
			wantCredErr: "Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Load(source(tt.env, files), tt.profileFlag)
			if err != nil {
				t.Fatal(err)
			}
			region, err := f.Region(tt.regionFlag)
			if tt.wantRegErr != nil {
				if err == nil || err.Error() != tt.wantRegErr.Error() {
					t.Errorf("Region error = %v, want %v", err, tt.wantRegErr)
				}
			} else if err != nil || region != tt.wantRegion {
				t.Errorf("Region = %q, %v; want %q", region, err, tt.wantRegion)
			}
			creds, err := f.Credentials()
			if tt.wantCredErr != "" {
				if err == nil || err.Error() != tt.wantCredErr {
					t.Errorf("Credentials error = %v, want %q", err, tt.wantCredErr)
				}
			} else if diff := cmp.Diff(tt.wantCreds, creds); diff != "" || err != nil {
				t.Errorf("Credentials (-want +got):\n%s%v", diff, err)
			}
			if tt.wantRegErr == nil {
				end, err := f.ConfiguredEndpoint("ssm_contacts")
				if err != nil || end != tt.wantEnd {
					t.Errorf("ConfiguredEndpoint = %q, %v; want %q", end, err, tt.wantEnd)
				}
			}
		})
	}
}

func TestNoRegion(t *testing.T) {
	f, err := Load(source(nil, nil), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Region(""); !errors.Is(err, NoRegionError) {
		t.Errorf("Region error = %v, want NoRegionError", err)
	}
	if got := DefaultEndpoint("ssm-contacts", "us-east-2"); got != "https://ssm-contacts.us-east-2.amazonaws.com" {
		t.Errorf("DefaultEndpoint = %s", got)
	}
}
