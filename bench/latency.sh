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
# BENCH_WARMUP (at least that many seconds of load through the gateway before each mode is
# measured, 60, then more until the rate settles: warm_up in lib.sh; BENCH_WARMUP_MAX, 240),
# BENCH_VERBOSE (print Redis command statistics after each run).
# Bounded: every wrk run lasts `seconds`; the stub and the gateway are killed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"; latency="${2:-20}"; shift 2 || shift $#
levels=("$@"); [ ${#levels[@]} -gt 0 ] || levels=(1 16 64)
port="${BENCH_PORT:-18090}"
source bench/lib.sh
redis_calls() { redis-cli info commandstats | awk -F'[=,:]' '/^cmdstat_/ {s += $3} END {print s}'; }
pg_xacts() { psql_q "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'subgate_test'"; }

for stream in false true; do wrk_script "$work/post-$stream.lua" "$stream" "x-api-key=$key"; done
measure() { # url concurrency stream seconds
  wrk_run "$1/v1/messages" "$2" "$work/post-$3.lua" "$4"
}

echo "latency bench: ${seconds}s per run, stub answers after ${latency} ms (3 deltas when streamed); gateway JVM options: ${GATEWAY_JAVA_OPTS--XX:+UseParallelGC}"
for stream in false true; do
  warm_up "$base/v1/messages" "$work/post-$stream.lua" "$([ "$stream" = true ] && echo stream || echo complete)"
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
