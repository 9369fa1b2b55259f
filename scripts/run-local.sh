#!/usr/bin/env bash
# Runs Subgate locally on embedded defaults: the gateway on :8080 with the token refresher sweeping
# on its schedule in the same process, an H2 database, in-process cache, and generated key files
# under ./.subgate. Needs only a JDK 17+. Environment variables override any setting
# (see docs/configuration.md).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=gateway-fn/target/gateway-fn-all.jar
# Rebuild only when a source or POM changed since the jar was built.
if [ ! -f "$jar" ] || [ -n "$(find pom.xml infra gateway-fn -newer "$jar" \( -name pom.xml -o -path '*/src/main/*' \) -type f -print -quit)" ]; then
  ./mvnw -B -q -ntp -pl gateway-fn -am package -DskipTests
fi
export SUBGATE_MODE="${SUBGATE_MODE:-local}"
export SUBGATE_REFRESHER_IN_PROCESS="${SUBGATE_REFRESHER_IN_PROCESS:-true}"
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
