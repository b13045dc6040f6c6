package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

const alertTokenUsage = `usage: ssmcontacts alert-token create --response-plan-arn ARN [--name NAME] [--region REGION]
       ssmcontacts alert-token list
       ssmcontacts alert-token revoke ID

Manages the tokens that let monitoring systems (Alertmanager, Grafana,
webhooks) open and resolve incidents: POST /_ssmcontacts/alerts/{token}.
The token is printed once, when created; the server keeps only its hash.

Options for every subcommand:
  --endpoint-url URL   the server (default: AWS_ENDPOINT_URL_SSM_INCIDENTS,
                       AWS_ENDPOINT_URL, else http://127.0.0.1:4750)
  --admin-token TOKEN  the server's --admin-token (default:
                       SSMCONTACTS_ADMIN_TOKEN); needed from another machine
`

// alertToken runs `ssmcontacts alert-token …` against the admin endpoint
// /_ssmcontacts/alert-tokens and prints the server's JSON answer.
func alertToken(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprint(stdout, alertTokenUsage)
		return 0
	}
	sub := args[0]
	fs := flag.NewFlagSet("alert-token "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	endpoint := fs.String("endpoint-url", firstNonEmpty(getenv("AWS_ENDPOINT_URL_SSM_INCIDENTS"), getenv("AWS_ENDPOINT_URL"), "http://127.0.0.1:4750"), "")
	admin := fs.String("admin-token", getenv("SSMCONTACTS_ADMIN_TOKEN"), "")
	plan := fs.String("response-plan-arn", "", "")
	name := fs.String("name", "", "")
	region := fs.String("region", firstNonEmpty(getenv("AWS_REGION"), getenv("AWS_DEFAULT_REGION")), "")
	if err := fs.Parse(args[1:]); err != nil {
		fmt.Fprint(stderr, alertTokenUsage)
		return 2
	}
	base := strings.TrimRight(*endpoint, "/") + "/_ssmcontacts/alert-tokens"
	var req *http.Request
	var err error
	switch {
	case sub == "create" && fs.NArg() == 0 && *plan != "":
		body, _ := json.Marshal(map[string]string{"responsePlanArn": *plan, "name": *name, "region": *region})
		req, err = http.NewRequest(http.MethodPost, base, bytes.NewReader(body))
	case sub == "list" && fs.NArg() == 0:
		req, err = http.NewRequest(http.MethodGet, base, nil)
	case sub == "revoke" && fs.NArg() == 1:
		req, err = http.NewRequest(http.MethodDelete, base+"/"+fs.Arg(0), nil)
	default:
		fmt.Fprint(stderr, alertTokenUsage)
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "ssmcontacts alert-token:", err)
		return 1
	}
	req.Header.Set("Content-Type", "application/json")
	if *admin != "" {
		req.Header.Set("Authorization", "Bearer "+*admin)
	}
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		fmt.Fprintln(stderr, "ssmcontacts alert-token:", err)
		return 1
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out bytes.Buffer
	if json.Indent(&out, raw, "", "    ") != nil {
		out.Reset()
		out.Write(raw)
	}
	if resp.StatusCode >= 300 {
		fmt.Fprintf(stderr, "ssmcontacts alert-token %s: %s: %s\n", sub, resp.Status, strings.TrimSpace(out.String()))
		return 1
	}
	fmt.Fprintln(stdout, out.String())
	return 0
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
