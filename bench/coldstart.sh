#!/usr/bin/env bash
# Cold start of the Lambda functions on this machine, without SnapStart: a fresh JVM per run on the
# function's shaded jar, with the JAVA_TOOL_OPTIONS of template.yaml, production mode, PostgreSQL
# and Redis on loopback (scripts/test-services.sh). Prints one line per run.
#   bench/coldstart.sh [runs] [gatewayEvent]   (last: the streaming runtime through its exec wrapper)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
event="${2:-events/gateway-health.json}"
scripts/test-services.sh >/dev/null
./mvnw -B -q -ntp -pl gateway-fn,refresher-fn,bench -am package -DskipTests
schema=coldstart
PGPASSWORD=subgate psql -q -h 127.0.0.1 -U subgate -d subgate_test \
  -c "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" >/dev/null
export SUBGATE_MODE=production AWS_REGION=us-east-1
export DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:5432/subgate_test?currentSchema=$schema"
export DATASOURCES_DEFAULT_DRIVER_CLASS_NAME=org.postgresql.Driver
export DATASOURCES_DEFAULT_USERNAME=subgate DATASOURCES_DEFAULT_PASSWORD=subgate
export REDIS_URI=redis://127.0.0.1:6379 SUBGATE_REDIS_NAMESPACE=coldstart
export SUBGATE_CRYPTO_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=
export SUBGATE_ADMIN_TOKEN=events-admin-token-0123456789
export SUBGATE_LOG_LEVEL=WARN
opts="${JAVA_TOOL_OPTIONS_OVERRIDE:--XX:+TieredCompilation -XX:TieredStopAtLevel=1}"
probe=$(ls bench/target/bench-*.jar | head -1)
archives=$(mktemp -d)
run() { # kind jar event [extra JVM options...]
  local kind=$1 jar=$2 ev=$3; shift 3
  java $opts "$@" -cp "$jar:$probe" io.subgate.bench.ColdStartProbe "$kind" "$ev" 2>/dev/null | grep "^$kind:"
}
measure() { # kind jar event
  local kind=$1 jar=$2 ev=$3
  echo "== $kind, plain JVM"
  for i in $(seq "$runs"); do run "$kind" "$jar" "$ev"; done
  # Application class-data sharing: one training run writes the archive, later JVMs map it.
  run "$kind" "$jar" "$ev" -XX:ArchiveClassesAtExit="$archives/$kind.jsa" >/dev/null || true
  echo "== $kind, with an application CDS archive"
  for i in $(seq "$runs"); do run "$kind" "$jar" "$ev" -XX:SharedArchiveFile="$archives/$kind.jsa"; done
}
# The refresher migrates the schema (as deployed); the gateway then starts with migrations off.
measure refresher refresher-fn/target/refresher-fn-all.jar events/scheduled-event.json
export FLYWAY_DATASOURCES_DEFAULT_ENABLED=false
measure gateway gateway-fn/target/gateway-fn-all.jar "$event"
rm -rf "$archives"
# The streaming gateway as Lambda starts it: the deployment jar unpacked as /var/task is, the
# layer's exec wrapper run with AWS_LAMBDA_RUNTIME_API pointing at the test tree's Runtime API
# emulator; process start → first streamed byte of the first event (embedded H2 settings, no
# SnapStart).
echo "== gateway, streaming runtime through the exec wrapper"
task=$(mktemp -d)
(cd "$task" && unzip -qo "$OLDPWD/gateway-fn/target/gateway-fn-all.jar")
unset SUBGATE_MODE DATASOURCES_DEFAULT_URL DATASOURCES_DEFAULT_DRIVER_CLASS_NAME \
  DATASOURCES_DEFAULT_USERNAME DATASOURCES_DEFAULT_PASSWORD REDIS_URI SUBGATE_REDIS_NAMESPACE
for i in $(seq "$runs"); do
  ./mvnw -B -q -ntp -pl gateway-fn surefire:test -Dtest=StreamingWrapperTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Dsubgate.test.task-root="$task" 2>/dev/null |
    grep -E "^streaming function" || true
done
rm -rf "$task"
