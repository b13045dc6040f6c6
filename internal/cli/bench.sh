#!/usr/bin/env bash
# Times `ssmcontacts get-contact` against `aws ssm-contacts get-contact`,
# both talking to the same local replay server, with hyperfine
# (apt-get install -y hyperfine). Usage: internal/cli/bench.sh [runs]
set -euo pipefail
runs=${1:-30}
root=$(git rev-parse --show-toplevel)
out=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$out"' EXIT
go build -o "$out/ssmcontacts" "$root/cmd/ssmcontacts"
go build -o "$out/replayserver" "$root/internal/cli/internal/replayserver"
"$out/replayserver" -addr 127.0.0.1:4751 &
server=$!
sleep 0.5
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-2
export AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent
aws=$(command -v aws)
# pyenv shims add their own start-up; time the real script when there is one.
if command -v pyenv >/dev/null && pyenv which aws >/dev/null 2>&1; then aws=$(pyenv which aws); fi
hyperfine -N --warmup 3 --runs "$runs" \
  "$out/ssmcontacts get-contact --contact-id akuam --endpoint-url http://127.0.0.1:4751" \
  "$aws ssm-contacts get-contact --contact-id akuam --endpoint-url http://127.0.0.1:4751"
