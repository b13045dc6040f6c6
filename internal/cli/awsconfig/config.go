package awsconfig

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// Source is where configuration comes from.
type Source struct {
	Getenv  func(string) string
	HomeDir string
	// ReadFile reads a file; a missing file is an error wrapping
	// fs.ErrNotExist.
	ReadFile func(path string) ([]byte, error)
}

// Credentials are static AWS credentials.
type Credentials struct {
	AccessKeyID, SecretAccessKey, SessionToken string
	// Source names where they came from, for --debug.
	Source string
}

// ProfileNotFoundError is botocore's ProfileNotFound.
type ProfileNotFoundError struct{ Profile string }

func (e *ProfileNotFoundError) Error() string {
	return fmt.Sprintf("The config profile (%s) could not be found", e.Profile)
}

// NoRegionError is botocore's NoRegionError.
var NoRegionError = errors.New("You must specify a region.")

// NoCredentialsError is botocore's NoCredentialsError.
var NoCredentialsError = errors.New("Unable to locate credentials")

// PartialCredentialsError is botocore's PartialCredentialsError.
type PartialCredentialsError struct{ Provider, Missing string }

func (e *PartialCredentialsError) Error() string {
	return fmt.Sprintf("Partial credentials found in %s, missing: %s", e.Provider, e.Missing)
}

// InvalidRegionError is botocore's InvalidRegionError.
type InvalidRegionError struct{ Region string }

func (e *InvalidRegionError) Error() string {
	return fmt.Sprintf("Provided region_name '%s' doesn't match a supported format.", e.Region)
}

// Files is the parsed configuration and credentials files plus the
// environment, with a profile chosen.
type Files struct {
	src      Source
	profile  string
	explicit bool // chosen with --profile, which turns off environment credentials
	profiles map[string]map[string]string
	nested   map[string]map[string]map[string]string
	services map[string]map[string]map[string]string
}

// Load reads the configuration files for profile (the --profile value, or
// empty to use AWS_DEFAULT_PROFILE, AWS_PROFILE or "default").
func Load(src Source, profileFlag string) (*Files, error) {
	f := &Files{
		src:      src,
		profiles: map[string]map[string]string{},
		nested:   map[string]map[string]map[string]string{},
		services: map[string]map[string]map[string]string{},
	}
	switch {
	case profileFlag != "":
		f.profile, f.explicit = profileFlag, true
	case src.Getenv("AWS_DEFAULT_PROFILE") != "":
		f.profile = src.Getenv("AWS_DEFAULT_PROFILE")
	case src.Getenv("AWS_PROFILE") != "":
		f.profile = src.Getenv("AWS_PROFILE")
	default:
		f.profile = "default"
	}
	if err := f.readConfig(f.path("AWS_CONFIG_FILE", "~/.aws/config")); err != nil {
		return nil, err
	}
	if err := f.readCredentials(f.path("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials")); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *Files) path(env, def string) string {
	p := f.src.Getenv(env)
	if p == "" {
		p = def
	}
	if p == "~" || strings.HasPrefix(p, "~/") {
		p = f.src.HomeDir + p[1:]
	}
	return p
}

func (f *Files) read(path string) (map[string]*section, []string, error) {
	data, err := f.src.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) || (err != nil && strings.Contains(err.Error(), "is a directory")) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return parseINI(path, string(data))
}

func (f *Files) readConfig(path string) error {
	sections, order, err := f.read(path)
	if err != nil {
		return err
	}
	for _, name := range order {
		s := sections[name]
		switch {
		case strings.HasPrefix(name, "profile"):
			parts := strings.Fields(name)
			if len(parts) == 2 && parts[0] == "profile" {
				f.profiles[parts[1]] = s.values
				f.nested[parts[1]] = s.nested
			}
		case name == "default":
			f.profiles[name] = s.values
			f.nested[name] = s.nested
		case strings.HasPrefix(name, "services"):
			parts := strings.Fields(name)
			if len(parts) == 2 && parts[0] == "services" {
				f.services[parts[1]] = s.nested
			}
		}
	}
	return nil
}

func (f *Files) readCredentials(path string) error {
	sections, order, err := f.read(path)
	if err != nil {
		return err
	}
	for _, name := range order {
		p := f.profiles[name]
		if p == nil {
			p = map[string]string{}
			f.profiles[name] = p
		}
		for k, v := range sections[name].values {
			p[k] = v
		}
	}
	return nil
}

// Scoped returns the chosen profile's settings, or ProfileNotFoundError.
// The default profile may be absent.
func (f *Files) Scoped() (map[string]string, error) {
	p, ok := f.profiles[f.profile]
	if !ok {
		if f.profile == "default" {
			return map[string]string{}, nil
		}
		return nil, &ProfileNotFoundError{Profile: f.profile}
	}
	return p, nil
}

// Setting looks a setting up as botocore does: the environment variable
// (when env is not empty) first, then the profile.
func (f *Files) Setting(env, key string) (string, error) {
	if env != "" {
		if v := f.src.Getenv(env); v != "" {
			return v, nil
		}
	}
	p, err := f.Scoped()
	if err != nil {
		return "", err
	}
	return p[key], nil
}

// validRegion is botocore's host-label check on region names: at most 63
// of [a-zA-Z0-9-], not all digits, no hyphen at either end. (Written out
// rather than as the regular expression `^[a-zA-Z0-9-]{0,63}$`, whose
// compilation at package init was a measurable share of a CLI call.)
func validRegion(r string) bool {
	if len(r) > 63 || strings.HasPrefix(r, "-") || strings.HasSuffix(r, "-") {
		return false
	}
	digits := 0
	for i := 0; i < len(r); i++ {
		c := r[i]
		switch {
		case '0' <= c && c <= '9':
			digits++
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '-':
		default:
			return false
		}
	}
	return r == "" || digits < len(r)
}

// Region resolves the region: --region, AWS_DEFAULT_REGION, the profile's
// region, then AWS_REGION (which botocore ignores; it only fills the gap
// where the AWS CLI would stop with "You must specify a region.").
func (f *Files) Region(flag string) (string, error) {
	r := flag
	if r == "" {
		var err error
		if r, err = f.Setting("AWS_DEFAULT_REGION", "region"); err != nil {
			return "", err
		}
	}
	if r == "" {
		r = f.src.Getenv("AWS_REGION")
	}
	if r == "" {
		return "", NoRegionError
	}
	if !validRegion(r) {
		return "", &InvalidRegionError{Region: r}
	}
	return r, nil
}

// Credentials resolves static credentials: the environment (unless the
// profile was chosen with --profile), then the profile in the credentials
// and config files.
func (f *Files) Credentials() (*Credentials, error) {
	if !f.explicit {
		id, secret := f.src.Getenv("AWS_ACCESS_KEY_ID"), f.src.Getenv("AWS_SECRET_ACCESS_KEY")
		switch {
		case id != "" && secret != "":
			token := f.src.Getenv("AWS_SESSION_TOKEN")
			if token == "" {
				token = f.src.Getenv("AWS_SECURITY_TOKEN")
			}
			return &Credentials{AccessKeyID: id, SecretAccessKey: secret, SessionToken: token, Source: "env"}, nil
		case id != "":
			return nil, &PartialCredentialsError{Provider: "env", Missing: "AWS_SECRET_ACCESS_KEY"}
		case secret != "":
			return nil, &PartialCredentialsError{Provider: "env", Missing: "AWS_ACCESS_KEY_ID"}
		}
	}
	p, err := f.Scoped()
	if err != nil {
		return nil, err
	}
	id, secret := p["aws_access_key_id"], p["aws_secret_access_key"]
	switch {
	case id != "" && secret != "":
		token := p["aws_session_token"]
		if token == "" {
			token = p["aws_security_token"]
		}
		return &Credentials{AccessKeyID: id, SecretAccessKey: secret, SessionToken: token, Source: "shared-credentials-file"}, nil
	case id != "":
		return nil, &PartialCredentialsError{Provider: "shared-credentials-file", Missing: "aws_secret_access_key"}
	}
	return nil, NoCredentialsError
}

// ConfiguredEndpoint returns the endpoint URL configured for the service
// (serviceID in snake case, e.g. "ssm_contacts"), in botocore's order:
// AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's services
// section, the profile's endpoint_url. It is empty when none is set or when
// ignore_configured_endpoint_urls is on.
func (f *Files) ConfiguredEndpoint(serviceID string) (string, error) {
	ignore, err := f.Setting("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls")
	if err != nil {
		return "", err
	}
	if strings.EqualFold(ignore, "true") {
		return "", nil
	}
	if v := f.src.Getenv("AWS_ENDPOINT_URL_" + strings.ToUpper(serviceID)); v != "" {
		return v, nil
	}
	if v := f.src.Getenv("AWS_ENDPOINT_URL"); v != "" {
		return v, nil
	}
	p, err := f.Scoped()
	if err != nil {
		return "", err
	}
	if name := p["services"]; name != "" {
		sec, ok := f.services[name]
		if !ok {
			return "", fmt.Errorf("The profile is configured to use the services section but the \"%s\" services configuration does not exist.", name)
		}
		if v := sec[strings.ToLower(serviceID)]["endpoint_url"]; v != "" {
			return v, nil
		}
	}
	return p["endpoint_url"], nil
}

// DefaultEndpoint is the service's public regional endpoint.
func DefaultEndpoint(prefix, region string) string {
	suffix := "amazonaws.com"
	if strings.HasPrefix(region, "cn-") {
		suffix = "amazonaws.com.cn"
	}
	return fmt.Sprintf("https://%s.%s.%s", prefix, region, suffix)
}

// Retry is the retry configuration.
type Retry struct {
	Mode string // "legacy" (botocore's default) or "standard"/"adaptive"
	// MaxAttempts is the total number of attempts.
	MaxAttempts int
}

// Retry resolves retry_mode/AWS_RETRY_MODE and max_attempts/AWS_MAX_ATTEMPTS.
func (f *Files) Retry() (Retry, error) {
	mode, err := f.Setting("AWS_RETRY_MODE", "retry_mode")
	if err != nil {
		return Retry{}, err
	}
	if mode == "" {
		mode = "legacy"
	}
	r := Retry{Mode: mode}
	switch mode {
	case "legacy":
		r.MaxAttempts = 5
	default:
		r.MaxAttempts = 3
	}
	n, err := f.Setting("AWS_MAX_ATTEMPTS", "max_attempts")
	if err != nil {
		return Retry{}, err
	}
	if n != "" {
		v, err := strconv.Atoi(n)
		if err != nil {
			return Retry{}, fmt.Errorf("invalid literal for int() with base 10: '%s'", n)
		}
		r.MaxAttempts = v
	}
	return r, nil
}
