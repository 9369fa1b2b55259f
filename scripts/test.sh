#!/usr/bin/env bash
# The whole test suite: starts (or installs) PostgreSQL and Redis, then builds and tests every module
# with the formatter check and Error Prone. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/test-services.sh
echo "[test] static checks in every compile: spotless (google-java-format 1.28.0) check, Error Prone 2.42.0 with NullAway 0.14.3 as a javac plugin (errors fail the build)"
exec ./mvnw -B -ntp verify "$@"
