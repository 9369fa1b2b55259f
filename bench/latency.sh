#!/usr/bin/env bash
# The gateway's added latency with every part in its own process, as deployed: wrk (C) as the load
# generator, the stub upstream in one JVM, the gateway's deployable jar in another, PostgreSQL and
# Redis on loopback. For each concurrency, the same requests go straight to the stub and through the
# gateway; prints p50/p99 of both, their difference, the gateway's CPU time per request (/proc),
# Redis commands per request (server-side INFO commandstats, commands run inside scripts included)
# and PostgreSQL transactions per request (the bench database's xact counters; batched usage
# writes included).
#   bench/latency.sh [seconds] [stubLatencyMs] [concurrency...]   defaults: 10 20 1 16 64
# Environment: GATEWAY_JAVA_OPTS (JVM options of the gateway; default -XX:+UseParallelGC, the
# recommended collector on two cores: see docs/deployment.md), BENCH_PORT (gateway port, 18090),
# BENCH_WARMUP (seconds of load through the gateway before each mode is measured, 30),
# BENCH_VERBOSE (print Redis command statistics after each run).
# Bounded: every wrk run lasts `seconds`; the stub and the gateway are killed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"; latency="${2:-20}"; shift 2 || shift $#
levels=("$@"); [ ${#levels[@]} -gt 0 ] || levels=(1 16 64)
port="${BENCH_PORT:-18090}"
warmup="${BENCH_WARMUP:-30}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 2; }
scripts/test-services.sh >/dev/null
./mvnw -B -q -ntp -pl gateway-fn,bench -am package -DskipTests
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
work="$(mktemp -d)"
schema="bench_$(date +%s)"
export PGPASSWORD=subgate
psql_q() { psql -h 127.0.0.1 -U subgate -d subgate_test -tAq -c "$1"; }
psql_q "CREATE SCHEMA $schema"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql_q "DROP SCHEMA IF EXISTS $schema CASCADE" || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is taken (an earlier run still going?)"; exit 2; fi

java -XX:+UseSerialGC -Xmx256m -DSUBGATE_LOG_LEVEL=WARN -cp "$cp" io.subgate.bench.StubServer "$latency" 1800 \
  >"$work/stub.out" 2>"$work/stub.err" &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$work/stub.out" ] && break; sleep 0.1; done
stub="$(head -1 "$work/stub.out")"

admin="bench-admin-token-0123456789"
SUBGATE_MODE=production \
SUBGATE_ADMIN_TOKEN="$admin" \
SUBGATE_CRYPTO_KEY="$(head -c32 /dev/urandom | base64)" \
SUBGATE_LOG_LEVEL=WARN \
SUBGATE_REDIS_NAMESPACE="$schema:" \
REDIS_URI=redis://127.0.0.1:6379 \
DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:5432/subgate_test?currentSchema=$schema" \
DATASOURCES_DEFAULT_DRIVER_CLASS_NAME=org.postgresql.Driver \
DATASOURCES_DEFAULT_USERNAME=subgate DATASOURCES_DEFAULT_PASSWORD=subgate \
SUBGATE_PLATFORMS_ANTHROPIC_API_BASE_URL="$stub" \
MICRONAUT_SERVER_PORT="$port" \
  java ${GATEWAY_JAVA_OPTS--XX:+UseParallelGC} -jar gateway-fn/target/gateway-fn-all.jar >"$work/gateway.log" 2>&1 &
gateway_pid=$!
pids+=($gateway_pid)
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -fsS "$base/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "$base/health" >/dev/null || { echo "gateway did not start"; cat "$work/gateway.log"; exit 1; }

api() { curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$@"; }
id_of() { sed -E 's/^\{"id":([0-9]+).*/\1/'; }
account=$(api "$base/admin/accounts" -d "{\"name\":\"bench\",\"platform\":\"anthropic\",\"type\":\"apikey\",\"concurrency\":1000,\"credentials\":{\"api_key\":\"sk-bench\"}}" | id_of)
group=$(api "$base/admin/groups" -d '{"name":"bench","platform":"anthropic"}' | id_of)
api "$base/admin/groups/$group/accounts" -d "{\"account_ids\":[$account]}" >/dev/null
user=$(api "$base/admin/users" -d '{"name":"bench","concurrency":1000}' | id_of)
key=$(api "$base/admin/api-keys" -d "{\"user_id\":$user,\"group_id\":$group,\"name\":\"bench\"}" | sed -E 's/.*"key":"([^"]+)".*/\1/')

# CPU time (ms) a process has used: utime + stime from /proc, in clock ticks.
hz=$(getconf CLK_TCK)
cpu_ms() { awk -v hz="$hz" '{sub(/^.*\) /, ""); print ($12 + $13) * 1000 / hz}' "/proc/$1/stat"; }
redis_calls() { redis-cli info commandstats | awk -F'[=,:]' '/^cmdstat_/ {s += $3} END {print s}'; }
pg_xacts() { psql_q "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'subgate_test'"; }

for stream in false true; do
  cat >"$work/post-$stream.lua" <<LUA
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.headers["x-api-key"] = "$key"
wrk.body = '{"model":"claude-sonnet-4","max_tokens":64,"stream":$stream,"messages":[{"role":"user","content":"hi"}]}'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d\n", summary.requests, latency:percentile(50), latency:percentile(99), summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
done

# wrk prints "RESULT requests p50us p99us errors" from the script's done().
measure() { # url concurrency stream seconds
  local threads=$(( $2 < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$2" -d"$4"s -s "$work/post-$3.lua" "$1/v1/messages" | awk '/^RESULT/ {print $2, $3, $4, $5}'
}

echo "latency bench: ${seconds}s per run, stub answers after ${latency} ms (3 deltas when streamed); gateway JVM options: ${GATEWAY_JAVA_OPTS--XX:+UseParallelGC}"
for stream in false true; do
  measure "$base" 16 "$stream" "$warmup" >/dev/null   # warm-up: JIT (C2 is still compiling after 10 s), pools, caches
  measure "$stub" 16 "$stream" 3 >/dev/null
  for c in "${levels[@]}"; do
    read -r dn dp50 dp99 derr <<<"$(measure "$stub" "$c" "$stream" "$seconds")"
    r0=$(redis_calls); x0=$(pg_xacts); c0=$(cpu_ms "$gateway_pid")
    read -r gn gp50 gp99 gerr <<<"$(measure "$base" "$c" "$stream" "$seconds")"
    r1=$(redis_calls); x1=$(pg_xacts); c1=$(cpu_ms "$gateway_pid")
    if [ -n "${BENCH_VERBOSE:-}" ]; then redis-cli info commandstats | grep -v ':calls=0,' | cut -d, -f1-2; redis-cli config resetstat >/dev/null; fi
    awk -v s="$([ "$stream" = true ] && echo stream || echo complete)" -v c="$c" \
      -v dn="$dn" -v d50="$dp50" -v d99="$dp99" -v gn="$gn" -v g50="$gp50" -v g99="$gp99" \
      -v err="$((derr + gerr))" -v r="$((r1 - r0))" -v x="$((x1 - x0))" -v cpu="$(awk -v a="$c0" -v b="$c1" 'BEGIN {print b - a}')" 'BEGIN {
      printf "%-8s conc=%-3d direct p50=%7.3fms p99=%7.3fms (%6.0f req/s) | gateway p50=%7.3fms p99=%7.3fms (%6.0f req/s) | added p50=%6.3fms p99=%6.3fms | gateway CPU/req=%.3fms redis cmds/req=%.2f pg xacts/req=%.3f errors=%d\n",
        s, c, d50/1000, d99/1000, dn/'"$seconds"', g50/1000, g99/1000, gn/'"$seconds"', (g50-d50)/1000, (g99-d99)/1000, cpu/gn, r/gn, x/gn, err }'
  done
done
