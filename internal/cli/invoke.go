package cli

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/cli/awsconfig"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/client"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/params"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
	"github.com/ssmcontacts/ssmcontacts/model"
)

func (r *runner) paramFiles() *params.Files {
	f := &params.Files{ReadFile: r.env.ReadFile, Getenv: r.env.Getenv, HomeDir: r.env.HomeDir, Ctx: r.ctx}
	// cli_follow_urlparam (default true) makes http(s):// values fetched.
	if cfg, err := r.config(); err == nil {
		if v, err := cfg.Setting("", "cli_follow_urlparam"); err != nil || v == "" || v == "true" {
			f.HTTP = r.httpClient("")
		}
	} else {
		f.HTTP = r.httpClient("")
	}
	return f
}

// config loads the configuration and credentials files once per run.
func (r *runner) config() (*awsconfig.Files, error) {
	if r.files == nil && r.filesErr == nil {
		profile, _ := r.globals["profile"].(string)
		r.files, r.filesErr = awsconfig.Load(awsconfig.Source{Getenv: r.env.Getenv, HomeDir: r.env.HomeDir, ReadFile: r.env.ReadFile}, profile)
	}
	return r.files, r.filesErr
}

func (r *runner) httpClient(caBundle string) *http.Client {
	if r.env.HTTPClient != nil {
		return r.env.HTTPClient
	}
	seconds := func(key string) time.Duration {
		s, ok := r.globals[key].(string)
		if !ok {
			return 60 * time.Second
		}
		n, _ := strconv.Atoi(s)
		return time.Duration(n) * time.Second
	}
	tlsConfig := &tls.Config{}
	if r.globals["verify_ssl"] == false {
		tlsConfig.InsecureSkipVerify = true
	} else if caBundle != "" {
		if pem, err := r.env.ReadFile(caBundle); err == nil {
			pool := x509.NewCertPool()
			pool.AppendCertsFromPEM(pem)
			tlsConfig.RootCAs = pool
		}
	}
	transport := &http.Transport{
		DialContext:           (&net.Dialer{Timeout: seconds("connect_timeout")}).DialContext,
		TLSClientConfig:       tlsConfig,
		ResponseHeaderTimeout: seconds("read_timeout"),
		DisableCompression:    true,
	}
	return &http.Client{Transport: transport}
}

// newClient resolves configuration in botocore's order: profile, region,
// endpoint; credentials are looked up only when a request is signed.
func (r *runner) newClient() (*client.Client, *awsconfig.Files, error) {
	cfg, err := r.config()
	if err != nil {
		return nil, nil, err
	}
	if _, err := cfg.Scoped(); err != nil {
		return nil, nil, err
	}
	regionFlag, _ := r.globals["region"].(string)
	region, err := cfg.Region(regionFlag)
	if err != nil {
		return nil, nil, err
	}
	endpoint, _ := r.globals["endpoint_url"].(string)
	if endpoint == "" {
		if endpoint, err = cfg.ConfiguredEndpoint(endpointKey(r.svc)); err != nil {
			return nil, nil, err
		}
	}
	if endpoint == "" {
		endpoint = awsconfig.DefaultEndpoint(r.svc.Metadata.EndpointPrefix, region)
	}
	if !validEndpoint(endpoint) {
		return nil, nil, &value.ValueError{Msg: "Invalid endpoint: " + endpoint}
	}
	retry, err := cfg.Retry()
	if err != nil {
		return nil, nil, err
	}
	caBundle, _ := r.globals["ca_bundle"].(string)
	if caBundle == "" {
		caBundle, _ = cfg.Setting("AWS_CA_BUNDLE", "ca_bundle")
	}
	if !strings.HasPrefix(strings.ToLower(endpoint), "https:") {
		// No TLS to verify: parsing a system-wide bundle (often set in
		// AWS_CA_BUNDLE) cost more than the whole call to a local server.
		caBundle = ""
	}
	tsFormat, _ := cfg.Setting("", "cli_timestamp_format")
	if tsFormat != "" && tsFormat != "none" && tsFormat != "wire" && tsFormat != "iso8601" {
		return nil, nil, &value.ValueError{Msg: fmt.Sprintf("Unknown cli_timestamp_format value: %s, valid values are \"none\", \"wire\" or \"iso8601\"", tsFormat)}
	}
	c := &client.Client{
		HTTP:      r.httpClient(caBundle),
		Endpoint:  endpoint,
		Region:    region,
		Service:   r.svc,
		Retry:     retry,
		Sleep:     r.env.Sleep,
		Rand:      r.env.Rand,
		Now:       r.env.Now,
		NewID:     r.env.NewUUID,
		UserAgent: fmt.Sprintf("%s/%s md/ssmcontacts cfg/retry-mode#%s", programName, r.env.Version, retry.Mode),
		Timestamp: client.TimestampFormat{ISO8601: tsFormat == "iso8601", Location: r.env.Location},
		Debug:     r.debug,
	}
	if r.globals["sign_request"] != false {
		// botocore resolves credentials with the client; only their
		// absence waits until a request is signed.
		creds, err := cfg.Credentials()
		if err != nil && !errors.Is(err, awsconfig.NoCredentialsError) {
			return nil, nil, err
		}
		c.Credentials = func() (*awsconfig.Credentials, error) { return creds, err }
	}
	return c, cfg, nil
}

// prepare adds generated idempotency tokens, validates and serializes the
// parameters, as botocore does before every request.
func (r *runner) prepare(op *model.Operation, p *value.Object) (value.Value, error) {
	if op.Input != nil {
		for _, m := range op.Input.Members {
			if m.IdempotencyToken && !p.Has(m.Name) {
				p.Set(m.Name, r.env.NewUUID())
			}
		}
	}
	var shape = op.Input
	if shape == nil {
		return value.NewObject(), nil
	}
	if err := params.Validate(p, shape); err != nil {
		return nil, err
	}
	return params.Serialize(p, shape), nil
}

func (r *runner) invoke(op *model.Operation, built *params.Built, paginate bool) int {
	c, cfg, err := r.newClient()
	if err != nil {
		return r.fail(err)
	}
	format := r.outputFormat(cfg)
	if built.Skeleton == "output" {
		if _, err := r.prepare(op, built.Params.Clone()); err != nil {
			return r.fail(err)
		}
		out := value.NewObject()
		if op.Output != nil {
			out = params.Skeleton(op.Output, true).(*value.Object)
		}
		return r.display(op, format, out)
	}
	call := func(p *value.Object) (*value.Object, error) {
		body, err := r.prepare(op, p)
		if err != nil {
			return nil, err
		}
		return c.Call(r.ctx, op, body)
	}
	if !paginate {
		resp, err := call(built.Params)
		if err != nil {
			return r.fail(err)
		}
		return r.display(op, format, resp)
	}
	pages := &client.Pages{
		Call:      func(_ context.Context, p *value.Object) (*value.Object, error) { return call(p) },
		Paginator: op.Paginator,
		Params:    built.Params,
		Options:   client.PageOptions{StartingToken: built.Paging.StartingToken, PageSize: built.Paging.PageSize, MaxItems: built.Paging.MaxItems},
	}
	return r.displayPages(op, format, pages)
}

// hostLabels reports whether host is DNS labels joined by dots, as the
// regular expression
//
//	(?i)^(([a-z\d]|[a-z\d][a-z\d-]{0,61}[a-z\d])\.)*([a-z\d]|[a-z\d][a-z\d-]{0,61}[a-z\d])$
//
// matches it (case folding included: U+212A KELVIN SIGN folds to k and
// U+017F LATIN SMALL LETTER LONG S to s). Written out because compiling
// that expression at package init was a measurable share of a CLI call;
// TestHostLabels holds the two together.
func hostLabels(host string) bool {
	for {
		label, rest, more := strings.Cut(host, ".")
		if !hostLabel(label) {
			return false
		}
		if !more {
			return true
		}
		host = rest
	}
}

func hostLabel(label string) bool {
	n, last := 0, rune(0)
	for _, r := range label {
		alnum := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '\u212a' || r == '\u017f'
		if !alnum && (r != '-' || n == 0) {
			return false
		}
		n, last = n+1, r
	}
	return n > 0 && n <= 63 && last != '-'
}

// validEndpoint is botocore's is_valid_uri: a URL with a host name made of
// DNS labels, or an IPv6 literal.
func validEndpoint(endpoint string) bool {
	if strings.ContainsAny(endpoint, "\t\r\n") {
		return false
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if host == "" || len(host) > 255 {
		return false
	}
	if net.ParseIP(host) != nil {
		return true
	}
	return hostLabels(strings.TrimSuffix(host, "."))
}
