#!/usr/bin/env bash
# Load test on PostgreSQL: wrk against GetContact and CreateContact served
# by one and by two `ssmcontacts serve` replicas on one PostgreSQL
# database, each against a bare net/http handler (a body of the same size)
# driven the same way in the same run. Needs wrk, curl, Go, and either a
# server to use or PostgreSQL's binaries (initdb, pg_ctl; Debian package
# postgresql) to start a throwaway cluster.
#
#   scripts/loadtest-postgres.sh              # throwaway cluster (fsync on), 1 then 2 replicas, 10 s per run
#   REPLICAS=2 DURATION=30s scripts/loadtest-postgres.sh
#   FSYNC=off scripts/loadtest-postgres.sh    # the throwaway cluster without fsync
#   PG_URL=postgres://user:pw@host/postgres scripts/loadtest-postgres.sh
#   SERVE_FLAGS=--contact-cache=off scripts/loadtest-postgres.sh   # more flags for every replica
#   POOL=8 scripts/loadtest-postgres.sh       # each replica's pool_max_conns (default: the server's, 20)
#   TOKENS=1 scripts/loadtest-postgres.sh     # creates carry an idempotency token, as the AWS SDKs and CLI send
#
# PG_URL (else SSMCONTACTS_TEST_POSTGRES) names a server on which the role
# may create databases: each replica count gets a fresh database, dropped
# at the end. Without either, a cluster is initialised in a temporary
# directory (as the postgres user when running as root), listening on a
# Unix socket only, with the defaults of initdb plus max_connections=200.
#
# With N replicas, the load is N wrk processes in parallel, one per
# replica, each with THREADS/N threads and CONNECTIONS/N connections (so
# the same 2 threads and 32 connections in all), and the figure is the
# sum of their requests/s. The baseline is driven the same way: N bare
# handlers, one wrk each, summed (when the run includes one replica, the
# summary also gives the two-replica figures against the one-process
# baseline, a single bare handler under 2 threads and 32 connections, as
# scripts/loadtest.sh measures it). The baseline runs before and after the
# server's runs, and the figure is the mean of the two, since the machine's
# speed drifts. Every replica runs with the server's defaults (text log at
# info to a file, a pool of 20 connections) plus SERVE_FLAGS.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"

DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
REPLICAS=${REPLICAS:-1 2}
FSYNC=${FSYNC:-on}
PG_URL=${PG_URL:-${SSMCONTACTS_TEST_POSTGRES:-}}
SERVE_FLAGS=${SERVE_FLAGS:-}
POOL=${POOL:-}
TOKENS=${TOKENS:-}
secs=${DURATION%s}
[[ "$secs" =~ ^[0-9]+$ ]] || secs=10
CREATES=${CREATES:-$((secs * 20000))}   # pre-signed unique CreateContact requests per replica

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is not installed: apt-get install -y curl" >&2; exit 1; }

work=$(mktemp -d)
pids=()
pgdir=""
pgbin=""
as_pg=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$pgdir" ]; then
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$pgdir"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/ssmcontacts" ./cmd/ssmcontacts
go build -tags perf -o "$work/perf" ./test/perf

if [ -z "$PG_URL" ]; then
  for d in "$(pg_config --bindir 2>/dev/null || true)" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then pgbin=$d; break; fi
  done
  [ -n "$pgbin" ] || { echo "no PostgreSQL: set PG_URL or install initdb and pg_ctl (apt-get install -y postgresql)" >&2; exit 1; }
  pgdir=$(mktemp -d /tmp/ssmcontacts-loadtest-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$pgdir"
    as_pg=(runuser -u postgres --)
  fi
  "${as_pg[@]}" "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --no-sync --no-instructions >/dev/null
  opts="-k $pgdir -h '' -c max_connections=200"
  [ "$FSYNC" = on ] || opts="$opts -F"
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -o "$opts" -l "$pgdir/log" -w -t 60 start >/dev/null
  PG_URL="postgres://postgres@/postgres?host=$pgdir&sslmode=disable"
  echo "throwaway cluster in $pgdir ($pgbin), fsync $FSYNC"
fi

# The baselines: bare net/http handlers returning $size fixed bytes, made
# once the response size is known.
baselines=()
start_baselines() { # n, size
  while [ "${#baselines[@]}" -lt "$1" ]; do
    local f="$work/baseline-${#baselines[@]}.addr"
    "$work/perf" baseline -addr 127.0.0.1:0 -size "$2" >"$f" &
    pids+=("$!")
    for _ in $(seq 100); do [ -s "$f" ] && break; sleep 0.05; done
    baselines+=("http://$(cat "$f")/")
  done
}

# load NAME N SCRIPT-OF-i URL-OF-i [ARGS-OF-i]: N wrk processes in
# parallel, process i with the script and URL the callbacks give; sets
# rps_NAME to the sum of their requests/s.
load() {
  local name=$1 n=$2 script_of=$3 url_of=$4 args_of=${5:-}
  local t=$((THREADS / n)) c=$((CONNECTIONS / n)) wrk_pids=() i
  [ "$t" -ge 1 ] || t=1
  echo "== $name ($n × wrk -t $t -c $c -d $DURATION)"
  for ((i = 0; i < n; i++)); do
    # shellcheck disable=SC2046
    wrk -t "$t" -c "$c" -d "$DURATION" --latency -s "$($script_of "$i")" "$($url_of "$i")" \
      $( [ -n "$args_of" ] && echo -- $($args_of "$i" "$t") ) >"$work/$name-$i.out" &
    wrk_pids+=("$!")
  done
  for pid in "${wrk_pids[@]}"; do wait "$pid"; done
  local sum=0 r
  for ((i = 0; i < n; i++)); do
    [ "$n" = 1 ] || echo "-- wrk $i"
    cat "$work/$name-$i.out"
    if grep -q "Non-2xx" "$work/$name-$i.out"; then echo "FAIL: $name had error responses" >&2; exit 1; fi
    r=$(awk '/^Requests\/sec/ {print $2}' "$work/$name-$i.out")
    sum=$(awk -v a="$sum" -v b="$r" 'BEGIN {print a + b}')
  done
  echo "$name: $sum requests/s in all"
  echo
  eval "rps_${name//-/_}=$sum"
}

# cpu_ticks PID...: the CPU time (user + system, in clock ticks) the live
# processes among PIDs have used so far.
cpu_ticks() {
  local p sum=0 t
  for p in "$@"; do
    t=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null) || continue
    sum=$((sum + t))
  done
  echo "$sum"
}
# pg_pids: the throwaway cluster's processes (none for PG_URL).
pg_pids() {
  [ -n "$pgdir" ] || return 0
  local pm
  pm=$(head -1 "$pgdir/data/postmaster.pid")
  echo "$pm" $(pgrep -P "$pm")
}
# busy_ticks: the CPU time the whole machine has spent busy.
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
# measured NAME N SCRIPT URL [ARGS]: load, and print the CPU time the
# replicas, PostgreSQL (its processes alive at the end; a backend started
# during the run counts from zero) and the whole machine spent per request.
measured() {
  local name=$1 hz s0 m0 s1 m1 p=0 pid t rps
  local -A pg0=()
  hz=$(getconf CLK_TCK)
  for pid in $(pg_pids); do pg0[$pid]=$(cpu_ticks "$pid"); done
  s0=$(cpu_ticks "${replica_pids[@]}"); m0=$(busy_ticks)
  load "$@"
  s1=$(cpu_ticks "${replica_pids[@]}"); m1=$(busy_ticks)
  for pid in $(pg_pids); do
    t=$(cpu_ticks "$pid")
    p=$((p + t - ${pg0[$pid]:-0}))
  done
  rps=$(eval echo "\$rps_${name//-/_}")
  awk -v s="$((s1 - s0))" -v p="$p" -v m="$((m1 - m0))" -v hz="$hz" -v rps="$rps" -v d="$secs" -v pg="$pgdir" -v name="$name" 'BEGIN {
    n = rps * d
    printf "%s: CPU per request: server %.0f µs", name, 1e6 * s / hz / n
    if (pg != "") printf ", PostgreSQL %.0f µs", 1e6 * p / hz / n
    printf ", the whole machine (wrk too) %.0f µs\n\n", 1e6 * m / hz / n
  }'
}

get_script() { echo "$work/get-$1.lua"; }
create_script() { echo test/perf/creates.lua; }
replica_url() { echo "${replica_urls[$1]}"; }
baseline_url() { echo "${baselines[$1]}"; }
create_args() { echo "$work/creates-$1.txt $2"; }

summary=()
for n in $REPLICAS; do
  read -r dbname db_url < <("$work/perf" pg-database -url "$PG_URL" -create 2>"$work/pg-settings")
  settings=$(cat "$work/pg-settings")
  if [ -n "$POOL" ]; then
    case $db_url in *\?*) db_url="$db_url&pool_max_conns=$POOL" ;; *) db_url="$db_url?pool_max_conns=$POOL" ;; esac
    settings="$settings; pool_max_conns=$POOL per replica"
  fi
  [ -z "$TOKENS" ] || settings="$settings; creates carry idempotency tokens"
  echo "### $n replica(s) on database $dbname; $settings"
  replica_urls=()
  replica_pids=()
  for ((i = 0; i < n; i++)); do
    addr="127.0.0.1:$("$work/perf" free-port)"
    # shellcheck disable=SC2086
    "$work/ssmcontacts" serve --addr "$addr" --db "$db_url" $SERVE_FLAGS 2>"$work/server-$n-$i.log" &
    replica_pids+=("$!")
    pids+=("$!")
    for _ in $(seq 200); do
      curl -fs "http://$addr/_ssmcontacts/health" >/dev/null 2>&1 && break
      sleep 0.05
    done
    curl -fs "http://$addr/_ssmcontacts/health" >/dev/null || { cat "$work/server-$n-$i.log" >&2; exit 1; }
    replica_urls+=("http://$addr/")
  done

  arn="arn:aws:ssm-contacts:us-east-2:000000000000:contact/akuam"
  "$work/perf" call -url "${replica_urls[0]}" -op CreateContact \
    -body '{"Alias":"akuam","DisplayName":"Akua Mansa","Type":"PERSONAL","Plan":{"Stages":[]}}' >/dev/null
  get_body="{\"ContactId\":\"$arn\"}"
  size=$("$work/perf" call -url "${replica_urls[0]}" -op GetContact -body "$get_body" | wc -c)
  for ((i = 0; i < n; i++)); do
    # Signed for each replica's Host; every replica reads the one contact.
    "$work/perf" presign -url "${replica_urls[$i]}" -op GetContact -body "$get_body" >"$work/get-$i.lua"
    "$work/perf" presign-creates -url "${replica_urls[$i]}" -prefix "load$i" -n "$CREATES" -out "$work/creates-$i.txt" ${TOKENS:+-tokens}
  done
  start_baselines "$n" "$size"

  echo "wrk: $THREADS threads, $CONNECTIONS connections in all, $DURATION per run; response body $size bytes"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  load "baseline-before-$n" "$n" get_script baseline_url
  measured "get-contact-$n" "$n" get_script replica_url
  measured "create-contact-$n" "$n" create_script replica_url create_args
  load "baseline-after-$n" "$n" get_script baseline_url
  eval "rps_baseline_$n=$(awk -v a="$(eval echo "\$rps_baseline_before_$n")" -v b="$(eval echo "\$rps_baseline_after_$n")" 'BEGIN {print (a + b) / 2}')"
  echo "baseline-$n: $(eval echo "\$rps_baseline_$n") requests/s, the mean of before and after"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo

  for pid in "${replica_pids[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
  "$work/perf" pg-database -url "$PG_URL" -drop "$dbname"
  summary+=("$(awk -v n="$n" -v b="$(eval echo "\$rps_baseline_$n")" -v g="$(eval echo "\$rps_get_contact_$n")" \
    -v c="$(eval echo "\$rps_create_contact_$n")" -v b1="${rps_baseline_1:-}" 'BEGIN {
    printf "%d replica(s): baseline %7.0f req/s; GetContact %7.0f req/s = %5.1f%% (target 30%%); CreateContact %6.0f req/s = %5.1f%% (target 10%%)", n, b, g, 100*g/b, c, 100*c/b
    if (n > 1 && b1 != "") printf "\n              against the one-process baseline (%.0f req/s): GetContact %5.1f%%, CreateContact %5.1f%%", b1, 100*g/b1, 100*c/b1
  }')")
done

echo "== summary ($settings)"
printf '%s\n' "${summary[@]}"
