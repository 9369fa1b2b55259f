#!/usr/bin/env bash
# The whole test suite: starts (or installs) PostgreSQL and Redis, then builds and tests every module
# with the formatter check and Error Prone. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/test-services.sh
exec ./mvnw -B -ntp verify "$@"
