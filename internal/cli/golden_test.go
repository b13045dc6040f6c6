package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmcontacts/ssmcontacts/internal/cli/value"
)

var update = flag.Bool("update", false, "re-record golden transcripts by running the installed aws CLI")

// reply is one recorded HTTP response.
type reply struct {
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    string            `json:"body"`
}

// recordedRequest is what a client sent, reduced to what must match.
type recordedRequest struct {
	// Method and Path (with the query) are recorded for restJson1
	// requests (ssm-incidents): those not POST /.
	Method      string `json:"method,omitempty"`
	Path        string `json:"path,omitempty"`
	Target      string `json:"target"`
	ContentType string `json:"contentType"`
	// Signed is "ssm-contacts/<region>" from the credential scope, or
	// "unsigned".
	Signed string          `json:"signed"`
	Body   json.RawMessage `json:"body"`
}

// transcript is what the aws CLI did for a case.
type transcript struct {
	Stdout   string            `json:"stdout"`
	Stderr   string            `json:"stderr"`
	Exit     int               `json:"exit"`
	Requests []recordedRequest `json:"requests"`
}

// goldenFile is one committed golden: the case inputs and aws's transcript.
type goldenFile struct {
	Args    []string          `json:"args"`
	Env     map[string]string `json:"env,omitempty"`
	Files   map[string]string `json:"files,omitempty"`
	Replies []reply           `json:"replies"`
	AWS     transcript        `json:"aws"`
}

// goldenCase is a command line run against a fake server.
type goldenCase struct {
	name    string
	args    []string
	replies []reply
	// env is added to the base environment; "{{URL}}" is the server URL.
	env map[string]string
	// files are written under a fresh home directory (e.g. ".aws/config").
	files map[string]string
	// noEndpoint leaves out --endpoint-url.
	noEndpoint bool
}

// unset removes a variable from the base environment.
const unset = "<unset>"

func baseEnv(home string) map[string]string {
	return map[string]string{
		"AWS_ACCESS_KEY_ID":           "test",
		"AWS_SECRET_ACCESS_KEY":       "test",
		"AWS_DEFAULT_REGION":          "us-east-2",
		"AWS_CONFIG_FILE":             filepath.Join(home, ".aws", "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, ".aws", "credentials"),
		"HOME":                        home,
	}
}

// fakeServer replays replies in order (the last one repeats) and records
// requests.
type fakeServer struct {
	*httptest.Server
	mu       sync.Mutex
	replies  []reply
	requests []recordedRequest
}

var credentialScope = regexp.MustCompile(`Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request`)

func newFakeServer(replies []reply) *fakeServer {
	f := &fakeServer{replies: replies}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		signed := "unsigned"
		if m := credentialScope.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
			signed = m[2] + "/" + m[1]
		}
		f.mu.Lock()
		n := len(f.requests)
		rec := recordedRequest{Target: r.Header.Get("X-Amz-Target"), ContentType: r.Header.Get("Content-Type"), Signed: signed, Body: body}
		if r.Method != http.MethodPost || r.URL.Path != "/" {
			rec.Method, rec.Path = r.Method, r.URL.RequestURI()
		}
		if len(body) == 0 {
			rec.Body = nil // an empty body (restJson1 GETs) is recorded as null
		}
		f.requests = append(f.requests, rec)
		rep := f.replies[min(n, len(f.replies)-1)]
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("x-amzn-RequestId", "6b3c5d8e-0000-4000-8000-000000000000")
		for k, v := range rep.Headers {
			w.Header().Set(k, v)
		}
		status := rep.Status
		if status == 0 {
			status = 200
		}
		w.WriteHeader(status)
		io.WriteString(w, rep.Body)
	}))
	return f
}

func (f *fakeServer) recorded() []recordedRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recordedRequest(nil), f.requests...)
}

// setup prepares a home directory with the case's files and the command
// line and environment for a run.
func (c goldenCase) setup(t *testing.T, url string) (home string, args []string, env map[string]string) {
	home = t.TempDir()
	for name, content := range c.files {
		p := filepath.Join(home, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		content = strings.ReplaceAll(strings.ReplaceAll(content, "{{URL}}", url), "{{HOME}}", home)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env = baseEnv(home)
	for k, v := range c.env {
		if v == unset {
			delete(env, k)
			continue
		}
		env[k] = strings.ReplaceAll(strings.ReplaceAll(v, "{{URL}}", url), "{{HOME}}", home)
	}
	for _, a := range c.args {
		args = append(args, strings.ReplaceAll(a, "{{HOME}}", home))
	}
	if !c.noEndpoint {
		args = append(args, "--endpoint-url", url)
	}
	return home, args, env
}

// runOurs runs Run in-process; sleeps are recorded, never waited for.
func runOurs(t *testing.T, args []string, env map[string]string, home string) (string, string, int) {
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), Env{
		Stdout:   &stdout,
		Stderr:   &stderr,
		Getenv:   func(k string) string { return env[k] },
		HomeDir:  home,
		ReadFile: os.ReadFile,
		Now:      time.Now,
		Sleep:    func(context.Context, time.Duration) error { return nil },
		Rand:     func() float64 { return 0.5 },
	}, args)
	return stdout.String(), stderr.String(), code
}

// runAWS runs the installed AWS CLI v1 against the same server.
func runAWS(t *testing.T, args []string, env map[string]string) (string, string, int) {
	if len(args) == 0 || args[0] != IncidentsWord {
		args = append([]string{"ssm-contacts"}, args...)
	}
	cmd := exec.Command("aws", args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") && !strings.HasPrefix(kv, "HOME=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running aws: %v", err)
	}
	return stdout.String(), stderr.String(), code
}

// awsUsage is the AWS CLI's usage text; ssmcontacts prints usageText in its
// place. This and the "aws: error:" prefix are the only differences the
// comparison forgives.
const awsUsage = "\rNote: AWS CLI version 2, the latest major version of the AWS CLI, is now stable and recommended for general use. For more information, see the AWS CLI version 2 installation instructions at: https://docs.aws.amazon.com/cli/latest/userguide/install-cliv2.html\n\n" +
	"usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n" +
	"To see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help"

func normalizeAWS(s string) string {
	s = strings.ReplaceAll(s, awsUsage, strings.TrimRight(usageText, "\n"))
	return strings.ReplaceAll(s, "\naws: error: ", "\n"+programName+": error: ")
}

func placeholders(s, url, home string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, url, "{{URL}}"), home, "{{HOME}}")
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// comparableBody decodes a request body with generated idempotency tokens
// replaced by a marker.
func comparableBody(t *testing.T, raw json.RawMessage) value.Value {
	if len(raw) == 0 {
		return nil
	}
	v, err := value.Parse(string(raw))
	if err != nil {
		t.Fatalf("request body %s: %v", raw, err)
	}
	if obj, ok := v.(*value.Object); ok {
		for _, k := range []string{"IdempotencyToken", "clientToken"} {
			if s, ok := obj.Get(k); ok {
				if str, isString := s.(string); isString && uuidPattern.MatchString(str) {
					obj.Set(k, "<generated uuid>")
				}
			}
		}
	}
	return v
}

func goldenPath(name string) string { return filepath.Join("testdata", "golden", name+".json") }

func runGolden(t *testing.T, c goldenCase) {
	path := goldenPath(c.name)
	if *update {
		if _, err := exec.LookPath("aws"); err != nil {
			t.Skipf("skipping re-recording: the aws CLI is not installed (%v); the committed golden stays as it is", err)
		}
		srv := newFakeServer(c.replies)
		home, args, env := c.setup(t, srv.URL)
		stdout, stderr, code := runAWS(t, args, env)
		srv.Close()
		g := goldenFile{Args: c.args, Env: c.env, Files: c.files, Replies: c.replies, AWS: transcript{
			Stdout: placeholders(stdout, srv.URL, home), Stderr: placeholders(stderr, srv.URL, home), Exit: code, Requests: srv.recorded(),
		}}
		data, err := json.MarshalIndent(g, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("missing golden %s (run go test -update where aws is installed): %v", path, err)
	}
	var g goldenFile
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(g.Replies, c.replies); diff != "" || !cmp.Equal(g.Args, c.args) {
		t.Fatalf("golden %s is stale (run go test -update): replies (-golden +case):\n%s", path, diff)
	}
	srv := newFakeServer(c.replies)
	defer srv.Close()
	home, args, env := c.setup(t, srv.URL)
	stdout, stderr, code := runOurs(t, args, env, home)
	stdout, stderr = placeholders(stdout, srv.URL, home), placeholders(stderr, srv.URL, home)
	if diff := cmp.Diff(normalizeAWS(g.AWS.Stdout), stdout); diff != "" {
		t.Errorf("stdout (-aws +ours):\n%s", diff)
	}
	if diff := cmp.Diff(normalizeAWS(g.AWS.Stderr), stderr); diff != "" {
		t.Errorf("stderr (-aws +ours):\n%s", diff)
	}
	if code != g.AWS.Exit {
		t.Errorf("exit code = %d, aws = %d", code, g.AWS.Exit)
	}
	got := srv.recorded()
	if len(got) != len(g.AWS.Requests) {
		t.Fatalf("%d requests sent, aws sent %d", len(got), len(g.AWS.Requests))
	}
	for i, want := range g.AWS.Requests {
		if got[i].Method != want.Method || got[i].Path != want.Path {
			t.Errorf("request %d: %s %s, aws %s %s", i, got[i].Method, got[i].Path, want.Method, want.Path)
		}
		if got[i].Target != want.Target || got[i].ContentType != want.ContentType || got[i].Signed != want.Signed {
			t.Errorf("request %d: target/content-type/signing = %s %s %s, aws %s %s %s", i,
				got[i].Target, got[i].ContentType, got[i].Signed, want.Target, want.ContentType, want.Signed)
		}
		w, g2 := comparableBody(t, want.Body), comparableBody(t, got[i].Body)
		if !value.Equal(w, g2) {
			t.Errorf("request %d body:\n ours %s\n aws  %s", i, got[i].Body, want.Body)
		}
	}
}
