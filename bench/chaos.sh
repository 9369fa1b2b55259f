#!/usr/bin/env bash
# Faults against the gateway as deployed: its jar in its own JVM (production mode), PostgreSQL on
# loopback, a private redis-server this script starts, stops and starts again, the bench stub
# upstream, and a "silent" upstream that accepts connections and never answers. Prints:
#   - a Redis outage under steady load: answered/total before, during and after, and how long after
#     Redis answered again the gateway served from it ("redis.up" in its log);
#   - the wall time of a streamed request whose first account is silent (default limits);
#   - usage rows: requests answered vs rows stored;
#   - two gateway JVMs on the same PostgreSQL and Redis (the suite's CrossProcessFaultsTest): how
#     long after a SIGKILL of a process holding every slot of an account the other serves it (3 s
#     leases), and a token revoked while it looks valid under 2 x 20 concurrent requests: statuses
#     and token endpoint calls.
#   bench/chaos.sh [outageSeconds]   default 10
# Bounded: every load loop has a fixed duration; every process is killed on exit. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
outage="${1:-10}"
port="${BENCH_PORT:-18091}"; redis_port="${CHAOS_REDIS_PORT:-16391}"; silent_port="${CHAOS_SILENT_PORT:-18092}"
command -v redis-server >/dev/null || { echo "redis-server is needed"; exit 2; }
scripts/test-services.sh >/dev/null
./mvnw -B -q -ntp -pl gateway-fn,bench -am package -DskipTests
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
work="$(mktemp -d)"; schema="chaos_$(date +%s)"
export PGPASSWORD=subgate
psql_q() { psql -h 127.0.0.1 -U subgate -d subgate_test -tAq -c "$1"; }
psql_q "CREATE SCHEMA $schema"
pids=(); redis_pid=""
cleanup() {
  for p in "${pids[@]}" $redis_pid; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql_q "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
start_redis() {
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && return; sleep 0.05; done
  echo "redis-server did not start"; exit 1
}
start_redis
java -XX:+UseSerialGC -Xmx256m -DSUBGATE_LOG_LEVEL=WARN -cp "$cp" io.subgate.bench.StubServer 20 1800 \
  >"$work/stub.out" 2>"$work/stub.err" &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$work/stub.out" ] && break; sleep 0.1; done
stub="$(head -1 "$work/stub.out")"
python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $silent_port)); s.listen(64); held = []
end = time.time() + 1800
while time.time() < end:
    c, _ = s.accept(); held.append(c)
" >/dev/null 2>&1 &
pids+=($!)

admin="chaos-admin-token-0123456789"
SUBGATE_MODE=production SUBGATE_ADMIN_TOKEN="$admin" \
SUBGATE_CRYPTO_KEY="$(head -c32 /dev/urandom | base64)" SUBGATE_LOG_LEVEL=WARN \
SUBGATE_REDIS_NAMESPACE="$schema:" REDIS_URI="redis://127.0.0.1:$redis_port" SUBGATE_REDIS_TIMEOUT=500ms \
DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:5432/subgate_test?currentSchema=$schema" \
DATASOURCES_DEFAULT_DRIVER_CLASS_NAME=org.postgresql.Driver \
DATASOURCES_DEFAULT_USERNAME=subgate DATASOURCES_DEFAULT_PASSWORD=subgate \
SUBGATE_PLATFORMS_ANTHROPIC_API_BASE_URL="$stub" MICRONAUT_SERVER_PORT="$port" \
  java -XX:+UseParallelGC -jar gateway-fn/target/gateway-fn-all.jar >"$work/gateway.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -fsS "$base/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "$base/health" >/dev/null || { echo "gateway did not start"; cat "$work/gateway.log"; exit 1; }

api() { curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$@"; }
id_of() { sed -E 's/^\{"id":([0-9]+).*/\1/'; }
pool() { # name accountJson... -> key
  local name=$1; shift; local ids=""
  for a in "$@"; do ids="$ids${ids:+,}$(api "$base/admin/accounts" -d "$a" | id_of)"; done
  local g; g=$(api "$base/admin/groups" -d "{\"name\":\"$name\",\"platform\":\"anthropic\"}" | id_of)
  api "$base/admin/groups/$g/accounts" -d "{\"account_ids\":[$ids]}" >/dev/null
  local u; u=$(api "$base/admin/users" -d "{\"name\":\"$name\",\"concurrency\":100}" | id_of)
  api "$base/admin/api-keys" -d "{\"user_id\":$u,\"group_id\":$g,\"name\":\"$name\"}" | sed -E 's/.*"key":"([^"]+)".*/\1/'
}
key=$(pool steady '{"name":"steady","platform":"anthropic","type":"apikey","concurrency":100,"credentials":{"api_key":"sk-steady"}}')
silent_key=$(pool silent \
  "{\"name\":\"silent\",\"platform\":\"anthropic\",\"type\":\"upstream\",\"priority\":1,\"credentials\":{\"api_key\":\"sk-silent\",\"base_url\":\"http://127.0.0.1:$silent_port\"}}" \
  '{"name":"healthy","platform":"anthropic","type":"apikey","priority":9,"credentials":{"api_key":"sk-healthy"}}')
body='{"model":"claude-sonnet-4","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}'

# Four client loops for a fixed time, each line "<epoch ms> <status>".
loaders=()
load() { # seconds
  local until=$(( $(date +%s) + $1 ))
  for w in 1 2 3 4; do
    ( while [ "$(date +%s)" -lt "$until" ]; do
        s=$(curl -s -o /dev/null -w '%{http_code}' -m 10 "$base/v1/messages" -H "x-api-key: $key" \
              -H 'content-type: application/json' -d "$body")
        echo "$(date +%s%3N) $s"
      done ) >"$work/load-$w.txt" &
    loaders+=($!)
  done
}
load $(( outage + 10 ))
sleep 5
t_down=$(date +%s%3N); kill -9 "$redis_pid"; wait "$redis_pid" 2>/dev/null || true; redis_pid=""
sleep "$outage"
t_up=$(date +%s%3N); start_redis
for l in "${loaders[@]}"; do wait "$l" 2>/dev/null || true; done
cat "$work"/load-*.txt >"$work/all.txt"
count() { awk -v a="$1" -v b="$2" -v ok="$3" '$1>=a && $1<b { n++; if ($2==ok) k++ } END { printf "%d/%d", k+0, n+0 }' "$work/all.txt"; }
echo "redis outage (${outage}s, 4 clients): answered before $(count 0 "$t_down" 200), during $(count "$t_down" "$t_up" 200), after $(count "$t_up" 9999999999999 200)"
up_line=$(grep -m1 'redis.up' "$work/gateway.log" || true)
if [ -n "$up_line" ]; then
  up_ms=$(date -d "$(date +%F) $(echo "$up_line" | awk '{print $1}')" +%s%3N)
  echo "redis back: the gateway served from Redis $(( up_ms - t_up )) ms after redis-server was started again"
else
  echo "redis back: no 'redis.up' in the gateway log"
fi
echo "WARN lines about Redis in the gateway log: $(grep -c 'redis\.\(down\|up\)' "$work/gateway.log")"

start=$(date +%s%3N)
s=$(curl -s -o /dev/null -w '%{http_code}' -m 120 "$base/v1/messages" -H "x-api-key: $silent_key" \
      -H 'content-type: application/json' -d "${body%\}},\"stream\":true}")
echo "silent first account (streamed, default limits): status $s after $(( $(date +%s%3N) - start )) ms"

sleep 1
answered=$(awk '$2==200' "$work/all.txt" | wc -l)
stored=$(psql_q "SELECT count(*) FROM $schema.usage_records WHERE status_code = 200 AND api_key_id = (SELECT id FROM $schema.api_keys WHERE name = 'steady')")
echo "usage rows: $answered requests answered 200 during the load, $stored rows stored with status 200"

# Two gateway JVMs: a killed holder and a 401 storm (each bounded by the test's own limits).
./mvnw -B -q -ntp -pl gateway-fn -am test -Dtest=CrossProcessFaultsTest \
  -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep -E 'killed holder:|401 storm:' | sed 's/^ *//'
