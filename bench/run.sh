#!/usr/bin/env bash
# Runs a benchmark against services on loopback (PostgreSQL, Redis; see scripts/test-services.sh).
#   bench/run.sh stampede [rounds processes threads providerDelayMs lock]
#   bench/run.sh sweep [accounts providerDelayMs concurrency]
#   bench/run.sh gateway [requestsPerLevel concurrencyLevels...]
#   bench/run.sh usage [records]
#   bench/run.sh translate [requestsPerCase deltasPerStream]
#   bench/run.sh meters [requestsPerCase]
# Builds the bench module first. Bounded: every run ends by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-stampede}"; shift || true
scripts/test-services.sh >/dev/null
./mvnw -B -q -ntp -pl bench -am package -DskipTests
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
case "$which" in
  stampede) exec java -Daws.region=us-east-1 -cp "$cp" io.subgate.bench.StampedeBench "$@" ;;
  sweep) exec java -Daws.region=us-east-1 -DSUBGATE_LOG_LEVEL=WARN -cp "$cp" io.subgate.bench.SweepBench "$@" ;;
  gateway) exec java ${BENCH_JAVA_OPTS:-} -Daws.region=us-east-1 -DSUBGATE_LOG_LEVEL=WARN -cp "$cp" io.subgate.bench.GatewayBench "$@" ;;
  usage) exec java -Daws.region=us-east-1 -DSUBGATE_LOG_LEVEL=WARN -cp "$cp" io.subgate.bench.UsageQueryBench "$@" ;;
  translate) exec java ${BENCH_JAVA_OPTS:-} -cp "$cp" io.subgate.bench.TranslateBench "$@" ;;
  meters) exec java ${BENCH_JAVA_OPTS:-} -DSUBGATE_LOG_LEVEL=WARN -cp "$cp" io.subgate.bench.MeterBench "$@" ;;
  *) echo "unknown benchmark: $which (known: stampede, sweep, gateway, usage, translate, meters)"; exit 2 ;;
esac
