#!/usr/bin/env bash
# Side by side in one run: Subgate and Portkey's open-source gateway (@portkey-ai/gateway from the
# npm registry, pinned below, installed into .tools/portkey) in front of the same fixed-response
# stub upstream, each in its own process. The same Anthropic Messages request (not streamed) goes
# through each at every concurrency; prints req/s, p50 and p99 of both, the throughput ratio, the
# added p50 over the stub, and each gateway's CPU time per request from /proc (Portkey: its Node.js
# process; Subgate: its JVM, with the usage record, key check and Redis admission it makes and
# Portkey does not).
#   bench/portkey.sh [seconds] [stubLatencyMs] [concurrency...]   defaults: 10 0 1 16 64
# Environment: GATEWAY_JAVA_OPTS, BENCH_PORT (Subgate, 18090), PORTKEY_PORT (18787), BENCH_WARMUP
# (at least that many seconds of load through each gateway before it is measured, 60, then more
# until its rate settles: warm_up in lib.sh), BENCH_WARMUP_MAX (240).
# Bounded: every wrk run lasts `seconds`; every process started here is killed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
PORTKEY_VERSION=1.15.2
seconds="${1:-10}"; latency="${2:-0}"; shift 2 || shift $#
levels=("$@"); [ ${#levels[@]} -gt 0 ] || levels=(1 16 64)
port="${BENCH_PORT:-18090}"
portkey_port="${PORTKEY_PORT:-18787}"
tools=.tools/portkey
if [ "$(cat "$tools/.version" 2>/dev/null)" != "$PORTKEY_VERSION" ]; then
  echo "[bench] installing @portkey-ai/gateway@$PORTKEY_VERSION into $tools"
  rm -rf "$tools" && mkdir -p "$tools"
  (cd "$tools" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "@portkey-ai/gateway@$PORTKEY_VERSION" >/dev/null)
  echo "$PORTKEY_VERSION" >"$tools/.version"
fi
source bench/lib.sh

NODE_ENV=production node "$tools/node_modules/@portkey-ai/gateway/build/start-server.js" \
  --port="$portkey_port" --headless >"$work/portkey.log" 2>&1 &
portkey_pid=$!
pids+=($portkey_pid)
portkey="http://127.0.0.1:$portkey_port"
for _ in $(seq 1 60); do curl -fsS "$portkey/" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "$portkey/" >/dev/null || { echo "portkey did not start"; cat "$work/portkey.log"; exit 1; }

wrk_script "$work/subgate.lua" false "x-api-key=$key"
wrk_script "$work/portkey.lua" false "x-portkey-provider=anthropic" "x-portkey-custom-host=$stub/v1" \
  "x-api-key=sk-bench" "anthropic-version=2023-06-01"
wrk_script "$work/stub.lua" false "x-api-key=sk-bench"
# Both must answer the request as the stub does before anything is timed.
for target in "$base" "$portkey"; do
  lua="$work/subgate.lua"; [ "$target" = "$portkey" ] && lua="$work/portkey.lua"
  read -r n _ _ err <<<"$(wrk_run "$target/v1/messages" 1 "$lua" 1)"
  [ "$n" -gt 0 ] && [ "$err" = 0 ] || { echo "$target does not answer the bench request ($n requests, $err errors)"; tail -20 "$work/portkey.log"; exit 1; }
done

echo "portkey bench: ${seconds}s per run, stub answers after ${latency} ms; Subgate JVM options: ${GATEWAY_JAVA_OPTS--XX:+UseParallelGC}; Portkey $PORTKEY_VERSION on Node.js $(node --version)"
warm_up "$base/v1/messages" "$work/subgate.lua" subgate
warm_up "$portkey/v1/messages" "$work/portkey.lua" portkey
for c in "${levels[@]}"; do
  read -r dn d50 _ _ <<<"$(wrk_run "$stub/v1/messages" "$c" "$work/stub.lua" "$seconds")"
  s0=$(cpu_ms "$gateway_pid")
  read -r sn s50 s99 serr <<<"$(wrk_run "$base/v1/messages" "$c" "$work/subgate.lua" "$seconds")"
  s1=$(cpu_ms "$gateway_pid"); p0=$(cpu_ms "$portkey_pid")
  read -r pn p50 p99 perr <<<"$(wrk_run "$portkey/v1/messages" "$c" "$work/portkey.lua" "$seconds")"
  p1=$(cpu_ms "$portkey_pid")
  awk -v c="$c" -v t="$seconds" -v dn="$dn" -v d50="$d50" -v sn="$sn" -v s50="$s50" -v s99="$s99" \
    -v pn="$pn" -v p50="$p50" -v p99="$p99" -v scpu="$(awk -v a="$s0" -v b="$s1" 'BEGIN {print b - a}')" \
    -v pcpu="$(awk -v a="$p0" -v b="$p1" 'BEGIN {print b - a}')" -v err="$((serr + perr))" 'BEGIN {
    printf "conc=%-3d stub %6.0f req/s | subgate %6.0f req/s p50=%6.3fms p99=%6.3fms added p50=%6.3fms CPU/req=%.3fms | portkey %6.0f req/s p50=%6.3fms p99=%6.3fms added p50=%6.3fms CPU/req=%.3fms | throughput x%.1f errors=%d\n",
      c, dn/t, sn/t, s50/1000, s99/1000, (s50-d50)/1000, scpu/sn, pn/t, p50/1000, p99/1000, (p50-d50)/1000, pcpu/pn, sn/pn, err }'
done
