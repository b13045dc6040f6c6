#!/usr/bin/env bash
# CLI start-up: `ssmcontacts get-contact` against a running server, timed
# interleaved with a minimal Go program sending the same signed request
# (the floor) and, when installed, `aws ssm-contacts get-contact`. Prints
# medians of wall and CPU time and the ratios. Needs curl and Go; the AWS
# CLI is optional (AWS=0 skips it).
#
#   scripts/clitime.sh              # 20 runs each
#   RUNS=40 scripts/clitime.sh
#   BEFORE=/path/to/older/ssmcontacts scripts/clitime.sh   # time an older build too
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"
RUNS=${RUNS:-20}
AWS=${AWS:-1}

work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/ssmcontacts" ./cmd/ssmcontacts
go build -tags perf -o "$work/perf" ./test/perf
go build -tags perf -o "$work/minimal" ./test/perf/minimal

addr="127.0.0.1:$("$work/perf" free-port)"
url="http://$addr/"
"$work/ssmcontacts" serve --addr "$addr" --db "$work/data/contacts.db" --log-level warn 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do
  curl -fs "http://$addr/_ssmcontacts/health" >/dev/null 2>&1 && break
  sleep 0.05
done
"$work/perf" call -url "$url" -op CreateContact \
  -body '{"Alias":"akuam","DisplayName":"Akua Mansa","Type":"PERSONAL","Plan":{"Stages":[]}}' >/dev/null

aws_flag=()
if [ "$AWS" = 1 ] && command -v aws >/dev/null; then aws_flag=(-aws); fi
before_flag=()
[ -n "${BEFORE:-}" ] && before_flag=(-before "$BEFORE")
"$work/perf" cli -bin "$work/ssmcontacts" -minimal "$work/minimal" -url "$url" -runs "$RUNS" "${before_flag[@]}" "${aws_flag[@]}"
