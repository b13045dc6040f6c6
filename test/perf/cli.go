//go:build perf

package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// cliTimes runs, interleaved, one GetContact as a minimal Go program sends
// it (the floor), as `ssmcontacts get-contact` and, with -aws, as
// `aws ssm-contacts get-contact`, all against the server at -url, and
// prints each one's median wall and CPU time and the ratios.
func cliTimes(args []string) error {
	fs := flag.NewFlagSet("cli", flag.ContinueOnError)
	bin := fs.String("bin", "", "ssmcontacts binary")
	minimal := fs.String("minimal", "", "the minimal program (test/perf/minimal)")
	target := fs.String("url", "", "server URL")
	runs := fs.Int("runs", 20, "runs of each")
	withAWS := fs.Bool("aws", false, "also time the AWS CLI")
	before := fs.String("before", "", "another ssmcontacts binary to time beside -bin (e.g. an older build)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	const arn = "arn:aws:ssm-contacts:us-east-2:000000000000:contact/akuam"
	body := `{"ContactId":"` + arn + `"}`
	h, err := signedHeaders(*target, "GetContact", body, time.Now().UTC())
	if err != nil {
		return err
	}
	floor := []string{"post", *target, body}
	for name, values := range h {
		if name != "Host" && name != "Content-Length" {
			floor = append(floor, name+": "+values[0])
		}
	}
	var env []string
	for _, kv := range os.Environ() {
		// Keep the machine's settings (AWS_CA_BUNDLE…) but not its identity.
		name, _, _ := strings.Cut(kv, "=")
		if !slices.Contains([]string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL",
			"AWS_ENDPOINT_URL_SSM_CONTACTS", "AWS_REGION"}, name) {
			env = append(env, kv)
		}
	}
	env = append(env, "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_DEFAULT_REGION=us-east-2",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	type program struct {
		name      string
		argv      []string
		wall, cpu []time.Duration
	}
	progs := []*program{
		{name: "minimal Go POST", argv: append([]string{*minimal}, floor...)},
		{name: "ssmcontacts get-contact", argv: []string{*bin, "get-contact", "--endpoint-url", *target, "--contact-id", arn}},
	}
	if *before != "" {
		progs = append(progs, &program{name: "ssmcontacts get-contact (-before)",
			argv: []string{*before, "get-contact", "--endpoint-url", *target, "--contact-id", arn}})
	}
	if *withAWS {
		if _, err := exec.LookPath("aws"); err != nil {
			return fmt.Errorf("-aws: %w", err)
		}
		progs = append(progs, &program{name: "aws ssm-contacts get-contact",
			argv: []string{"aws", "ssm-contacts", "get-contact", "--endpoint-url", *target, "--contact-id", arn}})
	}
	for run := -2; run < *runs; run++ { // two warm-up rounds
		for _, p := range progs {
			cmd := exec.Command(p.argv[0], p.argv[1:]...)
			cmd.Env = env
			var out strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &out
			begin := time.Now()
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("%s: %v: %s", p.name, err, out.String())
			}
			wall := time.Since(begin)
			if !strings.Contains(out.String(), arn) {
				return fmt.Errorf("%s: unexpected output %q", p.name, out.String())
			}
			if run >= 0 {
				p.wall = append(p.wall, wall)
				p.cpu = append(p.cpu, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
			}
		}
	}
	median := func(d []time.Duration) time.Duration {
		s := slices.Clone(d)
		slices.Sort(s)
		return s[len(s)/2]
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	fmt.Printf("%d interleaved runs each; medians\n", *runs)
	base := median(progs[0].wall)
	for _, p := range progs {
		w := median(p.wall)
		fmt.Printf("%-30s wall %7.1f ms  cpu %7.1f ms  %5.2f× the minimal program's wall\n", p.name, ms(w), ms(median(p.cpu)), ms(w)/ms(base))
	}
	fmt.Printf("ssmcontacts get-contact: %.2f× the floor's wall time (target ≤ 1.5×)\n", ms(median(progs[1].wall))/ms(base))
	if *withAWS {
		fmt.Printf("ssmcontacts get-contact: %.1f× faster than aws (target ≥ 40×)\n",
			ms(median(progs[len(progs)-1].wall))/ms(median(progs[1].wall)))
	}
	return nil
}
