package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssmincidents"
	"github.com/aws/aws-sdk-go-v2/service/ssmincidents/types"
)

// incidents returns an ssm-incidents SDK client signed as acct.
func (s *server) incidents(acct string) *ssmincidents.Client {
	key, secret := "test", "test"
	if acct == account2 {
		key, secret = "other", "other-secret"
	}
	return ssmincidents.New(ssmincidents.Options{
		Region:           region,
		BaseEndpoint:     aws.String(s.URL),
		Credentials:      credentials.NewStaticCredentialsProvider(key, secret, ""),
		RetryMaxAttempts: 1,
	})
}

// replicationSet creates the account's replication set and returns its ARN.
func replicationSet(t *testing.T, c *ssmincidents.Client) string {
	t.Helper()
	out, err := c.CreateReplicationSet(ctx(t), &ssmincidents.CreateReplicationSetInput{
		Regions: map[string]types.RegionMapInputValue{region: {}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.Arn)
}

// postJSON posts body to path and returns the status and decoded answer.
func (s *server) postJSON(t *testing.T, path, body string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(s.URL+path, "application/json", bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("POST %s: %s: %s", path, resp.Status, raw)
	}
	return resp.StatusCode, out
}

// alertToken creates an alert token for plan and returns the intake path.
func (s *server) alertToken(t *testing.T, planARN string) string {
	t.Helper()
	status, out := s.postJSON(t, "/_ssmcontacts/alert-tokens", `{"responsePlanArn": "`+planARN+`", "name": "alertmanager"}`)
	if status != http.StatusCreated {
		t.Fatalf("creating an alert token: %d %v", status, out)
	}
	return out["path"].(string)
}
