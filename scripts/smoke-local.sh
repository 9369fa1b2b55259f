#!/usr/bin/env bash
# Proves the README's local-run promise: starts scripts/run-local.sh in a scratch data directory,
# waits (at most 60 s) for GET /health, then sets up a pool with curl exactly as the README shows.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${SMOKE_PORT:-18080}"
# A data directory relative to the working directory, as the README's default (.subgate) is.
data=".smoke-subgate-$$"
mkdir -p "$data"
log="$data/run.log"
SUBGATE_DATA_DIR="$data" MICRONAUT_SERVER_PORT="$port" scripts/run-local.sh >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

base="http://127.0.0.1:$port"
start=$(date +%s)
until curl -fsS "$base/health" >/dev/null 2>&1; do
  if ! kill -0 "$pid" 2>/dev/null; then echo "smoke: run-local exited"; cat "$log"; exit 1; fi
  if [ $(( $(date +%s) - start )) -gt 60 ]; then echo "smoke: no /health within 60 s"; cat "$log"; exit 1; fi
  sleep 0.5
done
echo "smoke: /health answered $(( $(date +%s) - start )) s after launch (includes the build)"

token="$(cat "$data/admin-token")"
grep -q "Subgate admin token (shown once" "$log" || { echo "smoke: admin token was not printed"; exit 1; }
api() { curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
id_of() { sed -E 's/^\{"id":([0-9]+).*/\1/'; }

account=$(api "$base/admin/accounts" -d '{"name":"claude-1","platform":"anthropic","type":"oauth","credentials":{"access_token":"sk-ant-oat-example","refresh_token":"sk-ant-ort-example","expires_at":"2030-01-01T00:00:00Z"}}' | id_of)
keyed=$(api "$base/admin/accounts" -d '{"name":"claude-key","platform":"anthropic","type":"apikey","credentials":{"api_key":"sk-ant-api03-example"}}' | id_of)
group=$(api "$base/admin/groups" -d '{"name":"team","platform":"anthropic"}' | id_of)
api "$base/admin/groups/$group/accounts" -d "{\"account_ids\":[$account,$keyed]}" >/dev/null
user=$(api "$base/admin/users" -d '{"name":"alice","concurrency":4}' | id_of)
key=$(api "$base/admin/api-keys" -d "{\"user_id\":$user,\"group_id\":$group,\"name\":\"laptop\"}")
echo "$key" | grep -q '"key":"sk-sg-' || { echo "smoke: no API key returned: $key"; exit 1; }
if grep -q -e "sk-ant-oat-example" -e "sk-ant-api03-example" "$log"; then echo "smoke: token found in the log"; exit 1; fi
echo "smoke: accounts $account and $keyed, group $group, user $user and an API key created over HTTP"
page=$(curl -fsS -D "$data/ui-headers.txt" "$base/admin/ui/")
echo "$page" | grep -q '/admin/ui/assets/' || { echo "smoke: no dashboard at /admin/ui/: $page"; exit 1; }
grep -qi "content-security-policy: default-src 'none'" "$data/ui-headers.txt" || { echo "smoke: the dashboard came without its policy"; exit 1; }
echo "smoke: the dashboard is served at /admin/ui/ under its Content-Security-Policy"

# /metrics as Prometheus reads it: promtool must parse it (exit 0, or 3 for lint remarks), and
# Subgate's own metrics draw no remark.
if [ -x .tools/promtool ]; then
  api "$base/metrics" >"$data/metrics.txt"
  set +e; remarks=$(.tools/promtool check metrics <"$data/metrics.txt" 2>&1); rc=$?; set -e
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then echo "smoke: promtool cannot parse /metrics: $remarks"; exit 1; fi
  if echo "$remarks" | grep -q '^subgate_'; then echo "smoke: promtool remarks on Subgate metrics: $remarks"; exit 1; fi
  echo "smoke: /metrics parsed by promtool ($(grep -c '^subgate_' "$data/metrics.txt") Subgate samples)"
else
  echo "smoke: no .tools/promtool (scripts/test-services.sh puts it there): /metrics not parsed"
fi
