package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"

	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
)

// binary is the ssmcontacts binary built once for the whole run.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ssmcontacts-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "ssmcontacts")
	build := exec.Command("go", "build", "-o", binary, "github.com/ssmcontacts/ssmcontacts/cmd/ssmcontacts")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building ssmcontacts:", err)
		os.Exit(1)
	}
	code := pgtest.Main(m) // m.Run, then stop the PostgreSQL cluster if one was started
	os.RemoveAll(dir)
	os.Exit(code)
}

const (
	region   = "us-east-2"
	account  = "000000000000"
	account2 = "111122223333"
)

// credentialsFile holds two keys: test/test (the built-in default's
// account) and other/other-secret for a second account.
const credentialsFile = `{"credentials": [
  {"accessKeyId": "test", "secretAccessKey": "test", "accountId": "000000000000"},
  {"accessKeyId": "other", "secretAccessKey": "other-secret", "accountId": "111122223333"}
]}`

// server is a running ssmcontacts serve process.
type server struct {
	t    *testing.T
	URL  string
	cmd  *exec.Cmd
	args []string
	logs *logLines
	done chan struct{}
}

// options for start.
type options struct {
	db         string   // default :memory: (a fresh PostgreSQL database on PostgreSQL, see onPostgres)
	clockStart string   // non-empty: --clock=controllable --clock-start=…
	extra      []string // more flags
	// credentials is the content of the --credentials file (default:
	// credentialsFile); builtinCredentials passes no --credentials at all.
	credentials        string
	builtinCredentials bool
}

// start runs `ssmcontacts serve` and waits until it listens.
func start(t *testing.T, o options) *server {
	t.Helper()
	if o.db == "" {
		o.db = ":memory:"
		if onPostgres {
			o.db = pgtest.Database(t)
		}
	}
	args := []string{"serve", "--addr", "127.0.0.1:0", "--db", o.db, "--log-format", "json"}
	if !o.builtinCredentials {
		if o.credentials == "" {
			o.credentials = credentialsFile
		}
		creds := filepath.Join(t.TempDir(), "credentials.json")
		if err := os.WriteFile(creds, []byte(o.credentials), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--credentials", creds)
	}
	if o.clockStart != "" {
		args = append(args, "--clock", "controllable", "--clock-start", o.clockStart)
	}
	args = append(args, o.extra...)
	s := &server{t: t, args: args}
	s.run()
	t.Cleanup(s.stop)
	return s
}

func (s *server) run() {
	t := s.t
	t.Helper()
	s.cmd = exec.Command(binary, s.args...)
	s.cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.logs, s.done = &logLines{}, make(chan struct{})
	addr := make(chan string, 1)
	go func() {
		defer close(s.done)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			s.logs.WriteString(line + "\n")
			var rec struct {
				Msg  string `json:"msg"`
				Addr string `json:"addr"`
			}
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "listening" {
				addr <- rec.Addr
			}
		}
	}()
	select {
	case a := <-addr:
		s.URL = "http://" + a
	case <-s.done:
		t.Fatalf("server exited before listening:\n%s", s.logs)
	case <-time.After(30 * time.Second):
		t.Fatalf("server did not listen within 30s:\n%s", s.logs)
	}
}

// stop ends the process with SIGTERM (graceful shutdown) and waits.
func (s *server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(os.Interrupt)
	<-s.done
	s.cmd.Wait()
	s.cmd = nil
}

// kill ends the process with SIGKILL, as a crash or power cut would:
// nothing is flushed or finished.
func (s *server) kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Kill()
	<-s.done
	s.cmd.Wait()
	s.cmd = nil
}

// restart stops the server (unless it was killed) and starts it again
// with the same flags (replacing --clock-start when clockStart is set).
func (s *server) restart(clockStart string) {
	s.stop()
	if clockStart != "" {
		for i, a := range s.args {
			if a == "--clock-start" {
				s.args[i+1] = clockStart
			}
		}
	}
	s.run()
}

// client returns an SDK client signed as account (account or account2).
func (s *server) client(acct string) *ssmcontacts.Client {
	key, secret := "test", "test"
	if acct == account2 {
		key, secret = "other", "other-secret"
	}
	return ssmcontacts.New(ssmcontacts.Options{
		Region:           region,
		BaseEndpoint:     aws.String(s.URL),
		Credentials:      credentials.NewStaticCredentialsProvider(key, secret, ""),
		RetryMaxAttempts: 1,
		HTTPClient:       &http.Client{Transport: ownBody{http.DefaultTransport}},
	})
}

// outboxMessage is a message as the outbox endpoint returns it.
type outboxMessage struct {
	ID                string `json:"id"`
	Account           string `json:"account"`
	Kind              string `json:"kind"`
	ChannelArn        string `json:"channelArn"`
	ContactArn        string `json:"contactArn"`
	ChannelType       string `json:"channelType"`
	Address           string `json:"address"`
	Subject           string `json:"subject"`
	Body              string `json:"body"`
	Code              string `json:"code"`
	PageArn           string `json:"pageArn"`
	EngagementArn     string `json:"engagementArn"`
	AckURL            string `json:"ackUrl"`
	Status            string `json:"status"`
	Attempts          int    `json:"attempts"`
	Error             string `json:"error"`
	Transport         string `json:"transport"`
	ProviderMessageID string `json:"providerMessageId"`
	CreatedAt         string `json:"createdAt"`
	SentAt            string `json:"sentAt"`
}

// outbox reads the outbox (newest first) with query filters such as
// "kind=PAGE&address=…".
func (s *server) outbox(query string) []outboxMessage {
	s.t.Helper()
	var out struct {
		Messages []outboxMessage `json:"messages"`
	}
	s.getJSON("/_ssmcontacts/outbox?"+query, &out)
	return out.Messages
}

// lastCode returns the code of the newest message to channelArn.
func (s *server) lastCode(channelArn string) string {
	s.t.Helper()
	msgs := s.outbox("channelArn=" + channelArn)
	if len(msgs) == 0 {
		s.t.Fatalf("no message to %s in the outbox", channelArn)
	}
	return msgs[0].Code
}

func (s *server) getJSON(path string, v any) {
	s.t.Helper()
	resp, err := http.Get(s.URL + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		s.t.Fatalf("GET %s: %s: %s", path, resp.Status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		s.t.Fatalf("GET %s: %v: %s", path, err, body)
	}
}

// advance moves the controllable clock and returns when the work that
// became due is done.
func (s *server) advance(d time.Duration) time.Time {
	s.t.Helper()
	return s.postClock(fmt.Sprintf(`{"advance": %q}`, d.String()))
}

func (s *server) postClock(body string) time.Time {
	s.t.Helper()
	resp, err := http.Post(s.URL+"/_ssmcontacts/clock", "application/json", strings.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		s.t.Fatalf("POST /_ssmcontacts/clock %s: %s: %s", body, resp.Status, data)
	}
	var st struct {
		EpochMillis int64 `json:"epochMillis"`
	}
	json.Unmarshal(data, &st)
	return time.UnixMilli(st.EpochMillis).UTC()
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return c
}

func contactARN(acct, alias string) string {
	return "arn:aws:ssm-contacts:" + region + ":" + acct + ":contact/" + alias
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// logLines is the server's log so far; the goroutine that reads the
// server's stderr writes it while tests read it.
type logLines struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logLines) WriteString(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.WriteString(s)
}

func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// onPostgres makes start's default store a fresh PostgreSQL database
// instead of :memory:, and persistentDB one too. SSMCONTACTS_E2E_STORE=postgres
// sets it for a whole run; TestOnPostgres sets it for a representative
// subset of the tests.
var onPostgres = os.Getenv("SSMCONTACTS_E2E_STORE") == "postgres"

// persistentDB is a database that outlives a server process: a SQLite
// file in t's temporary directory, or a fresh PostgreSQL database.
func persistentDB(t *testing.T) string {
	if onPostgres {
		return pgtest.Database(t)
	}
	return filepath.Join(t.TempDir(), "contacts.db")
}
