#!/usr/bin/env bash
# Load test: wrk against ssmcontacts and, in the same run, against a bare
# net/http handler returning a body of the same size; then start-up time
# and idle memory next to a minimal net/http server started the same way.
# GetContact also runs against a second server logging at warn, which
# gives the per-request log line's share. Needs wrk (apt-get install -y
# wrk), curl and Go.
#
#   scripts/loadtest.sh                  # 10 s per run, 2 threads, 32 connections
#   DURATION=30s scripts/loadtest.sh
#   LOG_LEVEL=warn scripts/loadtest.sh   # without the per-request log line
#
# The server runs with its defaults (text logs at level info, written to a
# file as a service's redirected stderr would be) on a file database in a
# temporary directory, so CreateContact is durable (synchronous=FULL).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"

DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
LOG_LEVEL=${LOG_LEVEL:-info}
secs=${DURATION%s}
[[ "$secs" =~ ^[0-9]+$ ]] || secs=10
CREATES=${CREATES:-$((secs * 50000))}   # pre-signed unique CreateContact requests (enough for 50k/s)
STARTS=${STARTS:-20}

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is not installed: apt-get install -y curl" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/ssmcontacts" ./cmd/ssmcontacts
go build -tags perf -o "$work/perf" ./test/perf
go build -tags perf -o "$work/minimal" ./test/perf/minimal

# The server, on a free port.
addr="127.0.0.1:$("$work/perf" free-port)"
url="http://$addr/"
"$work/ssmcontacts" serve --addr "$addr" --db "$work/data/contacts.db" --log-level "$LOG_LEVEL" 2>"$work/server.log" &
server_pid=$!
pids+=("$server_pid")
for _ in $(seq 100); do
  curl -fs "http://$addr/_ssmcontacts/health" >/dev/null 2>&1 && break
  sleep 0.05
done

arn="arn:aws:ssm-contacts:us-east-2:000000000000:contact/akuam"
"$work/perf" call -url "$url" -op CreateContact \
  -body '{"Alias":"akuam","DisplayName":"Akua Mansa","Type":"PERSONAL","Plan":{"Stages":[]}}' >/dev/null
get_body="{\"ContactId\":\"$arn\"}"
size=$("$work/perf" call -url "$url" -op GetContact -body "$get_body" | wc -c)
"$work/perf" presign -url "$url" -op GetContact -body "$get_body" >"$work/get.lua"

# The baseline: a minimal net/http handler returning $size fixed bytes.
"$work/perf" baseline -addr 127.0.0.1:0 -size "$size" >"$work/baseline.addr" &
pids+=("$!")
for _ in $(seq 100); do [ -s "$work/baseline.addr" ] && break; sleep 0.05; done
baseline_url="http://$(cat "$work/baseline.addr")/"

run() { # name, wrk arguments…
  local name=$1; shift
  echo "== $name"
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency "$@" | tee "$work/$name.out"
  if grep -q "Non-2xx" "$work/$name.out"; then echo "FAIL: $name had error responses" >&2; exit 1; fi
  rps=$(awk '/^Requests\/sec/ {print $2}' "$work/$name.out")
  eval "rps_${name//-/_}=$rps"
  echo
}

echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION per run; response body $size bytes; log level $LOG_LEVEL"
echo
run baseline -s "$work/get.lua" "$baseline_url"
run get-contact -s "$work/get.lua" "$url"

# The request log's share: the same GetContact against a second server
# that logs at warn (no line per request).
quiet_addr="127.0.0.1:$("$work/perf" free-port)"
"$work/ssmcontacts" serve --addr "$quiet_addr" --db "$work/quiet/contacts.db" --log-level warn 2>"$work/quiet.log" &
quiet_pid=$!
pids+=("$quiet_pid")
for _ in $(seq 100); do
  curl -fs "http://$quiet_addr/_ssmcontacts/health" >/dev/null 2>&1 && break
  sleep 0.05
done
"$work/perf" call -url "http://$quiet_addr/" -op CreateContact \
  -body '{"Alias":"akuam","DisplayName":"Akua Mansa","Type":"PERSONAL","Plan":{"Stages":[]}}' >/dev/null
"$work/perf" presign -url "http://$quiet_addr/" -op GetContact -body "$get_body" >"$work/get-quiet.lua"
run get-contact-warn -s "$work/get-quiet.lua" "http://$quiet_addr/"
kill "$quiet_pid"; wait "$quiet_pid" 2>/dev/null || true

"$work/perf" presign-creates -url "$url" -n "$CREATES" -out "$work/creates.txt"
run create-contact -s test/perf/creates.lua "$url" -- "$work/creates.txt" "$THREADS"

rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status")
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true

echo "== start-up and idle memory ($STARTS starts each)"
"$work/perf" startup -bin "$work/ssmcontacts" -baseline "$work/minimal" -runs "$STARTS"
echo

awk -v b="$rps_baseline" -v g="$rps_get_contact" -v q="$rps_get_contact_warn" -v c="$rps_create_contact" -v rss="$rss_kb" 'BEGIN {
  printf "== summary\n"
  printf "baseline        %9.0f req/s\n", b
  printf "GetContact      %9.0f req/s  %5.1f%% of baseline (target 80%%)\n", g, 100*g/b
  printf "  at log warn   %9.0f req/s  %5.1f%% of baseline (the request log costs %.1f%% of GetContact)\n", q, 100*q/b, 100*(q-g)/q
  printf "CreateContact   %9.0f req/s  %5.1f%% of baseline (target 40%%)\n", c, 100*c/b
  printf "server RSS after the runs: %.1f MiB\n", rss/1024
}'
