#!/usr/bin/env bash
# Runs Subgate locally on embedded defaults: the gateway on :8080 with the token refresher sweeping
# on its schedule in the same process, an H2 database, in-process cache, and generated key files
# under ./.subgate; the dashboard at /admin/ui/. Needs a JDK 17+ and Node.js with npm (installed from
# Debian's packages when absent) to build the dashboard. Environment variables override any setting
# (see docs/configuration.md).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=gateway-fn/target/gateway-fn-all.jar
if ! command -v npm >/dev/null 2>&1; then
  echo "[run-local] npm not found: installing Node.js and npm from Debian's packages (the dashboard's build)"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q nodejs npm >/dev/null; else sudo apt-get install -y -q nodejs npm >/dev/null; fi
fi
# Rebuild only when a source or POM changed since the jar was built (the dashboard's included).
if [ ! -f "$jar" ] || [ -n "$(find pom.xml infra gateway-fn -newer "$jar" -not -path '*/node_modules/*' \( -name pom.xml -o -path '*/src/main/*' -o -path 'gateway-fn/ui/src/*' -o -path 'gateway-fn/ui/index.html' -o -path 'gateway-fn/ui/package-lock.json' \) -type f -print -quit)" ]; then
  ./mvnw -B -q -ntp -pl gateway-fn -am package -DskipTests
fi
export SUBGATE_MODE="${SUBGATE_MODE:-local}"
export SUBGATE_REFRESHER_IN_PROCESS="${SUBGATE_REFRESHER_IN_PROCESS:-true}"
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
